package web

import (
	"context"
	"math"
	"strconv"

	"github.com/liftmetrics/lift/internal/metrics"
	"github.com/liftmetrics/lift/internal/money"
	"github.com/liftmetrics/lift/internal/report"
	"github.com/liftmetrics/lift/internal/store"
)

// amazonCard is a creator's numbers from Amazon reports, which arrive
// already attributed and say more of the funnel than an order does.
type amazonCard struct {
	Lines []tile
	Note  string
}

func (h *Handler) amazonCard(ctx context.Context, ws store.Workspace, a *report.Amazon) (*amazonCard, error) {
	brb, err := h.st.BRBRate(ctx, ws.ID)
	if err != nil {
		return nil, err
	}
	cur := ws.Currency
	c := &amazonCard{Note: "Amazon Attribution, 14-day window · the bonus is what Amazon reported, else " + strconv.FormatFloat(math.Round(brb*1e4)/1e2, 'f', -1, 64) + "% of product sales, kept out of revenue",
		Lines: []tile{
			{Label: "Click-throughs", Value: metrics.Count(a.ClickThroughs), Hint: "clicks on the creator's Amazon Attribution tags; in clicks"},
			{Label: "Detail page views", Value: metrics.Count(a.DetailPageViews), Hint: "product pages seen after the click"},
			{Label: "Add to carts", Value: metrics.Count(a.AddToCarts)},
			{Label: "Purchases", Value: metrics.Count(a.Purchases), Hint: "in orders"},
			{Label: "Sales", Value: money.Format(a.Sales, cur), Hint: "product sales Amazon attributes; in revenue"},
			rateTile("DPV rate", a.DPVRate, "detail page views / click-throughs"),
			rateTile("ATC rate", a.ATCRate, "add to carts / detail page views"),
			{Label: "Brand Referral Bonus", Value: money.Format(a.BrandReferralBonus, cur), Hint: "what Amazon pays back on these sales; lift report --with-brb adds it to revenue"},
		}}
	if a.AssociatesClicks != 0 || a.AssociatesItemsOrdered != 0 || a.AssociatesRevenue != 0 ||
		a.AssociatesItemsShipped != 0 || a.AssociatesReturnedRevenue != 0 || a.AssociatesEarnings != 0 {
		c.Lines = append(c.Lines,
			tile{Label: "Associates clicks", Value: metrics.Count(a.AssociatesClicks), Hint: "clicks on the creator's Associates tracking ids; in clicks"},
			tile{Label: "Associates items", Value: metrics.Count(a.AssociatesItemsOrdered), Hint: "items ordered; each counts as an order"},
			tile{Label: "Associates revenue", Value: money.Format(a.AssociatesRevenue, cur), Hint: "ordered revenue; in revenue, less returns"},
			tile{Label: "Associates returns", Value: money.Format(a.AssociatesReturnedRevenue, cur), Hint: "revenue of items returned; taken off revenue, like refunds"},
			tile{Label: "Associates earnings", Value: money.Format(a.AssociatesEarnings, cur), Hint: "the creator's commission from Amazon; never added to revenue"})
	}
	return c, nil
}

func rateTile(label string, r *float64, hint string) tile {
	return tile{Label: label, Value: metrics.Percent(r), Hint: hint, Undef: r == nil}
}
