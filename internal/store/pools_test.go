package store

import (
	"context"
	"testing"
	"time"
)

// TestReadsDoNotWaitForTheWriter: while a write transaction holds the
// only write connection (an import in progress), reads still answer from
// the last committed snapshot and never see the uncommitted rows. With a
// single shared connection these reads would wait for the transaction to
// end; the deadline only turns that wait into a failure.
func TestReadsDoNotWaitForTheWriter(t *testing.T) {
	st := testStore(t)
	ctx := context.Background()
	ws, err := st.Workspace(ctx, "", false)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := st.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, _, err := tx.PutCampaign(ctx, ws.ID, Campaign{Name: "Spring"}); err != nil {
		t.Fatal(err)
	}
	rctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := st.Ping(rctx); err != nil {
		t.Fatalf("ping while a write is open: %v", err)
	}
	if _, err := st.LinksVersion(rctx); err != nil {
		t.Fatalf("links version while a write is open: %v", err)
	}
	got, err := st.Campaigns(rctx, ws.ID)
	if err != nil {
		t.Fatalf("campaigns while a write is open: %v", err)
	}
	if len(got) != 0 {
		t.Fatalf("read saw an uncommitted campaign: %+v", got)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if got, err := st.Campaigns(ctx, ws.ID); err != nil || len(got) != 1 {
		t.Fatalf("after commit: %+v, %v", got, err)
	}
}

// TestReadPoolRefusesWrites: a write sent through the read pool by
// mistake fails instead of becoming a second writer.
func TestReadPoolRefusesWrites(t *testing.T) {
	st := testStore(t)
	if _, err := st.rd.Exec(`UPDATE settings SET value = value`); err == nil {
		t.Fatal("write through the read pool succeeded")
	}
}
