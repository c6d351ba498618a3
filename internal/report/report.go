// Package report turns a workspace's stored facts into the KPI report
// whose every metric the README defines in its metric table ("The
// numbers"): it attributes every order, groups posts, clicks, credits and
// costs by creator, platform, campaign, post, tier or day, and computes
// every metric for each group and for the total.
package report

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/liftmetrics/lift/internal/attribution"
	"github.com/liftmetrics/lift/internal/credit"
	"github.com/liftmetrics/lift/internal/metrics"
	"github.com/liftmetrics/lift/internal/money"
	"github.com/liftmetrics/lift/internal/store"
)

// Groupings lists what a report can be grouped by.
var Groupings = []string{"creator", "platform", "campaign", "post", "tier", "day"}

// NoPost is the post key of credits and costs that no post carries (a
// code, a link without a post).
const NoPost = "(no post)"

// Options select and shape a report.
type Options struct {
	By       string
	Campaign string    // a campaign's name; empty for all
	From, To time.Time // [From, To); zero for open ends
	Model    attribution.Model
	Window   time.Duration
	// WithBRB adds the Amazon Brand Referral Bonus to revenue (amazon.go).
	WithBRB bool
	// Rank adds the honest ranking to every row and sorts by it (rank.go).
	Rank bool
	// Raw attributes every order from the stored facts even under the
	// default model and window, instead of reading the credits the store
	// keeps for them (kept.go); both give the same report.
	Raw bool
}

// Row is one group's numbers.
type Row struct {
	Key      string `json:"key"`
	Platform string `json:"platform,omitempty"`
	Tier     string `json:"tier,omitempty"`
	metrics.Values
	// Marks says, per KPI with a benchmark, whether the row is below,
	// within or above it (see marks.go).
	Marks map[string]string `json:"marks,omitempty"`
	// NoBenchmark says, per KPI with a value that its platform has
	// benchmarks for but not on the row's tier, "no benchmark for macro".
	NoBenchmark map[string]string `json:"no_benchmark,omitempty"`
	// Amazon holds the row's Amazon numbers, when it has any (amazon.go).
	Amazon *Amazon `json:"amazon,omitempty"`
	// RowRank is the row's ranking, with Options.Rank only (rank.go).
	*RowRank
}

// Unattributed counts the orders no creator earned. In a report on one
// campaign they are those of the campaign's dates only (From and To, its
// first and last day within the report's period): an order outside them
// could never have been the campaign's.
type Unattributed struct {
	Orders      int64       `json:"orders"`
	Revenue     money.Cents `json:"revenue"`
	Conversions int64       `json:"conversions"`
	From        string      `json:"from,omitempty"`
	To          string      `json:"to,omitempty"`
}

// Report is a grouped KPI report.
type Report struct {
	GroupBy      string         `json:"group_by"`
	Model        string         `json:"model"`
	Window       string         `json:"window"`
	Currency     string         `json:"currency"`
	Campaign     string         `json:"campaign,omitempty"`
	From         string         `json:"from,omitempty"`
	To           string         `json:"to,omitempty"`
	Rows         []Row          `json:"rows"`
	Total        metrics.Values `json:"total"`
	Unattributed Unattributed   `json:"unattributed"`
	// Pending is what unpaid orders would add, and whether they are
	// counted (pending.go).
	Pending Pending `json:"pending"`
	// The Amazon numbers of the total, when there are any (amazon.go).
	TotalAmazon *Amazon `json:"total_amazon,omitempty"`
	// AmazonPeriods are the Associates blocks in the report's dates, and
	// whether each was counted (amazon.go).
	AmazonPeriods []AmazonPeriod `json:"amazon_periods,omitempty"`
	BRBRate       *float64       `json:"brb_rate,omitempty"`
	WithBRB       bool           `json:"with_brb,omitempty"`
	// Ranking says what the rows were shrunk toward (rank.go).
	Ranking *RankSummary `json:"ranking,omitempty"`
	// CostSpread says how costs without a date were placed in time, in a
	// report over a period or by day, where it matters.
	CostSpread string `json:"cost_spread,omitempty"`
}

// SpreadNote is Report.CostSpread when costs without a date were spread.
const SpreadNote = "costs without a date are spread evenly over their campaign's days (or fall on the day " +
	"of the creator's only post in it); dated costs stay on their date"

// Build computes the report for workspace ws.
func Build(ctx context.Context, st *store.Store, ws store.Workspace, opt Options) (*Report, error) {
	o, err := defaults(opt)
	if err != nil {
		return nil, err // before loading anything
	}
	f, err := loadFacts(ctx, st, ws, !keptFor(o))
	if err != nil {
		return nil, err
	}
	return f.Build(ctx, opt)
}

// Facts are a workspace's facts read once, for a page that shows several
// reports over them: each report from Facts is the one Build gives, as
// of the moment Load read them. Facts are only read once loaded, so
// reports may be built from them one after another.
type Facts struct {
	st *store.Store
	ws store.Workspace
	d  *data
	// orders says whether d holds every order; without them only the
	// kept credits can be read.
	orders bool
}

// keptFor says whether a report under opt reads the kept credits.
func keptFor(opt Options) bool {
	return !opt.Raw && opt.Model == credit.Model && opt.Window == credit.Window
}

// Load reads what reports of workspace ws need.
func Load(ctx context.Context, st *store.Store, ws store.Workspace) (*Facts, error) {
	return loadFacts(ctx, st, ws, true)
}

func loadFacts(ctx context.Context, st *store.Store, ws store.Workspace, orders bool) (*Facts, error) {
	d, err := loadWith(ctx, st, ws, orders)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	return &Facts{st: st, ws: ws, d: d, orders: orders}, nil
}

// Build computes a report from the facts.
func (fs *Facts) Build(ctx context.Context, opt Options) (*Report, error) {
	opt, err := defaults(opt)
	if err != nil {
		return nil, err
	}
	st, ws, d := fs.st, fs.ws, fs.d
	kept := keptFor(opt) || !fs.orders
	b := &builder{opt: opt, d: d, loc: ws.Loc, groups: map[string]*acc{}, viaClick: map[string]*clickCredit{}}
	if opt.Campaign != "" {
		c, ok := d.campaignByName[strings.ToLower(opt.Campaign)]
		if !ok {
			return nil, fmt.Errorf("report: unknown campaign %q (campaigns: %s)", opt.Campaign, strings.Join(d.campaignNames(), ", "))
		}
		b.campaign = c.ID
	}
	b.addPosts()
	if err := b.addClicks(ctx, st, ws.ID); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	if kept {
		if err := b.addKept(ctx, st, ws.ID); err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
	} else {
		b.addOrders()
		b.addPending()
	}
	b.addClickOrders()
	b.addConversions()
	b.addCosts()
	am, err := b.addAmazon(ctx, st, ws)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	r := b.report(ws)
	am.attach(b, r)
	if err := b.mark(ctx, st, ws.ID, r); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	if opt.Rank {
		b.rank(r)
	}
	return r, nil
}

// defaults fills in the options left out, and checks the grouping.
func defaults(opt Options) (Options, error) {
	if opt.By == "" {
		opt.By = "creator"
	}
	if !contains(Groupings, opt.By) {
		return opt, fmt.Errorf("report: cannot group by %q (use one of %s)", opt.By, strings.Join(Groupings, ", "))
	}
	if opt.Model == "" {
		opt.Model = attribution.LastTouch
	}
	if opt.Window == 0 {
		opt.Window = attribution.DefaultWindow
	}
	return opt, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// The counts of a row kept in attribution parts (of attribution.Whole),
// so that fractional credits add up exactly; units follow them.
const (
	qOrders      = iota
	qNew         // new customers
	qClickOrders // orders through a click, at most one per click
	qCodeOrders
	qConversions
	qConversionType // the first of one count per metrics.ConversionTypes
	numParts        = qConversionType + len(metrics.ConversionTypes)
	qUnits          = numParts // units are counted in floats, not parts
	numCounts       = numParts + 1
)

// rowCounts are a row's fractional counts in millionths, as shown.
type rowCounts [numCounts]int64

// acc sums one group's facts.
type acc struct {
	in       metrics.Inputs
	parts    [numParts]int64
	units    float64
	platform string
	tier     string
}

func (a *acc) add(b *acc) {
	a.in.Add(b.in)
	for q := range a.parts {
		a.parts[q] += b.parts[q]
	}
	a.units += b.units
}

// exactMillionths gives the row's counts in millionths, before rounding.
func (a *acc) exactMillionths() [numCounts]float64 {
	perMillionth := float64(attribution.Whole / 1_000_000)
	var out [numCounts]float64
	for q, p := range a.parts {
		out[q] = float64(p) / perMillionth
	}
	out[qUnits] = a.units * 1e6
	return out
}

// millionths rounds one row alone (the total, or a report's only row).
func (a *acc) millionths() rowCounts {
	var out rowCounts
	for q, e := range a.exactMillionths() {
		out[q] = int64(math.Round(e))
	}
	return out
}

// roundRows rounds the rows' fractional counts to millionths so that they
// add up to the rounded total exactly: each row gets its floor, and the
// millionths left over go to the rows with the largest remainders. A row
// never gets more than its exact count rounded up, so a count bounded by
// a whole number (click orders by clicks) stays within it.
func roundRows(rows []*acc, total rowCounts) []rowCounts {
	out := make([]rowCounts, len(rows))
	for q := range numCounts {
		exact := make([]float64, len(rows))
		var given int64
		for i, a := range rows {
			exact[i] = a.exactMillionths()[q]
			out[i][q] = int64(math.Floor(exact[i]))
			given += out[i][q]
		}
		order := make([]int, len(rows))
		for i := range order {
			order[i] = i
		}
		sort.SliceStable(order, func(x, y int) bool {
			return exact[order[x]]-math.Floor(exact[order[x]]) > exact[order[y]]-math.Floor(exact[order[y]])
		})
		for k := 0; given < total[q] && len(rows) > 0; k++ {
			out[order[k%len(rows)]][q]++
			given++
		}
	}
	return out
}

func (a *acc) valuesWith(m rowCounts) metrics.Values {
	in := a.in
	of := func(q int) float64 { return float64(m[q]) / 1e6 }
	in.Orders, in.NewCustomers, in.Units = of(qOrders), of(qNew), of(qUnits)
	in.ClickOrders, in.CodeOrders, in.Conversions = of(qClickOrders), of(qCodeOrders), of(qConversions)
	for i := range in.ConversionsByType {
		in.ConversionsByType[i] = of(qConversionType + i)
	}
	return metrics.Compute(in)
}

// fact locates one number in the dimensions a report can group by.
type fact struct {
	creator  int64
	campaign int64
	post     int64 // store id; 0 when none
	at       time.Time
}

type builder struct {
	opt      Options
	d        *data
	loc      *time.Location
	campaign int64 // filter; 0 for all
	groups   map[string]*acc
	unattr   Unattributed
	pending  Pending
	// spreadCosts says whether a cost without a date was placed in time.
	spreadCosts bool
	// values are the period's order values, when read with the kept
	// credits (rank.go); nil when the orders are loaded.
	values *orderValues
	// viaClick sums, per click id, the credits orders got through that
	// click, on the click's row (creditClick).
	viaClick map[string]*clickCredit
	// perCampaign keeps each campaign's groups apart (campaigndays.go).
	perCampaign bool
}

// clickCredit is what the orders of one click credited to it.
type clickCredit struct {
	row   *acc
	parts int64
}

// in reports whether a fact passes the campaign and date filters.
func (b *builder) in(f fact) bool {
	if b.campaign != 0 && f.campaign != b.campaign {
		return false
	}
	return b.inTime(f.at)
}

func (b *builder) inTime(t time.Time) bool {
	if !b.opt.From.IsZero() && t.Before(b.opt.From) {
		return false
	}
	return b.opt.To.IsZero() || t.Before(b.opt.To)
}

// inCampaignDates reports whether t falls in the filtered campaign's
// dates; without a campaign filter every moment does.
func (b *builder) inCampaignDates(t time.Time) bool {
	c, ok := b.d.campaigns[b.campaign]
	return !ok || (!t.Before(c.Starts) && t.Before(c.Ends))
}

// unattributedDates are the first and last day of the unattributed line
// of a report on one campaign: its dates within the report's period.
func (b *builder) unattributedDates() (from, to string) {
	c, ok := b.d.campaigns[b.campaign]
	if !ok {
		return "", ""
	}
	start, end := c.Starts, c.Ends
	if !b.opt.From.IsZero() && b.opt.From.After(start) {
		start = b.opt.From
	}
	if !b.opt.To.IsZero() && b.opt.To.Before(end) {
		end = b.opt.To
	}
	return start.In(b.loc).Format(time.DateOnly), end.Add(-time.Nanosecond).In(b.loc).Format(time.DateOnly)
}

// group returns the accumulator of the group a fact belongs to.
func (b *builder) group(f fact) *acc {
	cr := b.d.creators[f.creator]
	var key string
	switch b.opt.By {
	case "creator":
		key = b.d.creatorKey(cr)
	case "platform":
		key = cr.Platform
	case "campaign":
		key = b.d.campaigns[f.campaign].Name
	case "post":
		key = NoPost
		if p, ok := b.d.posts[f.post]; ok {
			key = p.PostID
		}
	case "tier":
		key = metrics.Tier(cr.Followers)
	case "day":
		key = f.at.In(b.loc).Format(time.DateOnly)
	}
	key = b.splitKey(f.campaign) + key
	a, ok := b.groups[key]
	if !ok {
		a = &acc{}
		if b.opt.By == "creator" {
			a.platform, a.tier = cr.Platform, metrics.Tier(cr.Followers)
		}
		b.groups[key] = a
	}
	return a
}

func (b *builder) addPosts() {
	for _, p := range b.d.postList {
		f := fact{creator: p.CreatorID, campaign: p.CampaignID, post: p.ID, at: p.PublishedAt}
		if !b.in(f) {
			continue
		}
		in := &b.group(f).in
		in.Impressions += p.Impressions
		in.Reach += p.Reach
		in.Views += p.Views
		in.Likes += p.Likes
		in.Comments += p.Comments
		in.Shares += p.Shares
		in.Saves += p.Saves
		in.Followers += p.Followers
		in.LinkClicks += p.LinkClicks
		in.ProductImpressions += p.ProductImpressions
		in.ProductClicks += p.ProductClicks
		in.ProductOrders += p.ProductOrders
	}
}

func (b *builder) addClicks(ctx context.Context, st *store.Store, ws int64) error {
	from, to := b.opt.From, b.opt.To
	if from.IsZero() {
		from = time.Unix(0, 0)
	}
	if to.IsZero() {
		to = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	counts, err := st.ClickCounts(ctx, ws, from, to, b.opt.By == "day")
	if err != nil {
		return err
	}
	for _, c := range counts {
		l, ok := b.d.links[c.LinkID]
		if !ok {
			continue
		}
		f := fact{creator: l.CreatorID, campaign: l.CampaignID, post: l.PostID, at: c.Bucket}
		if b.campaign != 0 && f.campaign != b.campaign {
			continue
		}
		in := &b.group(f).in
		in.Clicks += c.Clicks
		in.UniqueClicks += c.Unique
	}
	return nil
}

// addOrders attributes every order in the period and credits its net
// revenue, units and new customer to the touches' groups.
func (b *builder) addOrders() {
	for i := range b.d.orders {
		o := &b.d.orders[i]
		if !counts(o) || !b.inTime(o.Time) {
			continue // refunded in full: neither an order nor revenue
		}
		credits := attribution.Assign(o.Time, b.d.touches(o), b.opt.Model, b.opt.Window)
		b.addOrder(o, credits, split(o.Revenue-o.Refunded, credits), b.d.isNew(o), b.d.clickRef)
	}
}

// addOrder credits one order of the period, that counts, to its credits'
// groups: shares are its net revenue split among them, isNew whether it
// brought a new customer, click finds the click a credit came through.
func (b *builder) addOrder(o *store.Order, credits []attribution.Credit, shares []money.Cents, isNew bool,
	click func(k int, c attribution.Credit) (store.ClickRef, bool)) {
	net := o.Revenue - o.Refunded
	if len(credits) == 0 {
		if b.inCampaignDates(o.Time) {
			b.unattr.Orders++
			b.unattr.Revenue += net
		}
		return
	}
	for k, c := range credits {
		f := fact{creator: c.Creator, campaign: c.Campaign, post: c.Post, at: o.Time}
		if b.campaign != 0 && f.campaign != b.campaign {
			continue
		}
		a := b.group(f)
		a.parts[qOrders] += c.Parts
		a.in.Revenue += shares[k]
		a.units += float64(o.Units) * c.Share()
		if isNew {
			a.parts[qNew] += c.Parts
		}
		if c.Reason == attribution.ReasonCode {
			a.parts[qCodeOrders] += c.Parts
		} else {
			ref, ok := click(k, c)
			b.creditClick(c, ref, ok)
		}
		// Commission is paid per credited order, rounded to the cent,
		// as affiliate programmes pay it.
		if rate := b.d.creators[c.Creator].CommissionRate; rate != nil {
			a.in.Cost += money.Mul(shares[k], *rate)
		}
	}
}

// clickRef finds a credit's click among the loaded ones.
func (d *data) clickRef(_ int, c attribution.Credit) (store.ClickRef, bool) {
	ref, ok := d.clicks[c.Ref]
	return ref, ok
}

// split shares an amount among an order's credits by their parts, to
// the cent (credit.Split).
func split(amount money.Cents, credits []attribution.Credit) []money.Cents {
	return credit.Split(amount, credits)
}

// addConversions credits every conversion in the period exactly as an
// order is credited — the click id it carries, its customer's clicks and
// the codes it names, under the same model and window — and adds its
// count, its type's count and its value, split by the same parts, to the
// touches' groups. Conversions are not orders: they change neither
// orders, revenue nor the conversion rate.
func (b *builder) addConversions() {
	for i := range b.d.conversions {
		cv := &b.d.conversions[i]
		if !b.inTime(cv.Time) {
			continue
		}
		as := store.Order{Time: cv.Time, ClickID: cv.ClickID, Customer: cv.Customer}
		if cv.Codes != "" {
			as.Codes = strings.Split(cv.Codes, ",")
		}
		credits := attribution.Assign(cv.Time, b.d.touches(&as), b.opt.Model, b.opt.Window)
		if len(credits) == 0 {
			if b.inCampaignDates(cv.Time) {
				b.unattr.Conversions++
			}
			continue
		}
		var value money.Cents
		if cv.Value != nil {
			value = money.Cents(*cv.Value)
		}
		shares := split(value, credits)
		kind := slices.Index(metrics.ConversionTypes[:], cv.Type)
		for k, c := range credits {
			if b.campaign != 0 && c.Campaign != b.campaign {
				continue
			}
			a := b.group(fact{creator: c.Creator, campaign: c.Campaign, post: c.Post, at: cv.Time})
			a.parts[qConversions] += c.Parts
			if kind >= 0 {
				a.parts[qConversionType+kind] += c.Parts
			}
			a.in.ConversionValue += shares[k]
		}
	}
}

// creditClick counts an order's credit through a click toward the
// conversion rate. It lands on the click's own row (its day, link, post),
// and only for a counted click in the period: the rate divides by the
// clicks of the row, so whatever it counts is in that divisor.
func (b *builder) creditClick(c attribution.Credit, ref store.ClickRef, ok bool) {
	if !ok || ref.Bot || !b.inTime(ref.Time) {
		return
	}
	cc := b.viaClick[c.Ref]
	if cc == nil {
		cc = &clickCredit{row: b.group(fact{creator: c.Creator, campaign: c.Campaign, post: c.Post, at: ref.Time})}
		b.viaClick[c.Ref] = cc
	}
	cc.parts += c.Parts
}

// addClickOrders closes the click credits: a click converts at most once,
// however many orders came back through it, so the rate cannot pass 100%.
func (b *builder) addClickOrders() {
	for _, cc := range b.viaClick {
		cc.row.parts[qClickOrders] += min(cc.parts, attribution.Whole)
	}
}

// addCosts adds every cost to the groups of the days it falls on. In a
// report by post, a creator's cost in a campaign is first shared equally
// among that creator's posts in it.
func (b *builder) addCosts() {
	for _, c := range b.d.costs {
		f := fact{creator: c.CreatorID, campaign: c.CampaignID}
		if b.campaign != 0 && f.campaign != b.campaign {
			continue
		}
		b.spreadCosts = b.spreadCosts || !c.Dated
		for _, share := range b.costShares(c) {
			f.post = share.post
			for _, part := range b.costDays(c, share.amount) {
				f.at = part.at
				if b.in(f) {
					b.group(f).in.Cost += part.amount
				}
			}
		}
	}
}

// costPart is an amount of a cost on one post or one day.
type costPart struct {
	post   int64
	at     time.Time
	amount money.Cents
}

// costShares shares a cost among the creator's posts in the campaign, in
// a report by post; otherwise it is one share.
func (b *builder) costShares(c store.Cost) []costPart {
	posts := b.d.postsOf[[2]int64{c.CreatorID, c.CampaignID}]
	if b.opt.By != "post" || len(posts) == 0 {
		return []costPart{{amount: c.Amount}}
	}
	out := make([]costPart, len(posts))
	for i, amount := range money.Apportion(c.Amount, ones(len(posts))) {
		out[i] = costPart{post: posts[i], amount: amount}
	}
	return out
}

// costDays places an amount of a cost in time (README, "The numbers"): a
// dated cost on its date; a cost without a date on the day of the
// creator's only post in the campaign, or else spread evenly over the
// campaign's days to the cent (largest remainder: the days add up to the
// amount, so a report over the whole campaign counts the whole cost).
func (b *builder) costDays(c store.Cost, amount money.Cents) []costPart {
	if c.Dated {
		return []costPart{{at: c.Date, amount: amount}}
	}
	if posts := b.d.postsOf[[2]int64{c.CreatorID, c.CampaignID}]; len(posts) == 1 {
		return []costPart{{at: b.d.posts[posts[0]].PublishedAt, amount: amount}}
	}
	days := campaignDays(b.d.campaigns[c.CampaignID], b.loc)
	out := make([]costPart, len(days))
	for i, part := range money.Apportion(amount, ones(len(days))) {
		out[i] = costPart{at: days[i], amount: part}
	}
	return out
}

// campaignDays lists the starts of a campaign's days in loc: from its
// first day to the day before Ends; a campaign without days has its
// first.
func campaignDays(c store.Campaign, loc *time.Location) []time.Time {
	y, m, d := c.Starts.In(loc).Date()
	first := time.Date(y, m, d, 0, 0, 0, 0, loc)
	days := []time.Time{first}
	for day := first.AddDate(0, 0, 1); day.Before(c.Ends); day = day.AddDate(0, 0, 1) {
		days = append(days, day)
	}
	return days
}

func ones(n int) []float64 {
	w := make([]float64, n)
	for i := range w {
		w[i] = 1
	}
	return w
}

func (b *builder) report(ws store.Workspace) *Report {
	r := &Report{
		GroupBy: b.opt.By, Model: string(b.opt.Model), Window: attribution.FormatWindow(b.opt.Window),
		Currency: ws.Currency, Campaign: b.d.campaigns[b.campaign].Name, Unattributed: b.unattr,
		Pending: b.pending, Rows: []Row{},
	}
	r.Unattributed.From, r.Unattributed.To = b.unattributedDates()
	if b.spreadCosts && (!b.opt.From.IsZero() || !b.opt.To.IsZero() || b.opt.By == "day") {
		r.CostSpread = SpreadNote
	}
	if !b.opt.From.IsZero() {
		r.From = b.opt.From.In(b.loc).Format(time.DateOnly)
	}
	if !b.opt.To.IsZero() {
		r.To = b.opt.To.Add(-time.Nanosecond).In(b.loc).Format(time.DateOnly)
	}
	r.Rows, r.Total = rowsOf(b.groups, b.opt.By, r.Rows)
	return r
}

// rowsOf rounds and sorts the rows of groups, appended to rows, and
// gives their total.
func rowsOf(groups map[string]*acc, by string, rows []Row) ([]Row, metrics.Values) {
	var total acc
	keys := make([]string, 0, len(groups))
	for key := range groups {
		keys = append(keys, key)
	}
	sort.Strings(keys) // remainders tie: who gets the last millionth must not be chance
	accs := make([]*acc, len(keys))
	for i, key := range keys {
		accs[i] = groups[key]
		total.add(accs[i])
	}
	sums := total.millionths()
	for i, m := range roundRows(accs, sums) {
		a := accs[i]
		rows = append(rows, Row{Key: keys[i], Platform: a.platform, Tier: a.tier, Values: a.valuesWith(m)})
	}
	sortRows(rows, by)
	return rows, total.valuesWith(sums)
}

func sortRows(rows []Row, by string) {
	rank := func(r Row) int {
		for i, t := range metrics.Tiers {
			if r.Key == t {
				return i
			}
		}
		return 0
	}
	sort.Slice(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		switch by {
		case "day":
			return a.Key < b.Key
		case "tier":
			return rank(a) < rank(b)
		}
		if a.Revenue != b.Revenue {
			return a.Revenue > b.Revenue
		}
		return a.Key < b.Key
	})
}
