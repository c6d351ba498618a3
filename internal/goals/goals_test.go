package goals

import (
	"math"
	"testing"
	"time"

	"github.com/liftmetrics/lift/internal/metrics"
	"github.com/liftmetrics/lift/internal/money"
)

func f(v float64) *float64 { return &v }

var (
	start = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	end   = start.AddDate(0, 0, 30) // a 30-day campaign: March 1 to 30, ending at midnight
	day   = func(n float64) time.Time { return start.Add(time.Duration(n * 24 * float64(time.Hour))) }
)

func near(a *float64, b float64) bool { return a != nil && math.Abs(*a-b) < 1e-9 }

// Cumulative goals, worked out by hand. Target 400 orders over 30 days:
//   - day 10, 100 orders: 25% done, 33.33% expected → behind; 10 a day
//     reaches 400 on day 40, after the end.
//   - day 10, 150 orders: 37.5% ≥ 33.33% → on track; 15 a day reaches 400
//     on day 26.67, before the end.
//   - day 15, 200 orders: 50% = 50% expected → on track; 400 on day 30
//     exactly, which is the (exclusive) end → not by the end.
func TestTrackCumulative(t *testing.T) {
	g := Goal{Metric: "orders", Target: 400, Starts: start, Ends: end}
	for _, tc := range []struct {
		name      string
		value     float64
		now       time.Time
		progress  float64
		expected  float64
		pace      string
		rate      *float64
		projected *time.Time
		byEnd     *bool
	}{
		{"behind", 100, day(10), 0.25, 1.0 / 3, Behind, f(10), ptr(day(40)), ptr(false)},
		{"on track", 150, day(10), 0.375, 1.0 / 3, OnTrack, f(15), ptr(day(400.0 / 15)), ptr(true)},
		{"just on track", 200, day(15), 0.5, 0.5, OnTrack, f(200.0 / 15), ptr(day(30)), ptr(false)},
		{"no orders yet", 0, day(3), 0, 0.1, Behind, f(0), nil, nil},
		{"not started", 0, start.Add(-time.Hour), 0, 0, NotStarted, nil, nil, nil},
		{"starts now", 0, start, 0, 0, NotStarted, nil, nil, nil},
		{"reached early", 410, day(20), 1.025, 2.0 / 3, Reached, nil, nil, nil},
		{"ended short", 390, day(31), 0.975, 1, Ended, nil, nil, nil},
		{"ended at the end", 390, end, 0.975, 1, Ended, nil, nil, nil},
		{"reached after the end", 400, day(45), 1, 1, Reached, nil, nil, nil},
	} {
		s := Track(g, f(tc.value), nil, tc.now)
		if !near(s.Progress, tc.progress) || !near(s.Expected, tc.expected) || s.Pace != tc.pace {
			t.Errorf("%s: progress %v expected %v pace %q; want %v %v %q", tc.name, deref(s.Progress), deref(s.Expected), s.Pace, tc.progress, tc.expected, tc.pace)
		}
		if (tc.rate == nil) != (s.DailyRate == nil) || (tc.rate != nil && !near(s.DailyRate, *tc.rate)) {
			t.Errorf("%s: daily rate %v, want %v", tc.name, deref(s.DailyRate), deref(tc.rate))
		}
		if !sameTime(s.Projected, tc.projected) || !sameBool(s.ByEnd, tc.byEnd) {
			t.Errorf("%s: projected %v by end %v; want %v %v", tc.name, s.Projected, s.ByEnd, tc.projected, tc.byEnd)
		}
		if s.Met != (tc.value >= 400) {
			t.Errorf("%s: met = %v", tc.name, s.Met)
		}
	}
}

// ROI and ROAS are judged as they stand, never projected.
func TestTrackRatio(t *testing.T) {
	g := Goal{Metric: "roi", Target: 2, Starts: start, Ends: end}
	for _, tc := range []struct {
		name  string
		value *float64
		now   time.Time
		met   bool
		pace  string
	}{
		{"met while running", f(2.5), day(10), true, OnTrack},
		{"exactly met", f(2), day(10), true, OnTrack},
		{"short while running", f(1.2), day(10), false, Behind},
		{"no cost yet", nil, day(10), false, Behind},
		{"met at the end", f(2.1), day(30), true, Reached},
		{"missed", f(-0.4), day(31), false, Ended},
		{"not started", f(3), start, true, NotStarted},
	} {
		s := Track(g, tc.value, nil, tc.now)
		if s.Met != tc.met || s.Pace != tc.pace {
			t.Errorf("%s: met %v pace %q; want %v %q", tc.name, s.Met, s.Pace, tc.met, tc.pace)
		}
		if s.Progress != nil || s.Expected != nil || s.DailyRate != nil || s.Projected != nil || s.ByEnd != nil {
			t.Errorf("%s: a ratio goal got progress, pace or projection: %+v", tc.name, s)
		}
	}
}

func TestTrackSeries(t *testing.T) {
	g := Goal{Metric: "impressions", Target: 5000, Starts: start, Ends: end}
	series := []Day{{Date: "2026-03-02", Value: 2000}, {Date: "2026-03-04", Value: 3000}, {Date: "2026-03-09", Value: 1500}}
	s := Track(g, f(6500), series, day(12))
	if s.Pace != Reached || s.ReachedOn != "2026-03-04" {
		t.Errorf("pace %q reached on %q; want reached on 2026-03-04", s.Pace, s.ReachedOn)
	}
	want := []float64{2000, 5000, 6500}
	for i, d := range s.Series {
		if d.Cumulative != want[i] {
			t.Errorf("day %s cumulative %v, want %v", d.Date, d.Cumulative, want[i])
		}
	}
	if series[2].Cumulative != 0 {
		t.Error("Track changed its input")
	}
	if s := Track(g, f(2000), series[:1], day(12)); s.ReachedOn != "" {
		t.Errorf("reached on %q before the target", s.ReachedOn)
	}
}

// A rate so slow that the target is centuries away is never, not an
// overflowed date.
func TestTrackFarProjection(t *testing.T) {
	g := Goal{Metric: "orders", Target: 1e9, Starts: start, Ends: end}
	s := Track(g, f(1), nil, day(10))
	if s.Pace != Behind || s.Projected != nil || s.ByEnd == nil || *s.ByEnd {
		t.Errorf("pace %q projected %v by end %v", s.Pace, s.Projected, s.ByEnd)
	}
}

func TestValueOfAndTarget(t *testing.T) {
	v := metrics.Compute(metrics.Inputs{Impressions: 150000, Likes: 4900, Comments: 560, Shares: 540,
		Clicks: 4, Orders: 2.5, NewCustomers: 1.5, Revenue: 25000, Cost: 86400})
	for _, tc := range []struct {
		metric string
		want   *float64
	}{
		{"orders", f(2.5)},
		{"revenue", f(25000)}, // cents
		{"clicks", f(4)},
		{"impressions", f(150000)},
		{"engagements", f(6000)},
		{"new_customers", f(1.5)},
		{"roi", f((25000.0 - 86400) / 86400)},
		{"roas", f(25000.0 / 86400)},
	} {
		got, err := ValueOf(v, tc.metric)
		if err != nil || !near(got, *tc.want) {
			t.Errorf("ValueOf(%s) = %v, %v; want %v", tc.metric, deref(got), err, *tc.want)
		}
	}
	if roi, err := ValueOf(metrics.Compute(metrics.Inputs{}), "roi"); roi != nil || err != nil {
		t.Errorf("ROI without cost = %v, %v; want undefined", deref(roi), err)
	}
	if got, err := ValueOf(metrics.Compute(metrics.Inputs{Conversions: 2.5, Orders: 9}), "conversions"); err != nil || *got != 2.5 {
		t.Errorf("ValueOf(conversions) = %v, %v; want 2.5", deref(got), err)
	}
	if _, err := ValueOf(v, "likes"); err == nil {
		t.Error("unknown metric accepted")
	}
	if got := Target("revenue", 5000.5); got != float64(money.Cents(500050)) {
		t.Errorf("revenue target = %v cents, want 500050", got)
	}
	if got := Target("orders", 400); got != 400 {
		t.Errorf("orders target = %v", got)
	}
}

func ptr[T any](v T) *T { return &v }

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Sub(*b).Abs() < time.Second
}

func sameBool(a, b *bool) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}
