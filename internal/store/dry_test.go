package store

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/liftmetrics/lift/internal/money"
)

// A dry transaction gives the outcomes a write transaction gives for the
// same upserts, a key met twice included (compared with what the dry run
// would have written), and writes nothing.
func TestDryUpsertsMatchWrites(t *testing.T) {
	ctx := context.Background()
	s := testStore(t)
	ws, err := s.Workspace(ctx, "", false)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC)
	order := func(id string, revenue, refunded int64) Order {
		return Order{Source: "csv", ExternalID: id, Time: at, Revenue: money.Cents(revenue), Refunded: money.Cents(refunded)}
	}
	seed, err := s.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := seed.PutOrder(ctx, ws.ID, order("1", 1000, 0)); err != nil {
		t.Fatal(err)
	}
	if err := seed.Commit(); err != nil {
		t.Fatal(err)
	}
	rows := []Order{order("1", 1000, 0), order("2", 500, 0), order("2", 500, 0), order("2", 700, 100), order("1", 1200, 0)}
	outcomes := func(tx *Tx) ([]Outcome, []HeldOrder) {
		defer tx.Rollback()
		var outs []Outcome
		var held []HeldOrder
		for _, o := range rows {
			out, _, err := tx.PutOrder(ctx, ws.ID, o)
			if err != nil {
				t.Fatal(err)
			}
			h, err := tx.HeldOrder(ctx, ws.ID, o.Source, o.ExternalID)
			if err != nil {
				t.Fatal(err)
			}
			outs, held = append(outs, out), append(held, h)
		}
		return outs, held
	}
	dry, err := s.BeginDry(ctx)
	if err != nil {
		t.Fatal(err)
	}
	dryOuts, dryHeld := outcomes(dry)
	after, err := s.BeginDry(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, err = after.HeldOrder(ctx, ws.ID, "csv", "2")
	after.Rollback()
	if err != ErrNotFound {
		t.Fatalf("the dry run stored order 2: %v", err)
	}
	real, err := s.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	realOuts, realHeld := outcomes(real)
	want := []Outcome{Unchanged, Stored, Unchanged, Updated, Updated}
	if !reflect.DeepEqual(realOuts, want) {
		t.Fatalf("writes gave %v, want %v", realOuts, want)
	}
	if !reflect.DeepEqual(dryOuts, realOuts) || !reflect.DeepEqual(dryHeld, realHeld) {
		t.Fatalf("dry run gave %v %v, writes %v %v", dryOuts, dryHeld, realOuts, realHeld)
	}
}
