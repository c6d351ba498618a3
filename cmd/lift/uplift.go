package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/liftmetrics/lift/internal/report"
	"github.com/liftmetrics/lift/internal/uplift"
)

func cmdUplift(ctx context.Context, args []string, stdout io.Writer) error {
	fs, c := newFlags("uplift")
	post := fs.String("post", "", "only the posts of this post's day")
	campaign := fs.String("campaign", "", "only days with a post of this campaign")
	windowDays := fs.Int("window-days", uplift.DefaultWindowDays, "days from the post's day that it may lift")
	preDays := fs.Int("pre-days", uplift.DefaultPreDays, "days before the post the baseline is made of")
	format := fs.String("format", "table", "table, csv or json")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("uplift: unexpected argument %q", pos[0])
	}
	if *windowDays < 1 || *windowDays > 28 {
		return fmt.Errorf("uplift: --window-days %d: use 1 to 28 days", *windowDays)
	}
	if *preDays < uplift.MinPreDays || *preDays > 366 {
		return fmt.Errorf("uplift: --pre-days %d: use %d to 366 days", *preDays, uplift.MinPreDays)
	}
	st, ws, err := c.open(ctx, false)
	if err != nil {
		return err
	}
	defer st.Close()
	r, err := report.Uplift(ctx, st, ws, report.UpliftOptions{PostID: *post, Campaign: *campaign,
		PreDays: *preDays, WindowDays: *windowDays, Until: time.Now()})
	if err != nil {
		return err
	}
	return r.Write(stdout, *format)
}
