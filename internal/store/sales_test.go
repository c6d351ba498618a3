package store

import (
	"context"
	"reflect"
	"testing"
)

func TestDailySales(t *testing.T) {
	st := testStore(t)
	ctx := context.Background()
	ws, err := st.Workspace(ctx, "", false)
	if err != nil {
		t.Fatal(err)
	}
	other, err := st.Workspace(ctx, "other", true)
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		ws   int64
		sale DailySale
		want Outcome
	}{
		{ws.ID, DailySale{Date: "2025-03-02", Revenue: 12000, Orders: 3}, Stored},
		{ws.ID, DailySale{Date: "2025-03-01", SKU: "B0A", Revenue: 5000, Orders: 1}, Stored},
		{ws.ID, DailySale{Date: "2025-03-01", SKU: "B0B", Revenue: 7000, Orders: 2}, Stored},
		{ws.ID, DailySale{Date: "2025-03-02", Revenue: 12000, Orders: 3}, Unchanged},
		// Amazon revises a day's numbers: the later report replaces them.
		{ws.ID, DailySale{Date: "2025-03-01", SKU: "B0A", Revenue: 4000, Orders: 1}, Updated},
		{other.ID, DailySale{Date: "2025-03-01", SKU: "B0A", Revenue: 99900, Orders: 9}, Stored},
	}
	tx, err := st.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range steps {
		got, _, err := tx.PutDailySales(ctx, s.ws, s.sale)
		if err != nil || got != s.want {
			t.Fatalf("step %d: outcome %v, %v; want %v", i, got, err, s.want)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	got, err := st.DailySales(ctx, ws.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []DailySale{
		{Date: "2025-03-01", SKU: "B0A", Revenue: 4000, Orders: 1},
		{Date: "2025-03-01", SKU: "B0B", Revenue: 7000, Orders: 2},
		{Date: "2025-03-02", Revenue: 12000, Orders: 3},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("daily sales\n got %+v\nwant %+v", got, want)
	}
}
