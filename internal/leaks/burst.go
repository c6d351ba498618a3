package leaks

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/liftmetrics/lift/internal/metrics"
)

// bursts applies the burst rule to one code: one finding per day whose
// redemptions exceed both the code's own baseline and what its creator's
// audience could plausibly give. posts are the creator's; last is the
// time the data runs to.
func bursts(c *Code, rs []redemption, posts []Post, last time.Time, loc *time.Location) []Finding {
	byDay := map[time.Time][]redemption{}
	for _, r := range rs {
		d := civil(r.order.Time, loc)
		byDay[d] = append(byDay[d], r)
	}
	from, to := civil(rs[0].order.Time, loc), civil(last, loc)
	if !c.Since.IsZero() && civil(c.Since, loc).Before(from) {
		from = civil(c.Since, loc)
	}
	if end := civil(rs[len(rs)-1].order.Time, loc); end.After(to) {
		to = end
	}
	var daily []int
	for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
		daily = append(daily, len(byDay[d]))
	}
	median := medianOf(daily)
	limit := math.Max(BurstFloor, BurstFactor*median)
	var out []Finding
	for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
		day := byDay[d]
		n := float64(len(day))
		if n <= limit {
			continue
		}
		reach := recentReach(posts, d, loc)
		audience := float64(max(c.Followers, reach)) * AudienceShare
		if n <= audience {
			continue
		}
		ev := fmt.Sprintf("%s redemptions on %s against a median of %s a day over %s (limit %s); %s",
			num(len(day)), d.Format(time.DateOnly), number(median), plural(len(daily), "day"), number(limit),
			audienceText(c, reach, audience))
		out = append(out, finding(KindBurst, c, len(rs), day, ev))
	}
	return out
}

// reachOf keeps one creator's posts.
func reachOf(posts []Post, creator string) []Post {
	var out []Post
	for _, p := range posts {
		if p.Creator == creator {
			out = append(out, p)
		}
	}
	return out
}

// recentReach sums the reach of the posts published on day d or in the
// AudienceDays-1 days before it.
func recentReach(posts []Post, d time.Time, loc *time.Location) int64 {
	var sum int64
	for _, p := range posts {
		pd := civil(p.Time, loc)
		if !pd.After(d) && pd.After(d.AddDate(0, 0, -AudienceDays)) {
			sum += p.Reach
		}
	}
	return sum
}

// civil is the calendar day of t in loc, as midnight UTC so that days
// step by AddDate without daylight-saving surprises.
func civil(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func medianOf(xs []int) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n == 0 {
		return 0
	}
	if n%2 == 1 {
		return float64(s[n/2])
	}
	return float64(s[n/2-1]+s[n/2]) / 2
}

func audienceText(c *Code, reach int64, audience float64) string {
	var who string
	switch {
	case c.Followers == 0 && reach == 0:
		return fmt.Sprintf("%s's audience is not known", c.Creator)
	case reach > c.Followers:
		who = fmt.Sprintf("the %s people %s's posts of the last %d days reached", metrics.Count(reach), c.Creator, AudienceDays)
	default:
		who = fmt.Sprintf("%s's %s followers", c.Creator, metrics.Count(c.Followers))
	}
	return fmt.Sprintf("%s would plausibly give at most %s (%s)", who, number(audience), percentOf(AudienceShare))
}

// percentOf writes a small share as people read it: 0.005 is "0.5%".
func percentOf(f float64) string {
	return metrics.Percent(&f)
}

// number writes a count that may be a half (a median) or a fraction (an
// audience limit) without noise: "3", "2.5", "12.3".
func number(f float64) string {
	if f == math.Trunc(f) {
		return fmt.Sprintf("%.0f", f)
	}
	return fmt.Sprintf("%.1f", f)
}
