package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/liftmetrics/lift/internal/demo"
	"github.com/liftmetrics/lift/internal/importer"
	"github.com/liftmetrics/lift/internal/report"
	"github.com/liftmetrics/lift/internal/store"
)

func cmdDemo(ctx context.Context, args []string, stdout io.Writer) error {
	fs, c := newFlags("demo")
	seed := fs.Uint64("seed", 42, "seed of the sample data; the same seed gives the same workspace")
	dir := fs.String("csv-dir", "", "also write the sample CSV files into this folder")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("demo: unexpected argument %q", pos[0])
	}
	st, err := store.Open(ctx, c.db)
	if err != nil {
		return err
	}
	defer st.Close()
	// A salt derived from the seed keeps the demo's hashed customer keys,
	// and so the whole database, the same on every run.
	ws, err := st.CreateWorkspace(ctx, c.workspace, fmt.Sprintf("demo-%d", *seed))
	if err != nil {
		return err
	}
	files := demo.Files(*seed)
	if *dir != "" {
		if err := writeFiles(*dir, files); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
	}
	for _, f := range files {
		res, err := importer.Import(ctx, st, ws, f.Kind, bytes.NewReader(f.Data), importer.Options{File: f.Name})
		if err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		fmt.Fprintln(stdout, res)
	}
	fmt.Fprintln(stdout)
	r, err := report.Build(ctx, st, ws, report.Options{By: "creator"})
	if err != nil {
		return err
	}
	if err := r.Write(stdout, "table"); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\ndemo workspace %q is in %s: try `lift report --by platform --db %s`\n", ws.Name, c.db, c.db)
	return nil
}

func writeFiles(dir string, files []demo.File) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
