package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/liftmetrics/lift/internal/budget"
	"github.com/liftmetrics/lift/internal/metrics"
	"github.com/liftmetrics/lift/internal/money"
	"github.com/liftmetrics/lift/internal/report"
	"github.com/liftmetrics/lift/internal/store"
)

// budgetView is a campaign's budget and its pace, as the overview and the
// campaign page show it.
type budgetView struct {
	Campaign  string
	Href      string
	NoBudget  bool // the campaign has none: only what was spent is shown
	Budget    string
	Spent     string
	Remaining string
	SpentPct  string  // share of the budget spent
	Elapsed   string  // share of the campaign's time gone by
	Progress  float64 // 0–1, for the meter
	Pace      string  // "1.35×"
	State     string  // budget.State, as a CSS class
	Note      string
	Warning   string // set when spent exceeds the budget
}

// campaignPath is a campaign's page.
func campaignPath(c store.Campaign) string { return "/campaigns/" + strconv.FormatInt(c.ID, 10) }

// spending is what each campaign has spent so far, by campaign ID: the
// cost `lift report --campaign NAME` shows over the whole campaign (every
// cost of the campaign, dated or not, plus commission on the revenue
// credited so far), under the model and window picked. The dates picked
// do not narrow it: a budget is for the whole campaign.
func (h *Handler) spending(ctx context.Context, ws store.Workspace, f *filters) (map[int64]money.Cents, error) {
	opt := f.options("campaign")
	opt.Campaign, opt.From, opt.To = "", time.Time{}, time.Time{}
	r, err := h.build(ctx, ws, opt)
	if err != nil {
		return nil, err
	}
	byName := map[string]money.Cents{}
	for _, row := range r.Rows {
		byName[row.Key] = row.Cost
	}
	out := map[int64]money.Cents{}
	for _, c := range f.Campaigns {
		out[c.ID] = byName[c.Name]
	}
	return out, nil
}

// budgets lists the campaigns that have a budget (or only the one
// picked), with their spending and pace.
func (h *Handler) budgets(ctx context.Context, ws store.Workspace, f *filters) ([]budgetView, error) {
	picked, hasPick := f.campaign()
	var some bool
	for _, c := range f.Campaigns {
		some = some || (c.Budget != nil && (!hasPick || c.ID == picked.ID))
	}
	if !some {
		return nil, nil
	}
	spent, err := h.spending(ctx, ws, f)
	if err != nil {
		return nil, err
	}
	var out []budgetView
	for _, c := range f.Campaigns {
		if c.Budget != nil && (!hasPick || c.ID == picked.ID) {
			out = append(out, h.budgetOf(c, spent[c.ID], ws.Currency))
		}
	}
	return out, nil
}

// budgetOf is one campaign's budget view.
func (h *Handler) budgetOf(c store.Campaign, spent money.Cents, cur string) budgetView {
	b := budgetView{Campaign: c.Name, Href: campaignPath(c), Spent: money.Format(spent, cur)}
	if c.Budget == nil {
		b.NoBudget = true
		b.Note = "No budget is set for this campaign: add a budget column to its campaigns file to pace its spending."
		return b
	}
	s := budget.Track(money.Cents(*c.Budget), spent, c.Starts, c.Ends, h.now())
	b.Budget, b.Remaining = money.Format(s.Budget, cur), money.Format(s.Remaining, cur)
	b.SpentPct, b.Elapsed = metrics.Percent(s.SpentShare), metrics.Percent(&s.Elapsed)
	if s.SpentShare != nil {
		b.Progress = min(1, *s.SpentShare)
	}
	b.Pace = metrics.Multiple(s.Pace)
	b.State = strings.ReplaceAll(s.State, " ", "-")
	switch s.State {
	case budget.Ahead:
		b.Note = "spending ahead of the calendar"
	case budget.Behind:
		b.Note = "spending behind the calendar"
	default:
		b.Note = s.State
	}
	if s.Over {
		b.Warning = fmt.Sprintf("Over budget: %s spent of %s, %s more than planned.", b.Spent, b.Budget, money.Format(-s.Remaining, cur))
	}
	return b
}

type campaignPage struct {
	F        *filters
	Campaign store.Campaign
	Dates    string
	Status   string
	Goal     *goal
	Budget   budgetView
	Tiles    []tile
	// CompareNote says what the tiles' changes compare with.
	CompareNote string
	Chart       *chart
	Daily       *table
	Creators    *table
	Posts       *table
	Query       string
}

// campaign is a campaign's page: its goal, budget and pace, numbers,
// daily chart with its posts, creators and posts. The dates, model and
// window pickers apply to all but the goal and the budget, which are for
// the whole campaign.
func (h *Handler) campaign(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	ctx := r.Context()
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errNotFound("There is no such campaign: a campaign's page is /campaigns/ and its number.")
	}
	campaigns, err := h.st.Campaigns(ctx, rc.WS.ID)
	if err != nil {
		return err
	}
	var c store.Campaign
	for _, x := range campaigns {
		if x.ID == id {
			c = x
		}
	}
	if c.ID == 0 {
		return errNotFound(fmt.Sprintf("There is no campaign %d in %s.", id, rc.WS.Name))
	}
	q := r.URL.Query()
	q.Set("campaign", c.Name)
	f, err := h.readFilters(ctx, q, rc.WS)
	if err != nil {
		return err
	}
	cur, loc := rc.WS.Currency, rc.WS.Loc
	p := &campaignPage{F: f, Campaign: c, Query: f.query(),
		Dates: c.Starts.In(loc).Format(time.DateOnly) + " to " + c.Ends.Add(-time.Nanosecond).In(loc).Format(time.DateOnly)}
	switch now := h.now(); {
	case now.Before(c.Starts):
		p.Status = "not started"
	case now.Before(c.Ends):
		p.Status = "running"
	default:
		p.Status = "ended"
	}
	// One report of the whole campaign by day gives the goal, what the
	// campaign spent (its cost, as on the overview) and, when no dates
	// are picked, the chart.
	opt := f.options("day")
	opt.From, opt.To = time.Time{}, time.Time{}
	whole, err := h.build(ctx, rc.WS, opt)
	if err != nil {
		return err
	}
	if c.GoalMetric != "" {
		g := h.goal(rc.WS, c, whole.Total, whole.Rows)
		p.Goal = &g
	}
	p.Budget = h.budgetOf(c, whole.Total.Cost, cur)
	p.Budget.Campaign, p.Budget.Href = "", "" // the page's own
	byCreator, bt, err := h.byCreator(ctx, rc.WS, f)
	if err != nil {
		return err
	}
	platform, tier := common(byCreator.Rows)
	p.Tiles = overviewTiles(bt, byCreator.Total, cur, platform, tier)
	if p.CompareNote, err = h.compareTiles(ctx, rc.WS, f, p.Tiles, byCreator.Total, nil); err != nil {
		return err
	}
	byDay := whole
	if !f.opt.From.IsZero() || !f.opt.To.IsZero() {
		byDay = nil // the chart's own period
	}
	if p.Chart, err = h.overviewChart(ctx, rc.WS, f, byDay); err != nil {
		return err
	}
	p.Daily = p.Chart.table(loc)
	p.Creators = campaignCreators(byCreator, cur, f)
	p.Creators.sortFromQuery(r.URL.Query(), "revenue", true)
	if p.Posts, err = h.campaignPosts(ctx, rc.WS, f); err != nil {
		return err
	}
	return h.page(w, r, rc, "campaign", view{Title: c.Name, Nav: "overview", Page: p, Alert: problems(f)},
		p.Creators, p.Posts, p.Daily)
}

// campaignCreators lists the creators with numbers in the campaign.
func campaignCreators(r *report.Report, cur string, f *filters) *table {
	t := &table{Name: "creators", Sortable: true, Cols: []column{{Key: "creator", Head: "Creator"}, {Key: "platform", Head: "Platform"},
		{Key: "revenue", Head: "Revenue", Num: true}, {Key: "cost", Head: "Cost", Title: "costs + commission", Num: true},
		{Key: "roi", Head: "ROI", Title: "(revenue − cost) / cost", Num: true}, {Key: "roas", Head: "ROAS", Title: "revenue / cost", Num: true},
		{Key: "orders", Head: "Orders", Num: true}, {Key: "clicks", Head: "Clicks", Num: true}},
		Empty: "No creator has posts, clicks, orders or costs in this campaign in this period yet."}
	for _, row := range r.Rows {
		v := row.Values
		t.add(link(row.Key, creatorPath(row.Key)+f.query()), text(row.Platform), cash(v.Revenue, cur), cash(v.Cost, cur),
			percent(v.ROI), multiple(v.ROAS), decimal(v.Orders), count(v.Clicks))
	}
	return t
}

// campaignPosts lists the campaign's posts of the period with what
// their links earned (a report by post); credits no post carries (promo
// codes, links without a post) make a last row.
func (h *Handler) campaignPosts(ctx context.Context, ws store.Workspace, f *filters) (*table, error) {
	byPost, err := h.build(ctx, ws, f.options("post"))
	if err != nil {
		return nil, err
	}
	vals := map[string]metrics.Values{}
	for _, row := range byPost.Rows {
		vals[row.Key] = row.Values
	}
	d := newDaily(ws.Loc)
	if err := h.addPosts(ctx, d, ws, f, 0); err != nil {
		return nil, err
	}
	creators, err := h.st.Creators(ctx, ws.ID)
	if err != nil {
		return nil, err
	}
	refs := map[int64]string{}
	for _, cr := range creators {
		refs[cr.ID] = creatorRef(cr)
	}
	cur := ws.Currency
	t := &table{Name: "posts", Cols: []column{{Key: "post_id", Head: "Post"}, {Key: "creator", Head: "Creator"},
		{Key: "published", Head: "Published"}, {Key: "format", Head: "Format"}, {Key: "impressions", Head: "Impr.", Num: true},
		{Key: "engagements", Head: "Engagements", Title: "likes + comments + shares", Num: true},
		{Key: "clicks", Head: "Clicks", Title: "tracked clicks on the post's links", Num: true},
		{Key: "orders", Head: "Orders", Title: "orders credited through the post's links", Num: true},
		{Key: "revenue", Head: "Revenue", Title: "revenue credited through the post's links", Num: true}},
		Empty: "No post of this campaign in this period. Import posts to see them here.", EmptyURL: "/import?kind=posts", EmptyCTA: "Import posts"}
	for _, p := range d.posts {
		v := vals[p.PostID]
		id := text(p.PostID)
		if p.URL != "" {
			id.Href = p.URL
		}
		pub := text(p.PublishedAt.In(ws.Loc).Format("2006-01-02 15:04"))
		pub.Raw = p.PublishedAt.In(ws.Loc).Format(time.RFC3339)
		t.add(id, link(d.handles[p.CreatorID], creatorPath(refs[p.CreatorID])+f.query()), pub, text(p.Format), count(p.Impressions),
			count(p.Likes+p.Comments+p.Shares), count(v.Clicks), decimal(v.Orders), cash(v.Revenue, cur))
	}
	if v, ok := vals[report.NoPost]; ok && (v.Orders != 0 || v.Clicks != 0 || v.Revenue != 0) {
		t.Foot = append(t.Foot, row{Cells: []cell{text(report.NoPost), text(""), text(""), text(""), text(""), text(""),
			count(v.Clicks), decimal(v.Orders), cash(v.Revenue, cur)}})
	}
	return t, nil
}

// campaignLink is the campaign page of the campaign picked, with the
// pickers that carry over.
func campaignLink(f *filters) string {
	c, ok := f.campaign()
	if !ok {
		return ""
	}
	q, _ := url.ParseQuery(strings.TrimPrefix(f.query(), "?"))
	q.Del("campaign")
	if len(q) == 0 {
		return campaignPath(c)
	}
	return campaignPath(c) + "?" + q.Encode()
}
