package importer

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/liftmetrics/lift/internal/store"
)

func TestImportDailySales(t *testing.T) {
	st, ws := testStore(t)
	steps := []struct {
		data string
		want string // the import's one line
	}{
		{"date,revenue,orders,sku\n2025-03-01,100.00,2,A\n2025-03-01,50.00,1,B\n2025-03-02,80.00,2,A\n",
			"daily-sales daily-sales.csv: read 3, stored 3, updated 0, unchanged 0, refused 0"},
		{"date,revenue,orders,sku\n2025-03-01,100.00,2,A\n2025-03-01,50.00,1,B\n2025-03-02,80.00,2,A\n",
			"daily-sales daily-sales.csv: read 3, stored 0, updated 0, unchanged 3, refused 0"},
		// A revised report replaces the day's numbers.
		{"sku,date,orders,revenue\nA,2025-03-02,3,95.00\n",
			"daily-sales daily-sales.csv: read 1, stored 0, updated 1, unchanged 0, refused 0"},
	}
	for i, s := range steps {
		res := mustImport(t, st, ws, "daily-sales", s.data)
		if res.String() != s.want {
			t.Errorf("step %d: %s, want %s", i, res, s.want)
		}
	}
	got, err := st.DailySales(context.Background(), ws.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []store.DailySale{
		{Date: "2025-03-01", SKU: "A", Revenue: 10000, Orders: 2},
		{Date: "2025-03-01", SKU: "B", Revenue: 5000, Orders: 1},
		{Date: "2025-03-02", SKU: "A", Revenue: 9500, Orders: 3},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("stored\n got %+v\nwant %+v", got, want)
	}
}

func TestImportDailySalesRefusedWhole(t *testing.T) {
	st, ws := testStore(t)
	_, err := imp(t, st, ws, "daily-sales", "date,revenue,orders\n2025-03-01,100.00,2\n2025-03-01,1.00,1\n2025-03-02,x,1\n", Options{})
	var refused *RefusedError
	if !errors.As(err, &refused) {
		t.Fatalf("err = %v, want a refusal", err)
	}
	want := "daily-sales.csv: refused, nothing imported: 2 bad row(s)" +
		"\n  daily-sales.csv: line 3: date: duplicate day 2025-03-01 (first on line 2)" +
		"\n  daily-sales.csv: line 4: revenue: \"x\" is not an amount"
	if err.Error() != want {
		t.Errorf("error\n%s\nwant\n%s", err, want)
	}
	if n := count(t, st, "daily_sales"); n != 0 {
		t.Errorf("%d rows stored from a refused file", n)
	}
}
