package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/liftmetrics/lift/internal/importer"
	"github.com/liftmetrics/lift/internal/metrics"
	"github.com/liftmetrics/lift/internal/store"
)

// createAmazonTag maps an Amazon tag for `lift link create --amazon-tag`,
// and creates the link too when it has a destination. The tag is checked
// before the link is stored, so that a refused tag leaves no link behind.
func createAmazonTag(ctx context.Context, st *store.Store, ws store.Workspace, tag importer.AmazonTagInfo, link importer.NewLink, stdout io.Writer) error {
	if link.Destination != "" {
		if _, err := importer.CreateAmazonTag(ctx, st, ws, tag, true); err != nil {
			return fmt.Errorf("link create: %w", err)
		}
		l, err := importer.CreateLink(ctx, st, ws, link)
		if err != nil {
			return fmt.Errorf("link create: %w", err)
		}
		fmt.Fprintf(stdout, "link /%s → %s (creator %s, campaign %s)\n", l.Slug, l.Destination, l.Creator, l.Campaign)
	}
	info, err := importer.CreateAmazonTag(ctx, st, ws, tag, false)
	if err != nil {
		return fmt.Errorf("link create: %w", err)
	}
	what := "mapped"
	if !info.New {
		what = "already mapped"
	}
	fmt.Fprintf(stdout, "Amazon tag %q %s to creator %s, campaign %s\n", info.Tag, what, info.Creator, info.Campaign)
	return nil
}

// listAmazonTags prints the Amazon tag mappings after `lift link list`,
// nothing when there are none.
func listAmazonTags(ctx context.Context, st *store.Store, ws store.Workspace, stdout io.Writer) error {
	tags, err := importer.ListAmazonTags(ctx, st, ws)
	if err != nil || len(tags) == 0 {
		return err
	}
	fmt.Fprintln(stdout)
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "amazon tag\tcreator\tcampaign")
	for _, t := range tags {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", terminal(t.Tag, t.Creator, t.Campaign)...)
	}
	tw.Flush()
	fmt.Fprintf(stdout, "%d Amazon tags\n", len(tags))
	return nil
}

// brbRateFlag reads --brb-rate: a fraction (0.1) or a percent (10%); nil
// when not given.
func brbRateFlag(v string) (*float64, error) {
	if v == "" {
		return nil, nil
	}
	rate, err := parseRate(v)
	if err != nil {
		return nil, fmt.Errorf("workspace set: --brb-rate: %w", err)
	}
	return &rate, nil
}

// setBRBRate sets the workspace's Brand Referral Bonus rate when one was
// given.
func setBRBRate(ctx context.Context, st *store.Store, ws store.Workspace, rate *float64, stdout io.Writer) error {
	if rate == nil {
		return nil
	}
	if err := st.SetBRBRate(ctx, ws.ID, *rate); err != nil {
		return fmt.Errorf("workspace set: %w", err)
	}
	fmt.Fprintf(stdout, "workspace %s: Brand Referral Bonus rate %s of attributed Amazon sales\n",
		ws.Name, metrics.Percent(rate))
	return nil
}

func parseRate(v string) (float64, error) {
	s := strings.TrimSpace(v)
	pct := strings.HasSuffix(s, "%")
	f, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(s, "%")), 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a rate (write 0.1 or 10%%)", v)
	}
	if pct {
		f /= 100
	}
	if math.IsNaN(f) || f < 0 || f > 1 {
		return 0, fmt.Errorf("%q is not between 0 and 100%%", v)
	}
	return f, nil
}
