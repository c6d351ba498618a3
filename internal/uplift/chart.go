package uplift

import (
	"math"
	"time"

	"github.com/liftmetrics/lift/internal/money"
)

// The part a day plays around a post group.
const (
	UsePre    = "pre"    // a usable day before the post: the baseline rests on it
	UseLifted = "lifted" // before the post, but inside another group's window: left out
	UseWindow = "window" // in the group's own window
	UseAfter  = "after"  // after the window, shown for context
)

// ChartDay is one day of the chart around a post group: its sales and
// what the group's baseline expects of a day of its weekday.
type ChartDay struct {
	Date  Date
	Use   string       // UsePre, …; "" for a day before the post without data
	Sales *money.Cents // nil: no data that day (not zero sales)
	// Expected is the baseline's level for the day's weekday, and Low to
	// High the 95% interval of one such day's sales without the posts;
	// all nil when the group has too few usable days for a baseline.
	Expected, Low, High *money.Cents
}

// Chart lays out the days around the post group of date: the PreDays
// before it, its window and after more days, each with its sales and the
// group's baseline for that weekday. The band of a day is a prediction
// interval for one day, from the same fit as the group's estimate: the
// baseline's error, the pull toward the mean and the day's own noise.
func Chart(in Input, opt Options, date Date, after int) []ChartDay {
	w := newEstimator(in, opt)
	opt = w.opt
	revenue, _ := w.preDays(date)
	end := date + Date(opt.WindowDays) - 1
	var out []ChartDay
	for d := date - Date(opt.PreDays); d <= end+Date(after); d++ {
		cd := ChartDay{Date: d}
		day, ok := w.series[d]
		if ok {
			cd.Sales = ptr(day.Revenue)
		}
		switch {
		case d >= date && d <= end:
			cd.Use = UseWindow
		case d > end:
			cd.Use = UseAfter
		case ok && w.lifted[d]:
			cd.Use = UseLifted
		case ok:
			cd.Use = UsePre
		}
		if len(revenue) >= MinPreDays {
			f := estimate(revenue, []time.Weekday{d.Weekday()}, 0, 0)
			margin := tQuantile(0.5+Level/2, f.df) * f.se
			cd.Expected = ptr(money.Round(f.baseline))
			cd.Low, cd.High = ptr(money.Round(math.Max(0, f.baseline-margin))), ptr(money.Round(f.baseline+margin))
		}
		out = append(out, cd)
	}
	return out
}
