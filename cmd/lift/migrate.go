package main

import (
	"context"
	"fmt"
	"io"
	"path"

	"github.com/liftmetrics/lift/internal/store"
)

// cmdMigrate applies the embedded migrations the database lacks and says
// which it applied. Opening a database does the same, so this is for a
// deployment that migrates once, before it starts its nodes; nodes
// starting at once migrate once anyway (see store.Open).
func cmdMigrate(ctx context.Context, args []string, stdout io.Writer) error {
	fs, c := newFlags("migrate")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("migrate: unexpected argument %q", pos[0])
	}
	st, err := store.Open(ctx, c.db)
	if err != nil {
		return err
	}
	defer st.Close()
	applied := st.Applied()
	for _, name := range applied {
		fmt.Fprintf(stdout, "applied %s\n", path.Base(name))
	}
	all, err := st.Migrations(ctx)
	if err != nil {
		return err
	}
	if len(applied) == 0 {
		fmt.Fprintf(stdout, "up to date: %d migrations (%s engine)\n", len(all), st.Engine())
		return nil
	}
	fmt.Fprintf(stdout, "%d of %d migrations applied now; up to date (%s engine)\n", len(applied), len(all), st.Engine())
	return nil
}
