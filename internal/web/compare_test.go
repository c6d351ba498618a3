package web

import (
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/liftmetrics/lift/internal/store"
)

func TestPreviousPeriod(t *testing.T) {
	utc := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	tomorrow := utc(2026, 3, 17) // today is March 16
	for _, tc := range []struct {
		name       string
		from, to   time.Time // to exclusive, as the pickers give it
		ok         bool
		pfrom, pto time.Time
		days       int
		label      string
	}{
		// March 8–14 (7 days) follows March 1–7.
		{"a week", utc(2026, 3, 8), utc(2026, 3, 15), true, utc(2026, 3, 1), utc(2026, 3, 8), 7, "2026-03-01 to 2026-03-07"},
		// One day: the day before.
		{"a day", utc(2026, 3, 16), utc(2026, 3, 17), true, utc(2026, 3, 15), utc(2026, 3, 16), 1, "2026-03-15 to 2026-03-15"},
		// March (31 days) compares with the 31 days before it, January 29
		// to February 28, not with February.
		{"a month", utc(2026, 3, 1), utc(2026, 4, 1), true, utc(2026, 1, 29), utc(2026, 3, 1), 31, "2026-01-29 to 2026-02-28"},
		// Without a last day the period runs through today: March 10–16.
		{"open end", utc(2026, 3, 10), time.Time{}, true, utc(2026, 3, 3), utc(2026, 3, 10), 7, "2026-03-03 to 2026-03-09"},
		// Across a leap day: 2028-03-01 to 03-07 follows 02-23 to 02-29.
		{"leap year", utc(2028, 3, 1), utc(2028, 3, 8), true, utc(2028, 2, 23), utc(2028, 3, 1), 7, "2028-02-23 to 2028-02-29"},
		// New York springs forward on March 8, 2026: the week of March 8
		// has 167 hours and is still 7 days, and so is the one before.
		{"daylight saving", time.Date(2026, 3, 8, 0, 0, 0, 0, ny), time.Date(2026, 3, 15, 0, 0, 0, 0, ny), true,
			time.Date(2026, 3, 1, 0, 0, 0, 0, ny), time.Date(2026, 3, 8, 0, 0, 0, 0, ny), 7, "2026-03-01 to 2026-03-07"},
		{"no first day", time.Time{}, utc(2026, 3, 8), false, time.Time{}, time.Time{}, 0, ""},
		{"nothing picked", time.Time{}, time.Time{}, false, time.Time{}, time.Time{}, 0, ""},
		// A first day after today, without a last: nothing to compare.
		{"starts tomorrow", utc(2026, 3, 17), time.Time{}, false, time.Time{}, time.Time{}, 0, ""},
	} {
		p, ok := previousPeriod(tc.from, tc.to, tomorrow)
		if ok != tc.ok || !p.From.Equal(tc.pfrom) || !p.To.Equal(tc.pto) || p.Days != tc.days || (ok && p.Label() != tc.label) {
			t.Errorf("%s: %v %v–%v %d days %q; want %v %v–%v %d %q", tc.name, ok, p.From, p.To, p.Days, p.Label(),
				tc.ok, tc.pfrom, tc.pto, tc.days, tc.label)
		}
	}
}

func TestDelta(t *testing.T) {
	f := func(x float64) *float64 { return &x }
	for _, tc := range []struct {
		name      string
		cur, prev *float64
		key       string
		text      string
		class     string
	}{
		{"revenue up", f(11200), f(10000), "revenue", "▲ 12%", "good"},
		{"revenue down", f(9650), f(10000), "revenue", "▼ 3.5%", "bad"},
		{"CAC up is bad", f(2500), f(2000), "cac", "▲ 25%", "bad"},
		{"CAC down is good", f(1500), f(2000), "cac", "▼ 25%", "good"},
		{"cost is neither", f(3000), f(2000), "cost", "▲ 50%", "neutral"},
		{"unchanged", f(0.025), f(0.025), "ctr", "0%", "flat"},
		{"a hair", f(100001), f(100000), "revenue", "0%", "flat"},
		{"large", f(1350), f(100), "orders", "▲ 1,250%", "good"},
		{"just under ten", f(109.94), f(100), "orders", "▲ 9.9%", "good"},
		{"just ten", f(109.96), f(100), "orders", "▲ 10%", "good"},
		// ROI from −50% to +25% is a rise of 150% of the size of −50%.
		{"ROI across zero", f(0.25), f(-0.5), "roi", "▲ 150%", "good"},
		{"ROI deeper", f(-0.75), f(-0.5), "roi", "▼ 50%", "bad"},
		// From zero or from undefined there is no percentage.
		{"from zero", f(5000), f(0), "revenue", "—", "none"},
		{"from undefined", f(0.02), nil, "ctr", "—", "none"},
		{"to undefined", nil, f(0.02), "ctr", "—", "none"},
		{"zero to zero", f(0), f(0), "orders", "—", "none"},
		{"to zero", f(0), f(300), "orders", "▼ 100%", "bad"},
	} {
		text, class := delta(change(tc.cur, tc.prev), direction(tc.key))
		if text != tc.text || class != tc.class {
			t.Errorf("%s: %q %q, want %q %q", tc.name, text, class, tc.text, tc.class)
		}
	}
}

func TestPresets(t *testing.T) {
	today := time.Date(2026, 3, 16, 12, 0, 0, 0, time.UTC)
	q := url.Values{"campaign": {"Spring"}, "model": {"linear"}, "from": {"2026-01-01"}, "format": {"csv"}, "table": {"daily"}}
	camp := store.Campaign{Name: "Spring", Starts: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), Ends: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)}
	ps := presets(q, today, camp, true, "2026-03-01", "2026-03-16")
	want := []struct{ label, from, to string }{
		{"Last 7 days", "2026-03-10", "2026-03-16"},
		{"Last 30 days", "2026-02-15", "2026-03-16"},
		{"Last 90 days", "2025-12-17", "2026-03-16"},
		{"This month", "2026-03-01", "2026-03-16"},
		{"Last month", "2026-02-01", "2026-02-28"},
		{"Campaign dates", "2026-03-01", "2026-03-31"},
	}
	if len(ps) != len(want) {
		t.Fatalf("%d presets, want %d: %v", len(ps), len(want), ps)
	}
	for i, w := range want {
		p := ps[i]
		v, err := url.ParseQuery(strings.TrimPrefix(p.Href, "?"))
		if err != nil {
			t.Fatal(err)
		}
		if p.Label != w.label || v.Get("from") != w.from || v.Get("to") != w.to || v.Get("campaign") != "Spring" ||
			v.Get("model") != "linear" || v.Has("format") || v.Has("table") {
			t.Errorf("preset %d: %q %s; want %q from %s to %s, keeping campaign and model", i, p.Label, p.Href, w.label, w.from, w.to)
		}
		if p.On != (w.label == "This month") {
			t.Errorf("preset %q: on = %v", p.Label, p.On)
		}
	}
	// Without a campaign there is no campaign preset; January's last
	// month is December.
	ps = presets(url.Values{}, time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC), store.Campaign{}, false, "", "")
	if len(ps) != 5 || ps[4].Href != "?from=2025-12-01&to=2025-12-31" {
		t.Errorf("presets on January 5 without a campaign: %v", ps)
	}
}

var tileRE = regexp.MustCompile(`(?s)<div class="tile-label"[^>]*>([^<]+)</div>.*?(?:<div class="delta ([a-z]+)" title="([^"]*)">([^<]+)<|</div>\s*</div>)`)

// tileDeltas maps each tile's label to its change's class and text.
func tileDeltas(body string) map[string][3]string {
	out := map[string][3]string{}
	for _, m := range tileRE.FindAllStringSubmatch(body, -1) {
		out[html.UnescapeString(m[1])] = [3]string{m[2], html.UnescapeString(m[4]), html.UnescapeString(m[3])}
	}
	return out
}

// March 6–10 against March 1–5. Then: clicks on March 2 (2) and 3 (2), o1 ($100, ana's click) with $850
// of dated fees and ana's $10 commission; one new customer. Now: o2
// ($80, ben's code), o5 ($40, ana's earlier click), o6 ($30, ben's code)
// and $4 of commission; two new customers (cu1 of o5 bought before).
// Revenue $150 vs $100: ▲ 50%, good. AOV $50 vs $100: ▼ 50%, bad. CAC
// $2 vs $860: ▼ 100%, good. Cost $4 vs $860: ▼ 100%, neither. No post
// and no click now: CTR and conversion rate are undefined, "—".
func TestOverviewComparesWithPreviousPeriod(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(t, "ana@brand.com")
	for _, p := range []string{"/?from=2026-03-06&to=2026-03-10", e.springPath(t) + "?from=2026-03-06&to=2026-03-10"} {
		_, body := c.get(p)
		d := tileDeltas(body)
		for label, want := range map[string][2]string{
			"Revenue": {"good", "▲ 50%"}, "AOV": {"bad", "▼ 50%"}, "CAC": {"good", "▼ 100%"}, "Cost": {"neutral", "▼ 100%"},
			"ROI": {"good", "▲ 4,230%"}, // (150 − 4) / 4 = 36.5 against (100 − 860) / 860 = −0.884
			"CTR": {"none", "—"}, "Conversion rate": {"none", "—"},
		} {
			if got := d[label]; got[0] != want[0] || got[1] != want[1] {
				t.Errorf("%s: tile %s changes %q %q, want %q %q", p, label, got[0], got[1], want[0], want[1])
			}
		}
		if h := d["Revenue"][2]; h != "previous 5 days (2026-03-01 to 2026-03-05): $100.00" {
			t.Errorf("%s: the revenue change's hint: %q", p, h)
		}
		contains(t, p, html.UnescapeString(body), "compare with the previous 5 days, 2026-03-01 to 2026-03-05",
			`"prev":{"label":"2026-03-01 to 2026-03-05","days":5,"clicks":[0,2,2,0,0],"revenue":[0,0,0,0,10000]}`,
			`data-compare="`, "Last 7 days")
	}
	// The campaign's own dates are a preset where a campaign is picked.
	for _, p := range []string{"/?campaign=Spring", e.springPath(t)} {
		_, body := c.get(p)
		contains(t, p, html.UnescapeString(body), "Campaign dates</a>", "from=2026-03-01&to=2026-03-31")
	}
	// Nothing picked: no change to show, and the page says how to get one.
	_, body := c.get("/")
	if d := tileDeltas(body); d["Revenue"][1] != "" {
		t.Errorf("the overview of all time shows a change: %v", d["Revenue"])
	}
	contains(t, "overview of all time", body, "Pick dates, or one of the quick dates")
	lacks(t, "overview of all time", body, `"prev":`, "Campaign dates")
	// The chart's table carries the previous period, day for day.
	_, csv := c.get("/?from=2026-03-06&to=2026-03-10&format=csv&table=daily")
	contains(t, "daily CSV", csv, "day,clicks,revenue,posts,previous_day,previous_clicks,previous_revenue",
		"2026-03-06,0,80.00,,2026-03-01,0,0.00", "2026-03-07,0,0.00,,2026-03-02,2,0.00", "2026-03-10,0,30.00,,2026-03-05,0,100.00")
}

// ana's page compares her own numbers: March 6–10 has o5 ($40) and $4
// of commission, March 1–5 o1 ($100), her $500 fee and $10 of
// commission, and her link's 3 clicks.
func TestCreatorComparesWithPreviousPeriod(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(t, "ana@brand.com")
	_, body := c.get("/creators/ana?from=2026-03-06&to=2026-03-10")
	d := tileDeltas(body)
	for label, want := range map[string][2]string{
		"Revenue": {"bad", "▼ 60%"}, "Cost": {"neutral", "▼ 99%"}, "Orders": {"flat", "0%"},
		"Code orders": {"none", "—"}, "Clicks": {"bad", "▼ 100%"},
	} {
		if got := d[label]; got[0] != want[0] || got[1] != want[1] {
			t.Errorf("ana's tile %s changes %q %q, want %q %q", label, got[0], got[1], want[0], want[1])
		}
	}
	// Her chart overlays her own clicks and credited revenue of March 1–5.
	contains(t, "ana's page", html.UnescapeString(body), "compare with the previous 5 days, 2026-03-01 to 2026-03-05",
		`"prev":{"label":"2026-03-01 to 2026-03-05","days":5,"clicks":[0,2,1,0,0],"revenue":[0,0,0,0,10000]}`)
	// Without dates her page compares nothing and says nothing of it.
	_, body = c.get("/creators/ana")
	if d := tileDeltas(body); d["Revenue"][1] != "" {
		t.Errorf("ana's page of all time shows a change: %v", d["Revenue"])
	}
	lacks(t, "ana's page of all time", body, "compare-note")
}
