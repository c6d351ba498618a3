package report

import (
	"testing"

	"github.com/liftmetrics/lift/internal/money"
	"github.com/liftmetrics/lift/internal/uplift"
)

// A group's result reads its interval: lifted only when the whole
// interval is above zero, lowered only when wholly below; an interval
// touching zero is noise. A group of several posts says the result is
// the group's.
func TestUpliftOutcome(t *testing.T) {
	c := func(v money.Cents) *money.Cents { return &v }
	for _, tc := range []struct {
		low, high *money.Cents
		members   int
		want      string
		text      string
	}{
		{nil, nil, 1, UpliftNone, "no estimate"},
		{nil, nil, 2, UpliftNone, "no estimate"},
		{c(1), c(900), 1, UpliftLifted, "lifted sales"},
		{c(1), c(900), 2, UpliftLifted, "lifted sales (group of 2)"},
		{c(0), c(900), 1, UpliftNoise, "within noise"},
		{c(-900), c(0), 3, UpliftNoise, "within noise (group of 3)"},
		{c(-900), c(-1), 1, UpliftLowered, "lowered sales"},
	} {
		row := UpliftRow{Result: uplift.Result{Low: tc.low, High: tc.high}}
		for range tc.members {
			row.Members = append(row.Members, UpliftMember{PostID: "p", Creator: "ana"})
		}
		row.Outcome = UpliftOutcome(row.Result)
		if row.Outcome != tc.want || outcomeText(row) != tc.text {
			t.Errorf("interval %v–%v, %d posts: %q %q, want %q %q", tc.low, tc.high, tc.members, row.Outcome, outcomeText(row), tc.want, tc.text)
		}
	}
	row := UpliftRow{Members: []UpliftMember{{"p1", "ana"}, {"p2", "ben"}, {"p3", ""}}}
	if got := row.SharedBy(); got != "p1 (ana), p2 (ben), p3" {
		t.Errorf("SharedBy = %q", got)
	}
}
