package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/liftmetrics/lift/internal/bench"
)

func cmdBench(ctx context.Context, args []string, stdout io.Writer) error {
	fs, _ := newFlags("bench")
	orders := fs.Int("orders", 1_000_000, "import: rows of the generated orders file")
	duration := fs.Duration("duration", 20*time.Second, "redirect: how long each side is driven")
	conns := fs.Int("connections", 64, "redirect: concurrent connections")
	durability := fs.String("click-durability", "sync", "redirect: sync or async")
	format := fs.String("format", "table", "table or json")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 1 && pos[0] == "redirect" {
		return benchRedirect(ctx, stdout, *duration, *conns, *durability == "async", *format)
	}
	if len(pos) != 1 || pos[0] != "import" {
		return errors.New("bench: usage: lift bench import [--orders N] | lift bench redirect [--duration 20s] [--connections 64]; [--format table|json]")
	}
	if *orders <= 0 {
		return errors.New("bench: --orders must be positive")
	}
	dir, err := os.MkdirTemp("", "lift-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	fmt.Fprintf(os.Stderr, "bench: importing %d orders into a fresh database in %s …\n", *orders, dir)
	res, err := bench.Import(ctx, dir, *orders)
	if err != nil {
		return fmt.Errorf("bench import: %w", err)
	}
	if *format == "json" {
		return json.NewEncoder(stdout).Encode(res)
	}
	fmt.Fprintf(stdout, "orders file    %d rows, %.1f MiB\n", res.Orders, float64(res.FileBytes)/(1<<20))
	fmt.Fprintf(stdout, "import         %.1f s (%.0f rows/s)\n", res.ImportSeconds, res.RowsPerSecond)
	fmt.Fprintf(stdout, "re-import      %.1f s (every row unchanged)\n", res.ReimportSecond)
	fmt.Fprintf(stdout, "report         %.2f s (by creator, last touch, 30d)\n", res.ReportSeconds)
	fmt.Fprintf(stdout, "database       %.1f MiB; heap peak %.0f MiB\n", float64(res.DBBytes)/(1<<20), res.HeapPeakMiB)
	return nil
}

func benchRedirect(ctx context.Context, stdout io.Writer, d time.Duration, conns int, async bool, format string) error {
	if conns < 1 || d <= 0 {
		return errors.New("bench redirect: --connections and --duration must be positive")
	}
	dir, err := os.MkdirTemp("", "lift-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	fmt.Fprintf(os.Stderr, "bench: driving a bare 302 handler, then Lift, for %s each with %d connections …\n", d, conns)
	res, err := bench.Redirect(ctx, dir, d, conns, async)
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
