package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"

	"github.com/liftmetrics/lift/internal/money"
)

// The sources of Amazon's per-day numbers.
const (
	AmazonAttribution = "attribution"
	AmazonAssociates  = "associates"
)

// DefaultBRBRate is the Brand Referral Bonus rate a workspace starts
// with: Amazon pays about 10% of attributed sales.
const DefaultBRBRate = 0.10

// AmazonTag maps an Amazon Attribution ad group or tag, or an Associates
// tracking id, to the creator and campaign it stands for.
type AmazonTag struct {
	ID         int64
	Tag        string // lower case
	CreatorID  int64
	CampaignID int64
}

// AmazonDay is one day of one tag's numbers from one source, or a period
// block: the numbers of a report that covers Date to Ends as one total.
// Associates reports fill ClickThroughs (clicks), Purchases and Units
// (items ordered), Sales (ordered revenue), ItemsShipped, ShippedRevenue,
// ItemsReturned, ReturnedRevenue, Earnings and Bonus; Attribution reports
// fill the rest.
type AmazonDay struct {
	Date       string // YYYY-MM-DD; a block's first day
	Ends       string // a block's last day; "" for one day
	Source     string // AmazonAttribution or AmazonAssociates
	Tag        string
	CreatorID  int64
	CampaignID int64

	ClickThroughs, DetailPageViews, AddToCarts, Purchases, Units int64
	Sales                                                        money.Cents

	// Total* include the brand halo: the brand's other products bought
	// after the click.
	TotalDetailPageViews, TotalAddToCarts, TotalPurchases, TotalUnits int64
	TotalSales                                                        money.Cents
	// BRB is the Brand Referral Bonus Amazon reported; nil when the
	// report did not say and the workspace rate estimates it.
	BRB *money.Cents

	ItemsShipped, ItemsReturned                      int64
	ShippedRevenue, ReturnedRevenue, Earnings, Bonus money.Cents
}

// The numbers of an AmazonDay by column, for PutAmazonDay's only.
const (
	AmazonClicks  = "click_throughs"
	AmazonOrdered = "ordered" // purchases, units and sales
	AmazonShipped = "shipped" // items shipped and returned, their revenue, earnings and bonus
)

// PutAmazonTag stores a tag mapping keyed by the tag.
func (t *Tx) PutAmazonTag(ctx context.Context, ws int64, a AmazonTag) (Outcome, int64, error) {
	return t.upsert(ctx, ws, row{"amazon_tags",
		[]col{{"tag", a.Tag}},
		[]col{{"creator_id", a.CreatorID}, {"campaign_id", a.CampaignID}}})
}

// AmazonTags returns the workspace's tag mappings by tag, as the
// transaction sees them.
func (t *Tx) AmazonTags(ctx context.Context, ws int64) (map[string]AmazonTag, error) {
	rows, err := t.tx.QueryContext(ctx,
		`SELECT id, tag, creator_id, campaign_id FROM amazon_tags WHERE workspace_id = ?`, ws)
	if err != nil {
		return nil, fmt.Errorf("amazon tags: %w", err)
	}
	defer rows.Close()
	out := map[string]AmazonTag{}
	for rows.Next() {
		var a AmazonTag
		if err := rows.Scan(&a.ID, &a.Tag, &a.CreatorID, &a.CampaignID); err != nil {
			return nil, fmt.Errorf("amazon tags: %w", err)
		}
		out[a.Tag] = a
	}
	return out, rows.Err()
}

// ListAmazonTags lists the workspace's tag mappings by tag.
func (s *Store) ListAmazonTags(ctx context.Context, ws int64) ([]AmazonTag, error) {
	var out []AmazonTag
	err := s.query(ctx, func(r *sql.Rows) error {
		var a AmazonTag
		if err := r.Scan(&a.ID, &a.Tag, &a.CreatorID, &a.CampaignID); err != nil {
			return err
		}
		out = append(out, a)
		return nil
	}, `SELECT id, tag, creator_id, campaign_id FROM amazon_tags WHERE workspace_id = ? ORDER BY tag`, ws)
	return out, err
}

// PutAmazonDay stores one day (or block) of a tag's numbers keyed by
// source, first day and tag; a later report of the same day replaces it.
// With only (AmazonClicks, AmazonOrdered, AmazonShipped), just those
// numbers are written and the others stored are kept: an Associates
// orders report and an earnings report say different things of one day.
func (t *Tx) PutAmazonDay(ctx context.Context, ws int64, d AmazonDay, only ...string) (Outcome, int64, error) {
	var brb any
	if d.BRB != nil {
		brb = int64(*d.BRB)
	}
	groups := map[string][]col{
		AmazonClicks:  {{"click_throughs", d.ClickThroughs}},
		AmazonOrdered: {{"purchases", d.Purchases}, {"units", d.Units}, {"sales", int64(d.Sales)}},
		AmazonShipped: {{"items_shipped", d.ItemsShipped}, {"shipped_revenue", int64(d.ShippedRevenue)},
			{"items_returned", d.ItemsReturned}, {"returned_revenue", int64(d.ReturnedRevenue)},
			{"earnings", int64(d.Earnings)}, {"bonus", int64(d.Bonus)}},
		"attribution": {{"detail_page_views", d.DetailPageViews}, {"add_to_carts", d.AddToCarts},
			{"total_detail_page_views", d.TotalDetailPageViews}, {"total_add_to_carts", d.TotalAddToCarts},
			{"total_purchases", d.TotalPurchases}, {"total_units", d.TotalUnits}, {"total_sales", int64(d.TotalSales)},
			{"brb_bonus", brb}},
	}
	if len(only) == 0 {
		only = []string{AmazonClicks, AmazonOrdered, AmazonShipped, "attribution"}
	}
	set := []col{{"ends", d.Ends}, {"creator_id", d.CreatorID}, {"campaign_id", d.CampaignID}}
	for _, g := range only {
		set = append(set, groups[g]...)
	}
	return t.upsert(ctx, ws, row{"amazon_daily", []col{{"source", d.Source}, {"date", d.Date}, {"tag", d.Tag}}, set})
}

// AmazonOverlap finds the numbers of source and tag stored for any day
// from first to last that are not the day or block [first, last] itself,
// which a report would count twice with it: a block that overlaps, or a
// day inside a block. It returns the first found, and whether there is
// one; a day's Ends is "".
func (t *Tx) AmazonOverlap(ctx context.Context, ws int64, source, tag, first, last string) (AmazonDay, bool, error) {
	ends := last
	if first == last {
		ends = ""
	}
	d := AmazonDay{Source: source, Tag: tag}
	err := t.queryRow(ctx, `SELECT date, ends FROM amazon_daily
		WHERE workspace_id = ? AND source = ? AND tag = ? AND date <= ?
		AND (CASE WHEN ends = '' THEN date ELSE ends END) >= ? AND NOT (date = ? AND ends = ?)
		ORDER BY date LIMIT 1`, ws, source, tag, last, first, first, ends).Scan(&d.Date, &d.Ends)
	if errors.Is(err, sql.ErrNoRows) {
		return d, false, nil
	}
	if err != nil {
		return d, false, fmt.Errorf("amazon overlap: %w", err)
	}
	return d, true, nil
}

// AmazonDays lists the workspace's Amazon numbers by date, source and tag.
func (s *Store) AmazonDays(ctx context.Context, ws int64) ([]AmazonDay, error) {
	var out []AmazonDay
	err := s.query(ctx, func(r *sql.Rows) error {
		var d AmazonDay
		var brb sql.NullInt64
		cents := [...]*money.Cents{&d.Sales, &d.TotalSales, &d.ShippedRevenue, &d.ReturnedRevenue, &d.Earnings, &d.Bonus}
		var raw [len(cents)]int64
		if err := r.Scan(&d.Date, &d.Ends, &d.Source, &d.Tag, &d.CreatorID, &d.CampaignID,
			&d.ClickThroughs, &d.DetailPageViews, &d.AddToCarts, &d.Purchases, &d.Units, &raw[0],
			&d.TotalDetailPageViews, &d.TotalAddToCarts, &d.TotalPurchases, &d.TotalUnits, &raw[1],
			&d.ItemsShipped, &raw[2], &d.ItemsReturned, &raw[3], &raw[4], &raw[5], &brb); err != nil {
			return err
		}
		for i, c := range cents {
			*c = money.Cents(raw[i])
		}
		if brb.Valid {
			b := money.Cents(brb.Int64)
			d.BRB = &b
		}
		out = append(out, d)
		return nil
	}, `SELECT date, ends, source, tag, creator_id, campaign_id,
		click_throughs, detail_page_views, add_to_carts, purchases, units, sales,
		total_detail_page_views, total_add_to_carts, total_purchases, total_units, total_sales,
		items_shipped, shipped_revenue, items_returned, returned_revenue, earnings, bonus, brb_bonus
		FROM amazon_daily WHERE workspace_id = ? ORDER BY date, source, tag`, ws)
	return out, err
}

// BRBRate returns the workspace's Brand Referral Bonus rate.
func (s *Store) BRBRate(ctx context.Context, ws int64) (float64, error) {
	var rate float64
	err := s.rd.QueryRowContext(ctx, `SELECT brb_rate FROM workspaces WHERE id = ?`, ws).Scan(&rate)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrNoWorkspace
	}
	return rate, err
}

// SetBRBRate changes the workspace's Brand Referral Bonus rate, a fraction
// from 0 to 1.
func (s *Store) SetBRBRate(ctx context.Context, ws int64, rate float64) error {
	if math.IsNaN(rate) || rate < 0 || rate > 1 {
		return fmt.Errorf("Brand Referral Bonus rate %v is not between 0 and 1 (write 0.1 or 10%%)", rate)
	}
	_, err := s.wr.ExecContext(ctx, `UPDATE workspaces SET brb_rate = ? WHERE id = ?`, rate, ws)
	return err
}
