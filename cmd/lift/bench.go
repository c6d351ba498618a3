package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/liftmetrics/lift/internal/bench"
)

func cmdBench(ctx context.Context, args []string, stdout io.Writer) error {
	fs, _ := newFlags("bench")
	orders := fs.Int("orders", 1_000_000, "rows of the generated orders file")
	format := fs.String("format", "table", "table or json")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || pos[0] != "import" {
		return errors.New("bench: usage: lift bench import [--orders N] [--format table|json]")
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
