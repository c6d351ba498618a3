package web

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/liftmetrics/lift/internal/attribution"
	"github.com/liftmetrics/lift/internal/benchmarks"
	"github.com/liftmetrics/lift/internal/metrics"
	"github.com/liftmetrics/lift/internal/money"
	"github.com/liftmetrics/lift/internal/report"
	"github.com/liftmetrics/lift/internal/store"
)

type creatorPage struct {
	F          *filters
	Key        string
	Creator    store.Creator
	Tier       string
	Followers  string
	Commission string
	Tiles      []tile
	// CompareNote says what the tiles' changes compare with.
	CompareNote string
	Chart       *chart
	Daily       *table
	Posts       *table
	Links       *table
	Codes       *table
	Credits     *table
	Amazon      *amazonCard // when the creator has Amazon numbers
	Query       string
	// Search is the order id the audit trail is narrowed to; Keep the
	// rest of the page's query, which the search form carries along.
	Search   string
	Keep     map[string]string
	ClearURL string
}

// creditsPerPage is how many credited orders the audit trail shows at once.
const creditsPerPage = 50

func (h *Handler) creator(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	ctx := r.Context()
	key := r.PathValue("key")
	f, err := h.readFilters(ctx, r.URL.Query(), rc.WS)
	if err != nil {
		return err
	}
	cr, err := h.findCreator(ctx, rc.WS, key)
	if err != nil {
		return err
	}
	credits, err := report.Credits(ctx, h.st, rc.WS, key, f.options(""))
	if errors.Is(err, report.ErrNoCreator) {
		return errNotFound(fmt.Sprintf("There is no creator %q in %s.", key, rc.WS.Name))
	}
	if err != nil {
		return err
	}
	rep, err := h.build(ctx, rc.WS, f.options("creator"))
	if err != nil {
		return err
	}
	row := creatorRow(rep, key)
	v, am := row.Values, row.Amazon
	bt, err := report.Benchmarks(ctx, h.st, rc.WS.ID)
	if err != nil {
		return err
	}
	cur := rc.WS.Currency
	tier := metrics.Tier(cr.Followers)
	p := &creatorPage{F: f, Key: key, Creator: cr, Tier: tier, Followers: metrics.Count(cr.Followers), Query: f.query(),
		Tiles: creatorTiles(bt, v, cur, cr.Platform, tier)}
	if cr.CommissionRate != nil {
		p.Commission = metrics.Percent(cr.CommissionRate)
	}
	if f.HasPrev {
		pick := func(r *report.Report) metrics.Values { return creatorRow(r, key).Values }
		if p.CompareNote, err = h.compareTiles(ctx, rc.WS, f, p.Tiles, v, pick); err != nil {
			return err
		}
	}
	if am != nil {
		if p.Amazon, err = h.amazonCard(ctx, rc.WS, am); err != nil {
			return err
		}
	}
	clicks, err := h.creatorClicks(ctx, rc.WS, f, cr)
	if err != nil {
		return err
	}
	if p.Chart, err = h.creatorChart(ctx, rc.WS, f, cr, credits, clicks); err != nil {
		return err
	}
	p.Daily = p.Chart.table(rc.WS.Loc)
	if err := h.creatorLists(ctx, r, rc, f, cr, p, credits, clicks); err != nil {
		return err
	}
	q := r.URL.Query()
	p.Search = strings.TrimSpace(q.Get("order"))
	p.Keep = map[string]string{}
	for k, v := range q {
		if k != "order" && k != "page" && len(v) > 0 && v[0] != "" {
			p.Keep[k] = v[0]
		}
	}
	p.ClearURL = withQuery(r.URL, "order", "", "page", "") + "#credits"
	p.Credits = creditTable(findOrders(credits, p.Search), rc.WS, cr.Handle)
	if p.Search != "" {
		p.Credits.Empty = "No order credited to " + cr.Handle + " has an id with \u201c" + p.Search + "\u201d in it, in this period under this model and window."
	}
	p.Credits.sortFromQuery(q, "time", true)
	p.Credits.paginate(q, creditsPerPage, "credits")
	return h.page(w, r, rc, "creator", view{Title: cr.Handle, Nav: "creators", Page: p, Alert: problems(f)},
		p.Posts, p.Links, p.Codes, p.Credits, p.Daily)
}

// creatorRow is a creator's row of a report by creator; a creator
// without numbers has an empty one.
func creatorRow(r *report.Report, key string) report.Row {
	for _, row := range r.Rows {
		if strings.EqualFold(row.Key, key) {
			return row
		}
	}
	return report.Row{}
}

// findCreator resolves a report key: the handle, or handle/platform.
func (h *Handler) findCreator(ctx context.Context, ws store.Workspace, key string) (store.Creator, error) {
	creators, err := h.st.Creators(ctx, ws.ID)
	if err != nil {
		return store.Creator{}, err
	}
	handle, platform, _ := strings.Cut(key, "/")
	var found []store.Creator
	for _, c := range creators {
		if strings.EqualFold(c.Handle, handle) && (platform == "" || c.Platform == platform) {
			found = append(found, c)
		}
	}
	if len(found) != 1 {
		return store.Creator{}, errNotFound(fmt.Sprintf("There is no creator %q in %s.", key, ws.Name))
	}
	return found[0], nil
}

func creatorTiles(bt *benchmarks.Table, v metrics.Values, cur, platform, tier string) []tile {
	return []tile{
		kpiTile(bt, "revenue", "Revenue", v, cur, platform, tier),
		kpiTile(bt, "cost", "Cost", v, cur, platform, tier),
		kpiTile(bt, "roi", "ROI", v, cur, platform, tier),
		kpiTile(bt, "roas", "ROAS", v, cur, platform, tier),
		kpiTile(bt, "orders", "Orders", v, cur, platform, tier),
		kpiTile(bt, "code_orders", "Code orders", v, cur, platform, tier),
		kpiTile(bt, "clicks", "Clicks", v, cur, platform, tier),
		kpiTile(bt, "ctr", "CTR", v, cur, platform, tier),
		kpiTile(bt, "conversion_rate", "Conversion rate", v, cur, platform, tier),
		kpiTile(bt, "engagement_rate", "Engagement rate", v, cur, platform, tier),
	}
}

// linkClicks are the counted clicks on one of the creator's links in a
// 15-minute bucket.
type linkClicks struct {
	link   store.Link
	bucket time.Time
	clicks int64
}

// creatorClicks are the creator's counted clicks in the period, on the
// links of the picked campaign, as the report counts them.
func (h *Handler) creatorClicks(ctx context.Context, ws store.Workspace, f *filters, cr store.Creator) ([]linkClicks, error) {
	links, err := h.st.Links(ctx, ws.ID)
	if err != nil {
		return nil, err
	}
	camp, hasCamp := f.campaign()
	mine := map[int64]store.Link{}
	for _, l := range links {
		if l.CreatorID == cr.ID && (!hasCamp || l.CampaignID == camp.ID) {
			mine[l.ID] = l
		}
	}
	from, to := f.opt.From, f.opt.To
	if from.IsZero() {
		from = time.Unix(0, 0)
	}
	if to.IsZero() {
		to = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	counts, err := h.st.ClickCounts(ctx, ws.ID, from, to, true)
	if err != nil {
		return nil, err
	}
	var out []linkClicks
	for _, c := range counts {
		if l, ok := mine[c.LinkID]; ok {
			out = append(out, linkClicks{link: l, bucket: c.Bucket, clicks: c.Clicks})
		}
	}
	return out, nil
}

// creatorChart draws the creator's own clicks and credited revenue.
func (h *Handler) creatorChart(ctx context.Context, ws store.Workspace, f *filters, cr store.Creator, credits []report.Credit, clicks []linkClicks) (*chart, error) {
	d := newDaily(ws.Loc)
	d.addCredits(credits, clicks)
	if err := h.addPosts(ctx, d, ws, f, cr.ID); err != nil {
		return nil, err
	}
	c := d.chart(f.opt.From, f.opt.To, ws.Currency)
	if c == nil || !f.HasPrev {
		return c, nil
	}
	// The previous period, day for day, for the chart to overlay.
	pf := *f
	pf.opt.From, pf.opt.To = f.Prev.From, f.Prev.To
	prevCredits, err := report.Credits(ctx, h.st, ws, creatorRef(cr), pf.options(""))
	if err != nil {
		return nil, err
	}
	prevClicks, err := h.creatorClicks(ctx, ws, &pf, cr)
	if err != nil {
		return nil, err
	}
	prev := newDaily(ws.Loc)
	prev.addCredits(prevCredits, prevClicks)
	c.overlay(prev, f.Prev)
	return c, nil
}

// addCredits adds a creator's credited revenue and clicks.
func (d *daily) addCredits(credits []report.Credit, clicks []linkClicks) {
	for _, c := range credits {
		d.revenue[d.day(c.Time)] += c.Credited
	}
	for _, c := range clicks {
		d.clicks[d.day(c.bucket)] += c.clicks
	}
}

// creatorLists fills the creator's posts, links and codes.
func (h *Handler) creatorLists(ctx context.Context, r *http.Request, rc *reqCtx, f *filters, cr store.Creator, p *creatorPage,
	credits []report.Credit, clicks []linkClicks) error {
	campaigns := map[int64]string{}
	for _, c := range f.Campaigns {
		campaigns[c.ID] = c.Name
	}
	camp, hasCamp := f.campaign()
	keep := func(campaign int64) bool { return !hasCamp || campaign == camp.ID }
	posts, err := h.st.Posts(ctx, rc.WS.ID)
	if err != nil {
		return err
	}
	p.Posts = postTable(posts, cr, campaigns, keep, rc.WS, creditedByPost(posts, credits, clicks))
	p.Posts.sortFromQuery(r.URL.Query(), "published", true)
	links, err := h.linkRows(ctx, r, rc.WS)
	if err != nil {
		return err
	}
	p.Links = &table{Name: "links", Cols: creatorLinkCols, Lead: creatorLinkLead,
		Empty: "No tracked link for " + cr.Handle + " yet.", EmptyURL: "/links?creator=" + creatorRef(cr), EmptyCTA: "Create a link"}
	for _, l := range links {
		if l.creatorID == cr.ID && keep(l.campaignID) {
			p.Links.add(l.creatorCells()...)
		}
	}
	codes, err := h.st.Codes(ctx, rc.WS.ID)
	if err != nil {
		return err
	}
	p.Codes = &table{Name: "codes", Sticky: true, Cols: []column{{Key: "code", Head: "Code"}, {Key: "campaign", Head: "Campaign"},
		{Key: "redemptions", Head: "Redemptions", Num: true, Title: "orders in the period that redeemed the code and were credited through it"},
		{Key: "revenue", Head: "Revenue", Num: true, Title: "the revenue credited through the code, under the page's model and window"}},
		Empty: "No promo code for " + cr.Handle + " yet.", EmptyURL: "/links?creator=" + creatorRef(cr) + "#codes", EmptyCTA: "Generate codes"}
	used := redemptions(credits)
	for _, c := range codes {
		if c.CreatorID == cr.ID && keep(c.CampaignID) {
			u := used[strings.ToUpper(c.Code)]
			p.Codes.add(mono(c.Code), text(campaigns[c.CampaignID]), count(u.orders), cash(u.revenue, rc.WS.Currency))
		}
	}
	return nil
}

// postCredit is what a post's links brought in: counted clicks, and the
// orders and revenue credited through them.
type postCredit struct {
	clicks  int64
	orders  float64 // shares of orders
	revenue money.Cents
}

// creditedByPost sums the creator's clicks and credits by the post of the
// link they came through, as the report by post does; the key "" holds
// what came through codes and links without a post.
func creditedByPost(posts []store.Post, credits []report.Credit, clicks []linkClicks) map[string]*postCredit {
	byID := map[int64]string{}
	for _, p := range posts {
		byID[p.ID] = p.PostID
	}
	out := map[string]*postCredit{}
	at := func(post string) *postCredit {
		if out[post] == nil {
			out[post] = &postCredit{}
		}
		return out[post]
	}
	for _, c := range clicks {
		at(byID[c.link.PostID]).clicks += c.clicks
	}
	for _, c := range credits {
		pc := at(c.Post)
		pc.orders += c.Share
		pc.revenue += c.Credited
	}
	for _, pc := range out {
		pc.orders = math.Round(pc.orders*1e6) / 1e6 // millionths, as the report rounds shares
	}
	return out
}

// codeUse is what one code brought in.
type codeUse struct {
	orders  int64
	revenue money.Cents
}

// redemptions sums the credits through each code, by its upper-case text.
func redemptions(credits []report.Credit) map[string]codeUse {
	out := map[string]codeUse{}
	for _, c := range credits {
		if c.Reason != string(attribution.ReasonCode) {
			continue
		}
		k := strings.ToUpper(c.Ref)
		u := out[k]
		u.orders++
		u.revenue += c.Credited
		out[k] = u
	}
	return out
}

// findOrders keeps the credits whose order id holds s, ignoring case.
func findOrders(credits []report.Credit, s string) []report.Credit {
	if s == "" {
		return credits
	}
	s = strings.ToLower(s)
	var out []report.Credit
	for _, c := range credits {
		if strings.Contains(strings.ToLower(c.OrderID), s) {
			out = append(out, c)
		}
	}
	return out
}

func postTable(posts []store.Post, cr store.Creator, campaigns map[int64]string, keep func(int64) bool, ws store.Workspace, credited map[string]*postCredit) *table {
	loc, cur := ws.Loc, ws.Currency
	t := &table{Name: "posts", Sortable: true, Sticky: true, Cols: []column{
		{Key: "post_id", Head: "Post"}, {Key: "published", Head: "Published"},
		{Key: "clicks", Head: "Clicks", Num: true, Title: "tracked clicks on the post's links in the period, bots left out"},
		{Key: "orders", Head: "Orders", Num: true, Title: "orders credited through the post's links, under the page's model and window (shares of an order under models that split it)"},
		{Key: "revenue", Head: "Revenue", Num: true, Title: "the revenue credited through the post's links, under the page's model and window"},
		{Key: "campaign", Head: "Campaign"}, {Key: "format", Head: "Format"},
		{Key: "impressions", Head: "Impr.", Num: true}, {Key: "reach", Head: "Reach", Num: true},
		{Key: "likes", Head: "Likes", Num: true}, {Key: "comments", Head: "Comments", Num: true}, {Key: "shares", Head: "Shares", Num: true},
		{Key: "link_clicks", Head: "Link clicks", Num: true, Title: "the platform's own count of link clicks"}, {Key: "engagement_rate", Head: "Eng. rate", Num: true}},
		Empty: "No posts recorded for " + cr.Handle + ". Import posts to see their numbers here.", EmptyURL: "/import?kind=posts", EmptyCTA: "Import posts"}
	for _, p := range posts {
		if p.CreatorID != cr.ID || !keep(p.CampaignID) {
			continue
		}
		id := text(p.PostID)
		if p.URL != "" {
			id.Href = p.URL
		}
		pub := text(p.PublishedAt.In(loc).Format("2006-01-02 15:04"))
		pub.Raw = p.PublishedAt.In(loc).Format(time.RFC3339)
		pub.sortN = num(float64(p.PublishedAt.Unix()))
		var er *float64
		if p.Followers > 0 {
			er = num(float64(p.Likes+p.Comments+p.Shares) / float64(p.Followers))
		}
		pc := credited[p.PostID]
		if pc == nil {
			pc = &postCredit{}
		}
		t.add(id, pub, count(pc.clicks), decimal(pc.orders), cash(pc.revenue, cur), text(campaigns[p.CampaignID]), text(p.Format),
			count(p.Impressions), count(p.Reach), count(p.Likes), count(p.Comments), count(p.Shares), count(p.LinkClicks), percent(er))
	}
	if pc := credited[""]; pc != nil && len(t.Rows) > 0 {
		none := text("Not through a post")
		none.Hint = "promo codes, and links that name no post"
		blank := text("")
		t.Foot = append(t.Foot, row{Cells: []cell{none, blank, count(pc.clicks), decimal(pc.orders), cash(pc.revenue, cur),
			blank, blank, blank, blank, blank, blank, blank, blank, blank}})
	}
	return t
}

// creditTable is the audit trail: every order credited to the creator,
// with the share, the reason and the click id or code behind it.
func creditTable(credits []report.Credit, ws store.Workspace, handle string) *table {
	cur := ws.Currency
	t := &table{Name: "credits", Sortable: true, Cols: []column{
		{Key: "order_id", Head: "Order"}, {Key: "time", Head: "Time"}, {Key: "campaign", Head: "Campaign"},
		{Key: "revenue", Head: "Order revenue", Title: "the order's net revenue", Num: true},
		{Key: "share", Head: "Share", Title: "the share of the order credited to this creator", Num: true},
		{Key: "credited_revenue", Head: "Credited", Title: "the share of the revenue credited to this creator", Num: true},
		{Key: "reason", Head: "Why", Title: "code: a promo code was redeemed; click-id: the order carries the click's id; customer: the same customer clicked earlier"},
		{Key: "ref", Head: "Code or click"}, {Key: "new_customer", Head: "New customer"},
		{Key: "flag", Head: "Flag", Title: "before start: the order came before its campaign began (a code used early); lift leaks lists it too"}},
		Empty: "No order is credited to " + handle + " in this period under this model and window."}
	for _, c := range credits {
		at := text(c.Time.In(ws.Loc).Format("2006-01-02 15:04"))
		at.Raw, at.sortN = c.Time.In(ws.Loc).Format(time.RFC3339), num(float64(c.Time.UnixMilli()))
		share := percent(&c.Share)
		share.Raw = strconv.FormatFloat(c.Share, 'f', -1, 64)
		isNew := text("no")
		if c.NewCustomer {
			isNew = text("yes")
		}
		flag := text("")
		if c.BeforeStart {
			flag = cell{Text: "before start", Raw: "before-start", Pill: "leak", Hint: "the order came before campaign " + c.Campaign + " began"}
		}
		t.add(mono(c.OrderID), at, text(c.Campaign), cash(c.Revenue, cur), share, cash(c.Credited, cur),
			cell{Text: reasonText[c.Reason], Raw: c.Reason}, mono(c.Ref), isNew, flag)
	}
	return t
}

var reasonText = map[string]string{"code": "promo code", "click-id": "click id", "customer": "earlier click"}

// creatorRef names a creator in forms: handle, or handle/platform.
func creatorRef(c store.Creator) string { return c.Handle + "/" + c.Platform }
