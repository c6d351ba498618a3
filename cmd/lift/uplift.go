package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/liftmetrics/lift/internal/query"
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
	st, ws, err := c.open(ctx, false)
	if err != nil {
		return err
	}
	defer st.Close()
	r, err := query.BuildUplift(ctx, st, ws, query.Uplift{Post: *post, Campaign: *campaign,
		WindowDays: *windowDays, PreDays: *preDays, Until: upliftClock()})
	if err != nil {
		return flagError("uplift", err)
	}
	return r.Write(stdout, *format)
}

// upliftClock is the moment uplift reads sales up to; tests pin it.
var upliftClock = time.Now
