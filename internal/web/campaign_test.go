package web

import (
	"bytes"
	"context"
	"html"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/liftmetrics/lift/internal/demo"
	"github.com/liftmetrics/lift/internal/importer"
	"github.com/liftmetrics/lift/internal/report"
)

// springPath is the page of the fixture's campaign.
func (e *env) springPath(t *testing.T) string {
	t.Helper()
	cs, err := e.st.Campaigns(context.Background(), e.brand.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.Name == "Spring" {
			return "/campaigns/" + strconv.FormatInt(c.ID, 10)
		}
	}
	t.Fatal("no campaign Spring")
	return ""
}

// Spring runs March 1–31 (31 days); on March 16 at noon, 15.5 days have
// gone: 50% of its time. Its costs are $500 + $300 + $50 = $850, and ana
// earns 10% commission on the $100 of o1 and the $40 o5 keeps after its
// refund: $14. Spent: $864.00.
func TestBudgetOverspent(t *testing.T) {
	e := newEnv(t)
	e.load(t, e.brand, "campaigns", "name,starts,ends,goal_metric,goal_target,budget\nSpring,2026-03-01,2026-03-31,orders,8,800.00\n")
	c := e.signedIn(t, "ana@brand.com")
	spring := e.springPath(t)
	// The dates picked do not narrow what a campaign has spent.
	for _, p := range []string{"/", "/?campaign=Spring", "/?from=2026-03-06&to=2026-03-10", spring, spring + "?from=2026-03-06&to=2026-03-10"} {
		resp, body := c.get(p)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", p, resp.StatusCode)
		}
		text := html.UnescapeString(body)
		contains(t, p, text, "Over budget: $864.00 spent of $800.00, $64.00 more than planned.",
			"108.00%", // of the budget spent
			"50.00%",  // of the time gone
			"2.16x",   // 108% / 50%
			"-$64.00", // remaining
			`class="pill over-budget">over budget`)
	}
}

// With a budget of $1,728.00, $864.00 is half of it at half the time:
// on pace, and no warning.
func TestBudgetOnPace(t *testing.T) {
	e := newEnv(t)
	e.load(t, e.brand, "campaigns", "name,starts,ends,budget\nSpring,2026-03-01,2026-03-31,1728.00\n")
	c := e.signedIn(t, "ana@brand.com")
	for _, p := range []string{"/", e.springPath(t)} {
		_, body := c.get(p)
		text := html.UnescapeString(body)
		contains(t, p, text, "$864.00", "of $1,728.00", "$864.00</dd>", "1.00x", `class="pill on-pace">on pace`)
		lacks(t, p, text, "Over budget")
	}
}

// A campaign without a budget shows what it spent and how to set one;
// the overview has no budget card for it.
func TestCampaignWithoutBudget(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(t, "ana@brand.com")
	_, body := c.get("/")
	lacks(t, "overview", body, `id="budgets"`)
	_, body = c.get(e.springPath(t))
	contains(t, "campaign page", html.UnescapeString(body), "No budget is set for this campaign", "$864.00")
}

// The campaign page holds the goal, the numbers, the chart with the
// posts, the creators and the posts with what their links earned: p1's
// link has 3 clicks and earned o1 ($100, its click id) and o5 ($40, the
// same customer's earlier click).
func TestCampaignPage(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(t, "ana@brand.com")
	spring := e.springPath(t)
	resp, body := c.get(spring)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", spring, resp.StatusCode)
	}
	text := html.UnescapeString(body)
	contains(t, spring, text, "<h1>Spring", "2026-03-01 to 2026-03-31", `id="goal"`, "Orders", "of 8",
		`data-chart="campaign-chart"`, `"label":"ana · reel"`, `href="/creators/ana?campaign=Spring"`, `href="/creators/ben/tiktok?campaign=Spring"`)
	_, csv := c.get(spring + "?format=csv&table=posts")
	if !strings.Contains(csv, "p1,ana,") || !strings.Contains(csv, ",3,2,140.00") {
		t.Errorf("the posts of Spring:\n%s", csv)
	}
	_, csv = c.get(spring + "?format=csv&table=creators")
	if !strings.Contains(csv, "ana,instagram,140.00,514.00") {
		t.Errorf("the creators of Spring:\n%s", csv)
	}
	// The campaign picker is the page itself: a campaign in the query
	// changes nothing.
	_, body = c.get(spring + "?campaign=Nope")
	lacks(t, "campaign page with ?campaign=", body, `id="f-campaign"`, "there is no campaign")
	// The overview links to the page of the campaign picked.
	_, body = c.get("/?campaign=Spring&from=2026-03-02")
	contains(t, "overview of Spring", body, `href="`+spring+`?from=2026-03-02"`)
}

func TestCampaignPageNotFound(t *testing.T) {
	e := newEnv(t)
	cs, err := e.st.Campaigns(context.Background(), e.other.ID)
	if err != nil {
		t.Fatal(err)
	}
	c := e.signedIn(t, "ana@brand.com")
	// The other workspace's campaign, a number that is no campaign, and
	// no number.
	for _, p := range []string{"/campaigns/" + strconv.FormatInt(cs[0].ID, 10), "/campaigns/99999", "/campaigns/Spring"} {
		resp, body := c.get(p)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", p, resp.StatusCode)
		}
		lacks(t, p, body, "Winter")
	}
	if resp, _ := e.client(t).get(e.springPath(t)); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("the campaign page without a session: %d, want 303 to the sign-in", resp.StatusCode)
	}
}

// What a campaign has spent is the cost its own report shows over the
// whole campaign, under each model: checked on the demo's campaigns,
// with their dated and undated fees, commissions and Amazon numbers.
func TestSpentIsTheCampaignReportsCost(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	ws, err := e.st.CreateWorkspace(ctx, "demo", "salt-demo")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range demo.Files(1) {
		if _, err := importer.Import(ctx, e.st, ws, f.Kind, bytes.NewReader(f.Data), importer.Options{File: f.Name}); err != nil {
			t.Fatal(err)
		}
	}
	for _, model := range []string{"last-touch", "linear"} {
		f, err := e.h.readFilters(ctx, url.Values{"model": {model}, "from": {"2026-03-01"}, "to": {"2026-03-07"}}, ws)
		if err != nil {
			t.Fatal(err)
		}
		spent, err := e.h.spending(ctx, ws, f)
		if err != nil {
			t.Fatal(err)
		}
		if len(f.Campaigns) < 2 {
			t.Fatalf("the demo has %d campaigns", len(f.Campaigns))
		}
		for _, c := range f.Campaigns {
			// The campaign page reads it from a report by day.
			for _, by := range []string{"creator", "day"} {
				r, err := report.Build(ctx, e.st, ws, report.Options{By: by, Campaign: c.Name, Model: f.opt.Model, Window: f.opt.Window})
				if err != nil {
					t.Fatal(err)
				}
				if spent[c.ID] != r.Total.Cost || r.Total.Cost <= 0 {
					t.Errorf("%s, %s: spent %d¢, the campaign's report by %s costs %d¢", model, c.Name, spent[c.ID], by, r.Total.Cost)
				}
			}
		}
	}
}

// TestOverviewGoalsAreEachCampaignsReport: the overview takes every
// goal's figures from one pass over the facts (report.ByCampaignDay);
// they are those of each campaign's own report by day, to the last
// field (the page shows these fields), on the demo twice over, under a
// whole and a fractional model.
func TestOverviewGoalsAreEachCampaignsReport(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	ws, err := e.st.CreateWorkspace(ctx, "demo", "salt-demo")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.ImportScale(ctx, e.st, ws, 42, 2, nil); err != nil {
		t.Fatal(err)
	}
	for _, model := range []string{"last-touch", "linear"} {
		f, err := e.h.readFilters(ctx, url.Values{"model": {model}, "from": {"2026-03-01"}, "to": {"2026-03-07"}}, ws)
		if err != nil {
			t.Fatal(err)
		}
		got, err := e.h.goals(ctx, ws, f)
		if err != nil {
			t.Fatal(err)
		}
		var want []goal
		for _, c := range f.Campaigns {
			if c.GoalMetric == "" {
				continue
			}
			r, err := report.Build(ctx, e.st, ws, report.Options{By: "day", Campaign: c.Name, Model: f.opt.Model, Window: f.opt.Window})
			if err != nil {
				t.Fatal(err)
			}
			want = append(want, e.h.goal(ws, c, r.Total, r.Rows))
		}
		if len(want) < 4 {
			t.Fatalf("%s: only %d goals in the demo ×2", model, len(want))
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: overview goals\n got %+v\nwant %+v", model, got, want)
		}
	}
}
