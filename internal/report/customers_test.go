package report

import (
	"context"
	"testing"

	"github.com/liftmetrics/lift/internal/attribution"
)

// The customers report credits exactly what the KPI report credits:
// the same orders, revenue to the cent and cost with commission, under
// every model.
func TestCustomersMatchTheReport(t *testing.T) {
	st, ws := fixtureStore(t)
	for _, m := range attribution.Models {
		kpi := build(t, st, ws, Options{Model: m})
		cr, err := Customers(context.Background(), st, ws, CustomerOptions{Model: m})
		if err != nil {
			t.Fatal(err)
		}
		if len(cr.Rows) != len(kpi.Rows) {
			t.Fatalf("%s: %d rows, the report has %d", m, len(cr.Rows), len(kpi.Rows))
		}
		for _, c := range cr.Rows {
			k := row(t, kpi, c.Key)
			if c.Revenue != k.Revenue || c.Cost != k.Cost || c.Orders != k.Orders {
				t.Errorf("%s %s: revenue %s cost %s orders %v; the report has %s, %s, %v",
					m, c.Key, c.Revenue, c.Cost, c.Orders, k.Revenue, k.Cost, k.Orders)
			}
		}
	}
}

func TestCustomersOfTheFixture(t *testing.T) {
	st, ws := fixtureStore(t)
	r, err := Customers(context.Background(), st, ws, CustomerOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Last touch: cu1 by ana's click (o1 100, o5 40 net), cu2 by ben's
	// code (80), cu4 by ben's code (30); cu5's only order was refunded in
	// full, cu3's o4 has no touch. ana 140/1; ben (80+30)/2.
	want := map[string]string{"ana": "140.00", "ben": "55.00"}
	for _, row := range r.Rows {
		if row.LTV90 == nil || row.LTV90.String() != want[row.Key] {
			t.Errorf("%s: LTV 90 %v, want %s", row.Key, row.LTV90, want[row.Key])
		}
	}
	if r.AsOf != "2026-03-10" || len(r.Rows) != 2 {
		t.Errorf("as of %s, %d rows", r.AsOf, len(r.Rows))
	}
}
