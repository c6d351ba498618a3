package main

import (
	"context"
	"fmt"
	"io"

	"github.com/liftmetrics/lift/internal/attribution"
	"github.com/liftmetrics/lift/internal/report"
)

func cmdCustomers(ctx context.Context, args []string, stdout io.Writer) error {
	fs, c := newFlags("customers")
	campaign := fs.String("campaign", "", "only this campaign")
	model := fs.String("model", string(attribution.LastTouch), "attribution model")
	window := fs.String("window", "30d", "attribution window (24h, 14d, 30d)")
	format := fs.String("format", "table", "table, csv or json")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("customers: unexpected argument %q", pos[0])
	}
	opt := report.CustomerOptions{Campaign: *campaign}
	if opt.Model, err = attribution.ParseModel(*model); err != nil {
		return fmt.Errorf("customers: --model: %w", err)
	}
	if opt.Window, err = attribution.ParseWindow(*window); err != nil {
		return fmt.Errorf("customers: --window: %w", err)
	}
	st, ws, err := c.open(ctx, false)
	if err != nil {
		return err
	}
	defer st.Close()
	r, err := report.Customers(ctx, st, ws, opt)
	if err != nil {
		return err
	}
	return r.Write(stdout, *format)
}
