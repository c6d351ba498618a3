package customers

import (
	"slices"
	"time"

	"github.com/liftmetrics/lift/internal/money"
)

// payback finds when the creator's credited revenue last caught up with
// their cost and stayed level or ahead. The last catch-up, not the first:
// a second fee that revenue has not yet covered means the creator has not
// paid back, whatever the first fee did.
func (a *acc) payback(posted time.Time, loc *time.Location) (*int, *string) {
	start, ok := a.start(posted)
	if !ok {
		return nil, nil
	}
	events := slices.Clone(a.events)
	slices.SortStableFunc(events, func(x, y event) int { return x.at.Compare(y.at) })
	var revenue, cost money.Cents
	var at time.Time
	covered := false
	for i, e := range events {
		revenue += e.revenue
		cost += e.cost
		if i+1 < len(events) && events[i+1].at.Equal(e.at) {
			continue // an instant's events count together
		}
		now := cost > 0 && revenue >= cost
		if now && !covered {
			at = e.at
		}
		covered = now
	}
	if !covered {
		return nil, nil
	}
	// Revenue credited before the first post or cost pays back on the
	// first day, not before it.
	if at.Before(start) {
		at = start
	}
	date := at.In(loc).Format(time.DateOnly)
	days := civilDays(start.In(loc), at.In(loc))
	return &days, &date
}

// start is the creator's first post or first cost, whichever is earlier.
func (a *acc) start(posted time.Time) (time.Time, bool) {
	start, ok := posted, !posted.IsZero()
	for _, e := range a.events {
		if e.spend && (!ok || e.at.Before(start)) {
			start, ok = e.at, true
		}
	}
	return start, ok
}

// civilDays counts calendar days from a's date to b's, in their zone, so
// that a day of 23 or 25 hours is still one day.
func civilDays(a, b time.Time) int {
	da := time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, time.UTC)
	db := time.Date(b.Year(), b.Month(), b.Day(), 0, 0, 0, 0, time.UTC)
	return int(db.Sub(da) / (24 * time.Hour))
}
