package main

import (
	"context"
	"fmt"
	"io"

	"github.com/liftmetrics/lift/internal/query"
)

func cmdCustomers(ctx context.Context, args []string, stdout io.Writer) error {
	fs, c := newFlags("customers")
	campaign := fs.String("campaign", "", "only this campaign")
	model := fs.String("model", "", "attribution model (default: the workspace's, last-touch unless set)")
	window := fs.String("window", "", "attribution window: 24h, 14d, 30d (default: the workspace's, 30d unless set)")
	format := fs.String("format", "table", "table, csv or json")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("customers: unexpected argument %q", pos[0])
	}
	st, ws, err := c.open(ctx, false)
	if err != nil {
		return err
	}
	defer st.Close()
	r, err := query.BuildCustomers(ctx, st, ws, query.Customers{Campaign: *campaign, Model: *model, Window: *window})
	if err != nil {
		return flagError("customers", err)
	}
	return r.Write(stdout, *format)
}
