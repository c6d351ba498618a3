package report

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/liftmetrics/lift/internal/metrics"
	"github.com/liftmetrics/lift/internal/store"
)

// CampaignDays is one campaign's numbers as the report by day on that
// campaign alone has them (Build with Options.Campaign and By "day"):
// the total and the rows, days and Amazon Associates periods.
type CampaignDays struct {
	Total metrics.Values
	Rows  []Row
}

// ByCampaignDay gives, for every campaign of the workspace, keyed by its
// id, the total and rows of its report by day: the same numbers Build
// gives campaign by campaign, from one load and one attribution of the
// workspace's facts. Every fact of a report on one campaign belongs to
// that campaign (a post, a click through its link, a credit through its
// link or code, a cost, an Amazon day), so the facts are grouped by
// campaign and day in one pass, and each campaign's groups are then
// rounded and totalled alone, exactly as its own report rounds them.
// opt.Campaign and opt.By are not used. The unattributed line, pending
// orders, marks and Amazon details, which belong to a whole report, are
// not computed.
func ByCampaignDay(ctx context.Context, st *store.Store, ws store.Workspace, opt Options) (map[int64]CampaignDays, error) {
	f, err := Load(ctx, st, ws)
	if err != nil {
		return nil, err
	}
	return f.ByCampaignDay(ctx, opt)
}

// ByCampaignDay is ByCampaignDay from the facts.
func (fs *Facts) ByCampaignDay(ctx context.Context, opt Options) (map[int64]CampaignDays, error) {
	opt.By, opt.Campaign = "day", ""
	opt, err := defaults(opt)
	if err != nil {
		return nil, err
	}
	st, ws, d := fs.st, fs.ws, fs.d
	b := &builder{opt: opt, d: d, loc: ws.Loc, groups: map[string]*acc{}, viaClick: map[string]*clickCredit{}, perCampaign: true}
	b.addPosts()
	if err := b.addClicks(ctx, st, ws.ID); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	b.addOrders()
	b.addClickOrders()
	b.addConversions()
	b.addCosts()
	if _, err := b.addAmazon(ctx, st, ws); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	split := map[int64]map[string]*acc{}
	for key, a := range b.groups {
		id, day, _ := strings.Cut(key, "\x00")
		c, _ := strconv.ParseInt(id, 10, 64)
		if split[c] == nil {
			split[c] = map[string]*acc{}
		}
		split[c][day] = a
	}
	out := make(map[int64]CampaignDays, len(d.campaigns))
	for id := range d.campaigns {
		var cd CampaignDays
		cd.Rows, cd.Total = rowsOf(split[id], "day", []Row{})
		out[id] = cd
	}
	return out, nil
}

// splitKey is the start of a group's key that keeps campaigns apart in
// ByCampaignDay; "" otherwise.
func (b *builder) splitKey(campaign int64) string {
	if !b.perCampaign {
		return ""
	}
	return strconv.FormatInt(campaign, 10) + "\x00"
}
