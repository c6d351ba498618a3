package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/liftmetrics/lift/internal/store"
	"github.com/liftmetrics/lift/internal/storetest"
)

// goalsDB is a workspace with a campaign for each kind of goal.
func goalsDB(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	db := storetest.DSN(t)
	for _, f := range []struct{ kind, data string }{
		{"campaigns", "name,starts,ends,goal_metric,goal_target\n" +
			"Spring,2026-03-01,2026-03-30,impressions,600000\n" +
			"Summer,2026-03-01,2026-04-29,roas,2\n" +
			"Fall,2026-03-01,2026-03-20,revenue,500\n" +
			"Autumn,2026-09-01,2026-09-30,orders,100\n" +
			"Plain,2026-03-01,2026-03-30,,\n"},
		{"creators", "handle,platform,followers\nana,instagram,15000\nben,tiktok,50000\n"},
		{"posts", "post_id,creator,campaign,platform,format,published_at,impressions\n" +
			"p1,ana,Spring,instagram,reel,2026-03-02 10:00,100000\n" +
			"p2,ben,Spring,tiktok,video,2026-03-05 09:00,50000\n"},
		{"costs", "creator,campaign,kind,amount,date\nana,Summer,fee,100.00,2026-03-01\n"},
		{"codes", "code,creator,campaign\nANA10,ana,Summer\nFALL,ana,Fall\n"},
		{"orders", "order_id,created_at,revenue,discount_code\n" +
			"o1,2026-03-03 10:00,250.00,ANA10\n" +
			"o2,2026-03-04 10:00,300.00,FALL\n"},
	} {
		if out, err := lift(t, "import", f.kind, write(t, dir, f.kind+".csv", f.data), "--db", db); err != nil {
			t.Fatal(out, err)
		}
	}
	return db
}

func pinClock(t *testing.T, at time.Time) {
	t.Helper()
	old := goalsClock
	goalsClock = func() time.Time { return at }
	t.Cleanup(func() { goalsClock = old })
}

// At 2026-03-11 00:00, ten days in, by hand:
//   - Spring: 150,000 of 600,000 impressions = 25% against 10/30 = 33.33%
//     expected → behind; 15,000 a day reaches 600,000 on day 40, April 10,
//     after the end.
//   - Summer: ROAS $250 / $100 = 2.5 ≥ 2 → on track, met so far.
//   - Fall: $300 of $500 = 60% against 10/20 = 50% → on track; $30 a day
//     covers the $200 left in 6.67 days → March 17, before the end.
//   - Autumn starts in September; Plain has no goal.
func TestGoalsTable(t *testing.T) {
	db := goalsDB(t)
	pinClock(t, time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC))
	out, err := lift(t, "goals", "--db", db)
	if err != nil {
		t.Fatal(out, err)
	}
	for _, want := range []string{
		"Spring    2026-03-01 to 2026-03-30  impressions ≥ 600,000  150,000  25.00%    33.33%    behind       2026-04-10: will not be reached by the end at this rate",
		"Summer    2026-03-01 to 2026-04-29  roas ≥ 2.00x           2.50x    —         —         on track     met so far",
		"Fall      2026-03-01 to 2026-03-20  revenue ≥ $500.00      $300.00  60.00%    50.00%    on track     2026-03-17",
		"Autumn    2026-09-01 to 2026-09-30  orders ≥ 100           0        0.00%     0.00%     not started  starts 2026-09-01",
		"goals: 4 campaigns: 2 on track, 1 behind, 1 not started",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	if strings.Contains(out, "Plain") {
		t.Errorf("a campaign without a goal is listed:\n%s", out)
	}
}

func TestGoalsJSON(t *testing.T) {
	db := goalsDB(t)
	pinClock(t, time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC))
	out, err := lift(t, "goals", "--campaign", "fall", "--format", "json", "--db", db)
	if err != nil {
		t.Fatal(out, err)
	}
	var got struct {
		Now   string `json:"now"`
		Goals []struct {
			Campaign     string   `json:"campaign"`
			Target       float64  `json:"target"`
			Value        float64  `json:"value"`
			Progress     *float64 `json:"progress"`
			Expected     *float64 `json:"expected"`
			Pace         string   `json:"pace"`
			DailyRate    float64  `json:"daily_rate"`
			Projected    *string  `json:"projected_date"`
			ReachedByEnd *bool    `json:"reached_by_end"`
			Series       []struct {
				Day        string  `json:"day"`
				Value      float64 `json:"value"`
				Cumulative float64 `json:"cumulative"`
			} `json:"series"`
		} `json:"goals"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err, out)
	}
	if len(got.Goals) != 1 || got.Now != "2026-03-11T00:00:00Z" {
		t.Fatalf("%s", out)
	}
	g := got.Goals[0]
	if g.Campaign != "Fall" || g.Target != 500 || g.Value != 300 || g.DailyRate != 30 || g.Pace != "on track" ||
		*g.Progress != 0.6 || *g.Expected != 0.5 || *g.Projected != "2026-03-17" || !*g.ReachedByEnd {
		t.Errorf("Fall = %+v", g)
	}
	if !strings.Contains(out, `"target": 500.00`) || !strings.Contains(out, `"daily_rate": 30.00`) {
		t.Errorf("revenue is not money in major units:\n%s", out)
	}
	if len(g.Series) != 1 || g.Series[0].Day != "2026-03-04" || g.Series[0].Cumulative != 300 {
		t.Errorf("series = %+v", g.Series)
	}
}

// After the end, and when the target was hit along the way.
func TestGoalsAfterTheEnd(t *testing.T) {
	db := goalsDB(t)
	pinClock(t, time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC))
	out, err := lift(t, "goals", "--db", db)
	if err != nil {
		t.Fatal(out, err)
	}
	for _, want := range []string{
		"Fall      2026-03-01 to 2026-03-20  revenue ≥ $500.00      $300.00  60.00%    100.00%   ended        not reached",
		"Summer    2026-03-01 to 2026-04-29  roas ≥ 2.00x           2.50x    —         —         reached      met",
		"goals: 4 campaigns: 1 reached, 2 ended, 1 not started",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
}

func TestGoalsRefusals(t *testing.T) {
	db := goalsDB(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"goals", "--campaign", "Plain"}, `campaign "Plain" has no goal`},
		{[]string{"goals", "--campaign", "Winter"}, `unknown campaign "Winter" (campaigns: Autumn, Fall, Plain, Spring, Summer)`},
		{[]string{"goals", "--format", "xml"}, `unknown format "xml"`},
		{[]string{"goals", "--model", "best"}, "--model"},
		{[]string{"goals", "extra"}, `unexpected argument "extra"`},
	} {
		out, err := lift(t, append(tc.args, "--db", db)...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("lift %v: %v, want %q\n%s", tc.args, err, tc.want, out)
		}
	}
	empty := newDB(t)
	if out, err := lift(t, "goals", "--db", empty); err != nil || !strings.Contains(out, "no campaign has a goal") {
		t.Errorf("%s %v", out, err)
	}
}

// A conversions goal counts the conversions the API stored, credited as
// orders are. Launch wants 10 between March 1 and 30; four signups name
// ana's code LAUNCH (March 2, 3, 5, 5), a fifth has no touch and counts
// for no campaign. At March 11, ten days in: 4 of 10 = 40% against 10/30
// = 33.33% expected → on track; 0.4 a day covers the 6 left in 15 days →
// March 26, before the end.
func TestGoalsOnConversions(t *testing.T) {
	dir := t.TempDir()
	db := storetest.DSN(t)
	for _, f := range []struct{ kind, data string }{
		{"campaigns", "name,starts,ends,goal_metric,goal_target\nLaunch,2026-03-01,2026-03-30,conversions,10\n"},
		{"creators", "handle,platform,followers\nana,instagram,15000\n"},
		{"codes", "code,creator,campaign\nLAUNCH,ana,Launch\n"},
	} {
		if out, err := lift(t, "import", f.kind, write(t, dir, f.kind+".csv", f.data), "--db", db); err != nil {
			t.Fatal(out, err)
		}
	}
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	ws, err := st.Workspace(ctx, store.DefaultWorkspace, false)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := st.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i, day := range []int{2, 3, 5, 5, 6} {
		c := store.Conversion{Source: "api", ExternalID: fmt.Sprint("s", i), Type: "signup",
			Time: time.Date(2026, 3, day, 12, 0, 0, 0, time.UTC), Codes: "LAUNCH"}
		if i == 4 {
			c.Codes = ""
		}
		if _, _, err := tx.PutConversion(ctx, ws.ID, c); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	st.Close()

	pinClock(t, time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC))
	out, err := lift(t, "goals", "--db", db)
	if err != nil {
		t.Fatal(out, err)
	}
	if want := "Launch    2026-03-01 to 2026-03-30  conversions ≥ 10  4      40.00%    33.33%    on track  2026-03-26"; !strings.Contains(out, want) {
		t.Errorf("no %q in\n%s", want, out)
	}
}

// An Associates total for March belongs to no day: the goal counts it,
// but its series has no row for it, so no day's cumulative claims the
// month's items. Wintr's 3 orders: 1 by code on March 2, 2 in the block.
func TestGoalSeriesLeavesAmazonBlocksOut(t *testing.T) {
	dir := t.TempDir()
	db := storetest.DSN(t)
	for _, f := range []struct{ kind, data string }{
		{"campaigns", "name,starts,ends,goal_metric,goal_target\nWintr,2026-03-01,2026-03-31,orders,3\n"},
		{"creators", "handle,platform,followers\nana,instagram,15000\n"},
		{"codes", "code,creator,campaign\nANA10,ana,Wintr\n"},
		{"orders", "order_id,created_at,revenue,discount_code\no1,2026-03-02 10:00,20.00,ANA10\n"},
		{"amazon-associates", "Fee-Tracking Report for shop-20 from 2026-03-01 to 2026-03-31\n" +
			"Tracking ID,Clicks,Items Ordered,Ordered Revenue,creator,campaign\nana-20,10,2,$40.00,ana,Wintr\n"},
	} {
		if out, err := lift(t, "import", f.kind, write(t, dir, f.kind+".csv", f.data), "--db", db); err != nil {
			t.Fatal(out, err)
		}
	}
	pinClock(t, time.Date(2026, 4, 2, 0, 0, 0, 0, time.UTC))
	out, err := lift(t, "goals", "--format", "json", "--db", db)
	if err != nil {
		t.Fatal(out, err)
	}
	var got struct {
		Goals []struct {
			Value  float64 `json:"value"`
			Series []struct {
				Day        string  `json:"day"`
				Cumulative float64 `json:"cumulative"`
			} `json:"series"`
		} `json:"goals"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err, out)
	}
	if len(got.Goals) != 1 || got.Goals[0].Value != 3 {
		t.Fatalf("%s", out)
	}
	if s := got.Goals[0].Series; len(s) != 1 || s[0].Day != "2026-03-02" || s[0].Cumulative != 1 {
		t.Errorf("series = %+v", s)
	}
}
