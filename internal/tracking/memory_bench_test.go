package tracking_test

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"testing"
	"time"

	"github.com/liftmetrics/lift/internal/bench"
	"github.com/liftmetrics/lift/internal/store"
	"github.com/liftmetrics/lift/internal/storetest"
	"github.com/liftmetrics/lift/internal/tracking"
)

// BenchmarkMillionLinks stores 1,000,000 links (see bench.Links), starts a tracker on them and reports the heap the link
// table holds, the process's resident memory, the first load's time, and
// the time of a reload that picks up one changed link (what a poll does).
//
//	go test ./internal/tracking -run '^$' -bench MillionLinks -benchtime 1x
func BenchmarkMillionLinks(b *testing.B) {
	const n = 1_000_000
	ctx := context.Background()
	st, err := store.Open(ctx, storetest.DSN(b))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	w, err := st.Workspace(ctx, "", false)
	if err != nil {
		b.Fatal(err)
	}
	ws := w.ID
	if err := bench.Links(ctx, st, ws, n); err != nil {
		b.Fatal(err)
	}
	heapBefore := liveHeap()
	for b.Loop() {
		start := time.Now()
		tr, err := tracking.New(ctx, st, tracking.Options{})
		if err != nil {
			b.Fatal(err)
		}
		load := time.Since(start)
		heap := liveHeap() - heapBefore
		// The last of three: the first read after loading a million rows
		// also pays for the database's caches.
		var poll time.Duration
		for i, slug := range []string{"k000007", "k500000", "k999999"} {
			if err := changeLink(ctx, st, ws, slug); err != nil {
				b.Fatal(err)
			}
			start = time.Now()
			if err := tr.Reload(ctx); err != nil {
				b.Fatal(err)
			}
			poll = time.Since(start)
			if l, _ := tr.Lookup(slug); l.Destination != "https://other.example/" {
				b.Fatalf("changed link %d: %+v", i, l)
			}
		}
		b.ReportMetric(float64(heap)/(1<<20), "MiB-table-heap")
		b.ReportMetric(load.Seconds(), "s-first-load")
		b.ReportMetric(float64(poll.Microseconds())/1000, "ms-reload-one-change")
		tr.Close(ctx)
	}
}

// changeLink points a stored link elsewhere.
func changeLink(ctx context.Context, st *store.Store, ws int64, slug string) error {
	links, err := st.LinksNamed(ctx, []string{slug})
	if err != nil || len(links) != 1 {
		return fmt.Errorf("link %s: %v", slug, err)
	}
	tx, err := st.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	l := links[0]
	l.Destination = "https://other.example/"
	if _, _, err := tx.PutLink(ctx, ws, l); err != nil {
		return err
	}
	return tx.Commit()
}

// liveHeap is the heap in use after a collection.
func liveHeap() uint64 {
	runtime.GC()
	debug.FreeOSMemory()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}
