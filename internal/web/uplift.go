package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/liftmetrics/lift/internal/metrics"
	"github.com/liftmetrics/lift/internal/money"
	"github.com/liftmetrics/lift/internal/report"
	"github.com/liftmetrics/lift/internal/uplift"
)

type upliftPage struct {
	F           *filters
	Tabs        tabs
	Knobs       []knob
	Source      string // where the daily sales come from, for people
	WindowDays  int
	PreDays     int
	WindowText  string // the window's days, in words
	Attribution string // the model and window behind "attributed"
	MinPre      int
	WarnPre     int
	Tiles       []tile
	Note        string // when no post day could be measured
	Groups      *table
	// Folded are the lines that stand for the post days without an
	// estimate, one line a reason.
	Folded []foldLine
	// Notes are the warnings of the rows shown, numbered as their icons.
	Notes []footnote
	Chart *liftChart // the selected post day's daily sales; nil without posts
	Days  *table     // the chart's numbers
}

// foldLine is the post days without an estimate for one reason.
type foldLine struct {
	Text string // "9 posts: no estimate — fewer than 7 baseline days"
	Days []foldDay
}

type foldDay struct {
	Date, Who, Why, Href string
}

type footnote struct {
	N    int
	Text string
}

func (h *Handler) salesLift(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	ctx := r.Context()
	q := r.URL.Query()
	f, err := h.readFilters(ctx, q, rc.WS)
	if err != nil {
		return err
	}
	win := f.intKnob(q, "window_days", "Window days", "the post's day and the days after it that the post may lift",
		uplift.DefaultWindowDays, 1, 28)
	pre := f.intKnob(q, "pre_days", "Baseline days", "the days before the post that the baseline is made of",
		uplift.DefaultPreDays, uplift.MinPreDays, 366)
	rep, err := report.Uplift(ctx, h.st, rc.WS, report.UpliftOptions{Campaign: f.Campaign,
		WindowDays: win.Value, PreDays: pre.Value, Until: h.now()})
	if err != nil {
		return err
	}
	p := &upliftPage{F: f, Tabs: insightTabs("lift", f), Knobs: []knob{win, pre}, WindowDays: rep.WindowDays, PreDays: rep.PreDays,
		Attribution: rep.Model + ", " + rep.Window, MinPre: uplift.MinPreDays, WarnPre: uplift.WarnPreDays,
		Source: "every order, attributed or not"}
	switch after := rep.WindowDays - 1; after {
	case 0:
		p.WindowText = "the post's day"
	case 1:
		p.WindowText = "the post's day and the day after it"
	default:
		p.WindowText = "the post's day and the " + strconv.Itoa(after) + " days after it"
	}
	if rep.Source == report.SalesFromDailySales {
		p.Source = "the imported daily sales"
	}
	day, picked := pickedDay(q, rep)
	p.Groups = upliftTable(rep, r.URL, day)
	p.Groups.sortFromQuery(q, "date", true)
	p.Notes = numberWarnings(p.Groups)
	p.Folded = foldNone(rep, r.URL)
	if len(rep.Rows) == 0 {
		p.Groups.Empty, p.Groups.EmptyURL, p.Groups.EmptyCTA = noPostsYet(f)
	} else {
		p.Tiles, p.Note = upliftTiles(rep.Rows)
		p.Groups.Empty = "No post day has an estimate: the lines below say why."
		p.Chart = newLiftChart(rep, picked)
		p.Days = p.Chart.table(rep.Currency)
	}
	return h.page(w, r, rc, "uplift", view{Title: "Sales lift", Nav: "insights", Page: p, Alert: problems(f)}, p.Groups, p.Days)
}

// pickedDay is the post day whose chart the page shows: ?day=, or else
// the latest with an estimate, or else the latest.
func pickedDay(q url.Values, rep *report.UpliftReport) (uplift.Date, report.UpliftRow) {
	var best report.UpliftRow
	for i, row := range rep.Rows {
		if row.Date.String() == q.Get("day") {
			return row.Date, row
		}
		has, bestHas := row.Outcome != outNone, best.Outcome != outNone
		if i == 0 || has && !bestHas || has == bestHas && row.Date > best.Date {
			best = row
		}
	}
	return best.Date, best
}

// dayURL is the page with the chart of one post day.
func dayURL(u *url.URL, d uplift.Date) string {
	return withQuery(u, "day", d.String()) + "#lift-chart"
}

// numberWarnings turns each shown row's warning into icons numbered as
// the notes under the table, the same text sharing one number; the text
// is on the icon's hover too, and whole in the download.
func numberWarnings(t *table) []footnote {
	col := slices.IndexFunc(t.Cols, func(c column) bool { return c.Key == "warning" })
	var notes []footnote
	at := map[string]int{}
	for i := range t.Rows {
		if t.Rows[i].Fold {
			continue
		}
		c := &t.Rows[i].Cells[col]
		if c.Raw == "" {
			continue
		}
		var nums []string
		for _, part := range strings.Split(c.Raw, "; ") {
			n, ok := at[part]
			if !ok {
				n = len(notes) + 1
				at[part] = n
				notes = append(notes, footnote{N: n, Text: part})
			}
			nums = append(nums, strconv.Itoa(n))
		}
		c.Text = "⚠ " + strings.Join(nums, ", ")
		c.Hint = c.Raw
		c.Href = "#note-" + nums[0]
		c.Whole = true
	}
	return notes
}

// foldNone sums up the post days without an estimate by why they have
// none: too few usable days before the post, or no sales in the window.
func foldNone(rep *report.UpliftReport, u *url.URL) []foldLine {
	var noWindow, fewDays foldLine
	posts := map[*foldLine]int64{}
	for _, row := range rep.Rows {
		if row.Outcome != outNone {
			continue
		}
		line := &fewDays
		why := "from " + plural(int64(row.PreDays), "usable day", "usable days")
		if row.WindowDays == 0 {
			line, why = &noWindow, "no sales in the window"
		}
		if len(row.Overlaps) > 0 {
			why += "; its window overlaps " + strings.Join(row.Overlaps, ", ")
		}
		posts[line] += int64(len(row.PostIDs))
		line.Days = append(line.Days, foldDay{Date: row.Date.String(), Href: dayURL(u, row.Date),
			Who: strings.Join(row.Creators, ", ") + " (" + strings.Join(row.PostIDs, ", ") + ")", Why: why})
	}
	var out []foldLine
	for _, l := range []struct {
		line *foldLine
		why  string
	}{
		{&fewDays, "fewer than " + strconv.Itoa(uplift.MinPreDays) + " baseline days (days of sales before the post outside other posts' windows)"},
		{&noWindow, "no sales data in the window"},
	} {
		if n := len(l.line.Days); n > 0 {
			slices.Reverse(l.line.Days) // newest first, as the table
			l.line.Text = plural(posts[l.line], "post", "posts") + " on " + plural(int64(n), "day", "days") + ": no estimate — " + l.why
			out = append(out, *l.line)
		}
	}
	return out
}

func noPostsYet(f *filters) (msg, href, cta string) {
	msg = "No posts yet. Sales lift compares the days after each post with the weeks before it: import your posts with the time each went out."
	if f.Campaign != "" {
		msg = "Campaign " + f.Campaign + " has no posts yet. Import its posts with the time each went out, or pick all campaigns."
	}
	return msg, "/import?kind=posts", "Import posts"
}

// The result of a post day (a group of posts), as its interval reads:
// one definition with lift uplift's.
const (
	outLifted  = report.UpliftLifted
	outLowered = report.UpliftLowered
	outNoise   = report.UpliftNoise
	outNone    = report.UpliftNone
)

var outcomeText = map[string]string{outLifted: "Lifted sales", outLowered: "Lowered sales", outNoise: "Within noise", outNone: "No estimate"}

var outcomeHint = map[string]string{
	outLifted:  "the whole 95% interval is above zero: the posts sold more than day-to-day noise explains",
	outLowered: "the whole 95% interval is below zero: sales fell more than day-to-day noise explains",
	outNoise:   "the 95% interval holds zero: the change is within day-to-day noise",
	outNone:    "too few days of sales before the post, or none in the window",
}

// upliftTiles count the post days by outcome; the money is never summed,
// since days whose windows overlap share their sales.
func upliftTiles(rows []report.UpliftRow) ([]tile, string) {
	n := map[string]int64{}
	for _, row := range rows {
		n[row.Outcome]++
	}
	tiles := []tile{{Label: "Post days", Value: metrics.Count(int64(len(rows))), Hint: "days with at least one post: posts of one day cannot be told apart"}}
	for _, o := range []string{outLifted, outNoise, outLowered, outNone} {
		if n[o] > 0 || o == outLifted {
			tiles = append(tiles, tile{Label: outcomeText[o], Value: metrics.Count(n[o]), Hint: outcomeHint[o]})
		}
	}
	note := ""
	if n[outNone] == int64(len(rows)) {
		note = "No post day can be measured yet: a baseline needs at least " + strconv.Itoa(uplift.MinPreDays) +
			" days of sales before the post, and the window needs sales of its own. Import orders, or a daily sales report, reaching four weeks before your first post."
	}
	return tiles, note
}

// upliftLead are the columns that say whether a post day lifted sales,
// in revenue; the excess in orders waits behind "All columns".
var upliftLead = []string{"date", "creators", "result", "baseline", "actual", "excess", "attributed", "halo", "warning"}

// upliftTable is one row per post day. Intervals sit under their
// estimates on the page and have columns of their own in the download.
// Days without an estimate are folded (foldNone stands for them), and
// the row of the picked day is marked.
func upliftTable(rep *report.UpliftReport, u *url.URL, picked uplift.Date) *table {
	cur := rep.Currency
	t := &table{Name: "sales-lift", Sortable: true, Sticky: true, Lead: upliftLead, Cols: []column{
		{Key: "date", Head: "Post day", Title: "the day the posts went out, in the workspace's time zone"},
		{Key: "window_end", Head: "Window end", CSVOnly: true},
		{Key: "post_ids", Head: "Posts", CSVOnly: true},
		{Key: "creators", Head: "Creators", Title: "who posted that day, and the posts under them"},
		{Key: "result", Head: "Result", Title: "whether the 95% interval of the excess lies above zero, below it, or holds it: one result for the post day, shared by all its posts"},
		{Key: "shared_by", Head: "Shared by", Title: "the posts that share the result", CSVOnly: true},
		{Key: "baseline", Head: "Baseline", Title: "what the window's days would have sold without the posts, from the same weekdays before; under it, the usable days before the post it rests on", Num: true},
		{Key: "actual", Head: "Actual", Title: "what the window's days sold", Num: true},
		{Key: "excess", Head: "Excess", Title: "actual − baseline, with its 95% interval under it", Num: true},
		{Key: "low", Head: "Excess low", CSVOnly: true}, {Key: "high", Head: "Excess high", CSVOnly: true},
		{Key: "attributed", Head: "Attributed", Title: "revenue credited to links, codes and Amazon tags on the window's days (" + rep.Model + ", " + rep.Window + ")", Num: true},
		{Key: "halo", Head: "Halo", Title: "excess − attributed: what the posts sold that no link or code captured; a lower bound while earlier codes keep selling", Num: true},
		{Key: "halo_low", Head: "Halo low", CSVOnly: true}, {Key: "halo_high", Head: "Halo high", CSVOnly: true},
		{Key: "excess_orders", Head: "Excess orders", Title: "actual − baseline orders, with the 95% interval on hover", Num: true},
		{Key: "excess_orders_low", Head: "Excess orders low", CSVOnly: true}, {Key: "excess_orders_high", Head: "Excess orders high", CSVOnly: true},
		{Key: "pre_days_used", Head: "Baseline days", CSVOnly: true},
		{Key: "warning", Head: "⚠", Title: "warnings: point at an icon to read it, or see the numbered notes under the table"},
	}}
	for _, row := range rep.Rows {
		res := row.Result
		date := text(res.Date.String())
		date.sortN, date.Hint, date.Whole = num(float64(res.Date)), "window "+res.Date.String()+" to "+res.WindowEnd.String()+": show its chart", true
		date.Href = dayURL(u, res.Date)
		who := list(row.Creators)
		who.Sub = strings.Join(res.PostIDs, ", ")
		o := row.Outcome
		result := cell{Text: outcomeText[o], Raw: o, Pill: o, Hint: outcomeHint[o]}
		if len(row.Members) > 1 {
			result.Sub = "shared by " + plural(int64(len(row.Members)), "post", "posts")
			result.Hint += "; one result for " + row.SharedBy() + ", not each post's"
		}
		baseline := estimated(res.Baseline, cur)
		if res.PreDays > 0 {
			baseline.Sub = "from " + plural(int64(res.PreDays), "day", "days")
		}
		// Without a day of data in the window, its sales are unknown, not zero.
		actual, attributed := cash(res.Actual, cur), cash(res.Attributed, cur)
		if res.WindowDays == 0 {
			actual, attributed = noData(), noData()
		}
		excess := estimated(res.Excess, cur)
		if res.Low != nil {
			excess.Sub = money.Format(*res.Low, cur) + " to " + money.Format(*res.High, cur)
		}
		halo := estimated(res.Halo, cur)
		if res.HaloLow != nil {
			halo.Hint = "95% interval: " + money.Format(*res.HaloLow, cur) + " to " + money.Format(*res.HaloHigh, cur)
		}
		orders := undefinedEstimate()
		if res.ExcessOrders != nil {
			orders = decimal(*res.ExcessOrders)
			orders.Hint = "95% interval: " + metrics.Decimal(*res.ExcessOrdersLow) + " to " + metrics.Decimal(*res.ExcessOrdersHigh) + " orders"
		}
		warn := cell{Raw: res.Warning} // numberWarnings fills it in
		t.add(date, text(res.WindowEnd.String()), list(res.PostIDs), who, result, text(row.SharedBy()),
			baseline, actual, excess, estimated(res.Low, cur), estimated(res.High, cur),
			attributed, halo, estimated(res.HaloLow, cur), estimated(res.HaloHigh, cur),
			orders, floatOf(res.ExcessOrdersLow), floatOf(res.ExcessOrdersHigh), count(int64(res.PreDays)), warn)
		last := &t.Rows[len(t.Rows)-1]
		last.Fold = o == outNone
		if res.Date == picked {
			last.Class = "picked"
		}
	}
	return t
}

// estimated is an amount the method may have been unable to estimate.
func estimated(c *money.Cents, cur string) cell {
	if c == nil {
		return undefinedEstimate()
	}
	return cash(*c, cur)
}

func floatOf(f *float64) cell {
	if f == nil {
		return undefinedEstimate()
	}
	return decimal(*f)
}

func noData() cell {
	return cell{Text: "—", Num: true, Muted: true, Hint: "no sales data for these days"}
}

// undefinedEstimate is "—" for a figure the method could not estimate.
func undefinedEstimate() cell {
	return cell{Text: "—", Num: true, Muted: true, Hint: "no estimate: see the warning"}
}

// list shows names comma-separated and downloads them space-separated, as
// the command line's CSV does.
func list(names []string) cell {
	return cell{Text: strings.Join(names, ", "), Raw: strings.Join(names, " ")}
}
