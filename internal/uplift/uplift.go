// Package uplift measures the sales a post lifted that no link or code
// captured: it compares the days after a post with a baseline made from
// the days before it.
//
// For each group of posts published on the same day D:
//
//   - The window is D and the days after it, WindowDays in all (3 by
//     default): a post sells on the day it goes out and for a day or two.
//   - The pre-days are the PreDays (28) days before D, leaving out days
//     without data and days inside another group's window, whose sales
//     are lifted by that group.
//   - The baseline of a window day is the mean of the pre-days of the same
//     weekday, pulled toward the mean of all pre-days as if λ = s²/τ² more
//     days at that mean were among them (empirical Bayes: s² is the
//     day-to-day noise within a weekday, τ² how much the true weekday
//     levels differ beyond it). Strong weekly patterns are kept whole, weak
//     or thinly measured ones shrink to a factor of 1; a weekday without a
//     pre-day gets the overall mean. The factor of a weekday is its
//     baseline over the pre-days' mean.
//   - The excess is actual − baseline over the window. Its 95% interval
//     is a prediction interval with a Student-t quantile on the residual
//     degrees of freedom: it counts the baseline's estimation error, the
//     bias the pulling toward the mean may bring, the window days' own
//     day-to-day noise, and the chance in the extra orders, which arrive
//     one by one (Poisson): each adds the square of the window's average
//     order value to the variance. (Without order counts the window's
//     noise grows in proportion to its sales instead.)
//   - The halo is excess − the revenue attributed (to links and codes) on
//     the window's days: what the posts sold that no link or code captured.
//
// The method assumes that, but for the posts, the window would have sold
// like the pre-days of the same weekday: no trend, season, price change,
// stock-out or promotion that starts in the window; day-level noise
// independent from day to day with one variance. It cannot separate posts
// whose windows overlap (the result is flagged), and with fewer than
// MinPreDays usable pre-days it gives no estimate at all; below WarnPreDays
// it warns that the baseline is rough.
//
// The package is pure: no database, no clock. Money stays integer cents;
// fractional cents are rounded once, at the end.
package uplift

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/liftmetrics/lift/internal/money"
)

// Defaults and limits of the method.
const (
	DefaultPreDays    = 28
	DefaultWindowDays = 3
	// MinPreDays is the fewest usable pre-days that give an estimate.
	MinPreDays = 7
	// WarnPreDays is the fewest usable pre-days that give no warning:
	// two of each weekday.
	WarnPreDays = 14
	// Level is the coverage of the intervals.
	Level = 0.95
)

// Day is one day of sales: every order of the day, attributed or not.
type Day struct {
	Date    Date
	Revenue money.Cents
	Orders  int64
}

// Post is a post and the local day it was published.
type Post struct {
	ID   string
	Date Date
}

// Group is the posts published on one day: their effects on daily sales
// cannot be told apart.
type Group struct {
	Date    Date
	PostIDs []string
}

// GroupPosts puts posts of the same day together, by date, ids sorted.
func GroupPosts(posts []Post) []Group {
	byDate := map[Date][]string{}
	for _, p := range posts {
		byDate[p.Date] = append(byDate[p.Date], p.ID)
	}
	out := make([]Group, 0, len(byDate))
	for d, ids := range byDate {
		sort.Strings(ids)
		out = append(out, Group{Date: d, PostIDs: ids})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Date < out[j].Date })
	return out
}

// Input is what Estimate works on.
type Input struct {
	// Series is the daily sales; a date absent from it has no data (not
	// zero sales), so a gap in an import is never read as a bad day.
	Series []Day
	// Attributed is the revenue credited to links and codes, by day.
	Attributed map[Date]money.Cents
	// Groups are every post group of the workspace: each group's window
	// is kept out of the others' pre-days.
	Groups []Group
}

// Options are the method's knobs; zero values take the defaults.
type Options struct {
	PreDays    int
	WindowDays int
}

func (o Options) withDefaults() Options {
	if o.PreDays <= 0 {
		o.PreDays = DefaultPreDays
	}
	if o.WindowDays <= 0 {
		o.WindowDays = DefaultWindowDays
	}
	return o
}

// Result is the uplift of one post group. Estimates are nil when there
// were too few pre-days or no window day with data.
type Result struct {
	PostIDs   []string `json:"post_ids"`
	Date      Date     `json:"date"`
	WindowEnd Date     `json:"window_end"` // last day of the window

	Baseline   *money.Cents `json:"baseline"`
	Actual     money.Cents  `json:"actual"`
	Excess     *money.Cents `json:"excess"`
	Low        *money.Cents `json:"low"`
	High       *money.Cents `json:"high"`
	Attributed money.Cents  `json:"attributed"`
	Halo       *money.Cents `json:"halo"`
	HaloLow    *money.Cents `json:"halo_low"`
	HaloHigh   *money.Cents `json:"halo_high"`

	BaselineOrders   *float64 `json:"baseline_orders"`
	ActualOrders     int64    `json:"actual_orders"`
	ExcessOrders     *float64 `json:"excess_orders"`
	ExcessOrdersLow  *float64 `json:"excess_orders_low"`
	ExcessOrdersHigh *float64 `json:"excess_orders_high"`

	// PreDays is how many pre-days the baseline rests on; WindowDays how
	// many window days have data.
	PreDays    int `json:"pre_days_used"`
	WindowDays int `json:"window_days_used"`
	// Overlaps lists the posts of other groups whose windows overlap this
	// one: the excess is theirs as much as this group's.
	Overlaps []string `json:"overlaps"`
	Warning  string   `json:"warning"`
}

// Estimate computes the uplift of every group in in.Groups.
func Estimate(in Input, opt Options) []Result {
	w := newEstimator(in, opt)
	out := make([]Result, 0, len(in.Groups))
	for i := range in.Groups {
		out = append(out, w.estimateGroup(i))
	}
	return out
}

func newEstimator(in Input, opt Options) *estimator {
	opt = opt.withDefaults()
	series := make(map[Date]Day, len(in.Series))
	for _, d := range in.Series {
		series[d.Date] = d
	}
	w := &estimator{in: in, opt: opt, series: series, byDate: map[Date][]int{}, lifted: map[Date]bool{}}
	for i, g := range in.Groups {
		w.byDate[g.Date] = append(w.byDate[g.Date], i)
		for d := g.Date; d < g.Date+Date(opt.WindowDays); d++ {
			w.lifted[d] = true
		}
	}
	return w
}

// estimator is Estimate's view of its input.
type estimator struct {
	in     Input
	opt    Options
	series map[Date]Day
	byDate map[Date][]int // group indices by date
	// lifted marks the days inside some group's window. A group's own
	// window lies after its pre-days, so for the pre-days of any group a
	// lifted day is one lifted by another group.
	lifted map[Date]bool
}

func (w *estimator) estimateGroup(gi int) Result {
	g := w.in.Groups[gi]
	r := Result{PostIDs: g.PostIDs, Date: g.Date, WindowEnd: g.Date + Date(w.opt.WindowDays) - 1}
	r.Overlaps = w.overlaps(gi)
	var warnings []string
	if len(r.Overlaps) > 0 {
		warnings = append(warnings, fmt.Sprintf("window overlaps post(s) %s: their effects cannot be told apart", strings.Join(r.Overlaps, ", ")))
	}
	window := w.window(&r)
	revenue, orders := w.preDays(g.Date)
	r.PreDays = len(revenue)
	switch {
	case r.WindowDays == 0:
		warnings = append(warnings, "no sales data for the window")
	case r.PreDays < MinPreDays:
		warnings = append(warnings, fmt.Sprintf("only %d usable day(s) before the post: at least %d are needed for a baseline", r.PreDays, MinPreDays))
	default:
		if r.WindowDays < w.opt.WindowDays {
			warnings = append(warnings, fmt.Sprintf("sales data for only %d of the window's %d days", r.WindowDays, w.opt.WindowDays))
		}
		if r.PreDays < WarnPreDays {
			warnings = append(warnings, fmt.Sprintf("only %d usable day(s) before the post (%d wanted): the baseline is rough", r.PreDays, w.opt.PreDays))
		}
		aov := 0.0 // unknown without orders: the window's noise then scales with its sales
		if r.ActualOrders > 0 {
			aov = float64(r.Actual) / float64(r.ActualOrders)
		}
		r.setRevenue(estimate(revenue, window, float64(r.Actual), aov))
		r.setOrders(estimate(orders, window, float64(r.ActualOrders), 1))
	}
	r.Warning = strings.Join(warnings, "; ")
	return r
}

// overlaps lists the posts of the other groups whose windows share a day
// with group gi's.
func (w *estimator) overlaps(gi int) []string {
	g, wd := w.in.Groups[gi], Date(w.opt.WindowDays)
	out := []string{}
	for d := g.Date - wd + 1; d < g.Date+wd; d++ {
		for _, j := range w.byDate[d] {
			if j != gi {
				out = append(out, w.in.Groups[j].PostIDs...)
			}
		}
	}
	return out
}

// window sums the sales of the window's days that have data into r and
// returns their weekdays.
func (w *estimator) window(r *Result) []time.Weekday {
	var days []time.Weekday
	for d := r.Date; d <= r.WindowEnd; d++ {
		day, ok := w.series[d]
		if !ok {
			continue
		}
		days = append(days, d.Weekday())
		r.Actual += day.Revenue
		r.ActualOrders += day.Orders
		r.Attributed += w.in.Attributed[d]
	}
	r.WindowDays = len(days)
	return days
}

// preDays collects the usable days before a group's date: with data, and
// not inside another group's window.
func (w *estimator) preDays(date Date) (revenue, orders []obs) {
	for d := date - Date(w.opt.PreDays); d < date; d++ {
		day, ok := w.series[d]
		if !ok || w.lifted[d] {
			continue
		}
		revenue = append(revenue, obs{d.Weekday(), float64(day.Revenue)})
		orders = append(orders, obs{d.Weekday(), float64(day.Orders)})
	}
	return revenue, orders
}

// setRevenue rounds the revenue fit to cents so that the published
// figures add up exactly: excess = actual − baseline, halo = excess −
// attributed, and the intervals are excess ± one rounded margin.
func (r *Result) setRevenue(f fit) {
	baseline := money.Round(f.baseline)
	margin := money.Round(tQuantile(0.5+Level/2, f.df) * f.se)
	excess := r.Actual - baseline
	r.Baseline = &baseline
	r.Excess = &excess
	r.Low, r.High = ptr(excess-margin), ptr(excess+margin)
	r.Halo = ptr(excess - r.Attributed)
	r.HaloLow, r.HaloHigh = ptr(*r.Low-r.Attributed), ptr(*r.High-r.Attributed)
}

// setOrders keeps order figures to two decimals: an expected count.
func (r *Result) setOrders(f fit) {
	margin := tQuantile(0.5+Level/2, f.df) * f.se
	excess := float64(r.ActualOrders) - f.baseline
	r.BaselineOrders = ptr(round2(f.baseline))
	r.ExcessOrders = ptr(round2(excess))
	r.ExcessOrdersLow, r.ExcessOrdersHigh = ptr(round2(excess-margin)), ptr(round2(excess+margin))
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

func ptr[T any](v T) *T { return &v }

// Covers reports whether the interval of r holds x cents.
func (r Result) Covers(x money.Cents) bool {
	return r.Low != nil && *r.Low <= x && x <= *r.High
}

// Significant reports whether the interval excludes zero: the posts moved
// sales by more than the day-to-day noise explains.
func (r Result) Significant() bool {
	return r.Low != nil && (*r.Low > 0 || *r.High < 0)
}
