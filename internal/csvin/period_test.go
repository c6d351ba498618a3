package csvin

import (
	"errors"
	"testing"
)

func TestPeriodCheck(t *testing.T) {
	cases := []struct {
		kind  string
		p     Period
		fault PeriodFault
		field string
	}{
		{"shopify", Period{}, 0, ""},
		{"amazon-associates", Period{"2024-03-01", "2024-03-31"}, 0, ""},
		{"shopify", Period{"2024-03-01", "2024-03-31"}, PeriodWrongKind, ""},
		{"amazon-associates", Period{From: "2024-03-01"}, PeriodHalf, ""},
		{"amazon-associates", Period{To: "2024-03-31"}, PeriodHalf, ""},
		{"amazon-associates", Period{"03/01/2024", "2024-03-31"}, PeriodNotDay, "from"},
		{"amazon-associates", Period{"2024-03-01", "2024-02-30"}, PeriodNotDay, "to"},
	}
	for _, c := range cases {
		err := c.p.Check(c.kind)
		var pe *PeriodError
		switch {
		case c.fault == 0 && err != nil:
			t.Errorf("%s %+v: %v, want no error", c.kind, c.p, err)
		case c.fault != 0 && !errors.As(err, &pe):
			t.Errorf("%s %+v: %v, want a PeriodError", c.kind, c.p, err)
		case c.fault != 0 && (pe.Fault != c.fault || pe.Field != c.field):
			t.Errorf("%s %+v: fault %d field %q, want %d %q", c.kind, c.p, pe.Fault, pe.Field, c.fault, c.field)
		}
	}
}
