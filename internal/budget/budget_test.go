package budget

import (
	"math"
	"testing"
	"time"

	"github.com/liftmetrics/lift/internal/money"
)

func TestTrack(t *testing.T) {
	// A campaign of 10 days: March 1 to March 10 inclusive.
	starts := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	ends := time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC)
	day := func(d, h int) time.Time { return time.Date(2026, 3, d, h, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		name          string
		budget, spent money.Cents
		now           time.Time
		remaining     money.Cents
		share         float64 // −1: undefined
		elapsed       float64
		pace          float64 // −1: undefined
		over          bool
		state         string
	}{
		// 4 of 10 days gone, $400 of $1,000 spent: exactly the calendar.
		{"on pace", 100000, 40000, day(5, 0), 60000, 0.4, 0.4, 1, false, OnPace},
		// 2.5 of 10 days gone, $500 spent: twice as fast.
		{"ahead", 100000, 50000, day(3, 12), 50000, 0.5, 0.25, 2, false, Ahead},
		// 8 days gone, $200 spent: a quarter of the calendar's pace.
		{"behind", 100000, 20000, day(9, 0), 80000, 0.2, 0.8, 0.25, false, Behind},
		// 5 days gone, $520: 1.04 is within 10% of the calendar.
		{"within the tolerance", 100000, 52000, day(6, 0), 48000, 0.52, 0.5, 1.04, false, OnPace},
		// Spent one cent more than the budget, half way through.
		{"over", 100000, 100001, day(6, 0), -1, 1.00001, 0.5, 2.00002, true, Over},
		// A fee paid before the first day: spent, but no pace yet.
		{"not started", 100000, 30000, day(1, 0).Add(-time.Hour), 70000, 0.3, 0, -1, false, NotStarted},
		// Over before the start is still over.
		{"over before the start", 10000, 30000, day(1, 0).Add(-time.Hour), -20000, 3, 0, -1, true, Over},
		// After the end the whole calendar is gone.
		{"ended", 100000, 90000, day(20, 0), 10000, 0.9, 1, 0.9, false, Within},
		{"ended exactly on budget", 100000, 100000, day(11, 0), 0, 1, 1, 1, false, Within},
		// A budget of zero: no share, and anything spent is over it.
		{"zero budget, nothing spent", 0, 0, day(5, 0), 0, -1, 0.4, -1, false, OnPace},
		{"zero budget, spent", 0, 1, day(5, 0), -1, -1, 0.4, -1, true, Over},
	} {
		s := Track(tc.budget, tc.spent, starts, ends, tc.now)
		if s.Remaining != tc.remaining || s.Over != tc.over || s.State != tc.state || !near(s.Elapsed, tc.elapsed) ||
			!nearPtr(s.SpentShare, tc.share) || !nearPtr(s.Pace, tc.pace) {
			t.Errorf("%s: remaining %d share %v elapsed %v pace %v over %v state %q; want %d %v %v %v %v %q", tc.name,
				s.Remaining, deref(s.SpentShare), s.Elapsed, deref(s.Pace), s.Over, s.State,
				tc.remaining, tc.share, tc.elapsed, tc.pace, tc.over, tc.state)
		}
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func nearPtr(p *float64, want float64) bool {
	if want == -1 {
		return p == nil
	}
	return p != nil && near(*p, want)
}

func deref(p *float64) any {
	if p == nil {
		return "nil"
	}
	return *p
}
