package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/liftmetrics/lift/internal/csvin"
	"github.com/liftmetrics/lift/internal/importer"
	"github.com/liftmetrics/lift/internal/progress"
)

func cmdImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, c := newFlags("import")
	dry := fs.Bool("dry-run", false, "check the file, write nothing")
	skip := fs.Bool("skip-bad", false, "store the good rows, list the bad ones")
	from := fs.String("from", "", "first day (YYYY-MM-DD) an amazon-associates summary without dates covers")
	to := fs.String("to", "", "last day (YYYY-MM-DD, included) an amazon-associates summary without dates covers")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return errors.New("import: usage: lift import KIND FILE [--from YYYY-MM-DD --to YYYY-MM-DD] (see `lift help`)")
	}
	kind, path := pos[0], pos[1]
	period, err := importPeriod(kind, *from, *to)
	if err != nil {
		return err
	}
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
	in, counter, stop := progress.File(f, stderr, "import "+filepath.Base(path))
	res, err := importer.Import(ctx, st, ws, kind, in, importer.Options{File: filepath.Base(path), DryRun: *dry, SkipBad: *skip, Period: period, Progress: counter})
	stop()
	if err != nil {
		return err
	}
	for _, e := range res.Errors {
		fmt.Fprintln(stdout, "refused:", e.Error())
	}
	fmt.Fprintln(stdout, res)
	return nil
}

// importPeriod reads --from and --to, the days an Amazon Associates
// summary without dates covers: both or neither, and for that kind only.
func importPeriod(kind, from, to string) (csvin.Period, error) {
	p := csvin.Period{From: from, To: to}
	var pe *csvin.PeriodError
	if err := p.Check(kind); !errors.As(err, &pe) {
		return p, err
	}
	switch pe.Fault {
	case csvin.PeriodWrongKind:
		return csvin.Period{}, fmt.Errorf("import %s: --from and --to are only for amazon-associates summaries without dates", kind)
	case csvin.PeriodHalf:
		return csvin.Period{}, fmt.Errorf("import %s: give both --from and --to (the first and the last day the file covers)", kind)
	}
	return csvin.Period{}, fmt.Errorf("import %s: --%s %q is not a day (use YYYY-MM-DD)", kind, pe.Field, pe.Day)
}
