package main

import (
	"context"
	"fmt"
	"io"

	"github.com/liftmetrics/lift/internal/query"
)

func cmdReport(ctx context.Context, args []string, stdout io.Writer) error {
	fs, c := newFlags("report")
	by := fs.String("by", "creator", "group by creator, platform, campaign, post, tier or day")
	campaign := fs.String("campaign", "", "only this campaign")
	from := fs.String("from", "", "first day (YYYY-MM-DD) or time")
	to := fs.String("to", "", "last day (YYYY-MM-DD, inclusive) or time (exclusive)")
	model := fs.String("model", "", "attribution model (default: the workspace's, last-touch unless set)")
	window := fs.String("window", "", "attribution window: 24h, 14d, 30d (default: the workspace's, 30d unless set)")
	format := fs.String("format", "table", "table, csv or json")
	withBRB := fs.Bool("with-brb", false, "add the Amazon Brand Referral Bonus to revenue")
	rank := fs.Bool("rank", false, "shrink rates toward the workspace's, with 90% intervals, and sort by likely ROI")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("report: unexpected argument %q", pos[0])
	}
	st, ws, err := c.open(ctx, false)
	if err != nil {
		return err
	}
	defer st.Close()
	r, err := query.BuildReport(ctx, st, ws, query.Report{By: *by, Campaign: *campaign, From: *from, To: *to,
		Model: *model, Window: *window, WithBRB: *withBRB, Rank: *rank})
	if err != nil {
		return flagError("report", err)
	}
	return r.Write(stdout, *format)
}
