package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
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
	Rows      int   `json:"rows"`   // of the Shopify export
	Orders    int   `json:"orders"` // in it
	FileBytes int64 `json:"file_bytes"`
	// Floor is loading the same orders with no checks (loadFloor), in a
	// fresh database of its own; Import is Lift's import of the export.
	Floor              Usage   `json:"floor"`
	FloorRowsPerSecond float64 `json:"floor_rows_per_s"`
	Import             Usage   `json:"import"`
	ImportSeconds      float64 `json:"import_s"`
	RowsPerSecond      float64 `json:"import_rows_per_s"`
	Ratio              float64 `json:"ratio"` // import rows/s over the floor's
	ReimportSecond     float64 `json:"reimport_s"`
	ReportSeconds      float64 `json:"report_s"`
	DBBytes            int64   `json:"db_bytes"`
	HeapPeakMiB        float64 `json:"heap_peak_mib"` // of the import
}

// Import builds the demo workspace in a fresh database (see Open), writes
// a Shopify export of n rows under dir whose orders redeem its codes and
// carry its click ids, and loads its orders with no checks into another
// fresh database (the floor); then it times importing the export,
// importing it again (nothing changes) and a report by creator over
// everything.
func Import(ctx context.Context, dir, db string, n int) (ImportResult, error) {
	res := ImportResult{Rows: n}
	st, done, err := Open(ctx, dir, "bench.db", db)
	if err != nil {
		return res, err
	}
	defer done()
	path := filepath.Join(dir, "orders_export.csv")
	ws, err := fill(ctx, st, path, func(w io.Writer, codes, clicks []string, start time.Time) (err error) {
		res.Orders, err = ShopifyExport(w, n, codes, clicks, start, 7)
		return err
	})
	if err != nil {
		return res, err
	}
	if fi, err := os.Stat(path); err == nil {
		res.FileBytes = fi.Size()
	}
	if res.Floor, err = floor(ctx, dir, db, path, res.Orders); err != nil {
		return res, err
	}
	res.FloorRowsPerSecond = float64(n) / res.Floor.Seconds
	p := startPhase()
	if _, err := timeImport(ctx, st, ws, "shopify-orders", path, res.Orders, false); err != nil {
		return res, err
	}
	res.Import = p.end()
	res.ImportSeconds, res.RowsPerSecond = res.Import.Seconds, float64(n)/res.Import.Seconds
	res.Ratio, res.HeapPeakMiB = res.RowsPerSecond/res.FloorRowsPerSecond, res.Import.HeapMiB
	d, err := timeImport(ctx, st, ws, "shopify-orders", path, res.Orders, true)
	if err != nil {
		return res, err
	}
	res.ReimportSecond = d.Seconds()
	t0 := time.Now()
	if _, err := report.Build(ctx, st, ws, report.Options{By: "creator"}); err != nil {
		return res, err
	}
	res.ReportSeconds = time.Since(t0).Seconds()
	if fi, err := os.Stat(filepath.Join(dir, "bench.db")); err == nil && db == "" {
		res.DBBytes = fi.Size()
	}
	return res, nil
}

// floor loads the orders of the export at path with no checks into a
// fresh database of its own, and measures it.
func floor(ctx context.Context, dir, db, path string, orders int) (Usage, error) {
	st, done, err := Open(ctx, dir, "floor.db", db)
	if err != nil {
		return Usage{}, err
	}
	defer os.Remove(filepath.Join(dir, "floor.db"))
	defer done()
	ws, err := st.CreateWorkspace(ctx, store.DefaultWorkspace, "floor")
	if err != nil {
		return Usage{}, err
	}
	p := startPhase()
	n, err := loadFloor(ctx, st, ws.ID, path)
	u := p.end()
	if err == nil && n != orders {
		err = fmt.Errorf("bench: the floor loaded %d orders, want %d", n, orders)
	}
	return u, err
}

// Workspace gives a database under dir holding the demo workspace and n
// generated orders, for benchmarks of what reads it.
func Workspace(ctx context.Context, dir string, n int) (*store.Store, store.Workspace, error) {
	st, ws, path, _, err := prepare(ctx, dir, "", n)
	if err != nil {
		return nil, ws, err
	}
	if _, err := timeImport(ctx, st, ws, "orders", path, n, false); err != nil {
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
	path := filepath.Join(dir, "orders.csv")
	ws, err := fill(ctx, st, path, func(w io.Writer, codes, clicks []string, start time.Time) error {
		return Orders(w, n, codes, clicks, start, 7)
	})
	if err != nil {
		done()
		return nil, ws, "", nil, err
	}
	return st, ws, path, done, nil
}

// fill imports the demo into a new workspace of st, and has write write
// the file at path from its codes and human click ids.
func fill(ctx context.Context, st *store.Store, path string, write func(w io.Writer, codes, clicks []string, start time.Time) error) (store.Workspace, error) {
	ws, err := st.CreateWorkspace(ctx, store.DefaultWorkspace, "bench")
	if err != nil {
		return ws, err
	}
	for _, f := range demo.Files(42) {
		if _, err := importer.Import(ctx, st, ws, f.Kind, bytes.NewReader(f.Data), importer.Options{File: f.Name}); err != nil {
			return ws, err
		}
	}
	codes, clicks, err := touchesOf(ctx, st, ws.ID)
	if err != nil {
		return ws, err
	}
	f, err := os.Create(path)
	if err != nil {
		return ws, err
	}
	if err := write(f, codes, clicks, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)); err != nil {
		f.Close()
		return ws, err
	}
	return ws, f.Close()
}

// timeImport imports the file of the given kind at path, which holds n
// records (orders), and checks that each was stored (or, again, left
// unchanged).
func timeImport(ctx context.Context, st *store.Store, ws store.Workspace, kind, path string, n int, again bool) (time.Duration, error) {
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
	r, err := importer.Import(ctx, st, ws, kind, in, importer.Options{File: filepath.Base(path), Progress: counter})
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
