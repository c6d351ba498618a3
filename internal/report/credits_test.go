package report

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/liftmetrics/lift/internal/attribution"
	"github.com/liftmetrics/lift/internal/importer"
)

// The fixture's credits, worked out by hand (a click's credit names the
// post of its link: ana1's is p1):
//   - o1 carries ana's click c1: ana, all of $100, new customer (cu1's first);
//   - o2 has ana's click c3 and ben's code BEN15: the code is the last
//     touch; under linear each gets half of $80;
//   - o3 is refunded in full and o4 has no touch: nobody;
//   - o5 ($50 less $10 refunded) is cu1's second order, whose first carried
//     c1: ana through the customer, not a new customer;
//   - o6 carries ben's code and c4.
func TestCredits(t *testing.T) {
	st, ws := fixtureStore(t)
	from := time.Date(2026, 3, 6, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		creator string
		opt     Options
		want    []string
	}{
		{"last touch", "ana", Options{}, []string{
			"o1 $100.00 share 1 credited $100.00 click-id c1 new via p1",
			"o5 $40.00 share 1 credited $40.00 customer c1 returning via p1",
		}},
		{"linear splits the order with the code", "ana", Options{Model: attribution.Linear}, []string{
			"o1 $100.00 share 1 credited $100.00 click-id c1 new via p1",
			"o2 $80.00 share 0.5 credited $40.00 click-id c3 new via p1",
			"o5 $40.00 share 1 credited $40.00 customer c1 returning via p1",
		}},
		{"a key with the platform, any case", "Ana/instagram", Options{}, []string{
			"o1 $100.00 share 1 credited $100.00 click-id c1 new via p1",
			"o5 $40.00 share 1 credited $40.00 customer c1 returning via p1",
		}},
		{"from a day", "ana", Options{From: from}, []string{
			"o5 $40.00 share 1 credited $40.00 customer c1 returning via p1",
		}},
		{"codes", "ben", Options{}, []string{
			"o2 $80.00 share 1 credited $80.00 code BEN15 new",
			"o6 $30.00 share 1 credited $30.00 code BEN15 new",
		}},
		{"a one-day window keeps only codes", "ana", Options{Window: 24 * time.Hour}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Credits(context.Background(), st, ws, tc.creator, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			var lines []string
			for _, c := range got {
				isNew := "returning"
				if c.NewCustomer {
					isNew = "new"
				}
				line := fmt.Sprintf("%s $%s share %v credited $%s %s %s %s",
					c.OrderID, c.Revenue, c.Share, c.Credited, c.Reason, c.Ref, isNew)
				if c.Post != "" {
					line += " via " + c.Post
				}
				lines = append(lines, line)
			}
			if fmt.Sprint(lines) != fmt.Sprint(tc.want) {
				t.Errorf("credits:\n got %q\nwant %q", lines, tc.want)
			}
		})
	}
}

// The credits of every creator add up to the report's rows.
func TestCreditsAddUpToTheReport(t *testing.T) {
	st, ws := fixtureStore(t)
	for _, m := range attribution.Models {
		r := build(t, st, ws, Options{By: "creator", Model: m})
		for _, row := range r.Rows {
			credits, err := Credits(context.Background(), st, ws, row.Key, Options{Model: m})
			if err != nil {
				t.Fatal(err)
			}
			var revenue int64
			var orders float64
			for _, c := range credits {
				revenue += int64(c.Credited)
				orders += c.Share
			}
			if revenue != int64(row.Revenue) || fmt.Sprintf("%.6f", orders) != fmt.Sprintf("%.6f", row.Orders) {
				t.Errorf("%s %s: credits sum to %d cents, %v orders; the row has %d, %v", m, row.Key, revenue, orders, row.Revenue, row.Orders)
			}
		}
	}
}

func TestCreditsRefuseUnknownNames(t *testing.T) {
	st, ws := fixtureStore(t)
	if _, err := Credits(context.Background(), st, ws, "nobody", Options{}); !errors.Is(err, ErrNoCreator) {
		t.Errorf("unknown creator: %v, want ErrNoCreator", err)
	}
	if _, err := Credits(context.Background(), st, ws, "ana", Options{Campaign: "Winter"}); err == nil {
		t.Error("unknown campaign accepted")
	}
}

// BEN15 redeemed on 27 February, before Spring began on 1 March: the order
// is credited to ben and Spring as any code order is, and flagged in his
// audit trail and by the leak report (before-start); his orders of March
// are not.
func TestCodeUsedBeforeTheCampaign(t *testing.T) {
	st, ws := fixtureStore(t)
	ctx := context.Background()
	early := "order_id,created_at,revenue,discount_code\ne1,2026-02-27 18:00,25.00,BEN15\n"
	if _, err := importer.Import(ctx, st, ws, "orders", strings.NewReader(early), importer.Options{File: "early.csv"}); err != nil {
		t.Fatal(err)
	}
	credits, err := Credits(ctx, st, ws, "ben", Options{})
	if err != nil {
		t.Fatal(err)
	}
	var flagged []string
	for _, c := range credits {
		if c.BeforeStart {
			flagged = append(flagged, c.OrderID+" "+c.Campaign)
		}
	}
	if fmt.Sprint(flagged) != "[e1 Spring]" || len(credits) != 3 {
		t.Errorf("flagged %v of %d credits, want e1 of 3", flagged, len(credits))
	}
	r, err := Leaks(ctx, st, ws, LeakOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, f := range r.Findings {
		found = append(found, fmt.Sprintf("%s %s %v %d of %d", f.Kind, f.Code, f.Orders, f.Count, f.Redemptions))
	}
	if fmt.Sprint(found) != "[before-start BEN15 [e1] 1 of 3]" {
		t.Errorf("findings %q", found)
	}
}
