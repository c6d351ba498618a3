package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/liftmetrics/lift/internal/testdb"
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

// TestAppendsDoNotWaitForTheWritePool: while a write transaction holds
// the database's write lock and every connection of the write pool is
// taken (an import in progress, and more), clicks are still appended to the click
// log, which has connections of its own, and are loaded once the
// transaction ends. The deadline only turns a wait into a failure.
func TestAppendsDoNotWaitForTheWritePool(t *testing.T) {
	dsn := testdb.DSN(t)
	if testdb.Postgres() {
		// Two: opening takes one for its migration lock and one to
		// migrate with, so one alone would not open.
		dsn += "&pool_max_conns=2"
	}
	ctx := context.Background()
	st, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ws, link := clickLogLink(t, st)
	l, err := st.OpenClickLog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	tx, err := st.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if testdb.Postgres() {
		other, err := st.wr.db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
	}
	actx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	if err := l.Append(actx, []NewClick{{ws, Click{ClickID: "a", LinkID: link, Time: at, Visitor: "v"}}}); err != nil {
		t.Fatalf("append while the write pool is taken: %v", err)
	}
	if err := l.Probe(actx); err != nil {
		t.Fatalf("probe while the write pool is taken: %v", err)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if n, err := st.CatchUp(ctx, l); err != nil || n != 1 {
		t.Fatalf("loaded %d clicks after the transaction: %v", n, err)
	}
	if got := clickFlags(t, st); got != "[a1]" {
		t.Fatalf("clicks = %s", got)
	}
}

// TestPoolSizeRefused: a pool_max_conns the store cannot open with (one
// connection would wait forever for the migration's second) or that is
// not a number is refused before any connection is made, naming it.
func TestPoolSizeRefused(t *testing.T) {
	for _, v := range []string{"1", "0", "1001", "many"} {
		_, err := Open(context.Background(), "postgres://lift@127.0.0.1:1/lift?pool_max_conns="+v)
		if err == nil || !strings.Contains(err.Error(), `pool_max_conns="`+v+`" is not a number from 2 to 1000`) {
			t.Errorf("pool_max_conns=%s: got %v", v, err)
		}
	}
}
