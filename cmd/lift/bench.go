package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/liftmetrics/lift/internal/attribution"
	"github.com/liftmetrics/lift/internal/bench"
	"github.com/liftmetrics/lift/internal/csvin"
	"github.com/liftmetrics/lift/internal/importer"
	"github.com/liftmetrics/lift/internal/progress"
	"github.com/liftmetrics/lift/internal/store"
)

func cmdBench(ctx context.Context, args []string, stdout io.Writer) error {
	fs, c := newFlags("bench")
	orders := fs.Int("orders", 1_000_000, "import: rows of the generated Shopify export; stall: rows of the generated orders file")
	base := fs.Int("base-orders", 300_000, "stall: orders stored before the run, read by the dashboard page")
	duration := fs.Duration("duration", 20*time.Second, "redirect: how long each side is driven")
	conns := fs.Int("connections", 64, "redirect, stall: concurrent connections (stall: 8 when not given)")
	durability := fs.String("click-durability", "sync", "redirect: sync or async")
	format := fs.String("format", "table", "table or json")
	scale := fs.Int("scale", 10, "report, pages: copies of the demo in the workspace measured (250: the issue's full figure)")
	seed := fs.Uint64("seed", 42, "report, pages: seed of the demo")
	tenthDB := fs.String("tenth-db", "", "report: database holding the demo at a tenth of --scale, reused or built (default: built in a temporary file)")
	other := fs.String("model", "linear", "report: the model measured beside the workspace's own")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	given := false // --db on the command line: report and pages reuse it
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == "db" })
	if len(pos) == 1 && (pos[0] == "report" || pos[0] == "pages") {
		dbFlag := ""
		if given {
			dbFlag = c.db
		}
		if pos[0] == "pages" {
			return benchPages(ctx, stdout, dbFlag, *scale, *seed, *format)
		}
		mo, err := attribution.ParseModel(*other)
		if err != nil {
			return fmt.Errorf("bench report: --model: %w", err)
		}
		return benchReport(ctx, stdout, bench.ReportOptions{Scale: *scale, Seed: *seed, DB: dbFlag, TenthDB: *tenthDB, Other: mo}, *format)
	}
	if len(pos) == 1 && pos[0] == "attribution" {
		if *orders <= 0 {
			return errors.New("bench attribution: --orders must be positive")
		}
		return benchAttribution(stdout, *orders, *seed, *format)
	}
	// A benchmark always works in a fresh database of its own: a
	// temporary SQLite file, or with --db postgres://… a schema of its
	// own in that database, dropped at the end. It never writes into
	// the user's lift.db.
	db := ""
	if store.IsPostgres(c.db) {
		db = c.db
	}
	if len(pos) == 1 && pos[0] == "redirect" {
		return benchRedirect(ctx, stdout, db, *duration, *conns, *durability == "async", *format)
	}
	if len(pos) == 1 && pos[0] == "stall" {
		n := 8
		fs.Visit(func(f *flag.Flag) {
			if f.Name == "connections" {
				n = *conns
			}
		})
		return benchStall(ctx, stdout, db, *base, *orders, n, *format)
	}
	if len(pos) != 1 || pos[0] != "import" {
		return fmt.Errorf("bench: usage: lift bench import [--orders N] | lift bench redirect [--duration 20s] [--connections 64] | lift bench stall [--orders N] [--base-orders N] [--connections 8]; [--db postgres://…] | lift bench report [--scale 10] [--db DB] [--tenth-db DB] [--model linear] | lift bench pages [--scale 10] [--db DB] | lift bench attribution [--orders N]; [--format table|json]%s",
			suggestSub(pos, "import", "redirect", "stall", "report", "pages", "attribution"))
	}
	if *orders <= 0 {
		return errors.New("bench: --orders must be positive")
	}
	dir, err := os.MkdirTemp("", "lift-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	fmt.Fprintf(os.Stderr, "bench: a Shopify export of %d rows, loaded with no checks and imported, each into a fresh database in %s …\n", *orders, dir)
	res, err := bench.Import(ctx, dir, db, *orders)
	if err != nil {
		return fmt.Errorf("bench import: %w", err)
	}
	if *format == "json" {
		return json.NewEncoder(stdout).Encode(res)
	}
	fmt.Fprintf(stdout, "shopify export   %d rows, %d orders, %.1f MiB\n", res.Rows, res.Orders, float64(res.FileBytes)/(1<<20))
	fmt.Fprintf(stdout, "no-checks floor  %.1f s (%.0f rows/s), peak RSS %.0f MiB; bound: %s\n",
		res.Floor.Seconds, res.FloorRowsPerSecond, res.Floor.PeakMiB, res.Floor.Bound())
	fmt.Fprintf(stdout, "import           %.1f s (%.0f rows/s), peak RSS %.0f MiB, heap %.0f MiB; bound: %s\n",
		res.ImportSeconds, res.RowsPerSecond, res.Import.PeakMiB, res.HeapPeakMiB, res.Import.Bound())
	fmt.Fprintf(stdout, "ratio            %.0f%% of the floor\n", res.Ratio*100)
	fmt.Fprintf(stdout, "memory           held by the import: %d orders a batch, Shopify orders open for %d rows, the export's names and ids\n",
		importer.OrderBatch, csvin.ShopifyWindow)
	fmt.Fprintf(stdout, "re-import        %.1f s (every order unchanged)\n", res.ReimportSecond)
	fmt.Fprintf(stdout, "report           %.2f s (by creator, last touch, 30d)\n", res.ReportSeconds)
	if res.DBBytes > 0 {
		fmt.Fprintf(stdout, "database         %.1f MiB\n", float64(res.DBBytes)/(1<<20))
	}
	return nil
}

func benchRedirect(ctx context.Context, stdout io.Writer, db string, d time.Duration, conns int, async bool, format string) error {
	if conns < 1 || d <= 0 {
		return errors.New("bench redirect: --connections and --duration must be positive")
	}
	dir, err := os.MkdirTemp("", "lift-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	fmt.Fprintf(os.Stderr, "bench: driving a bare 302 handler, then Lift, for %s each with %d connections …\n", d, conns)
	res, err := bench.Redirect(ctx, dir, db, d, conns, async)
	if err != nil {
		return fmt.Errorf("bench redirect: %w", err)
	}
	if format == "json" {
		if err := json.NewEncoder(stdout).Encode(res); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(stdout, "bare 302 handler   %8.0f req/s   p50 %.2f ms   p99 %.2f ms\n", res.BareRPS, res.BareP50, res.BareP99)
		fmt.Fprintf(stdout, "lift redirect      %8.0f req/s   p50 %.2f ms   p99 %.2f ms   (clicks %s, %.1f per commit)\n",
			res.LiftRPS, res.LiftP50, res.LiftP99, res.Durability, res.AvgBatch)
		fmt.Fprintf(stdout, "ratio              %.1f%% of the bare handler\n", res.Ratio*100)
		fmt.Fprintf(stdout, "clicks             %d answered with 302, %d stored\n", res.Answered, res.Stored)
	}
	if !res.AllStored {
		return fmt.Errorf("bench redirect: %d redirects answered but %d clicks stored", res.Answered, res.Stored)
	}
	fmt.Fprintln(stdout, "every answered redirect has its click stored")
	return nil
}

func benchStall(ctx context.Context, stdout io.Writer, db string, base, orders, conns int, format string) error {
	if base < 0 || orders <= 0 || conns < 1 {
		return errors.New("bench stall: --orders and --connections must be positive")
	}
	dir, err := os.MkdirTemp("", "lift-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	fmt.Fprintf(os.Stderr, "bench: %d stored orders; importing %d more and fetching the overview page while %d clients redirect …\n",
		base, orders, conns)
	res, err := bench.Stall(ctx, dir, db, base, orders, conns)
	if err != nil {
		return fmt.Errorf("bench stall: %w", err)
	}
	if format == "json" {
		return json.NewEncoder(stdout).Encode(res)
	}
	fmt.Fprintf(stdout, "import         %d rows in %.1f s beside the load\n", res.ImportOrders, res.ImportSeconds)
	fmt.Fprintf(stdout, "overview page  %d fetched over %d stored orders, slowest %.0f ms\n", res.Pages, res.BaseOrders, res.PageMaxMS)
	fmt.Fprintf(stdout, "redirects      %d (%d not 302)   p50 %.2f ms   p99 %.2f ms   max %.1f ms\n",
		res.Requests, res.Failed, res.P50, res.P99, res.Max)
	fmt.Fprintf(stdout, "clicks         %d answered with 302, %d stored\n", res.Answered, res.Stored)
	if res.Answered != res.Stored {
		return fmt.Errorf("bench stall: %d redirects answered but %d clicks stored", res.Answered, res.Stored)
	}
	return nil
}

// stderrProgress starts an updating line on standard error when it is a
// terminal, counting what unit says.
func stderrProgress(label, unit string) (*progress.Counter, func()) {
	c := new(progress.Counter)
	c.SetUnit(unit)
	return c, progress.Start(os.Stderr, progress.IsTerminal(os.Stderr), label, c)
}

// benchDB gives the database a report or pages benchmark reads: db when
// given (reused if it holds the demo, else the demo is built into it),
// else the demo at scale built in a temporary file, removed by done.
func benchDB(ctx context.Context, db string, scale int, seed uint64) (path string, built float64, done func(), err error) {
	dir, err := os.MkdirTemp("", "lift-bench-")
	if err != nil {
		return "", 0, nil, err
	}
	done = func() { os.RemoveAll(dir) }
	if db == "" || !store.IsPostgres(db) {
		fmt.Fprintf(os.Stderr, "bench: the demo ×%d in %s …\n", scale, cmp.Or(db, "a temporary database"))
	}
	path, built, err = bench.DemoDB(ctx, db, filepath.Join(dir, "scale.db"), seed, scale)
	if err != nil {
		done()
		return "", 0, nil, err
	}
	return path, built, done, nil
}

func benchReport(ctx context.Context, stdout io.Writer, opt bench.ReportOptions, format string) error {
	if opt.Scale < 1 || opt.Scale > 10000 {
		return fmt.Errorf("bench report: --scale %d: give a number from 1 to 10000", opt.Scale)
	}
	dir, err := os.MkdirTemp("", "lift-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	opt.Dir = dir
	if store.IsPostgres(opt.DB) && opt.TenthDB == "" {
		// The tenth goes into the same engine, in a schema of its own.
		dsn, drop, err := store.ScratchSchema(ctx, opt.DB, "bench")
		if err != nil {
			return err
		}
		defer drop()
		opt.TenthDB = dsn
	}
	fmt.Fprintf(os.Stderr, "bench: the demo ×%d in %s and ×%d in %s (each built unless it holds it already), then every report …\n",
		opt.Scale, cmp.Or(opt.DB, "a temporary database"), max(1, opt.Scale/10), cmp.Or(opt.TenthDB, "a temporary database"))
	var stop func()
	opt.Progress, stop = stderrProgress("bench report", "reports")
	opt.Progress.SetTotal(int64(bench.ReportJobs()))
	res, err := bench.Report(ctx, opt)
	stop()
	if err != nil {
		return fmt.Errorf("bench report: %w", err)
	}
	if format == "json" {
		return json.NewEncoder(stdout).Encode(res)
	}
	fmt.Fprintf(stdout, "workspace: the demo ×%d (%d orders, %d clicks)", res.Scale, res.Orders, res.Clicks)
	if res.BuiltS > 0 {
		fmt.Fprintf(stdout, ", built in %.0f s", res.BuiltS)
	}
	fmt.Fprintf(stdout, "; ratio: warm time over the same at ×%d, in this run\n", res.TenthScale)
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "what\tmodel\tcold s\twarm s\t×"+strconv.Itoa(res.TenthScale)+" s\tratio\tCPU ratio\theap MiB\tRSS MiB\tCPU s\tqueue s\tbound\t")
	slowest := res.Timings[0]
	for _, t := range res.Timings {
		fmt.Fprintf(tw, "%s\t%s\t%.3f\t%.3f\t%.3f\t%.1f\t%.1f\t%.0f\t%.0f\t%.3f\t%.3f\t%s\t\n", t.Name, t.Model, t.ColdS, t.WarmS, t.TenthS, t.Ratio, t.CPURatio,
			t.HeapMiB, t.RSSMiB, t.CPUS, t.QueueS, t.Bound)
		if t.ColdS > slowest.ColdS {
			slowest = t
		}
	}
	tw.Flush()
	var creator bench.Timing
	for _, t := range res.Timings {
		if t.Name == "report by creator" && t.Model == res.Model {
			creator = t
			break
		}
	}
	fmt.Fprintf(stdout, "bench report: ×%d, by creator (%s) %.3f s cold, %.3f s warm (%.3f s CPU), %.1f× the ×%d (CPU %.1f×); slowest %s (%s) %.3f s cold\n",
		res.Scale, res.Model, creator.ColdS, creator.WarmS, creator.CPUS, creator.Ratio, res.TenthScale, creator.CPURatio,
		slowest.Name, cmp.Or(slowest.Model, "-"), slowest.ColdS)
	return nil
}

func benchPages(ctx context.Context, stdout io.Writer, db string, scale int, seed uint64, format string) error {
	if scale < 1 || scale > 10000 {
		return fmt.Errorf("bench pages: --scale %d: give a number from 1 to 10000", scale)
	}
	path, _, done, err := benchDB(ctx, db, scale, seed)
	if err != nil {
		return fmt.Errorf("bench pages: %w", err)
	}
	defer done()
	counter, stop := stderrProgress("bench pages", "pages")
	res, err := bench.Pages(ctx, path, counter)
	stop()
	if err != nil {
		return fmt.Errorf("bench pages: %w", err)
	}
	if format == "json" {
		return json.NewEncoder(stdout).Encode(res)
	}
	fmt.Fprintf(stdout, "workspace: %d orders; each page's time in the server, first fetch and again\n", res.Orders)
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "page\tstatus\tKiB\tfirst ms\tagain ms\tagain CPU ms")
	for _, p := range res.Pages {
		fmt.Fprintf(tw, "%s\t%d\t%.0f\t%.1f\t%.1f\t%.1f\n", p.Path, p.Status, float64(p.Bytes)/1024, p.FirstS*1000, p.AgainS*1000, p.AgainCPUS*1000)
	}
	tw.Flush()
	s := res.Slowest
	fmt.Fprintf(stdout, "bench pages: %d pages over %d orders, slowest %s %.0f ms first, %.0f ms again\n",
		len(res.Pages), res.Orders, s.Path, s.FirstS*1000, s.AgainS*1000)
	return nil
}

func benchAttribution(stdout io.Writer, n int, seed uint64, format string) error {
	counter, stop := stderrProgress("bench attribution", "orders")
	res := bench.Attribution(n, seed, counter)
	stop()
	if format == "json" {
		return json.NewEncoder(stdout).Encode(res)
	}
	fmt.Fprintf(stdout, "%d synthetic orders, %d touches, in package attribution alone\n", res.Orders, res.Touches)
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "model\ts\tCPU s\torders/s\tallocs/order\tbytes/order\tunattributed\t")
	slowest := res.Models[0]
	for _, m := range res.Models {
		fmt.Fprintf(tw, "%s\t%.2f\t%.2f\t%.0f\t%.1f\t%.0f\t%d\t\n", m.Model, m.Seconds, m.CPUSeconds, m.OrdersPerS, m.AllocsPerOrder, m.BytesPerOrder, m.Unattributed)
		if m.OrdersPerS < slowest.OrdersPerS {
			slowest = m
		}
	}
	tw.Flush()
	d := res.Models[0]
	fmt.Fprintf(stdout, "bench attribution: %d orders, %s %.0f orders/s (%.1f allocs/order); slowest %s %.0f orders/s\n",
		res.Orders, d.Model, d.OrdersPerS, d.AllocsPerOrder, slowest.Model, slowest.OrdersPerS)
	return nil
}
