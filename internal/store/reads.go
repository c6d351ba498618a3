package store

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"github.com/liftmetrics/lift/internal/money"
)

// query runs q and hands every row to scan, inside the transaction of a
// store made by In.
func (s *Store) query(ctx context.Context, scan func(*sql.Rows) error, q string, args ...any) error {
	var db interface {
		QueryContext(context.Context, string, ...any) (*sql.Rows, error)
	} = s.rd
	if s.tx != nil {
		db = s.tx
	}
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Campaigns lists a workspace's campaigns by name.
func (s *Store) Campaigns(ctx context.Context, ws int64) ([]Campaign, error) {
	var out []Campaign
	err := s.query(ctx, func(r *sql.Rows) error {
		var c Campaign
		var starts, ends int64
		var budget sql.NullInt64
		if err := r.Scan(&c.ID, &c.Name, &starts, &ends, &c.GoalMetric, &c.GoalTarget, &budget); err != nil {
			return err
		}
		c.Starts, c.Ends = fromMS(starts), fromMS(ends)
		if budget.Valid {
			c.Budget = &budget.Int64
		}
		out = append(out, c)
		return nil
	}, `SELECT id, name, starts, ends, goal_metric, goal_target, budget FROM campaigns WHERE workspace_id = ? ORDER BY name`, ws)
	return out, err
}

// Creators lists a workspace's creators by handle.
func (s *Store) Creators(ctx context.Context, ws int64) ([]Creator, error) {
	return s.creators(ctx, "", ws)
}

// creators lists a workspace's creators that match the extra condition
// and, args after ws, its parameters.
func (s *Store) creators(ctx context.Context, and string, args ...any) ([]Creator, error) {
	var out []Creator
	err := s.query(ctx, func(r *sql.Rows) error {
		var c Creator
		var rate sql.NullFloat64
		if err := r.Scan(&c.ID, &c.Handle, &c.Platform, &c.Followers, &c.Name, &c.Niche, &rate); err != nil {
			return err
		}
		if rate.Valid {
			c.CommissionRate = &rate.Float64
		}
		out = append(out, c)
		return nil
	}, `SELECT id, handle, platform, followers, name, niche, commission_rate FROM creators WHERE workspace_id = ?`+and+` ORDER BY handle, platform`, args...)
	return out, err
}

// Posts lists a workspace's posts by time.
func (s *Store) Posts(ctx context.Context, ws int64) ([]Post, error) {
	return s.posts(ctx, "", ws)
}

// posts lists a workspace's posts that match the extra condition.
func (s *Store) posts(ctx context.Context, and string, args ...any) ([]Post, error) {
	var out []Post
	err := s.query(ctx, func(r *sql.Rows) error {
		var p Post
		var at int64
		if err := r.Scan(&p.ID, &p.PostID, &p.CreatorID, &p.CampaignID, &p.Platform, &p.Format, &at, &p.URL,
			&p.Followers, &p.Impressions, &p.Reach, &p.Views, &p.Likes, &p.Comments, &p.Shares, &p.Saves,
			&p.LinkClicks, &p.ProductImpressions, &p.ProductClicks, &p.ProductOrders); err != nil {
			return err
		}
		p.PublishedAt = fromMS(at)
		out = append(out, p)
		return nil
	}, `SELECT id, post_id, creator_id, campaign_id, platform, format, published_at, url, followers,
		impressions, reach, views, likes, comments, shares, saves, link_clicks,
		product_impressions, product_clicks, product_orders
		FROM posts WHERE workspace_id = ?`+and+` ORDER BY published_at, post_id`, args...)
	return out, err
}

// Costs lists a workspace's costs by date.
func (s *Store) Costs(ctx context.Context, ws int64) ([]Cost, error) {
	var out []Cost
	err := s.query(ctx, func(r *sql.Rows) error {
		var c Cost
		var date, amount int64
		if err := r.Scan(&c.ID, &c.CreatorID, &c.CampaignID, &c.Kind, &amount, &date, &c.Dated, &c.Note, &c.ContentKey); err != nil {
			return err
		}
		c.Amount, c.Date = money.Cents(amount), fromMS(date)
		out = append(out, c)
		return nil
	}, `SELECT id, creator_id, campaign_id, kind, amount, date, dated, note, content_key FROM costs WHERE workspace_id = ? ORDER BY date, id`, ws)
	return out, err
}

// Codes lists a workspace's promo codes.
func (s *Store) Codes(ctx context.Context, ws int64) ([]Code, error) {
	return s.codes(ctx, "", ws)
}

// codes lists a workspace's promo codes that match the extra condition.
func (s *Store) codes(ctx context.Context, and string, args ...any) ([]Code, error) {
	var out []Code
	err := s.query(ctx, func(r *sql.Rows) error {
		var c Code
		if err := r.Scan(&c.ID, &c.Code, &c.CreatorID, &c.CampaignID); err != nil {
			return err
		}
		out = append(out, c)
		return nil
	}, `SELECT id, code, creator_id, campaign_id FROM codes WHERE workspace_id = ?`+and+` ORDER BY code`, args...)
	return out, err
}

// Links lists links: a workspace's, or every workspace's when ws is 0
// (slugs are unique across workspaces). Links that were replaced are
// listed too, with their slug and ReplacedAt: their clicks are still
// theirs.
func (s *Store) Links(ctx context.Context, ws int64) ([]Link, error) {
	return s.links(ctx, "(? = 0 OR workspace_id = ?)", ws, ws)
}

// links lists the links that match the condition.
func (s *Store) links(ctx context.Context, where string, args ...any) ([]Link, error) {
	var out []Link
	err := s.query(ctx, func(r *sql.Rows) error {
		var l Link
		var post, replaced sql.NullInt64
		if err := r.Scan(&l.ID, &l.WorkspaceID, &l.Slug, &l.Destination, &l.CreatorID, &l.CampaignID, &post, &replaced); err != nil {
			return err
		}
		l.PostID = post.Int64
		if replaced.Valid {
			l.ReplacedAt = fromMS(replaced.Int64)
			l.Slug, _, _ = strings.Cut(l.Slug, "~")
		}
		out = append(out, l)
		return nil
	}, `SELECT id, workspace_id, slug, destination, creator_id, campaign_id, post_id, replaced_at FROM links
		WHERE `+where+` ORDER BY slug, replaced_at`, args...)
	return out, err
}

// EachOrder hands every order of the workspace that is not void to fn,
// oldest first: paid ones and pending ones, which the caller counts or
// shows apart (Counts says which).
func (s *Store) EachOrder(ctx context.Context, ws int64, fn func(Order) error) error {
	return s.eachOrder(ctx, "", []any{ws}, fn)
}

// eachOrder hands fn the orders of a workspace (args[0]) that are not
// void and meet cond (more conditions, on further args), oldest first.
func (s *Store) eachOrder(ctx context.Context, cond string, args []any, fn func(Order) error) error {
	return s.eachOrderSorted(ctx, cond, " ORDER BY time, id", args, fn)
}

// ordersWhere lists the orders eachOrder would hand over, sorted here
// rather than by the database: asked to sort, SQLite walks the
// workspace's orders by time instead of seeking cond's few in an index.
func (s *Store) ordersWhere(ctx context.Context, cond string, args ...any) ([]Order, error) {
	var out []Order
	err := s.eachOrderSorted(ctx, cond, "", args, func(o Order) error {
		out = append(out, o)
		return nil
	})
	slices.SortFunc(out, func(a, b Order) int { return cmp.Or(a.Time.Compare(b.Time), cmp.Compare(a.ID, b.ID)) })
	return out, err
}

func (s *Store) eachOrderSorted(ctx context.Context, cond, order string, args []any, fn func(Order) error) error {
	if cond != "" {
		cond = " AND " + cond
	}
	return s.query(ctx, func(r *sql.Rows) error {
		o, err := scanOrder(r)
		if err != nil {
			return err
		}
		return fn(o)
	}, `SELECT `+orderColumns+` FROM orders WHERE workspace_id = ? AND payment <> 'void'`+cond+order, args...)
}

// orderColumns are the columns scanOrder reads, in its order.
const orderColumns = `id, source, external_id, time, revenue, refunded, codes, click_id, landing_url, customer, new_customer, units, referrer,
		payment, status`

func scanOrder(r *sql.Rows) (Order, error) {
	var o Order
	var at, rev, ref int64
	var codes string
	var isNew sql.NullInt64
	if err := r.Scan(&o.ID, &o.Source, &o.ExternalID, &at, &rev, &ref, &codes, &o.ClickID,
		&o.LandingURL, &o.Customer, &isNew, &o.Units, &o.Referrer, &o.Payment, &o.Status); err != nil {
		return Order{}, err
	}
	o.Time, o.Revenue, o.Refunded = fromMS(at), money.Cents(rev), money.Cents(ref)
	if codes != "" {
		o.Codes = strings.Split(codes, ",")
	}
	o.NewCustomer = nullBool(isNew)
	return o, nil
}

// ClickRef is what attribution needs of a click an order carries.
type ClickRef struct {
	LinkID int64
	Time   time.Time
	Bot    bool // stored as a bot: it earns orders but is never counted
}

// OrderClicks returns the clicks whose ids the workspace's orders or
// conversions carry.
func (s *Store) OrderClicks(ctx context.Context, ws int64) (map[string]ClickRef, error) {
	out := map[string]ClickRef{}
	err := s.query(ctx, func(r *sql.Rows) error {
		var id string
		var ref ClickRef
		var at int64
		if err := r.Scan(&id, &ref.LinkID, &at, &ref.Bot); err != nil {
			return err
		}
		ref.Time = fromMS(at)
		out[id] = ref
		return nil
	}, `SELECT c.click_id, c.link_id, c.time, c.bot FROM clicks c
		WHERE c.workspace_id = ? AND c.click_id IN (SELECT o.click_id FROM orders o WHERE o.workspace_id = ? AND o.click_id <> ''
			UNION SELECT v.click_id FROM conversions v WHERE v.workspace_id = ? AND v.click_id <> '')`,
		ws, ws, ws)
	return out, err
}

// Conversions lists a workspace's conversions, oldest first.
func (s *Store) Conversions(ctx context.Context, ws int64) ([]Conversion, error) {
	var out []Conversion
	err := s.query(ctx, func(r *sql.Rows) error {
		var c Conversion
		var at int64
		var value sql.NullInt64
		if err := r.Scan(&c.Source, &c.ExternalID, &c.Type, &at, &value, &c.Codes, &c.ClickID, &c.Customer); err != nil {
			return err
		}
		c.Time = fromMS(at)
		if value.Valid {
			c.Value = &value.Int64
		}
		out = append(out, c)
		return nil
	}, `SELECT source, external_id, type, time, value, codes, click_id, customer FROM conversions
		WHERE workspace_id = ? ORDER BY time, id`, ws)
	return out, err
}
