package main

import (
	"context"
	"fmt"
	"io"

	"github.com/liftmetrics/lift/internal/attribution"
	"github.com/liftmetrics/lift/internal/report"
)

func cmdLeaks(ctx context.Context, args []string, stdout io.Writer) error {
	fs, c := newFlags("leaks")
	campaign := fs.String("campaign", "", "only this campaign's codes")
	window := fs.String("window", "30d", "how long before an order a creator's click counts (24h, 14d, 30d)")
	format := fs.String("format", "table", "table or json")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("leaks: unexpected argument %q", pos[0])
	}
	opt := report.LeakOptions{Campaign: *campaign}
	if opt.Window, err = attribution.ParseWindow(*window); err != nil {
		return fmt.Errorf("leaks: --window: %w", err)
	}
	st, ws, err := c.open(ctx, false)
	if err != nil {
		return err
	}
	defer st.Close()
	r, err := report.Leaks(ctx, st, ws, opt)
	if err != nil {
		return err
	}
	return r.Write(stdout, *format)
}
