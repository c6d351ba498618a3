package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/liftmetrics/lift/internal/csvin"
	"github.com/liftmetrics/lift/internal/report"
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
	opt := report.Options{By: *by, Campaign: *campaign, WithBRB: *withBRB}
	opt.Rank = *rank
	st, ws, err := c.open(ctx, false)
	if err != nil {
		return err
	}
	defer st.Close()
	if opt.Model, opt.Window, err = attributionOf(ctx, st, ws, *model, *window); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if opt.From, err = bound(*from, ws.Loc, false); err != nil {
		return fmt.Errorf("report: --from: %w", err)
	}
	if opt.To, err = bound(*to, ws.Loc, true); err != nil {
		return fmt.Errorf("report: --to: %w", err)
	}
	r, err := report.Build(ctx, st, ws, opt)
	if err != nil {
		return err
	}
	return r.Write(stdout, *format)
}

// bound reads --from or --to. A bare date as --to means the whole day.
func bound(s string, loc *time.Location, end bool) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := csvin.ParseTime(s, loc)
	if err != nil {
		return time.Time{}, err
	}
	if end && len(s) == len(time.DateOnly) {
		t = t.AddDate(0, 0, 1)
	}
	return t, nil
}
