package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/liftmetrics/lift/internal/importer"
)

func cmdImport(ctx context.Context, args []string, stdout io.Writer) error {
	fs, c := newFlags("import")
	dry := fs.Bool("dry-run", false, "check the file, write nothing")
	skip := fs.Bool("skip-bad", false, "store the good rows, list the bad ones")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return errors.New("import: usage: lift import KIND FILE (see `lift help`)")
	}
	kind, path := pos[0], pos[1]
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("import %s: %w", kind, err)
	}
	defer f.Close()
	st, ws, err := c.open(ctx, !*dry) // a dry run creates nothing, not even a workspace
	if err != nil {
		return err
	}
	defer st.Close()
	res, err := importer.Import(ctx, st, ws, kind, f, importer.Options{File: filepath.Base(path), DryRun: *dry, SkipBad: *skip})
	if err != nil {
		return err
	}
	for _, e := range res.Errors {
		fmt.Fprintln(stdout, "refused:", e.Error())
	}
	fmt.Fprintln(stdout, res)
	return nil
}
