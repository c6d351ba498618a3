package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/liftmetrics/lift/internal/progress"
	"github.com/liftmetrics/lift/internal/store"
)

const dbUsage = "db: usage: lift db copy --from DB --to DB"

// cmdDB runs `lift db copy`: everything in one database into another,
// empty one, SQLite or PostgreSQL on either side.
func cmdDB(ctx context.Context, args []string, stdout, stderr io.Writer) (err error) {
	fs, c := newFlags("db")
	from := fs.String("from", "", "the database to copy from: a SQLite file or a postgres:// URL (default: --db)")
	to := fs.String("to", "", "the database to copy into, which must be empty: a SQLite file (made if missing) or a postgres:// URL")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || pos[0] != "copy" {
		return errors.New(dbUsage + suggestSub(pos, "copy"))
	}
	if *from == "" {
		*from = c.db
	}
	if *to == "" {
		return errors.New("db copy: --to is required (the database to copy into)")
	}
	if err := mustExist(*from); err != nil {
		return fmt.Errorf("db copy: --from: %w", err)
	}
	src, err := store.Open(ctx, *from)
	if err != nil {
		return fmt.Errorf("db copy: --from: %w", err)
	}
	defer src.Close()
	fresh := false
	if !store.IsPostgres(*to) {
		_, statErr := os.Stat(*to)
		fresh = errors.Is(statErr, os.ErrNotExist)
	}
	dst, err := store.Open(ctx, *to)
	if err != nil {
		if fresh {
			removeDB(*to)
		}
		return fmt.Errorf("db copy: --to: %w", err)
	}
	defer func() {
		dst.Close()
		if err != nil && fresh {
			removeDB(*to) // a file the copy made holds nothing worth keeping
		}
	}()

	counter := new(progress.Counter)
	term, _ := stderr.(*os.File)
	stop := progress.Start(stderr, term != nil && progress.IsTerminal(term), "copy", counter)
	start := time.Now()
	res, err := store.Copy(ctx, src, dst, store.CopyOptions{Progress: counter})
	took := time.Since(start)
	stop()
	if res.LoadedClicks > 0 {
		fmt.Fprintf(stdout, "loaded %d clicks waiting in the click log of %s first\n", res.LoadedClicks, store.Describe(*from))
	}
	if err != nil {
		return fmt.Errorf("db %w; %s is unchanged", err, store.Describe(*to))
	}
	var parts []string
	for _, t := range res.Tables {
		if t.Rows > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", t.Rows, t.Name))
		}
	}
	fmt.Fprintf(stdout, "copied %d rows from %s %s to %s %s in one transaction, %.1fs: %s\n",
		res.Rows, src.Engine(), store.Describe(*from), dst.Engine(), store.Describe(*to), took.Seconds(), strings.Join(parts, ", "))
	return nil
}
