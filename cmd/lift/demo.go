package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/liftmetrics/lift/internal/demo"
	"github.com/liftmetrics/lift/internal/importer"
	"github.com/liftmetrics/lift/internal/progress"
	"github.com/liftmetrics/lift/internal/report"
	"github.com/liftmetrics/lift/internal/store"
)

// cmdDemo writes the sample workspace into a database that holds nothing
// yet, all of it in one transaction: a demo mixed into real data would
// corrupt both.
func cmdDemo(ctx context.Context, args []string, stdout io.Writer) (err error) {
	fs, c := newFlags("demo")
	seed := fs.Uint64("seed", 42, "seed of the sample data; the same seed gives the same workspace")
	dir := fs.String("csv-dir", "", "also write the sample CSV files into this folder")
	scale := fs.Int("scale", 1, "import the sample this many times over into one workspace (copy k's names end in k), to try Lift at size")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("demo: unexpected argument %q", pos[0])
	}
	if *scale < 1 || *scale > 10000 {
		return fmt.Errorf("demo: --scale %d: give a number from 1 to 10000", *scale)
	}
	if *scale > 1 && *dir != "" {
		return errors.New("demo: --csv-dir writes the sample once; leave out --scale")
	}
	_, statErr := os.Stat(c.db)
	fresh := errors.Is(statErr, os.ErrNotExist)
	st, err := store.Open(ctx, c.db)
	if err != nil {
		return err
	}
	defer func() {
		st.Close()
		if err != nil && fresh {
			removeDB(c.db) // leave nothing behind a failed demo
		}
	}()
	held, err := st.Contents(ctx)
	if err != nil {
		return err
	}
	if held != "" {
		return fmt.Errorf("demo: %s already holds data (%s); the demo goes into a new database: lift demo --db demo.db", c.db, held)
	}
	// A salt derived from the seed keeps the demo's hashed customer keys,
	// and so the whole database, the same on every run.
	ws, err := st.CreateWorkspace(ctx, c.workspace, fmt.Sprintf("demo-%d", *seed))
	if err != nil {
		return err
	}
	if *scale > 1 {
		return demoScale(ctx, st, ws, *seed, *scale, c.db, stdout)
	}
	files := demo.Files(*seed)
	if *dir != "" {
		if err := writeFiles(*dir, files); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
	}
	in := make([]importer.File, len(files))
	for i, f := range files {
		in[i] = importer.File{Kind: f.Kind, Name: f.Name, Data: bytes.NewReader(f.Data)}
	}
	results, err := importer.ImportAll(ctx, st, ws, in)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	for _, res := range results {
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

// demoScale imports copies 0 to n-1 of the sample into ws, one
// transaction per copy, through the importer's bulk path, and says how
// long it took. On a terminal, standard error shows the rows stored as
// they go.
func demoScale(ctx context.Context, st *store.Store, ws store.Workspace, seed uint64, n int, db string, stdout io.Writer) error {
	start := time.Now()
	counter := new(progress.Counter)
	stop := progress.Start(os.Stderr, progress.IsTerminal(os.Stderr), fmt.Sprintf("demo ×%d", n), counter)
	got, err := demo.ImportScale(ctx, st, ws, seed, n, counter)
	stop()
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	// The click log, if a server left one, is not involved: imported
	// clicks go straight to the database.
	fmt.Fprintf(stdout, "demo workspace %q is in %s: the sample %d times over (%d clicks, %d orders) in %s\n",
		ws.Name, db, n, got.Clicks, got.Orders, time.Since(start).Round(time.Millisecond))
	fmt.Fprintf(stdout, "try `lift report --by campaign --db %s`\n", db)
	return nil
}

// removeDB removes a database file with its WAL and shared-memory files.
func removeDB(path string) {
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		os.Remove(p)
	}
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
