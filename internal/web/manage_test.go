package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/liftmetrics/lift/internal/store"
)

// snapshot is every campaign, creator and cost of the workspace, to see
// that a refused form changed nothing.
func (e *env) snapshot(t *testing.T, ws store.Workspace) string {
	t.Helper()
	ctx := context.Background()
	ca, err := e.st.Campaigns(ctx, ws.ID)
	if err != nil {
		t.Fatal(err)
	}
	cr, err := e.st.Creators(ctx, ws.ID)
	if err != nil {
		t.Fatal(err)
	}
	co, err := e.st.Costs(ctx, ws.ID)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, c := range ca {
		fmt.Fprintf(&b, "%d %s %v %v %s %v %v\n", c.ID, c.Name, c.Starts, c.Ends, c.GoalMetric, c.GoalTarget, deref(c.Budget))
	}
	for _, c := range cr {
		fmt.Fprintf(&b, "%d %s %s %d %s %s %v\n", c.ID, c.Handle, c.Platform, c.Followers, c.Name, c.Niche, deref(c.CommissionRate))
	}
	for _, c := range co {
		fmt.Fprintf(&b, "%+v\n", c)
	}
	return b.String()
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

func (e *env) creatorNamed(t *testing.T, handle string) store.Creator {
	t.Helper()
	cs, err := e.st.Creators(context.Background(), e.brand.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.Handle == handle {
			return c
		}
	}
	t.Fatalf("no creator %q", handle)
	return store.Creator{}
}

func (e *env) campaignNamed(t *testing.T, name string) store.Campaign {
	t.Helper()
	cs, err := e.st.Campaigns(context.Background(), e.brand.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no campaign %q", name)
	return store.Campaign{}
}

// saved posts a form and expects the redirect to the list with its notice.
func (c *client) saved(path string, form url.Values, anchor, notice string) {
	c.t.Helper()
	resp, body := c.post(path, form)
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/campaigns?notice=") || !strings.HasSuffix(loc, "#"+anchor) {
		c.t.Fatalf("POST %s: %d → %q\n%s", path, resp.StatusCode, loc, body)
	}
	_, page := c.get(strings.TrimSuffix(loc, "#"+anchor))
	contains(c.t, "after POST "+path, page, html.EscapeString(notice))
}

func TestAddCampaignCreatorAndCost(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(t, "ana@brand.com")
	for _, p := range []string{"/campaigns/new", "/creators/new", "/campaigns/costs/new"} {
		resp, body := c.get(p)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", p, resp.StatusCode)
		}
		contains(t, p, body, `name="csrf"`)
	}
	_, body := c.get("/campaigns/costs/new")
	contains(t, "the cost form's creator picker", body, `list="f-creator-list"`, `<option value="ana/instagram">instagram</option>`)
	lacks(t, "the cost form's creator picker", body, "zed") // another workspace's creator

	c.saved("/campaigns/new", url.Values{"name": {"Summer"}, "starts": {"2026-06-01"}, "ends": {"2026-06-30"},
		"goal_metric": {"revenue"}, "goal_target": {">= 2500"}, "budget": {"1,500.50"}}, "campaigns", "Campaign saved: Summer.")
	got := e.campaignNamed(t, "Summer")
	if got.GoalMetric != "revenue" || got.GoalTarget != 2500 || got.Budget == nil || *got.Budget != 150050 ||
		got.Starts.Format("2006-01-02") != "2026-06-01" || got.Ends.Format("2006-01-02") != "2026-07-01" {
		t.Errorf("Summer = %+v, budget %v", got, deref(got.Budget))
	}

	c.saved("/creators/new", url.Values{"handle": {"@Dee.Glow"}, "platform": {"TikTok"}, "followers": {"120,000"},
		"name": {"Dee Glow"}, "niche": {"skincare"}, "commission_rate": {"12.5%"}}, "creators", "Creator saved: dee.glow.")
	dee := e.creatorNamed(t, "dee.glow")
	if dee.Platform != "tiktok" || dee.Followers != 120000 || dee.Name != "Dee Glow" || dee.CommissionRate == nil || *dee.CommissionRate != 0.125 {
		t.Errorf("dee = %+v", dee)
	}

	c.saved("/campaigns/costs/new", url.Values{"creator": {"dee.glow"}, "campaign": {"Summer"}, "kind": {"fee"},
		"amount": {"750.00"}, "date": {""}, "note": {"two reels"}}, "costs", "Cost saved: fee of dee.glow.")
	costs, _ := e.st.Costs(context.Background(), e.brand.ID)
	last := costs[len(costs)-1]
	if last.CreatorID != dee.ID || last.CampaignID != got.ID || last.Amount != 75000 || last.Dated || !last.Date.Equal(got.Starts) {
		t.Errorf("the new cost = %+v", last)
	}

	_, body = c.get("/campaigns")
	contains(t, "the list", body, "Summer", "$1,500.50", "dee.glow", "Dee Glow", "120,000", "12.50%", "$750.00", "two reels",
		`href="/creators/dee.glow/tiktok/edit"`, fmt.Sprintf(`href="/campaigns/costs/%d/edit"`, last.ID))
	_, body = c.get("/creators/dee.glow")
	contains(t, "dee's page", body, "Dee Glow", "120,000 followers", `href="/creators/dee.glow/tiktok/edit"`)
}

func TestEditCampaignCreatorAndCost(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(t, "ana@brand.com")
	spring := e.campaignNamed(t, "Spring")
	path := fmt.Sprintf("/campaigns/%d/edit", spring.ID)
	_, body := c.get(path)
	contains(t, "the campaign form", body, `value="Spring"`, `value="2026-03-01"`, `value="2026-03-31"`,
		`<option value="orders" selected>`, `value="8"`)
	c.saved(path, url.Values{"name": {"Spring launch"}, "starts": {"2026-03-01"}, "ends": {"2026-04-15"},
		"goal_metric": {"orders"}, "goal_target": {"10"}, "budget": {"2000"}}, "campaigns", "Campaign saved: Spring launch.")
	got := e.campaignNamed(t, "Spring launch")
	if got.ID != spring.ID || got.Ends.Format("2006-01-02") != "2026-04-16" || got.GoalTarget != 10 || *got.Budget != 200000 {
		t.Errorf("the edited campaign = %+v", got)
	}

	ana := e.creatorNamed(t, "ana")
	_, body = c.get("/creators/ana/instagram/edit")
	contains(t, "the creator form", body, `value="ana"`, `<option value="instagram" selected>`, `value="15000"`, `value="0.1"`)
	c.saved("/creators/ana/instagram/edit", url.Values{"handle": {"ana"}, "platform": {"instagram"}, "followers": {"18000"},
		"name": {"Ana B"}, "niche": {""}, "commission_rate": {""}}, "creators", "Creator saved: ana.")
	if got := e.creatorNamed(t, "ana"); got.ID != ana.ID || got.Followers != 18000 || got.Name != "Ana B" || got.CommissionRate != nil {
		t.Errorf("the edited creator = %+v", got)
	}

	costs, _ := e.st.Costs(context.Background(), e.brand.ID)
	fee := costs[0] // ana's $500 fee of March 1
	path = fmt.Sprintf("/campaigns/costs/%d/edit", fee.ID)
	_, body = c.get(path)
	contains(t, "the cost form", body, `value="ana/instagram"`, `<option value="Spring launch" selected>`, `value="500.00"`, `value="2026-03-01"`)
	c.saved(path, url.Values{"creator": {"ana"}, "campaign": {"spring launch"}, "kind": {"fee"}, "amount": {"550"},
		"date": {"2026-03-01"}, "note": {""}}, "costs", "Cost saved: fee of ana.")
	costs, _ = e.st.Costs(context.Background(), e.brand.ID)
	if costs[0].ID != fee.ID || costs[0].Amount != 55000 || costs[0].ContentKey == fee.ContentKey || len(costs) != 3 {
		t.Errorf("the edited cost = %+v (was %+v), %d costs", costs[0], fee, len(costs))
	}
	// The old fee can be entered again: it is another cost now.
	c.saved("/campaigns/costs/new", url.Values{"creator": {"ana"}, "campaign": {"Spring launch"}, "kind": {"fee"},
		"amount": {"500.00"}, "date": {"2026-03-01"}}, "costs", "Cost saved: fee of ana.")
	if n := e.count(t, "costs", e.brand); n != 4 {
		t.Errorf("%d costs after adding one, want 4", n)
	}
}

// Every problem is shown under its field, named above the form, and
// nothing is written.
func TestFormProblemsNameTheFieldAndChangeNothing(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(t, "ana@brand.com")
	spring := e.campaignNamed(t, "Spring")
	campaign := url.Values{"name": {"Autumn"}, "starts": {"2026-09-01"}, "ends": {"2026-09-30"}}
	creator := url.Values{"handle": {"dee"}, "platform": {"tiktok"}, "followers": {"5000"}}
	cost := url.Values{"creator": {"ana"}, "campaign": {"Spring"}, "kind": {"fee"}, "amount": {"100"}}
	with := func(v url.Values, kv ...string) url.Values {
		out := url.Values{}
		for k, x := range v {
			out[k] = x
		}
		for i := 0; i < len(kv); i += 2 {
			out.Set(kv[i], kv[i+1])
		}
		return out
	}
	for _, tt := range []struct {
		path         string
		form         url.Values
		field, label string
		problem      string
	}{
		{"/campaigns/new", with(campaign, "ends", "2026-08-01"), "ends", "Last day", `"2026-08-01" is not after starts "2026-09-01"`},
		{"/campaigns/new", with(campaign, "starts", "09/01/2026"), "starts", "First day", `"09/01/2026"`},
		{"/campaigns/new", with(campaign, "name", ""), "name", "Name", "required field is empty"},
		{"/campaigns/new", with(campaign, "goal_target", "100"), "goal_target", "Goal target", "given without a goal_metric"},
		{"/campaigns/new", with(campaign, "goal_metric", "likes", "goal_target", "5"), "goal_metric", "Goal", `"likes" is not a goal metric`},
		{"/campaigns/new", with(campaign, "budget", "-5"), "budget", "Budget", `"-5" is negative`},
		{"/campaigns/new", with(campaign, "name", "spring"), "name", "Name", `there is already a campaign "Spring"`},
		{"/creators/new", with(creator, "followers", "abc"), "followers", "Followers", `"abc" is not a whole number`},
		{"/creators/new", with(creator, "followers", ""), "followers", "Followers", "required field is empty"},
		{"/creators/new", with(creator, "platform", "myspace"), "platform", "Platform", `"myspace" is not a platform`},
		{"/creators/new", with(creator, "commission_rate", "150%"), "commission_rate", "Commission rate", `"150%" is more than 100%`},
		{"/creators/new", with(creator, "handle", "dee glow"), "handle", "Handle", `"dee glow" is not a handle`},
		{"/creators/new", with(creator, "handle", "@Ana", "platform", "ig"), "handle", "Handle", `there is already a creator "ana" on instagram`},
		{"/creators/ben/tiktok/edit", with(creator, "handle", "cara", "platform", "youtube"), "handle", "Handle", `there is already a creator "cara" on youtube`},
		{"/campaigns/costs/new", with(cost, "creator", "zed"), "creator", "Creator", `unknown creator "zed"`},
		{"/campaigns/costs/new", with(cost, "campaign", "Winter"), "campaign", "Campaign", `unknown campaign "Winter"`},
		{"/campaigns/costs/new", with(cost, "kind", "bribe"), "kind", "Kind", `"bribe" is not a cost kind`},
		{"/campaigns/costs/new", with(cost, "amount", "12,3x"), "amount", "Amount", `"12,3x"`},
		{"/campaigns/costs/new", with(cost, "amount", "500.00", "date", "2026-03-01"), "note", "Note", "the same cost"},
		{fmt.Sprintf("/campaigns/%d/edit", spring.ID), with(campaign, "starts", "2026-10-01"), "ends", "Last day", "is not after starts"},
	} {
		t.Run(tt.path+" "+tt.field, func(t *testing.T) {
			before := e.snapshot(t, e.brand)
			resp, body := c.post(tt.path, tt.form)
			if resp.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("%d, want 422\n%s", resp.StatusCode, body)
			}
			id := "f-" + strings.ReplaceAll(tt.field, "_", "-")
			problem := html.EscapeString(tt.problem)
			contains(t, "the form", body, "Nothing was saved", "<li>"+html.EscapeString(tt.label)+": ",
				`id="`+id+`" name="`+tt.field+`"`, `aria-describedby="`+id+`-error"`, `<small class="field-error" id="`+id+`-error">`)
			// The problem is under its own field, and the typed values stay.
			at := strings.Index(body, `id="`+id+`-error">`)
			if at < 0 || !strings.Contains(body[at:min(len(body), at+300)], problem) {
				t.Errorf("the problem %q is not under %s", tt.problem, tt.field)
			}
			if v := tt.form.Get(tt.field); v != "" && !strings.Contains(body, `<select id="`+id+`"`) {
				contains(t, "the typed value", body, `value="`+html.EscapeString(v)+`"`)
			}
			if after := e.snapshot(t, e.brand); after != before {
				t.Errorf("a refused form changed the workspace:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}

func TestFormsNeedTheTokenAndStayInTheWorkspace(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(t, "ana@brand.com")
	before := e.snapshot(t, e.brand)
	resp, _ := c.post("/creators/new", url.Values{"csrf": {"forged"}, "handle": {"dee"}, "platform": {"tiktok"}, "followers": {"5"}})
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("a form without the token: %d, want 403", resp.StatusCode)
	}
	if after := e.snapshot(t, e.brand); after != before {
		t.Errorf("a form without the token changed the workspace")
	}
	winter, err := e.st.Campaigns(context.Background(), e.other.ID)
	if err != nil || len(winter) != 1 {
		t.Fatal(winter, err)
	}
	otherBefore := e.snapshot(t, e.other)
	path := fmt.Sprintf("/campaigns/%d/edit", winter[0].ID)
	for _, method := range []string{"GET", "POST"} {
		var resp *http.Response
		if method == "GET" {
			resp, _ = c.get(path)
		} else {
			resp, _ = c.post(path, url.Values{"name": {"Mine"}, "starts": {"2026-01-01"}, "ends": {"2026-01-31"}})
		}
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s another workspace's campaign: %d, want 404", method, resp.StatusCode)
		}
	}
	if resp, _ := c.get("/creators/zed/edit"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("another workspace's creator: %d, want 404", resp.StatusCode)
	}
	if e.snapshot(t, e.other) != otherBefore {
		t.Error("another workspace changed")
	}
}

// The links page's pickers can be searched: creators by handle or name,
// posts by whose they are, their campaign and their day.
func TestLinkPickersShowNames(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(t, "ana@brand.com")
	_, body := c.get("/links")
	contains(t, "/links", body, `id="l-creator" name="creator" list="creator-list"`, `id="l-post" name="post" list="post-list"`,
		`<option value="p1">ana · instagram reel · Spring · 2026-03-02</option>`, `<option value="ben/tiktok">tiktok</option>`)
}

// TestCampaignsPageTurnsEachListsPages: 250 costs show 100 at a time,
// each list turning its own pages, and the download holds them all.
func TestCampaignsPageTurnsEachListsPages(t *testing.T) {
	e := newEnv(t)
	var costs strings.Builder
	costs.WriteString("creator,campaign,kind,amount,date,note\n")
	for i := range 247 { // the fixture has 3
		fmt.Fprintf(&costs, "ana,Spring,fee,%d.00,2026-03-01,cost %d\n", i+1, i+1)
	}
	e.load(t, e.brand, "costs", costs.String())
	c := e.signedIn(t, "ana@brand.com")
	_, body := c.get("/campaigns")
	contains(t, "the first page", body, "1–100 of 250 rows", `href="/campaigns?costs_page=2#costs"`)
	_, body = c.get("/campaigns?costs_page=3")
	contains(t, "the last page", body, "201–250 of 250 rows", `href="/campaigns?costs_page=2#costs"`)
	if n := len(regexp.MustCompile(`href="/campaigns/costs/\d+/edit"`).FindAllString(body, -1)); n != 50 {
		t.Errorf("the last page links %d costs, want 50", n)
	}
	// The campaigns and creators lists are short: one page, no pager.
	contains(t, "the campaigns", body, "Spring")
	_, csv := c.get("/campaigns?costs_page=3&format=csv&table=costs")
	if n := strings.Count(csv, "\n"); n != 251 {
		t.Errorf("the download has %d lines, want the header and 250 costs:\n%s", n, csv[:min(len(csv), 300)])
	}
}
