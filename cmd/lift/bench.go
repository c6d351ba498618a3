package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/liftmetrics/lift/internal/bench"
	"github.com/liftmetrics/lift/internal/csvin"
	"github.com/liftmetrics/lift/internal/importer"
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
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
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
		return fmt.Errorf("bench: usage: lift bench import [--orders N] | lift bench redirect [--duration 20s] [--connections 64] | lift bench stall [--orders N] [--base-orders N] [--connections 8]; [--db postgres://…] [--format table|json]%s",
			suggestSub(pos, "import", "redirect", "stall"))
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
