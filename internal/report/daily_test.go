package report

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the test must not depend on the machine's zone database

	"github.com/liftmetrics/lift/internal/importer"
	"github.com/liftmetrics/lift/internal/money"
	"github.com/liftmetrics/lift/internal/store"
	"github.com/liftmetrics/lift/internal/storetest"
	"github.com/liftmetrics/lift/internal/uplift"
)

// dailyShop is a New York shop with a few orders in March 2025.
func dailyShop(t *testing.T, extra ...[2]string) (*store.Store, store.Workspace) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, storetest.DSN(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ws, err := st.Workspace(ctx, "", false)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetWorkspace(ctx, ws, "", "America/New_York"); err != nil {
		t.Fatal(err)
	}
	if ws, err = st.Workspace(ctx, "", false); err != nil {
		t.Fatal(err)
	}
	files := append([][2]string{
		{"campaigns", "name,starts,ends\nSpring,2025-03-01,2025-03-31\n"},
		{"creators", "handle,platform,followers\nana,instagram,15000\n"},
		{"codes", "code,creator,campaign\nANA10,ana,Spring\n"},
		{"orders", "order_id,created_at,revenue,refunded,discount_code\n" +
			"a1,2025-03-03 10:00,100.00,,ANA10\n" +
			"a2,2025-03-03 23:30,50.00,,\n" + // 04:30 UTC on March 4, but March 3 in New York
			"a3,2025-03-05 09:00,60.00,60.00,\n" + // refunded in full: no order, no revenue
			"a4,2025-03-06 12:00,80.00,20.00,\n" +
			"a5,2025-03-07 08:00,10.00,,\n"},
	}, extra...)
	for _, f := range files {
		if _, err := importer.Import(ctx, st, ws, f[0], strings.NewReader(f[1]), importer.Options{File: f[0] + ".csv"}); err != nil {
			t.Fatal(err)
		}
	}
	return st, ws
}

func date(t *testing.T, s string) uplift.Date {
	t.Helper()
	d, err := uplift.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestDailySales(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		extra  [][2]string
		until  time.Time
		source string
		days   map[string][2]int64 // date → revenue cents, orders
	}{
		{
			name:   "every order, net of refunds, by local day; quiet days are zero; today is left out",
			until:  time.Date(2025, 3, 7, 15, 0, 0, 0, ny),
			source: SalesFromOrders,
			days: map[string][2]int64{"2025-03-03": {15000, 2}, "2025-03-04": {0, 0}, "2025-03-05": {0, 0},
				"2025-03-06": {6000, 1}},
		},
		{
			name:   "every day with an order when nothing is cut",
			source: SalesFromOrders,
			days: map[string][2]int64{"2025-03-03": {15000, 2}, "2025-03-04": {0, 0}, "2025-03-05": {0, 0},
				"2025-03-06": {6000, 1}, "2025-03-07": {1000, 1}},
		},
		{
			name: "imported daily sales take the place of orders, summed over SKUs; a gap stays a gap",
			extra: [][2]string{{"daily-sales", "date,revenue,orders,sku\n2025-03-01,100.00,4,A\n2025-03-01,20.50,1,B\n" +
				"2025-03-03,70.00,2,A\n"}},
			source: SalesFromDailySales,
			days:   map[string][2]int64{"2025-03-01": {12050, 5}, "2025-03-03": {7000, 2}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, ws := dailyShop(t, tt.extra...)
			d, err := DailySales(context.Background(), st, ws, DailyOptions{Until: tt.until})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string][2]int64{}
			for _, day := range d.Days {
				got[day.Date.String()] = [2]int64{int64(day.Revenue), day.Orders}
			}
			if d.Source != tt.source || !reflect.DeepEqual(got, tt.days) {
				t.Errorf("source %s, days %v; want %s, %v", d.Source, got, tt.source, tt.days)
			}
			// Only Ana's code earned anything: $100.00 on March 3.
			if want := map[uplift.Date]money.Cents{date(t, "2025-03-03"): 10000}; !reflect.DeepEqual(d.Attributed, want) {
				t.Errorf("attributed %v, want %v", d.Attributed, want)
			}
		})
	}
}
