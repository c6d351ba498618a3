package report

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/liftmetrics/lift/internal/importer"
	"github.com/liftmetrics/lift/internal/money"
)

// Glow runs April 1–30, 30 days. dana has no post: her $100.00 fee without
// a date is 10000¢ / 30 = 333.33¢ a day; largest remainder gives the 10
// cents left to the first 10 days (334¢), the other 20 get 333¢:
// 3,340 + 6,660 = 10,000. Her $50.00 dated April 15 stays on that day.
// erin's $80.00 without a date falls on her only post's day, April 20.
// fay's $60.00 without a date is shared by her two posts ($30 each) in a
// report by post, each share spread over the 30 days (200¢ a day).
var spreadShop = [][2]string{
	{"campaigns", "name,starts,ends\nGlow,2026-04-01,2026-04-30\n"},
	{"creators", "handle,platform,followers\ndana,instagram,20000\nerin,tiktok,8000\nfay,youtube,300000\n"},
	{"posts", "post_id,creator,campaign,platform,format,published_at\n" +
		"e1,erin,Glow,tiktok,video,2026-04-20 18:00\n" +
		"f1,fay,Glow,youtube,video,2026-04-05 12:00\n" +
		"f2,fay,Glow,youtube,short,2026-04-25 12:00\n"},
	{"costs", "creator,campaign,kind,amount,date\n" +
		"dana,Glow,fee,100.00,\n" +
		"dana,Glow,product,50.00,2026-04-15\n" +
		"erin,Glow,fee,80.00,\n" +
		"fay,Glow,fee,60.00,\n"},
}

func costOf(t *testing.T, r *Report, key string) money.Cents {
	t.Helper()
	return row(t, r, key).Cost
}

func TestUndatedCostsSpreadOverTheCampaign(t *testing.T) {
	st, ws := workspaceOf(t, spreadShop...)
	day := func(d int) time.Time { return time.Date(2026, 4, d, 0, 0, 0, 0, time.UTC) }

	// The whole campaign counts every cost whole, as before.
	whole := build(t, st, ws, Options{By: "creator"})
	if costOf(t, whole, "dana") != 15000 || costOf(t, whole, "erin") != 8000 || costOf(t, whole, "fay") != 6000 || whole.CostSpread != "" {
		t.Errorf("whole campaign: %+v, note %q", whole.Rows, whole.CostSpread)
	}
	// April 1–10: dana's first 10 days (3,340¢), none of erin's; fay 10 × 200¢.
	first := build(t, st, ws, Options{By: "creator", From: day(1), To: day(11)})
	if costOf(t, first, "dana") != 3340 || first.Total.Cost != 3340+2000 || first.CostSpread != SpreadNote {
		t.Errorf("April 1–10: %+v, note %q", first.Rows, first.CostSpread)
	}
	// April 11–30: dana 6,660¢ + the dated 5,000¢; erin all 8,000¢; fay 4,000¢.
	rest := build(t, st, ws, Options{By: "creator", From: day(11)})
	if costOf(t, rest, "dana") != 11660 || costOf(t, rest, "erin") != 8000 || costOf(t, rest, "fay") != 4000 {
		t.Errorf("April 11–30: %+v", rest.Rows)
	}

	// By day, the days add up to the costs exactly.
	byDay := build(t, st, ws, Options{By: "day"})
	var sum money.Cents
	for _, r := range byDay.Rows {
		sum += r.Cost
	}
	if sum != 29000 || byDay.Total.Cost != 29000 || costOf(t, byDay, "2026-04-01") != 334+200 ||
		costOf(t, byDay, "2026-04-15") != 333+5000+200 || costOf(t, byDay, "2026-04-20") != 333+8000+200 {
		t.Errorf("by day: Σ %v, total %v, rows %+v", sum, byDay.Total.Cost, byDay.Rows)
	}
	var buf bytes.Buffer
	if err := byDay.Write(&buf, "table"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "\n"+SpreadNote+"\n") {
		t.Errorf("the table does not say how costs were spread:\n%s", buf.String())
	}

	// By post, fay's fee is $30 a post before it is spread: the whole
	// campaign shows $30 on each, April 1–10 shows 10 × 100¢ on each.
	byPost := build(t, st, ws, Options{By: "post"})
	if costOf(t, byPost, "f1") != 3000 || costOf(t, byPost, "f2") != 3000 || costOf(t, byPost, "e1") != 8000 {
		t.Errorf("by post: %+v", byPost.Rows)
	}
	byPost = build(t, st, ws, Options{By: "post", From: day(1), To: day(11)})
	if costOf(t, byPost, "f1") != 1000 || costOf(t, byPost, "f2") != 1000 {
		t.Errorf("by post, April 1–10: %+v", byPost.Rows)
	}
}

// A cost file read again changes nothing: whether a date was given is
// part of what is stored, the same both times.
func TestCostsReimportedChangeNothing(t *testing.T) {
	st, ws := workspaceOf(t, spreadShop...)
	res, err := importer.Import(context.Background(), st, ws, "costs", strings.NewReader(spreadShop[3][1]), importer.Options{File: "costs.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Unchanged != 4 || res.Stored != 0 || res.Updated != 0 {
		t.Errorf("re-import: %s", res)
	}
	costs, err := st.Costs(context.Background(), ws.ID)
	if err != nil {
		t.Fatal(err)
	}
	dated := 0
	for _, c := range costs {
		if c.Dated {
			dated++
		}
	}
	if len(costs) != 4 || dated != 1 {
		t.Errorf("%d costs, %d dated; want 4 and 1", len(costs), dated)
	}
}
