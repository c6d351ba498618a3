// Package budget paces a campaign's spending against its calendar
// (README, "The dashboard"): what is spent of the budget, what remains,
// and whether the share of the budget spent runs ahead of the share of
// the campaign's time gone by.
//
// The package is pure: the budget, what was spent and the moment "now"
// come in as values. What counts as spent (costs plus commission, as the
// report counts cost) is the caller's.
package budget

import (
	"time"

	"github.com/liftmetrics/lift/internal/goals"
	"github.com/liftmetrics/lift/internal/money"
)

// The states of a campaign's spending.
const (
	NotStarted = "not started" // before the campaign's first moment
	Ahead      = "ahead"       // spending faster than the calendar
	OnPace     = "on pace"
	Behind     = "behind" // spending slower than the calendar
	Within     = "ended within budget"
	Over       = "over budget" // spent more than the budget, whenever
)

// Tolerance is how far the pace may stray from 1 and still be on pace:
// within 10% of the calendar either way.
const Tolerance = 0.10

// Status is where a campaign's spending stands at a moment.
type Status struct {
	Budget    money.Cents
	Spent     money.Cents
	Remaining money.Cents // Budget − Spent: below zero when over
	// SpentShare is Spent / Budget, nil for a budget of zero.
	SpentShare *float64
	// Elapsed is the share of the campaign's time gone by, in [0, 1].
	Elapsed float64
	// Pace is SpentShare / Elapsed: 1 spends the budget exactly by the
	// end, 2 twice as fast as the calendar. Nil before the campaign starts
	// or without a SpentShare.
	Pace  *float64
	Over  bool // Spent > Budget
	State string
}

// Track says where spending stands at now for a campaign from starts to
// ends (exclusive).
func Track(budget, spent money.Cents, starts, ends, now time.Time) Status {
	s := Status{Budget: budget, Spent: spent, Remaining: budget - spent, Over: spent > budget,
		Elapsed: goals.Elapsed(starts, ends, now)}
	if budget > 0 {
		share := float64(spent) / float64(budget)
		s.SpentShare = &share
		if s.Elapsed > 0 {
			pace := share / s.Elapsed
			s.Pace = &pace
		}
	}
	switch {
	case s.Over:
		s.State = Over
	case !now.After(starts):
		s.State = NotStarted
	case !now.Before(ends):
		s.State = Within
	case s.Pace == nil:
		s.State = OnPace // a budget of zero with nothing spent
	case *s.Pace > 1+Tolerance:
		s.State = Ahead
	case *s.Pace < 1-Tolerance:
		s.State = Behind
	default:
		s.State = OnPace
	}
	return s
}
