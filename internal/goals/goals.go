// Package goals tracks a campaign's goal (a KPI and a target, such as
// orders >= 400; README, "Benchmarks and goals"): how far along it is,
// whether it keeps pace with the campaign's calendar, and when it will be
// reached at the rate so far.
//
// The package is pure: the value, the daily series and the moment "now"
// come in as values.
package goals

import (
	"fmt"
	"slices"
	"time"

	"github.com/liftmetrics/lift/internal/metrics"
	"github.com/liftmetrics/lift/internal/money"
)

// Metrics lists the KPIs a goal can be set on, as campaigns.csv names them.
var Metrics = []string{"orders", "revenue", "clicks", "impressions", "engagements", "conversions", "new_customers", "roi", "roas"}

// The paces of a goal.
const (
	NotStarted = "not started"
	OnTrack    = "on track"
	Behind     = "behind"
	Reached    = "reached"
	Ended      = "ended" // over, target missed
)

// Goal is a campaign's goal and calendar. Ends is exclusive: a campaign
// that ends on March 31 ends at the midnight after it.
type Goal struct {
	Metric string
	// Target is in the metric's unit; for revenue, in cents.
	Target float64
	Starts time.Time
	Ends   time.Time
}

// Day is one day of the metric's series.
type Day struct {
	Date       string  `json:"day"` // YYYY-MM-DD in the workspace's zone
	Value      float64 `json:"value"`
	Cumulative float64 `json:"cumulative"` // set by Track
}

// Status is where a goal stands at a moment.
type Status struct {
	Value *float64 // nil when undefined (ROI without any cost)
	// Progress is Value / Target and Expected the share of the campaign's
	// time gone by; both only for goals that add up (not ROI or ROAS).
	Progress *float64
	Expected *float64
	Met      bool
	Pace     string
	// DailyRate is the average per day so far; Projected the moment the
	// target is reached at that rate, and ByEnd whether that is before the
	// campaign ends. Nil when the goal is reached, not running, a ratio,
	// or has not moved yet.
	DailyRate *float64
	Projected *time.Time
	ByEnd     *bool
	// ReachedOn is the first day the series reached the target.
	ReachedOn string
	Series    []Day
}

// IsRatio reports whether a goal's metric is a ratio (ROI, ROAS), which
// does not add up over days: it is met or not, never "on its way".
func IsRatio(metric string) bool { return metric == "roi" || metric == "roas" }

// ValueOf reads a goal's metric from a report's values. Revenue is in
// cents, like a revenue goal's Target.
func ValueOf(v metrics.Values, metric string) (*float64, error) {
	n := func(x float64) (*float64, error) { return &x, nil }
	switch metric {
	case "orders":
		return n(v.Orders)
	case "revenue":
		return n(float64(v.Revenue))
	case "clicks":
		return n(float64(v.Clicks))
	case "impressions":
		return n(float64(v.Impressions))
	case "engagements":
		return n(float64(v.Engagements))
	case "new_customers":
		return n(v.NewCustomers)
	case "roi":
		return v.ROI, nil
	case "roas":
		return v.ROAS, nil
	case "conversions":
		return n(v.Conversions)
	}
	return nil, fmt.Errorf("unknown goal metric %q (use one of %v)", metric, Metrics)
}

// Target converts a goal target as campaigns.csv gives it (revenue in
// major units) to the unit ValueOf gives (revenue in cents).
func Target(metric string, target float64) float64 {
	if metric == "revenue" {
		return float64(money.Round(target * 100))
	}
	return target
}

// Track says where goal g stands at now, given the metric's value so far
// and its daily series (days in order; days without a value may be left
// out).
func Track(g Goal, value *float64, series []Day, now time.Time) Status {
	s := Status{Value: value, Series: cumulate(series)}
	s.Met = value != nil && *value >= g.Target
	if IsRatio(g.Metric) {
		s.Pace = ratioPace(g, s.Met, now)
		return s
	}
	if g.Target > 0 && value != nil {
		p := *value / g.Target
		s.Progress = &p
	}
	e := Elapsed(g.Starts, g.Ends, now)
	s.Expected = &e
	s.ReachedOn = reachedOn(s.Series, g.Target)
	switch {
	case s.Met:
		s.Pace = Reached
	case !now.After(g.Starts):
		s.Pace = NotStarted
	case !now.Before(g.Ends):
		s.Pace = Ended
	case s.Progress != nil && *s.Progress >= e:
		s.Pace = OnTrack
	default:
		s.Pace = Behind
	}
	if s.Pace == OnTrack || s.Pace == Behind {
		s.project(g, now)
	}
	return s
}

// ratioPace judges ROI or ROAS as they stand: a ratio can rise or fall
// until the campaign is over, so it is "reached" only then.
func ratioPace(g Goal, met bool, now time.Time) string {
	switch {
	case !now.After(g.Starts):
		return NotStarted
	case !now.Before(g.Ends) && met:
		return Reached
	case !now.Before(g.Ends):
		return Ended
	case met:
		return OnTrack
	}
	return Behind
}

// project extends the average daily rate so far to the target.
func (s *Status) project(g Goal, now time.Time) {
	days := now.Sub(g.Starts).Hours() / 24
	if s.Value == nil || days <= 0 {
		return
	}
	rate := *s.Value / days
	s.DailyRate = &rate
	if rate <= 0 {
		return
	}
	left := (g.Target - *s.Value) / rate // days
	byEnd := false
	s.ByEnd = &byEnd
	if left > maxDays {
		return // beyond any calendar worth printing, and beyond time.Duration
	}
	at := now.Add(time.Duration(left * 24 * float64(time.Hour)))
	byEnd = at.Before(g.Ends)
	s.Projected = &at
}

// maxDays bounds a projection: a century at the current rate is "never".
const maxDays = 36500

// Elapsed is the share of a campaign's time, from starts to ends
// (exclusive), gone by at now, in [0, 1].
func Elapsed(starts, ends, now time.Time) float64 {
	total := ends.Sub(starts)
	if total <= 0 {
		return 1
	}
	return min(1, max(0, float64(now.Sub(starts))/float64(total)))
}

func cumulate(series []Day) []Day {
	out := slices.Clone(series)
	sum := 0.0
	for i := range out {
		sum += out[i].Value
		out[i].Cumulative = sum
	}
	return out
}

func reachedOn(series []Day, target float64) string {
	for _, d := range series {
		if d.Cumulative >= target {
			return d.Date
		}
	}
	return ""
}
