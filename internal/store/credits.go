package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/liftmetrics/lift/internal/attribution"
	"github.com/liftmetrics/lift/internal/credit"
	"github.com/liftmetrics/lift/internal/customers"
	"github.com/liftmetrics/lift/internal/money"
)

// Kept credits (table order_credits): every order's credits under the
// default model and window (credit.Model, credit.Window), rewritten in the
// transaction of every write that can change them, so that they never
// disagree with the facts they come from.
//
// A transaction notes what it changed (an order, a click, a link, a code,
// the workspace's setting on pending orders) and, when it commits,
// recomputes the credits of exactly the orders those changes can reach:
//   - an order: that order and every order of its customer (before and
//     after the change), since a customer's orders lend each other their
//     clicks, and decide together which of them is the first;
//   - a click (loaded by the click loader, or imported): the orders that
//     carry its id, and every order of their customers;
//   - a link: the orders carrying one of its clicks, and their customers';
//   - a code: the orders that redeem it;
//   - the setting on pending orders: every order of the workspace.
//
// The recompute reads those orders and what they point to, and calls the
// same definition the report uses (package credit, then attribution).

// creditsDirty is what a transaction changed, in one workspace, that
// kept credits depend on.
type creditsDirty struct {
	all       bool
	orders    map[int64]bool
	customers map[string]bool
	clicks    map[string]bool
	links     map[int64]bool
	codes     map[string]bool
}

// dirtyIn returns the changes noted in workspace ws; nil in a dry run,
// which writes nothing.
func (t *Tx) dirtyIn(ws int64) *creditsDirty {
	if t.dry != nil {
		return nil
	}
	if t.dirty == nil {
		t.dirty = map[int64]*creditsDirty{}
	}
	d := t.dirty[ws]
	if d == nil {
		d = &creditsDirty{orders: map[int64]bool{}, customers: map[string]bool{}, clicks: map[string]bool{},
			links: map[int64]bool{}, codes: map[string]bool{}}
		t.dirty[ws] = d
	}
	return d
}

func (t *Tx) orderChanged(ws, id int64, oldCustomer string) {
	if d := t.dirtyIn(ws); d != nil {
		d.orders[id] = true
		if oldCustomer != "" {
			d.customers[oldCustomer] = true
		}
	}
}

func (t *Tx) clickChanged(ws int64, clickID string) {
	if d := t.dirtyIn(ws); d != nil {
		d.clicks[clickID] = true
	}
}

func (t *Tx) linkChanged(ws, id int64) {
	if d := t.dirtyIn(ws); d != nil {
		d.links[id] = true
	}
}

func (t *Tx) codeChanged(ws int64, code string) {
	if d := t.dirtyIn(ws); d != nil {
		d.codes[code] = true
	}
}

func (t *Tx) allChanged(ws int64) {
	if d := t.dirtyIn(ws); d != nil {
		d.all = true
	}
}

// RefreshCredits recomputes every kept credit of the workspace in this
// transaction (as a change of its setting on pending orders does).
func (t *Tx) RefreshCredits(ws int64) { t.allChanged(ws) }

// keepCredits recomputes the credits of the orders this transaction's
// changes can reach; Commit calls it.
func (t *Tx) keepCredits(ctx context.Context) error {
	wss := make([]int64, 0, len(t.dirty))
	for ws := range t.dirty {
		wss = append(wss, ws)
	}
	slices.Sort(wss)
	for _, ws := range wss {
		if err := t.refreshCredits(ctx, ws, t.dirty[ws]); err != nil {
			return fmt.Errorf("kept credits: %w", err)
		}
	}
	t.dirty = nil
	return nil
}

// inChunk bounds the values of one IN list, well under both engines'
// limits on parameters.
const inChunk = 500

// chunks calls fn with successive slices of at most inChunk values.
func chunks[T any](vals []T, fn func([]T) error) error {
	for len(vals) > 0 {
		n := min(len(vals), inChunk)
		if err := fn(vals[:n]); err != nil {
			return err
		}
		vals = vals[n:]
	}
	return nil
}

func anys[T any](ws int64, vals []T) []any {
	out := make([]any, 0, len(vals)+1)
	out = append(out, ws)
	for _, v := range vals {
		out = append(out, v)
	}
	return out
}

// scanIDs runs a query of one int64 column and adds each to set.
func (t *Tx) scanIDs(ctx context.Context, set map[int64]bool, q string, args ...any) error {
	rows, err := t.tx.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		set[id] = true
	}
	return rows.Err()
}

func keys[K comparable](m map[K]bool) []K {
	out := make([]K, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func (t *Tx) refreshCredits(ctx context.Context, ws int64, d *creditsDirty) error {
	orders := map[int64]bool{}
	for id := range d.orders {
		orders[id] = true
	}
	if d.all {
		if _, err := t.tx.ExecContext(ctx, `DELETE FROM order_credits WHERE workspace_id = ?`, ws); err != nil {
			return err
		}
		if err := t.scanIDs(ctx, orders, `SELECT id FROM orders WHERE workspace_id = ?`, ws); err != nil {
			return err
		}
	}
	clicks := keys(d.clicks)
	slices.Sort(clicks)
	if err := chunks(clicks, func(ids []string) error {
		return t.scanIDs(ctx, orders, `SELECT id FROM orders WHERE workspace_id = ? AND click_id IN (`+marks(len(ids))+`)`,
			anys(ws, ids)...)
	}); err != nil {
		return err
	}
	links := keys(d.links)
	slices.Sort(links)
	if err := chunks(links, func(ids []int64) error {
		args := []any{ws, ws}
		for _, id := range ids {
			args = append(args, id)
		}
		return t.scanIDs(ctx, orders, `SELECT id FROM orders WHERE workspace_id = ? AND click_id IN
			(SELECT click_id FROM clicks WHERE workspace_id = ? AND link_id IN (`+marks(len(ids))+`))`, args...)
	}); err != nil {
		return err
	}
	if len(d.codes) > 0 {
		if err := t.ordersWithCodes(ctx, ws, d.codes, orders); err != nil {
			return err
		}
	}
	// The customers of those orders, before and after the change.
	custs := map[string]bool{}
	for c := range d.customers {
		custs[c] = true
	}
	ids := keys(orders)
	slices.Sort(ids)
	if err := chunks(ids, func(ids []int64) error {
		rows, err := t.tx.QueryContext(ctx, `SELECT DISTINCT customer FROM orders
			WHERE workspace_id = ? AND customer <> '' AND id IN (`+marks(len(ids))+`)`, anys(ws, ids)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c string
			if err := rows.Scan(&c); err != nil {
				return err
			}
			custs[c] = true
		}
		return rows.Err()
	}); err != nil {
		return err
	}
	if len(ids) == 0 && len(custs) == 0 {
		return nil
	}
	countPending, err := t.countPending(ctx, ws)
	if err != nil {
		return err
	}
	// The orders named go first (void ones, or orders gone from their
	// customer, keep no credit), then each customer's orders are
	// recomputed together, then the named orders without a customer.
	if !d.all {
		if err := chunks(ids, func(ids []int64) error {
			_, err := t.tx.ExecContext(ctx, `DELETE FROM order_credits WHERE workspace_id = ? AND order_id IN (`+
				marks(len(ids))+`)`, anys(ws, ids)...)
			return err
		}); err != nil {
			return err
		}
	}
	cl := keys(custs)
	slices.Sort(cl)
	if err := chunks(cl, func(cs []string) error {
		os, err := t.creditOrders(ctx, `customer IN (`+marks(len(cs))+`)`, anys(ws, cs)...)
		if err != nil {
			return err
		}
		return t.writeCredits(ctx, ws, os, countPending, !d.all)
	}); err != nil {
		return err
	}
	return chunks(ids, func(ids []int64) error {
		os, err := t.creditOrders(ctx, `customer = '' AND id IN (`+marks(len(ids))+`)`, anys(ws, ids)...)
		if err != nil {
			return err
		}
		return t.writeCredits(ctx, ws, os, countPending, false)
	})
}

// ordersWithCodes adds to set the orders redeeming one of codes.
func (t *Tx) ordersWithCodes(ctx context.Context, ws int64, codes map[string]bool, set map[int64]bool) error {
	rows, err := t.tx.QueryContext(ctx, `SELECT id, codes FROM orders WHERE workspace_id = ? AND codes <> ''`, ws)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var list string
		if err := rows.Scan(&id, &list); err != nil {
			return err
		}
		for _, c := range strings.Split(list, ",") {
			if codes[c] {
				set[id] = true
				break
			}
		}
	}
	return rows.Err()
}

func (t *Tx) countPending(ctx context.Context, ws int64) (bool, error) {
	var on bool
	err := t.tx.QueryRowContext(ctx, `SELECT count_pending FROM workspaces WHERE id = ?`, ws).Scan(&on)
	return on, err
}

// creditOrders reads the orders (not void) of the workspace matching
// cond, oldest first, as EachOrder does.
func (t *Tx) creditOrders(ctx context.Context, cond string, args ...any) ([]Order, error) {
	return (&Store{tx: t.tx}).ordersWhere(ctx, cond, args...)
}

// writeCredits computes and writes the credits of orders: all the orders
// of their customers, oldest first. clear deletes their previous credits
// first.
func (t *Tx) writeCredits(ctx context.Context, ws int64, orders []Order, countPending, clear bool) error {
	if len(orders) == 0 {
		return nil
	}
	if clear {
		ids := make([]int64, len(orders))
		for i, o := range orders {
			ids[i] = o.ID
		}
		if err := chunks(ids, func(ids []int64) error {
			_, err := t.tx.ExecContext(ctx, `DELETE FROM order_credits WHERE workspace_id = ? AND order_id IN (`+
				marks(len(ids))+`)`, anys(ws, ids)...)
			return err
		}); err != nil {
			return err
		}
	}
	s := &Store{tx: t.tx}
	var clickIDs, codes []string
	for _, o := range orders {
		if o.ClickID != "" {
			clickIDs = append(clickIDs, o.ClickID)
		}
		codes = append(codes, o.Codes...)
	}
	refs, err := s.ClickRefs(ctx, ws, clickIDs)
	if err != nil {
		return err
	}
	linkIDs := map[int64]bool{}
	for _, r := range refs {
		linkIDs[r.LinkID] = true
	}
	links := map[int64]Link{}
	if err := chunks(keys(linkIDs), func(ids []int64) error {
		ls, err := s.links(ctx, `workspace_id = ? AND id IN (`+marks(len(ids))+`)`, anys(ws, ids)...)
		for _, l := range ls {
			links[l.ID] = l
		}
		return err
	}); err != nil {
		return err
	}
	byCode := map[string]Code{}
	if err := chunks(uniq(codes), func(cs []string) error {
		got, err := s.codes(ctx, ` AND code IN (`+marks(len(cs))+`)`, anys(ws, cs)...)
		for _, c := range got {
			byCode[c.Code] = c
		}
		return err
	}); err != nil {
		return err
	}
	r := credit.Resolver{
		Click: func(id string) (attribution.Touch, bool) {
			ref, ok := refs[id]
			if !ok {
				return attribution.Touch{}, false
			}
			l, ok := links[ref.LinkID]
			if !ok {
				return attribution.Touch{}, false
			}
			return attribution.Touch{Creator: l.CreatorID, Campaign: l.CampaignID, Post: l.PostID, Link: l.ID, Time: ref.Time}, true
		},
		Code: func(code string) (attribution.Touch, bool) {
			c, ok := byCode[code]
			if !ok {
				return attribution.Touch{}, false
			}
			return attribution.Touch{Creator: c.CreatorID, Campaign: c.CampaignID}, true
		},
	}
	cust := credit.NewCustomers()
	for _, o := range orders {
		if Counts(o.Payment, countPending) {
			cust.Add(o.ID, o.Customer, o.ClickID, o.Revenue, o.Refunded)
		}
	}
	var args []any
	n := 0
	flush := func() error {
		if n == 0 {
			return nil
		}
		_, err := t.tx.ExecContext(ctx, `INSERT INTO order_credits (workspace_id, order_id, seq, creator_id, campaign_id,
			post_id, link_id, reason, ref, parts, credited, click_time, click_bot, new_customer) VALUES `+
			strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?), ", n), ", "), args...)
		args, n = args[:0], 0
		return err
	}
	for _, o := range orders {
		if !credit.Counts(o.Revenue, o.Refunded) {
			continue
		}
		credits := attribution.Assign(o.Time, r.Touches(o.Time, o.ClickID, cust.Clicks(o.Customer), o.Codes),
			credit.Model, credit.Window)
		shares := credit.Split(o.Revenue-o.Refunded, credits)
		isNew := cust.Kind(o.ID, o.Customer, o.NewCustomer) == customers.New
		for k, c := range credits {
			var clickTime int64
			var bot bool
			if ref, ok := refs[c.Ref]; ok && c.Reason != attribution.ReasonCode {
				clickTime, bot = ms(ref.Time), ref.Bot
			}
			args = append(args, ws, o.ID, k, c.Creator, c.Campaign, c.Post, c.Link, string(c.Reason), c.Ref,
				c.Parts, int64(shares[k]), clickTime, bot, isNew)
			if n++; n == 100 {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	}
	return flush()
}

func uniq(vals []string) []string {
	slices.Sort(vals)
	return slices.Compact(vals)
}

// ClickRefs returns the workspace's clicks with these ids.
func (s *Store) ClickRefs(ctx context.Context, ws int64, ids []string) (map[string]ClickRef, error) {
	out := map[string]ClickRef{}
	err := chunks(uniq(slices.Clone(ids)), func(ids []string) error {
		return s.query(ctx, func(r *sql.Rows) error {
			var id string
			var ref ClickRef
			var at int64
			if err := r.Scan(&id, &ref.LinkID, &at, &ref.Bot); err != nil {
				return err
			}
			ref.Time = fromMS(at)
			out[id] = ref
			return nil
		}, `SELECT click_id, link_id, time, bot FROM clicks WHERE workspace_id = ? AND click_id IN (`+marks(len(ids))+`)`,
			anys(ws, ids)...)
	})
	return out, err
}

// OrdersOf hands fn every order (not void) of these customers, oldest
// first within each batch of customers: a customer's orders are all in
// one batch.
func (s *Store) OrdersOf(ctx context.Context, ws int64, customers []string, fn func(Order) error) error {
	return chunks(uniq(slices.Clone(customers)), func(cs []string) error {
		os, err := s.ordersWhere(ctx, `customer IN (`+marks(len(cs))+`)`, anys(ws, cs)...)
		for _, o := range os {
			if err == nil {
				err = fn(o)
			}
		}
		return err
	})
}

// OrderCredit is one kept credit of an order (see credits.go).
type OrderCredit struct {
	attribution.Credit
	Credited money.Cents // the order's net revenue credited, to the cent
	// ClickTime and ClickBot are the click's own time and bot flag, for
	// a credit through a click.
	ClickTime time.Time
	ClickBot  bool
}

// CreditedOrder is an order with its kept credits.
type CreditedOrder struct {
	Order
	New     bool // the order brought a new customer
	Credits []OrderCredit
}

// EachCreditedOrder hands fn every order of the workspace that is not void
// and falls in [from, to) (zero times for open ends), oldest first, with
// its kept credits in the order attribution gave them. fn must not keep
// the value past its call.
func (s *Store) EachCreditedOrder(ctx context.Context, ws int64, from, to time.Time, fn func(*CreditedOrder) error) error {
	lo, hi := int64(-1<<62), int64(1<<62)
	if !from.IsZero() {
		lo = ms(from)
	}
	if !to.IsZero() {
		hi = ms(to) + 1
	}
	var cur CreditedOrder
	have := false
	err := s.query(ctx, func(r *sql.Rows) error {
		var o Order
		var at, rev, ref int64
		var isNew sql.NullInt64
		var seq, creator, campaign, post, link, parts, credited, clickTime sql.NullInt64
		var reason, cref sql.NullString
		var bot, newCust sql.NullBool
		if err := r.Scan(&o.ID, &o.Source, &o.ExternalID, &at, &rev, &ref, &o.ClickID, &o.Customer, &isNew, &o.Units,
			&o.Payment, &seq, &creator, &campaign, &post, &link, &reason, &cref, &parts, &credited, &clickTime,
			&bot, &newCust); err != nil {
			return err
		}
		if !have || cur.ID != o.ID {
			if have {
				if err := fn(&cur); err != nil {
					return err
				}
			}
			o.Time, o.Revenue, o.Refunded = fromMS(at), money.Cents(rev), money.Cents(ref)
			o.NewCustomer = nullBool(isNew)
			cur = CreditedOrder{Order: o, Credits: cur.Credits[:0]}
			have = true
		}
		if seq.Valid {
			c := OrderCredit{Credited: money.Cents(credited.Int64), ClickBot: bot.Bool}
			c.Creator, c.Campaign, c.Post, c.Link = creator.Int64, campaign.Int64, post.Int64, link.Int64
			c.Reason, c.Ref, c.Parts = attribution.Reason(reason.String), cref.String, parts.Int64
			c.ClickTime = fromMS(clickTime.Int64)
			cur.New = newCust.Bool
			cur.Credits = append(cur.Credits, c)
		}
		return nil
	}, `SELECT o.id, o.source, o.external_id, o.time, o.revenue, o.refunded, o.click_id, o.customer, o.new_customer,
		o.units, o.payment, c.seq, c.creator_id, c.campaign_id, c.post_id, c.link_id, c.reason, c.ref, c.parts,
		c.credited, c.click_time, c.click_bot, c.new_customer
		FROM orders o LEFT JOIN order_credits c ON c.order_id = o.id
		WHERE o.workspace_id = ? AND o.payment <> 'void' AND o.time >= ? AND o.time < ?
		ORDER BY o.time, o.id, c.seq`, ws, lo, hi)
	if err == nil && have {
		err = fn(&cur)
	}
	return err
}
