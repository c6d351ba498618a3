package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/liftmetrics/lift/internal/money"
)

// Campaign is a push with a goal.
type Campaign struct {
	ID         int64
	Name       string
	Starts     time.Time
	Ends       time.Time // exclusive
	GoalMetric string
	GoalTarget float64
	Budget     *int64 // cents
}

// Creator is an influencer on one platform.
type Creator struct {
	ID             int64
	Handle         string
	Platform       string
	Followers      int64
	Name           string
	Niche          string
	CommissionRate *float64
}

// Post is one piece of content with the numbers its platform reports.
type Post struct {
	ID                                                                    int64
	PostID                                                                string
	CreatorID                                                             int64
	CampaignID                                                            int64
	Platform                                                              string
	Format                                                                string
	PublishedAt                                                           time.Time
	URL                                                                   string
	Followers                                                             int64
	Impressions, Reach, Views, Likes, Comments, Shares, Saves, LinkClicks int64
	ProductImpressions, ProductClicks, ProductOrders                      int64
}

// Cost is money spent on a creator in a campaign.
type Cost struct {
	ID         int64
	CreatorID  int64
	CampaignID int64
	Kind       string
	Amount     money.Cents
	Date       time.Time
	// Dated says whether Date was given; a cost without a date has its
	// campaign's first day as Date (README, "The numbers").
	Dated      bool
	Note       string
	ContentKey string
}

// Code is a promo code held by one creator.
type Code struct {
	ID         int64
	Code       string
	CreatorID  int64
	CampaignID int64
}

// Link is a tracked short link.
type Link struct {
	ID          int64
	WorkspaceID int64
	Slug        string
	Destination string
	CreatorID   int64
	CampaignID  int64
	PostID      int64 // 0 when none
	// ReplacedAt is when the slug passed to another link (see
	// ReplaceLink); zero for a live link. A replaced link keeps its clicks.
	ReplacedAt time.Time
}

// Live reports whether the link still owns its slug.
func (l Link) Live() bool { return l.ReplacedAt.IsZero() }

// Click is one visit through a link.
type Click struct {
	ClickID  string
	LinkID   int64
	Time     time.Time
	Visitor  string
	Referrer string
	Device   string
	Bot      bool
	Unique   bool
	// PrevVisitor is the same visitor's key of the day before, when keys
	// change daily: only to tell whether the click is unique, never stored.
	PrevVisitor string
}

// Order is one conversion, as stored.
type Order struct {
	ID          int64
	Source      string
	ExternalID  string
	Time        time.Time
	Revenue     money.Cents // before refunds
	Refunded    money.Cents
	Codes       []string
	ClickID     string
	LandingURL  string
	Referrer    string // host the buyer came from, lower case; "" when unknown
	Customer    string // salted hash; never the raw id or e-mail
	NewCustomer *bool
	Units       int64
	Payment     string // "paid", "pending" or "void" (csvin.Paid, …); "" is paid
	Status      string // the platform's own status, for the audit trail
	// PromotionIDs are Stripe promotion code ids redeemed whose codes were
	// not known when the order came (comma-separated in the database).
	PromotionIDs []string
}

// PutCampaign stores a campaign keyed by name.
func (t *Tx) PutCampaign(ctx context.Context, ws int64, c Campaign) (Outcome, int64, error) {
	return t.upsert(ctx, ws, row{"campaigns",
		[]col{{"name", c.Name}},
		[]col{{"starts", ms(c.Starts)}, {"ends", ms(c.Ends)}, {"goal_metric", c.GoalMetric},
			{"goal_target", c.GoalTarget}, {"budget", c.Budget}}})
}

// PutCreator stores a creator keyed by handle and platform.
func (t *Tx) PutCreator(ctx context.Context, ws int64, c Creator) (Outcome, int64, error) {
	return t.upsert(ctx, ws, row{"creators",
		[]col{{"handle", c.Handle}, {"platform", c.Platform}},
		[]col{{"followers", c.Followers}, {"name", c.Name}, {"niche", c.Niche},
			{"commission_rate", c.CommissionRate}}})
}

// PutPost stores a post keyed by its platform id.
func (t *Tx) PutPost(ctx context.Context, ws int64, p Post) (Outcome, int64, error) {
	return t.upsert(ctx, ws, row{"posts",
		[]col{{"post_id", p.PostID}},
		[]col{{"creator_id", p.CreatorID}, {"campaign_id", p.CampaignID}, {"platform", p.Platform},
			{"format", p.Format}, {"published_at", ms(p.PublishedAt)}, {"url", p.URL},
			{"followers", p.Followers}, {"impressions", p.Impressions}, {"reach", p.Reach},
			{"views", p.Views}, {"likes", p.Likes}, {"comments", p.Comments}, {"shares", p.Shares},
			{"saves", p.Saves}, {"link_clicks", p.LinkClicks},
			{"product_impressions", p.ProductImpressions}, {"product_clicks", p.ProductClicks},
			{"product_orders", p.ProductOrders}}})
}

// PutCost stores a cost keyed by its content (see Cost.ContentKey).
func (t *Tx) PutCost(ctx context.Context, ws int64, c Cost) (Outcome, int64, error) {
	return t.upsert(ctx, ws, row{"costs",
		[]col{{"content_key", c.ContentKey}},
		[]col{{"creator_id", c.CreatorID}, {"campaign_id", c.CampaignID}, {"kind", c.Kind},
			{"amount", int64(c.Amount)}, {"date", ms(c.Date)}, {"dated", c.Dated}, {"note", c.Note}}})
}

// PutCode stores a promo code keyed by the code.
func (t *Tx) PutCode(ctx context.Context, ws int64, c Code) (Outcome, int64, error) {
	out, id, err := t.upsert(ctx, ws, row{"codes",
		[]col{{"code", c.Code}},
		[]col{{"creator_id", c.CreatorID}, {"campaign_id", c.CampaignID}}})
	if err == nil && out != Unchanged {
		t.codeChanged(ws, c.Code)
	}
	return out, id, err
}

// PutLink stores a link keyed by slug. A stored or changed link takes the
// transaction's links version, so that redirect nodes reload it.
func (t *Tx) PutLink(ctx context.Context, ws int64, l Link) (Outcome, int64, error) {
	var post *int64
	if l.PostID != 0 {
		post = &l.PostID
	}
	o, id, err := t.upsert(ctx, ws, row{"links",
		[]col{{"slug", l.Slug}},
		[]col{{"destination", l.Destination}, {"creator_id", l.CreatorID},
			{"campaign_id", l.CampaignID}, {"post_id", post}}})
	if err != nil || o == Unchanged {
		return o, id, err
	}
	if o == Updated {
		t.linkChanged(ws, id) // a new link has no clicks yet
	}
	v, err := t.nextLinksVersion(ctx)
	if err != nil {
		return o, id, err
	}
	if _, err := t.exec(ctx, `UPDATE links SET version = ? WHERE id = ?`, v, id); err != nil {
		return o, id, fmt.Errorf("links: %w", err)
	}
	return o, id, nil
}

// DeleteLink removes a workspace's link, leaving its slug with a new links
// version so that redirect nodes drop it. It reports whether there was
// one; a link that has clicks cannot be removed (they keep their link).
func (t *Tx) DeleteLink(ctx context.Context, ws int64, slug string) (bool, error) {
	res, err := t.exec(ctx, `DELETE FROM links WHERE workspace_id = ? AND slug = ?`, ws, slug)
	if err != nil {
		return false, fmt.Errorf("delete link: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err
	}
	v, err := t.nextLinksVersion(ctx)
	if err != nil {
		return false, err
	}
	if _, err := t.exec(ctx, `INSERT INTO links_removed (slug, version) VALUES (?, ?)`, slug, v); err != nil {
		return false, fmt.Errorf("delete link: %w", err)
	}
	return true, nil
}

// nextLinksVersion is this transaction's links version, taken on its first
// link change: the counter moves once per transaction, and the settings
// row stays locked until the transaction ends, so a node that has seen
// version v has seen every change up to v.
func (t *Tx) nextLinksVersion(ctx context.Context) (int64, error) {
	if t.linksVersion != 0 {
		return t.linksVersion, nil
	}
	var v string
	if err := t.queryRow(ctx, `UPDATE settings SET value = CAST(CAST(value AS BIGINT) + 1 AS TEXT)
		WHERE key = 'links_version' RETURNING value`).Scan(&v); err != nil {
		return 0, fmt.Errorf("links version: %w", err)
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("links version: %w", err)
	}
	t.linksVersion = n
	return n, nil
}

// ReplaceLink gives the slug of link old to a new link, l: old keeps its
// row and its clicks, under the slug "<slug>~<id>" with replaced_at set,
// and l is stored as a new row. It returns the new link's id.
func (t *Tx) ReplaceLink(ctx context.Context, ws int64, old Link, l Link, at time.Time) (int64, error) {
	if _, err := t.exec(ctx, `UPDATE links SET slug = slug || '~' || id, replaced_at = ?
		WHERE id = ? AND workspace_id = ? AND replaced_at IS NULL`, ms(at), old.ID, ws); err != nil {
		return 0, err
	}
	_, id, err := t.PutLink(ctx, ws, l)
	return id, err
}

// LinkClicks counts a link's counted (non-bot) clicks.
func (t *Tx) LinkClicks(ctx context.Context, ws, link int64) (int64, error) {
	var n int64
	err := t.queryRow(ctx, `SELECT count(*) FROM clicks WHERE workspace_id = ? AND link_id = ? AND bot = 0`, ws, link).Scan(&n)
	return n, err
}

// PutClick stores a click keyed by its click id. The click summaries
// (click_days, click_facets) follow in the same transaction: a changed
// click leaves its old day, link and values and counts in its new ones.
func (t *Tx) PutClick(ctx context.Context, ws int64, c Click) (Outcome, int64, error) {
	var old clickRow
	var had bool
	if t.dry == nil {
		var err error
		if old, had, err = t.storedClick(ctx, ws, c.ClickID); err != nil {
			return 0, 0, fmt.Errorf("clicks: %w", err)
		}
	}
	o, id, err := t.upsert(ctx, ws, row{"clicks",
		[]col{{"click_id", c.ClickID}},
		[]col{{"link_id", c.LinkID}, {"time", ms(c.Time)}, {"visitor", c.Visitor},
			{"referrer", c.Referrer}, {"device", c.Device}, {"bot", c.Bot}, {"is_unique", c.Unique}}})
	if err != nil || o == Unchanged || t.dry != nil {
		return o, id, err
	}
	t.clickChanged(ws, c.ClickID) // the orders carrying it (credits.go)
	sums := newClickSums()
	if had {
		if err := t.countClick(ctx, sums, ws, old, -1); err != nil {
			return 0, 0, err
		}
	}
	if err := t.countClick(ctx, sums, ws, clickRow{c.LinkID, c.Time, c.Bot, c.Unique, c.Device, c.Referrer}, 1); err != nil {
		return 0, 0, err
	}
	return o, id, t.addClickSummaries(ctx, sums)
}

// PutOrder stores an order keyed by source and external id. A later
// version of the same order (a refund, say) updates it.
func (t *Tx) PutOrder(ctx context.Context, ws int64, o Order) (Outcome, int64, error) {
	r := orderRow(o)
	out, id, err := t.upsert(ctx, ws, r)
	if err != nil || out == Unchanged {
		return out, id, err
	}
	var old string
	if out == Updated && t.prev != nil {
		for i, c := range r.set {
			if c.name == "customer" {
				old, _ = canon(t.prev[i]).(string)
			}
		}
	}
	t.orderChanged(ws, id, old)
	return out, id, nil
}

// orderRow is the row PutOrder upserts.
func orderRow(o Order) row {
	var isNew *int64
	if o.NewCustomer != nil {
		v := int64(0)
		if *o.NewCustomer {
			v = 1
		}
		isNew = &v
	}
	return row{"orders",
		[]col{{"source", o.Source}, {"external_id", o.ExternalID}},
		[]col{{"time", ms(o.Time)}, {"revenue", int64(o.Revenue)}, {"refunded", int64(o.Refunded)},
			{"codes", strings.Join(o.Codes, ",")}, {"click_id", o.ClickID},
			{"landing_url", o.LandingURL}, {"customer", o.Customer}, {"new_customer", isNew},
			{"units", o.Units}, {"referrer", o.Referrer}, {"payment", cmp.Or(o.Payment, "paid")},
			{"status", o.Status}, {"promotion_ids", strings.Join(o.PromotionIDs, ",")}}}
}

// SeenVisitor reports whether the visitor clicked the link in the 24 hours
// before the click clickID made at (a click is unique when not). A visitor
// may go by several keys (the redirect's key changes at midnight UTC, so
// it passes yesterday's too). Clicks in the same millisecond are ordered as
// they were stored, so the first of them is the unique one, on the first
// import and on every re-import.
func (t *Tx) SeenVisitor(ctx context.Context, ws, link int64, clickID string, at time.Time, visitors ...string) (bool, error) {
	if len(visitors) == 0 {
		return false, nil
	}
	// One EXISTS per key, each with the visitor as an equality: given
	// "visitor IN (…)", PostgreSQL's planner scans every click of the link
	// since the window's start and filters the visitor (a probe then reads
	// the link's whole day, and loading a day of clicks grows with its
	// square); with an equality it seeks (workspace, link, visitor, time)
	// in the clicks_visitor index, as SQLite does either way.
	var q strings.Builder
	var args []any
	q.WriteString("SELECT ")
	for i, v := range visitors {
		if i > 0 {
			q.WriteString(" OR ")
		}
		q.WriteString(`EXISTS (SELECT 1 FROM clicks WHERE workspace_id = ? AND link_id = ? AND visitor = ?
		AND bot = 0 AND time > ? AND (time < ? OR (time = ? AND id < COALESCE(
			(SELECT id FROM clicks WHERE workspace_id = ? AND click_id = ?), 9223372036854775807))))`)
		args = append(args, ws, link, v, ms(at.Add(-24*time.Hour)), ms(at), ms(at), ws, clickID)
	}
	var seen bool
	err := t.queryRow(ctx, q.String(), args...).Scan(&seen)
	return seen, err
}

// LogImport records one import's one-line result and the file's columns
// that its kind did not read.
func (t *Tx) LogImport(ctx context.Context, ws int64, kind, file string, read, stored, updated, unchanged, refused int, ignored []string) error {
	_, err := t.exec(ctx, `INSERT INTO imports (workspace_id, kind, file, at, rows_read, stored, updated, unchanged, refused, ignored)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, ws, kind, file, time.Now().UnixMilli(), read, stored, updated, unchanged, refused,
		strings.Join(ignored, "\n"))
	return err
}

// nullBool turns a stored nullable 0/1 into *bool.
func nullBool(v sql.NullInt64) *bool {
	if !v.Valid {
		return nil
	}
	b := v.Int64 != 0
	return &b
}
