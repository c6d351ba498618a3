package bench

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/liftmetrics/lift/internal/demo"
	"github.com/liftmetrics/lift/internal/importer"
	"github.com/liftmetrics/lift/internal/progress"
	"github.com/liftmetrics/lift/internal/report"
	"github.com/liftmetrics/lift/internal/store"
)

// ImportResult holds the figures of one import-and-report run.
type ImportResult struct {
	Orders         int     `json:"orders"`
	FileBytes      int64   `json:"file_bytes"`
	ImportSeconds  float64 `json:"import_s"`
	RowsPerSecond  float64 `json:"import_rows_per_s"`
	ReimportSecond float64 `json:"reimport_s"`
	ReportSeconds  float64 `json:"report_s"`
	DBBytes        int64   `json:"db_bytes"`
	HeapPeakMiB    float64 `json:"heap_peak_mib"`
}

// Import builds the demo workspace in a fresh database (see Open), writes
// an orders file of n rows under dir that redeem its codes and carry its
// click ids, then times importing it, importing it again (nothing
// changes) and a report by creator over everything.
func Import(ctx context.Context, dir, db string, n int) (ImportResult, error) {
	res := ImportResult{Orders: n}
	st, ws, path, done, err := prepare(ctx, dir, db, n)
	if err != nil {
		return res, err
	}
	defer done()
	if fi, err := os.Stat(path); err == nil {
		res.FileBytes = fi.Size()
	}
	peak := trackHeap()
	d, err := timeImport(ctx, st, ws, path, n, false)
	if err != nil {
		return res, err
	}
	res.ImportSeconds, res.RowsPerSecond = d.Seconds(), float64(n)/d.Seconds()
	if d, err = timeImport(ctx, st, ws, path, n, true); err != nil {
		return res, err
	}
	res.ReimportSecond = d.Seconds()
	t0 := time.Now()
	if _, err := report.Build(ctx, st, ws, report.Options{By: "creator"}); err != nil {
		return res, err
	}
	res.ReportSeconds = time.Since(t0).Seconds()
	res.HeapPeakMiB = peak()
	if fi, err := os.Stat(filepath.Join(dir, "bench.db")); err == nil && db == "" {
		res.DBBytes = fi.Size()
	}
	return res, nil
}

// Workspace gives a database under dir holding the demo workspace and n
// generated orders, for benchmarks of what reads it.
func Workspace(ctx context.Context, dir string, n int) (*store.Store, store.Workspace, error) {
	st, ws, path, _, err := prepare(ctx, dir, "", n)
	if err != nil {
		return nil, ws, err
	}
	if _, err := timeImport(ctx, st, ws, path, n, false); err != nil {
		st.Close()
		return nil, ws, err
	}
	return st, ws, nil
}

// Open opens a fresh, empty database for a benchmark: a SQLite file
// named name under dir when db is "" (or a SQLite path: a benchmark
// never writes into the user's database), else a schema of its own in
// the PostgreSQL database at db. done closes it and drops that schema.
func Open(ctx context.Context, dir, name, db string) (st *store.Store, done func(), err error) {
	if !store.IsPostgres(db) {
		st, err = store.Open(ctx, filepath.Join(dir, name))
		if err != nil {
			return nil, nil, err
		}
		return st, func() { st.Close() }, nil
	}
	dsn, drop, err := store.ScratchSchema(ctx, db, "bench")
	if err != nil {
		return nil, nil, err
	}
	if st, err = store.Open(ctx, dsn); err != nil {
		drop()
		return nil, nil, err
	}
	return st, func() { st.Close(); drop() }, nil
}

// prepare opens a fresh database (see Open) with the demo workspace, and
// writes an orders file of n rows under dir that redeem its codes and
// carry its click ids.
func prepare(ctx context.Context, dir, db string, n int) (*store.Store, store.Workspace, string, func(), error) {
	st, done, err := Open(ctx, dir, "bench.db", db)
	if err != nil {
		return nil, store.Workspace{}, "", nil, err
	}
	ws, path, err := fill(ctx, st, dir, n)
	if err != nil {
		done()
		return nil, ws, "", nil, err
	}
	return st, ws, path, done, nil
}

func fill(ctx context.Context, st *store.Store, dir string, n int) (store.Workspace, string, error) {
	ws, err := st.CreateWorkspace(ctx, store.DefaultWorkspace, "bench")
	if err != nil {
		return ws, "", err
	}
	for _, f := range demo.Files(42) {
		if _, err := importer.Import(ctx, st, ws, f.Kind, bytes.NewReader(f.Data), importer.Options{File: f.Name}); err != nil {
			return ws, "", err
		}
	}
	codes, clicks, err := touchesOf(ctx, st, ws.ID)
	if err != nil {
		return ws, "", err
	}
	path := filepath.Join(dir, "orders.csv")
	f, err := os.Create(path)
	if err != nil {
		return ws, "", err
	}
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	if err := Orders(f, n, codes, clicks, start, 7); err != nil {
		f.Close()
		return ws, "", err
	}
	return ws, path, f.Close()
}

func timeImport(ctx context.Context, st *store.Store, ws store.Workspace, path string, n int, again bool) (time.Duration, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	label := "bench import"
	if again {
		label = "bench re-import"
	}
	in, counter, stop := progress.File(f, os.Stderr, label)
	t0 := time.Now()
	r, err := importer.Import(ctx, st, ws, "orders", in, importer.Options{File: "orders.csv", Progress: counter})
	d := time.Since(t0)
	stop()
	if err != nil {
		return d, err
	}
	want := r.Stored
	if again {
		want = r.Unchanged
	}
	if want != n {
		return d, fmt.Errorf("bench: import gave %s, want %d rows", r, n)
	}
	return d, nil
}

func touchesOf(ctx context.Context, st *store.Store, ws int64) (codes, clicks []string, err error) {
	cs, err := st.Codes(ctx, ws)
	if err != nil {
		return nil, nil, err
	}
	for _, c := range cs {
		codes = append(codes, c.Code)
	}
	clicks, err = st.HumanClickIDs(ctx, ws)
	return codes, clicks, err
}

// trackHeap samples the heap until the returned function is called, which
// stops sampling and gives the peak in MiB.
func trackHeap() func() float64 {
	stop := make(chan struct{})
	done := make(chan uint64)
	go func() {
		var peak uint64
		var m runtime.MemStats
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapAlloc)
			select {
			case <-stop:
				done <- peak
				return
			case <-tick.C:
			}
		}
	}()
	return func() float64 {
		close(stop)
		return float64(<-done) / (1 << 20)
	}
}
