package web

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/liftmetrics/lift/internal/benchmarks"
	"github.com/liftmetrics/lift/internal/goals"
	"github.com/liftmetrics/lift/internal/metrics"
	"github.com/liftmetrics/lift/internal/money"
	"github.com/liftmetrics/lift/internal/report"
	"github.com/liftmetrics/lift/internal/store"
)

type overviewPage struct {
	F            *filters
	Empty        bool
	Goals        []goal
	Budgets      []budgetView
	CampaignHref string // the page of the campaign picked
	Funnel       []funnelStep
	Tiles        []tile
	Chart        *chart
	Daily        *table
	Top          *table
	Unattributed string
	Pending      string // unpaid orders credited in the view, and whether they count
	CostSpread   string // how costs without a date were placed in the dates picked
	CompareNote  string // what the tiles' changes compare with
	BenchNote    string
	Query        string
}

type funnelStep struct {
	Label, Value string
	Rate         string // to the next step
	RateLabel    string
}

type goal struct {
	Campaign string
	Href     string
	Metric   string
	Target   string
	Value    string
	Percent  string
	Progress float64 // 0–1, for the meter
	Elapsed  string  // share of the campaign's time gone
	Status   string  // reached, on-track, behind, missed, below
	Note     string
}

func (h *Handler) overview(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	ctx := r.Context()
	f, err := h.readFilters(ctx, r.URL.Query(), rc.WS)
	if err != nil {
		return err
	}
	byCreator, bt, err := h.byCreator(ctx, rc.WS, f)
	if err != nil {
		return err
	}
	p := &overviewPage{F: f, Query: f.query(), CampaignHref: campaignLink(f)}
	cur := rc.WS.Currency
	total := byCreator.Total
	p.Empty = len(f.Campaigns) == 0 && len(byCreator.Rows) == 0 && byCreator.Unattributed.Orders == 0
	if !p.Empty {
		if p.Goals, err = h.goals(ctx, rc.WS, f); err != nil {
			return err
		}
		if p.Budgets, err = h.budgets(ctx, rc.WS, f); err != nil {
			return err
		}
		p.Funnel = funnel(total, cur)
		platform, tier := common(byCreator.Rows)
		p.Tiles = overviewTiles(bt, total, cur, platform, tier)
		if p.CompareNote, err = h.compareTiles(ctx, rc.WS, f, p.Tiles, total, nil); err != nil {
			return err
		}
		if platform == "" {
			p.BenchNote = "Benchmarks differ by platform and tier: the Platforms page marks each platform, the Creators page each creator."
		}
		if p.Chart, err = h.overviewChart(ctx, rc.WS, f, nil); err != nil {
			return err
		}
		p.Daily = p.Chart.table(rc.WS.Loc)
		p.Top = topCreators(bt, byCreator, cur, f)
		p.CostSpread = byCreator.CostSpread
		if u := byCreator.Unattributed; u.Orders > 0 {
			p.Unattributed = fmt.Sprintf("%s worth %s had no link, click or code in the window: they are not in these numbers.",
				plural(u.Orders, "order", "orders"), money.Format(u.Revenue, cur))
		}
		p.Pending = pendingNote(byCreator.Pending, cur)
	}
	return h.page(w, r, rc, "overview", view{Title: "Overview", Nav: "overview", Page: p, Alert: problems(f)}, p.Top, p.Daily)
}

// byCreator is the report by creator of the pickers, with the
// benchmarks to mark it.
func (h *Handler) byCreator(ctx context.Context, ws store.Workspace, f *filters) (*report.Report, *benchmarks.Table, error) {
	r, err := h.build(ctx, ws, f.options("creator"))
	if err != nil {
		return nil, nil, err
	}
	bt, err := report.Benchmarks(ctx, h.st, ws.ID)
	if err != nil {
		return nil, nil, err
	}
	return r, bt, nil
}

// pendingNote says what unpaid orders add to the view: kept apart until
// paid, or counted in a workspace that counts pending orders.
func pendingNote(pd report.Pending, cur string) string {
	if pd.Orders == 0 {
		return ""
	}
	worth := "Not paid yet: " + money.Format(pd.Revenue, cur) + " in orders (" + metrics.Decimal(pd.Orders) + " credited)"
	if pd.Counted {
		return worth + ", counted in these numbers: this workspace counts pending orders (Settings)."
	}
	return worth + ", not in these numbers: they count once paid."
}

func problems(f *filters) string {
	if len(f.Problems) == 0 {
		return ""
	}
	s := "Left out of the report: "
	for i, p := range f.Problems {
		if i > 0 {
			s += "; "
		}
		s += p
	}
	return s + "."
}

// common returns the platform and tier all rows share, or "".
func common(rows []report.Row) (platform, tier string) {
	for i, r := range rows {
		if i == 0 {
			platform, tier = r.Platform, r.Tier
			continue
		}
		if r.Platform != platform {
			platform = ""
		}
		if r.Tier != tier {
			tier = ""
		}
	}
	return platform, tier
}

func funnel(v metrics.Values, cur string) []funnelStep {
	return []funnelStep{
		{Label: "Impressions", Value: metrics.Count(v.Impressions), Rate: metrics.Percent(v.CTR), RateLabel: "CTR"},
		{Label: "Clicks", Value: metrics.Count(v.Clicks), Rate: metrics.Percent(v.ConversionRate), RateLabel: "conversion"},
		{Label: "Orders", Value: metrics.Decimal(v.Orders), Rate: metrics.Money(v.AOV, cur), RateLabel: "per order"},
		{Label: "Revenue", Value: money.Format(v.Revenue, cur)},
	}
}

func overviewTiles(bt *benchmarks.Table, v metrics.Values, cur, platform, tier string) []tile {
	ts := []tile{
		kpiTile(bt, "revenue", "Revenue", v, cur, platform, tier),
		kpiTile(bt, "cost", "Cost", v, cur, platform, tier),
		kpiTile(bt, "roi", "ROI", v, cur, platform, tier),
		kpiTile(bt, "roas", "ROAS", v, cur, platform, tier),
		kpiTile(bt, "cac", "CAC", v, cur, platform, tier),
		kpiTile(bt, "aov", "AOV", v, cur, platform, tier),
		kpiTile(bt, "ctr", "CTR", v, cur, platform, tier),
		kpiTile(bt, "conversion_rate", "Conversion rate", v, cur, platform, tier),
		kpiTile(bt, "engagement_rate", "Engagement rate", v, cur, platform, tier),
	}
	return ts
}

func topCreators(bt *benchmarks.Table, r *report.Report, cur string, f *filters) *table {
	t := &table{Name: "top-creators", Cols: []column{{Key: "creator", Head: "Creator"}, {Key: "platform", Head: "Platform"},
		{Key: "revenue", Head: "Revenue", Num: true}, {Key: "cost", Head: "Cost", Num: true},
		{Key: "roi", Head: "ROI", Num: true}, {Key: "roas", Head: "ROAS", Num: true}},
		Empty: "No creator has earned an order in this period yet.", EmptyURL: "/import", EmptyCTA: "Import orders"}
	for i, row := range r.Rows {
		if i == 5 {
			break
		}
		t.add(link(row.Key, creatorPath(row.Key)+f.query()), text(row.Platform), cash(row.Revenue, cur), cash(row.Cost, cur),
			marked(bt, kpiByKey("roi"), row.Values, cur, row.Platform, row.Tier),
			marked(bt, kpiByKey("roas"), row.Values, cur, row.Platform, row.Tier))
	}
	return t
}

// creatorPath is a creator's page; a key may hold handle/platform.
func creatorPath(key string) string {
	return "/creators/" + (&url.URL{Path: key}).EscapedPath()
}

// byDay, when not nil, is the pickers' report by day, already built.
func (h *Handler) overviewChart(ctx context.Context, ws store.Workspace, f *filters, byDay *report.Report) (*chart, error) {
	var err error
	if byDay == nil {
		if byDay, err = h.build(ctx, ws, f.options("day")); err != nil {
			return nil, err
		}
	}
	d := newDaily(ws.Loc)
	if err := d.addRows(byDay.Rows); err != nil {
		return nil, err
	}
	if err := h.addPosts(ctx, d, ws, f, 0); err != nil {
		return nil, err
	}
	c := d.chart(f.opt.From, f.opt.To, ws.Currency)
	if c == nil || !f.HasPrev {
		return c, nil
	}
	// The previous period, day for day, for the chart to overlay.
	opt := f.options("day")
	opt.From, opt.To = f.Prev.From, f.Prev.To
	if byDay, err = h.build(ctx, ws, opt); err != nil {
		return nil, err
	}
	prev := newDaily(ws.Loc)
	if err := prev.addRows(byDay.Rows); err != nil {
		return nil, err
	}
	c.overlay(prev, f.Prev)
	return c, nil
}

// addRows adds the clicks and revenue of a report by day.
func (d *daily) addRows(rows []report.Row) error {
	for _, row := range rows {
		if report.IsPeriodKey(row.Key) {
			continue // an Amazon Associates total for a period is no day's number
		}
		t, err := time.ParseInLocation(time.DateOnly, row.Key, d.loc)
		if err != nil {
			return err
		}
		k := d.day(t)
		d.clicks[k] += row.Clicks
		d.revenue[k] += row.Revenue
	}
	return nil
}

// compareTiles gives the key numbers their change against the previous
// period, when the dates picked have one, and says what they compare
// with.
// pick takes the values the tiles show out of the previous period's
// report by creator (nil: its total).
func (h *Handler) compareTiles(ctx context.Context, ws store.Workspace, f *filters, ts []tile, cur metrics.Values,
	pick func(*report.Report) metrics.Values) (string, error) {
	if !f.HasPrev {
		return "Pick dates, or one of the quick dates, to compare each number with the period before.", nil
	}
	opt := f.options("creator")
	opt.From, opt.To = f.Prev.From, f.Prev.To
	r, err := h.build(ctx, ws, opt)
	if err != nil {
		return "", err
	}
	prev := r.Total
	if pick != nil {
		prev = pick(r)
	}
	compare(ts, cur, prev, ws.Currency, f.Prev)
	return "▲ ▼ compare with the previous " + plural(int64(f.Prev.Days), "day", "days") + ", " + f.Prev.Label() +
		": green is good news, red bad; — when there was nothing to compare with.", nil
}

// addPosts puts the posts of the period, campaign and (when not 0)
// creator on a chart.
func (h *Handler) addPosts(ctx context.Context, d *daily, ws store.Workspace, f *filters, creator int64) error {
	posts, err := h.st.Posts(ctx, ws.ID)
	if err != nil {
		return err
	}
	creators, err := h.st.Creators(ctx, ws.ID)
	if err != nil {
		return err
	}
	d.handles = map[int64]string{}
	for _, c := range creators {
		d.handles[c.ID] = c.Handle
	}
	camp, hasCamp := f.campaign()
	for _, p := range posts {
		if (hasCamp && p.CampaignID != camp.ID) || (creator != 0 && p.CreatorID != creator) ||
			(!f.opt.From.IsZero() && p.PublishedAt.Before(f.opt.From)) || (!f.opt.To.IsZero() && !p.PublishedAt.Before(f.opt.To)) {
			continue
		}
		d.posts = append(d.posts, p)
	}
	return nil
}

// goals tracks every campaign's goal (or the picked campaign's) as
// `lift goals` does, over the whole campaign whatever the dates picked:
// a goal is for the campaign, not for a week of it.
func (h *Handler) goals(ctx context.Context, ws store.Workspace, f *filters) ([]goal, error) {
	picked, hasPick := f.campaign()
	var with []store.Campaign
	for _, c := range f.Campaigns {
		if c.GoalMetric != "" && (!hasPick || c.ID == picked.ID) {
			with = append(with, c)
		}
	}
	opt := f.options("day")
	opt.From, opt.To = time.Time{}, time.Time{}
	var out []goal
	if len(with) == 1 {
		opt.Campaign = with[0].Name
		r, err := h.build(ctx, ws, opt)
		if err != nil {
			return nil, err
		}
		return append(out, h.goal(ws, with[0], r.Total, r.Rows)), nil
	}
	// Several goals: every campaign's report by day from one pass over
	// the facts, the same numbers as one report per campaign.
	all, err := h.byCampaignDay(ctx, ws, opt)
	if err != nil {
		return nil, err
	}
	for _, c := range with {
		out = append(out, h.goal(ws, c, all[c.ID].Total, all[c.ID].Rows))
	}
	return out, nil
}

// goal is a campaign's goal from its report by day over all its dates:
// the total, and the days.
func (h *Handler) goal(ws store.Workspace, c store.Campaign, total metrics.Values, days []report.Row) goal {
	g := goal{Campaign: c.Name, Href: "/?campaign=" + url.QueryEscape(c.Name), Metric: goalNames[c.GoalMetric]}
	target := goals.Target(c.GoalMetric, c.GoalTarget)
	g.Target = goalText(c.GoalMetric, &target, ws.Currency)
	value, err := goals.ValueOf(total, c.GoalMetric)
	if err != nil {
		g.Status, g.Value, g.Percent, g.Note = "not-measured", "—", "—", err.Error()
		return g
	}
	var series []goals.Day
	if !goals.IsRatio(c.GoalMetric) {
		for _, row := range days {
			if report.IsPeriodKey(row.Key) {
				continue // an Amazon Associates total for a period is no day's number
			}
			if v, err := goals.ValueOf(row.Values, c.GoalMetric); err == nil && v != nil {
				series = append(series, goals.Day{Date: row.Key, Value: *v})
			}
		}
	}
	s := goals.Track(goals.Goal{Metric: c.GoalMetric, Target: target, Starts: c.Starts, Ends: c.Ends}, value, series, h.now())
	g.Value = goalText(c.GoalMetric, value, ws.Currency)
	g.Status = strings.ReplaceAll(s.Pace, " ", "-")
	g.Note = s.Pace
	switch {
	case s.Progress != nil:
		g.Progress, g.Percent = math.Min(1, math.Max(0, *s.Progress)), metrics.Percent(s.Progress)
	case s.Met:
		g.Progress, g.Percent = 1, "met"
	default:
		g.Percent = "not met"
	}
	if s.Expected != nil && (s.Pace == goals.OnTrack || s.Pace == goals.Behind) {
		g.Elapsed = metrics.Percent(s.Expected)
	}
	if s.Pace == goals.Ended {
		g.Note = "ended short of the goal"
	}
	switch {
	case s.ReachedOn != "":
		g.Note += " on " + s.ReachedOn
	case s.Projected != nil && s.ByEnd != nil && *s.ByEnd:
		g.Note += ": at this rate, reached by " + s.Projected.In(ws.Loc).Format("Jan 2")
	case s.ByEnd != nil && !*s.ByEnd:
		g.Note += ": at this rate, not by the end"
	}
	return g
}

// goalText writes a goal's value or target in the metric's unit; revenue
// is in cents, as goals.ValueOf gives it.
func goalText(metric string, v *float64, cur string) string {
	if v == nil {
		return "—"
	}
	switch metric {
	case "revenue":
		return money.Format(money.Round(*v), cur)
	case "roi":
		return metrics.Percent(v)
	case "roas":
		return metrics.Multiple(v)
	}
	return metrics.Decimal(*v)
}

var goalNames = map[string]string{"orders": "Orders", "revenue": "Revenue", "clicks": "Clicks", "impressions": "Impressions",
	"engagements": "Engagements", "conversions": "Conversions", "new_customers": "New customers", "roi": "ROI", "roas": "ROAS"}

func plural(n int64, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return metrics.Count(n) + " " + many
}
