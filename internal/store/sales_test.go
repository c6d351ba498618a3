package store

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"
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

func TestOrderSales(t *testing.T) {
	st := testStore(t)
	ctx := context.Background()
	ws, err := st.Workspace(ctx, "", false)
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time { return mustTime(t, s) }
	tx, err := st.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i, o := range []Order{
		{Time: at("2025-03-03T10:01:00Z"), Revenue: 10000},
		{Time: at("2025-03-03T10:14:59Z"), Revenue: 5000, Refunded: 1000}, // net 40.00
		{Time: at("2025-03-03T10:15:00Z"), Revenue: 2000},
		{Time: at("2025-03-03T11:00:00Z"), Revenue: 3000, Refunded: 3000}, // refunded in full
		{Time: at("2025-03-04T00:00:00Z"), Revenue: 0},                    // a free order still counts
		{Time: at("1969-12-31T23:59:00Z"), Revenue: 700},
		{Time: at("2025-03-03T10:20:00Z"), Revenue: 900, Payment: "pending"}, // counts only where pending orders do
		{Time: at("2025-03-03T10:21:00Z"), Revenue: 800, Payment: "void"},    // never
	} {
		o.Source, o.ExternalID, o.Units = "csv", fmt.Sprint(i), 1
		if _, _, err := tx.PutOrder(ctx, ws.ID, o); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	got, err := st.OrderSales(ctx, ws.ID, 15*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	want := []SalesBucket{
		{Start: at("1969-12-31T23:45:00Z"), Revenue: 700, Orders: 1},
		{Start: at("2025-03-03T10:00:00Z"), Revenue: 14000, Orders: 2},
		{Start: at("2025-03-03T10:15:00Z"), Revenue: 2000, Orders: 1},
		{Start: at("2025-03-04T00:00:00Z"), Revenue: 0, Orders: 1},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("buckets\n got %+v\nwant %+v", got, want)
	}
	if err := st.SetCountPending(ctx, ws.ID, true); err != nil {
		t.Fatal(err)
	}
	got, err = st.OrderSales(ctx, ws.ID, 15*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	want[2] = SalesBucket{Start: at("2025-03-03T10:15:00Z"), Revenue: 2900, Orders: 2}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("buckets counting pending orders\n got %+v\nwant %+v", got, want)
	}
}
