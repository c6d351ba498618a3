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

// AmazonDay is one day of one tag's numbers from one source. Associates
// reports fill ClickThroughs (clicks), Purchases and Units (items
// ordered), Sales (revenue), ItemsShipped and Earnings; Attribution
// reports fill the rest.
type AmazonDay struct {
	Date       string // YYYY-MM-DD
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

	ItemsShipped int64
	Earnings     money.Cents
}

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

// PutAmazonDay stores one day of a tag's numbers keyed by source, date and
// tag; a later report of the same day replaces it.
func (t *Tx) PutAmazonDay(ctx context.Context, ws int64, d AmazonDay) (Outcome, int64, error) {
	return t.upsert(ctx, ws, row{"amazon_daily",
		[]col{{"source", d.Source}, {"date", d.Date}, {"tag", d.Tag}},
		[]col{{"creator_id", d.CreatorID}, {"campaign_id", d.CampaignID},
			{"click_throughs", d.ClickThroughs}, {"detail_page_views", d.DetailPageViews},
			{"add_to_carts", d.AddToCarts}, {"purchases", d.Purchases}, {"units", d.Units},
			{"sales", int64(d.Sales)}, {"total_detail_page_views", d.TotalDetailPageViews},
			{"total_add_to_carts", d.TotalAddToCarts}, {"total_purchases", d.TotalPurchases},
			{"total_units", d.TotalUnits}, {"total_sales", int64(d.TotalSales)},
			{"items_shipped", d.ItemsShipped}, {"earnings", int64(d.Earnings)}}})
}

// AmazonDays lists the workspace's Amazon numbers by date, source and tag.
func (s *Store) AmazonDays(ctx context.Context, ws int64) ([]AmazonDay, error) {
	var out []AmazonDay
	err := s.query(ctx, func(r *sql.Rows) error {
		var d AmazonDay
		var sales, totalSales, earnings int64
		if err := r.Scan(&d.Date, &d.Source, &d.Tag, &d.CreatorID, &d.CampaignID,
			&d.ClickThroughs, &d.DetailPageViews, &d.AddToCarts, &d.Purchases, &d.Units, &sales,
			&d.TotalDetailPageViews, &d.TotalAddToCarts, &d.TotalPurchases, &d.TotalUnits, &totalSales,
			&d.ItemsShipped, &earnings); err != nil {
			return err
		}
		d.Sales, d.TotalSales, d.Earnings = money.Cents(sales), money.Cents(totalSales), money.Cents(earnings)
		out = append(out, d)
		return nil
	}, `SELECT date, source, tag, creator_id, campaign_id,
		click_throughs, detail_page_views, add_to_carts, purchases, units, sales,
		total_detail_page_views, total_add_to_carts, total_purchases, total_units, total_sales,
		items_shipped, earnings
		FROM amazon_daily WHERE workspace_id = ? ORDER BY date, source, tag`, ws)
	return out, err
}

// BRBRate returns the workspace's Brand Referral Bonus rate.
func (s *Store) BRBRate(ctx context.Context, ws int64) (float64, error) {
	var rate float64
	err := s.DB.QueryRowContext(ctx, `SELECT brb_rate FROM workspaces WHERE id = ?`, ws).Scan(&rate)
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
	_, err := s.DB.ExecContext(ctx, `UPDATE workspaces SET brb_rate = ? WHERE id = ?`, rate, ws)
	return err
}
