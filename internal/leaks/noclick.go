package leaks

import (
	"fmt"
	"time"

	"github.com/liftmetrics/lift/internal/metrics"
)

// clicked reports whether the order's buyer clicked one of the code's
// creator's links within the window before the order; the edge counts, as
// in attribution.
func clicked(r redemption, window time.Duration) bool {
	for _, c := range r.order.Clicks {
		if c.Creator == r.code.Creator && !c.Time.After(r.order.Time) && r.order.Time.Sub(c.Time) <= window {
			return true
		}
	}
	return false
}

// tally counts redemptions and those without a click.
type tally struct{ n, k int }

func count(rs []redemption, window time.Duration) tally {
	var t tally
	for _, r := range rs {
		t.n++
		if !clicked(r, window) {
			t.k++
		}
	}
	return t
}

// noClick applies the no-click rule to one code; all counts every
// redemption of the workspace, of which the code's own are taken out for
// the baseline.
func noClick(c *Code, rs []redemption, all tally, window time.Duration) (Finding, bool) {
	var without []redemption
	for _, r := range rs {
		if !clicked(r, window) {
			without = append(without, r)
		}
	}
	n, k := len(rs), len(without)
	if n < MinRedemptions || float64(k) < NoClickShare*float64(n) {
		return Finding{}, false
	}
	otherN, otherK := all.n-n, all.k-k
	share := float64(k) / float64(n)
	baseline := "too few other redemptions to compare with"
	if otherN >= MinRedemptions {
		other := float64(otherK) / float64(otherN)
		if share < other+NoClickMargin {
			return Finding{}, false
		}
		baseline = fmt.Sprintf("the workspace's other codes: %s of %s (%s)", num(otherK), num(otherN), percent(other))
	}
	ev := fmt.Sprintf("%s of %s redemptions (%s) came with no click on %s's links in the %s before the order; %s",
		num(k), num(n), percent(share), c.Creator, days(window), baseline)
	return finding(KindNoClick, c, n, without, ev), true
}

func num(n int) string { return metrics.Count(int64(n)) }

func percent(f float64) string { return fmt.Sprintf("%.0f%%", f*100) }

// days writes a window the way people say it: "30 days", "24 hours".
func days(d time.Duration) string {
	switch {
	case d%(24*time.Hour) == 0:
		return plural(int(d/(24*time.Hour)), "day")
	case d%time.Hour == 0:
		return plural(int(d/time.Hour), "hour")
	}
	return d.String()
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}
