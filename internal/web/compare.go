package web

import (
	"math"
	"net/url"
	"strconv"
	"time"

	"github.com/liftmetrics/lift/internal/metrics"
	"github.com/liftmetrics/lift/internal/store"
)

// preset is a quick choice of dates beside the date pickers.
type preset struct {
	Label string
	Href  string
	On    bool // the dates picked are the preset's
}

// presets are the last 7, 30 and 90 days, this month and last month, all
// up to and including today in the workspace's zone, and the campaign's
// own dates when one is picked. Each keeps the page's other pickers.
func presets(q url.Values, today time.Time, camp store.Campaign, hasCamp bool, from, to string) []preset {
	y, m, d := today.Date()
	day := func(y int, m time.Month, d int) string {
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
	}
	last := day(y, m, d)
	ps := []struct{ label, from, to string }{
		{"Last 7 days", day(y, m, d-6), last},
		{"Last 30 days", day(y, m, d-29), last},
		{"Last 90 days", day(y, m, d-89), last},
		{"This month", day(y, m, 1), last},
		{"Last month", day(y, m-1, 1), day(y, m, 0)},
	}
	if hasCamp {
		loc := today.Location()
		ps = append(ps, struct{ label, from, to string }{"Campaign dates",
			camp.Starts.In(loc).Format(time.DateOnly), camp.Ends.Add(-time.Nanosecond).In(loc).Format(time.DateOnly)})
	}
	out := make([]preset, len(ps))
	for i, p := range ps {
		v := url.Values{}
		for k, vs := range q {
			if k != "from" && k != "to" && k != "format" && k != "table" {
				v[k] = vs
			}
		}
		v.Set("from", p.from)
		v.Set("to", p.to)
		out[i] = preset{Label: p.label, Href: "?" + v.Encode(), On: p.from == from && p.to == to}
	}
	return out
}

// period is a span of whole local days, [From, To).
type period struct {
	From, To time.Time
	Days     int
}

// Label names the period by its first and last day.
func (p period) Label() string {
	return p.From.Format(time.DateOnly) + " to " + p.To.AddDate(0, 0, -1).Format(time.DateOnly)
}

// previousPeriod is the period of as many days that ends where the one
// picked begins: before March 8–14 (7 days), March 1–7. Without a first
// day there is nothing to compare with; without a last day the period
// runs through today. from, to and tomorrow are local midnights (to and
// tomorrow exclusive).
func previousPeriod(from, to, tomorrow time.Time) (period, bool) {
	if from.IsZero() {
		return period{}, false
	}
	if to.IsZero() {
		to = tomorrow
	}
	n := daysBetween(from, to)
	if n <= 0 {
		return period{}, false
	}
	return period{From: from.AddDate(0, 0, -n), To: from, Days: n}, true
}

// daysBetween counts the calendar days from one local midnight to
// another, whatever daylight saving time does to the hours between.
func daysBetween(from, to time.Time) int {
	a := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, time.UTC)
	b := time.Date(to.Year(), to.Month(), to.Day(), 0, 0, 0, 0, time.UTC)
	return int(b.Sub(a).Hours() / 24)
}

// direction says whether a metric's rise is good news (+1), bad news
// (−1: what each order, customer or click costs) or neither (0: cost,
// which is spent on purpose).
func direction(key string) int {
	switch key {
	case "cost":
		return 0
	case "cac", "cpa", "cpe", "cpm", "cpc":
		return -1
	}
	return 1
}

// change is the relative change from prev to cur: (cur − prev) / |prev|.
// It is nil when either is undefined or prev is zero: a change from
// nothing is no percentage, neither infinite nor 0%.
func change(cur, prev *float64) *float64 {
	if cur == nil || prev == nil || *prev == 0 {
		return nil
	}
	c := (*cur - *prev) / math.Abs(*prev)
	return &c
}

// delta writes a change as a tile shows it ("▲ 12%", "▼ 3.5%", "0%",
// "—") with its class: good, bad, neutral, flat or none.
func delta(c *float64, dir int) (text, class string) {
	if c == nil {
		return "—", "none"
	}
	pct := math.Abs(*c) * 100
	s := strconv.FormatFloat(pct, 'f', 1, 64)
	if pct >= 9.95 {
		s = metrics.Count(int64(math.Round(pct)))
	}
	if s == "0.0" {
		return "0%", "flat"
	}
	arrow, sign := "▲ ", 1
	if *c < 0 {
		arrow, sign = "▼ ", -1
	}
	switch dir * sign {
	case 1:
		class = "good"
	case -1:
		class = "bad"
	default:
		class = "neutral"
	}
	return arrow + s + "%", class
}

// compare gives each KPI tile its change against the previous period's
// values.
func compare(ts []tile, cur, prev metrics.Values, currency string, p period) {
	for i := range ts {
		t := &ts[i]
		if t.key == "" {
			continue
		}
		k := kpiByKey(t.key)
		was := k.cell(prev, currency)
		t.Delta, t.DeltaClass = delta(change(k.cell(cur, currency).sortN, was.sortN), direction(t.key))
		t.DeltaHint = "previous " + plural(int64(p.Days), "day", "days") + " (" + p.Label() + "): " + was.Text
		if t.Delta == "—" {
			t.DeltaHint += ", so no change to show"
		}
	}
}
