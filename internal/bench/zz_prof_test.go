package bench

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"testing"
	"time"
)

func TestZZProfile(t *testing.T) {
	if os.Getenv("ZZPROF") == "" {
		t.Skip()
	}
	ctx := context.Background()
	dir := t.TempDir()
	db := os.Getenv("ZZDB")
	st, done, err := Open(ctx, dir, "bench.db", db)
	if err != nil {
		t.Fatal(err)
	}
	defer done()
	path := filepath.Join(dir, "orders_export.csv")
	n := 100000
	var orders int
	ws, err := fill(ctx, st, path, func(w io.Writer, codes, clicks []string, start time.Time) (err error) {
		orders, err = ShopifyExport(w, n, codes, clicks, start, 7)
		return err
	})
	f, _ := os.Create("/tmp/cpu-floor.prof")
	pprof.StartCPUProfile(f)
	u, err := floor(ctx, dir, db, path, orders)
	pprof.StopCPUProfile()
	t.Log("floor", u, err)
	f, _ = os.Create("/tmp/cpu-imp.prof")
	pprof.StartCPUProfile(f)
	p := startPhase()
	_, err = timeImport(ctx, st, ws, "shopify-orders", path, orders, false)
	pprof.StopCPUProfile()
	t.Log("import", p.end(), err)
}
