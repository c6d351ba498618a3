package csvin

import (
	"fmt"
	"time"
)

// PeriodKind is the one import kind a given Period is for: an Amazon
// Associates summary without dates, whose days the user names.
const PeriodKind = "amazon-associates"

// PeriodFault is what is wrong with a Period given for an import.
type PeriodFault int

// The faults Period.Check reports.
const (
	// PeriodWrongKind: a period was given for a kind other than PeriodKind.
	PeriodWrongKind PeriodFault = iota + 1
	// PeriodHalf: only one of From and To was given.
	PeriodHalf
	// PeriodNotDay: From or To (Day, in Field) is not YYYY-MM-DD.
	PeriodNotDay
)

// PeriodError says which problem a Period has, so each caller can word
// it for its own surface (command-line flags or form fields).
type PeriodError struct {
	Fault PeriodFault
	Kind  string
	// Field is "from" or "to" and Day its value, for PeriodNotDay.
	Field, Day string
}

func (e *PeriodError) Error() string {
	switch e.Fault {
	case PeriodWrongKind:
		return fmt.Sprintf("a period is only for %s summaries without dates, not %s", PeriodKind, e.Kind)
	case PeriodHalf:
		return "give both the first and the last day of the period"
	default:
		return fmt.Sprintf("%s %q is not a day (use YYYY-MM-DD)", e.Field, e.Day)
	}
}

// Check says whether p may be given for an import of kind: an empty
// Period always may; otherwise kind must be PeriodKind and both ends days.
func (p Period) Check(kind string) error {
	switch {
	case p == (Period{}):
		return nil
	case kind != PeriodKind:
		return &PeriodError{Fault: PeriodWrongKind, Kind: kind}
	case p.From == "" || p.To == "":
		return &PeriodError{Fault: PeriodHalf, Kind: kind}
	}
	for _, d := range []struct{ field, day string }{{"from", p.From}, {"to", p.To}} {
		if _, err := time.Parse(time.DateOnly, d.day); err != nil {
			return &PeriodError{Fault: PeriodNotDay, Kind: kind, Field: d.field, Day: d.day}
		}
	}
	return nil
}
