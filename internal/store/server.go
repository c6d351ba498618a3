package store

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// LinkTarget is what a redirect needs of a link, resolved once.
type LinkTarget struct {
	ID          int64
	WorkspaceID int64
	Slug        string
	Destination string
	Platform    string // the creator's platform: utm_source
	Campaign    string // utm_campaign
	Creator     string // the creator's handle: utm_content
}

// LinkTargets lists every link of every workspace with the names its
// redirect adds.
func (s *Store) LinkTargets(ctx context.Context) ([]LinkTarget, error) {
	var out []LinkTarget
	err := s.EachLinkTarget(ctx, -1, func(l LinkTarget) error {
		out = append(out, l)
		return nil
	})
	return out, err
}

// EachLinkTarget hands fn every link of every workspace changed after
// links version since (all of them for a negative since), with the names
// its redirect adds. Rows stream: a million links are never all in a
// slice.
func (s *Store) EachLinkTarget(ctx context.Context, since int64, fn func(LinkTarget) error) error {
	return s.query(ctx, func(r *sql.Rows) error {
		var l LinkTarget
		if err := r.Scan(&l.ID, &l.WorkspaceID, &l.Slug, &l.Destination, &l.Platform, &l.Campaign, &l.Creator); err != nil {
			return err
		}
		return fn(l)
	}, `SELECT l.id, l.workspace_id, l.slug, l.destination, cr.platform, ca.name, cr.handle
		FROM links l JOIN creators cr ON cr.id = l.creator_id JOIN campaigns ca ON ca.id = l.campaign_id
		WHERE l.replaced_at IS NULL AND l.version > ?`, since)
}

// LinksRemoved lists the slugs of links removed after links version since.
// A slug removed and then taken again is listed too: its new link is
// among the changed ones, which are applied after.
func (s *Store) LinksRemoved(ctx context.Context, since int64) ([]string, error) {
	var out []string
	err := s.query(ctx, func(r *sql.Rows) error {
		var slug string
		if err := r.Scan(&slug); err != nil {
			return err
		}
		out = append(out, slug)
		return nil
	}, `SELECT slug FROM links_removed WHERE version > ?`, since)
	return out, err
}

// LinksVersion changes whenever any link is created, changed or removed.
func (s *Store) LinksVersion(ctx context.Context) (int64, error) {
	var v string
	if err := s.rd.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'links_version'`).Scan(&v); err != nil {
		return 0, err
	}
	return strconv.ParseInt(v, 10, 64)
}

// CountClicks counts the stored clicks of every workspace.
func (s *Store) CountClicks(ctx context.Context) (int64, error) {
	var n int64
	err := s.rd.QueryRowContext(ctx, `SELECT count(*) FROM clicks`).Scan(&n)
	return n, err
}

// CountOrders counts the stored orders of workspace ws, whatever their
// payment.
func (s *Store) CountOrders(ctx context.Context, ws int64) (int64, error) {
	var n int64
	err := s.rd.QueryRowContext(ctx, `SELECT count(*) FROM orders WHERE workspace_id = ?`, ws).Scan(&n)
	return n, err
}

// NewClick is a click as the redirect saw it.
type NewClick struct {
	WorkspaceID int64
	Click
}

// UseMasterSecret makes every server secret derive from master instead
// of living in the database, so that a copy of the database alone can
// neither link visitors across days nor reverse the sign-in limiter's
// keys. Every node must be given the same master.
func (s *Store) UseMasterSecret(master []byte) { s.master = master }

// Secret returns the named server secret: derived from the master secret
// when one is set, else stored in the database (created at random on
// first use). Every node of one database shares it.
func (s *Store) Secret(ctx context.Context, name string) (string, error) {
	if len(s.master) > 0 {
		m := hmac.New(sha256.New, s.master)
		m.Write([]byte("lift secret:" + name))
		return hex.EncodeToString(m.Sum(nil)), nil
	}
	key := "secret:" + name
	var v string
	err := s.rd.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if err == nil {
		return v, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", err
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	if _, err := s.wr.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`,
		key, hex.EncodeToString(b)); err != nil {
		return "", err
	}
	err = s.wr.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	return v, err
}

// APIKey is a stored API key; the key itself is never stored, only its
// SHA-256.
type APIKey struct {
	ID          int64
	WorkspaceID int64
	Name        string
	Prefix      string
	CreatedAt   time.Time
	Revoked     bool
}

// PutAPIKey stores a key's hash and the prefix shown in lists.
func (s *Store) PutAPIKey(ctx context.Context, ws int64, name, prefix, hash string) (int64, error) {
	var id int64
	err := s.wr.QueryRowContext(ctx, `INSERT INTO api_keys (workspace_id, name, prefix, hash, created_at)
		VALUES (?, ?, ?, ?, ?) RETURNING id`, ws, name, prefix, hash, time.Now().UnixMilli()).Scan(&id)
	return id, err
}

// APIKeyByHash finds a live key by its hash.
func (s *Store) APIKeyByHash(ctx context.Context, hash string) (APIKey, error) {
	var k APIKey
	var created int64
	var revoked sql.NullInt64
	err := s.rd.QueryRowContext(ctx, `SELECT id, workspace_id, name, prefix, created_at, revoked_at FROM api_keys WHERE hash = ?`, hash).
		Scan(&k.ID, &k.WorkspaceID, &k.Name, &k.Prefix, &created, &revoked)
	if err != nil {
		return APIKey{}, err
	}
	k.CreatedAt, k.Revoked = fromMS(created), revoked.Valid
	if k.Revoked {
		return APIKey{}, sql.ErrNoRows
	}
	return k, nil
}

// WorkspaceByID returns a workspace by id.
func (s *Store) WorkspaceByID(ctx context.Context, id int64) (Workspace, error) {
	var name string
	if err := s.rd.QueryRowContext(ctx, `SELECT name FROM workspaces WHERE id = ?`, id).Scan(&name); err != nil {
		return Workspace{}, fmt.Errorf("workspace %d: %w", id, err)
	}
	return s.workspace(ctx, name)
}

// MarkEvent records a webhook event; it reports false when the event was
// taken before (a redelivery), in which case nothing else should be
// stored.
func (t *Tx) MarkEvent(ctx context.Context, ws int64, provider, eventID string) (bool, error) {
	res, err := t.exec(ctx, `INSERT INTO webhook_events (workspace_id, provider, event_id, received_at)
		VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`, ws, provider, eventID, time.Now().UnixMilli())
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Refund is one refund of an order, keyed by the platform's own refund
// id (for Stripe, the refunded charge, whose amount_refunded only grows).
type Refund struct {
	Source   string
	RefundID string
	OrderID  string // the order's external id
	Amount   int64  // cents: the product part
}

// PutRefund records a refund by its id; a refund seen before keeps its
// amount unless the new one is larger (a Stripe charge refunded again).
// It reports whether anything changed, so a replay changes nothing.
func (t *Tx) PutRefund(ctx context.Context, ws int64, r Refund) (bool, error) {
	res, err := t.exec(ctx, `INSERT INTO refunds (workspace_id, source, refund_id, order_id, amount)
		VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (workspace_id, source, refund_id) DO UPDATE SET amount = excluded.amount
		WHERE excluded.amount > refunds.amount AND excluded.order_id = refunds.order_id`,
		ws, r.Source, r.RefundID, r.OrderID, r.Amount)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// DropDeliveryRefunds forgets an order's refunds recorded before refunds
// had their own ids (known by their delivery, "delivery:…"), for when the
// order's refunds are all known by id. It reports whether there were any.
func (t *Tx) DropDeliveryRefunds(ctx context.Context, ws int64, source, order string) (bool, error) {
	res, err := t.exec(ctx, `DELETE FROM refunds WHERE workspace_id = ? AND source = ? AND order_id = ?
		AND refund_id LIKE 'delivery:%'`, ws, source, order)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// RefundTotal sums the refunds recorded for an order.
func (t *Tx) RefundTotal(ctx context.Context, ws int64, source, order string) (int64, error) {
	var sum int64
	err := t.queryRow(ctx, `SELECT COALESCE(sum(amount), 0) FROM refunds
		WHERE workspace_id = ? AND source = ? AND order_id = ?`, ws, source, order).Scan(&sum)
	return sum, err
}

// SetRefunded sets the refunded amount of a stored order; it reports
// whether the order exists.
func (t *Tx) SetRefunded(ctx context.Context, ws int64, source, externalID string, refunded int64) (bool, error) {
	var id int64
	err := t.queryRow(ctx, `UPDATE orders SET refunded = ? WHERE workspace_id = ? AND source = ? AND external_id = ?
		RETURNING id`, refunded, ws, source, externalID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	t.orderChanged(ws, id, "")
	return true, nil
}

// Conversion is a non-order goal: a signup, lead, install, download.
type Conversion struct {
	Source     string
	ExternalID string
	Type       string
	Time       time.Time
	Value      *int64 // cents
	Codes      string
	ClickID    string
	Customer   string
}

// PutConversion stores a conversion keyed by source and external id.
func (t *Tx) PutConversion(ctx context.Context, ws int64, c Conversion) (Outcome, int64, error) {
	return t.upsert(ctx, ws, row{"conversions",
		[]col{{"source", c.Source}, {"external_id", c.ExternalID}},
		[]col{{"type", c.Type}, {"time", ms(c.Time)}, {"value", c.Value}, {"codes", c.Codes},
			{"click_id", c.ClickID}, {"customer", c.Customer}}})
}

func visitorKeys(c Click) []string {
	if c.PrevVisitor == "" {
		return []string{c.Visitor}
	}
	return []string{c.Visitor, c.PrevVisitor}
}
