package uplift

import (
	"testing"

	"github.com/liftmetrics/lift/internal/money"
)

// A flat $10.00 a day has no noise: every day expects $10.00 with a band
// of no width. Another post's window (days -10 to -8) and a day without
// data (-5) are told apart from the usable days.
func TestChartMarksEachDaysPart(t *testing.T) {
	series := days(-28, 4, flat(1000, 10))
	series = append(series[:23], series[24:]...) // no data on day -5
	in := Input{Series: series, Groups: []Group{{Date: post - 10, PostIDs: []string{"a"}}, {Date: post, PostIDs: []string{"b"}}}}
	got := Chart(in, Options{}, post, 2)
	if len(got) != 28+3+2 || got[0].Date != post-28 || got[len(got)-1].Date != post+4 {
		t.Fatalf("the chart spans %d days, %v to %v", len(got), got[0].Date, got[len(got)-1].Date)
	}
	for _, d := range got {
		i := int(d.Date - post)
		want := UsePre
		switch {
		case i == -5:
			want = ""
		case i >= -10 && i <= -8:
			want = UseLifted
		case i >= 0 && i <= 2:
			want = UseWindow
		case i > 2:
			want = UseAfter
		}
		if d.Use != want {
			t.Errorf("day %d is %q, want %q", i, d.Use, want)
		}
		if (d.Sales == nil) != (i == -5) || (d.Sales != nil && *d.Sales != 1000) {
			t.Errorf("day %d sold %v", i, d.Sales)
		}
		if d.Expected == nil || *d.Expected != 1000 || *d.Low != 1000 || *d.High != 1000 {
			t.Errorf("day %d expects %v, %v to %v; want $10.00 with no band", i, d.Expected, d.Low, d.High)
		}
	}
	// Six usable days give no baseline, and so no band.
	for _, d := range Chart(Input{Series: days(-6, 2, flat(1000, 10)), Groups: in.Groups[1:]}, Options{}, post, 0) {
		if d.Expected != nil || d.Low != nil || d.High != nil {
			t.Errorf("day %v has a baseline from six days: %v", d.Date, d.Expected)
		}
	}
}

// The chart's days come from the group's own fit: over the window they
// add up to its baseline (to the cent of rounding each day), and the band
// holds the expected day.
func TestChartAddsUpToTheBaseline(t *testing.T) {
	weekly := []money.Cents{52000, 38000, 40000, 41000, 43000, 47000, 61000}
	noisy := func(d Date) (money.Cents, int64) {
		c := weekly[d.Weekday()] + money.Cents(int(d)*7919%6000) - 3000
		return c, int64(c / 4000)
	}
	in := Input{Series: days(-40, 10, noisy), Groups: []Group{{Date: post - 20, PostIDs: []string{"a"}}, {Date: post, PostIDs: []string{"b"}}}}
	res := Estimate(in, Options{})[1]
	var sum money.Cents
	for _, d := range Chart(in, Options{}, post, 3) {
		if d.Expected == nil || *d.Low > *d.Expected || *d.Expected > *d.High || *d.Low == *d.High {
			t.Fatalf("day %v: expected %v, band %v to %v", d.Date, d.Expected, d.Low, d.High)
		}
		if d.Use == UseWindow {
			sum += *d.Expected
		}
	}
	if diff := sum - *res.Baseline; diff < -2 || diff > 2 {
		t.Errorf("the window's days expect %v in all; the estimate's baseline is %v", sum, *res.Baseline)
	}
}
