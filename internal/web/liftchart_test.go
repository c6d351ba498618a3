package web

import (
	"net/http"
	"reflect"
	"strings"
	"testing"
)

// The shop sells $50.00 a day (two orders of $25.00) with no noise, and
// $250.00 on March 20–22, 2025, the window of p1 and p2. Its chart shows
// the 28 days before March 20, the window and 7 days after: each day
// expects $50.00 in a band of no width; March 1–3, the window of p3, are
// left out of the baseline, and the days past March 24 have no data.
func TestSalesLiftChart(t *testing.T) {
	e := newEnv(t)
	c := e.shop(t)
	_, body := c.get("/dashboard/sales-lift")
	contains(t, "the sales lift chart", body, `id="lift-chart"`, "Daily sales around 2025-03-20 · ana, ben (2 posts)",
		`<rect class="lc-window" x="28" y="0" width="3" height="200"/>`, `viewBox="0 0 38 200"`,
		`<tr class="picked"><td class="nowrap" title="window 2025-03-20 to 2025-03-22: show its chart"><a href="/dashboard/sales-lift?day=2025-03-20#lift-chart">2025-03-20</a>`,
		"<title>Thu 20 Mar 2025 · sold $250.00 · expected $50.00 ($50.00 to $50.00) · in the post&#39;s window</title>")
	if strings.Count(body, `<g class="lc-day`) != 38 {
		t.Errorf("the chart draws %d days, want 38", strings.Count(body, `<g class="lc-day`))
	}
	recs := csvOf(t, c, "/dashboard/sales-lift?format=csv&table=sales-lift-days")
	if len(recs) != 39 || !reflect.DeepEqual(recs[0], []string{"day", "part", "sales", "expected", "low", "high"}) {
		t.Fatalf("the chart's numbers: %d rows, head %v", len(recs)-1, recs[0])
	}
	for _, want := range [][]string{
		{"2025-02-20", "a baseline day", "50.00", "50.00", "50.00", "50.00"},
		{"2025-03-01", "in another post's window: left out of the baseline", "50.00", "50.00", "50.00", "50.00"},
		{"2025-03-04", "a baseline day", "50.00", "50.00", "50.00", "50.00"},
		{"2025-03-20", "in the post's window", "250.00", "50.00", "50.00", "50.00"},
		{"2025-03-22", "in the post's window", "250.00", "50.00", "50.00", "50.00"},
		{"2025-03-24", "after the window", "50.00", "50.00", "50.00", "50.00"},
		{"2025-03-29", "after the window", "", "50.00", "50.00", "50.00"},
	} {
		found := false
		for _, r := range recs[1:] {
			found = found || reflect.DeepEqual(r, want)
		}
		if !found {
			t.Errorf("the chart's numbers lack %v", want)
		}
	}
	// Another day is picked from the table; an unknown one falls back.
	_, body = c.get("/dashboard/sales-lift?day=2025-03-01")
	contains(t, "March 1's chart", body, "Daily sales around 2025-03-01 · ben<",
		`<tr class="picked"><td class="nowrap" title="window 2025-03-01 to 2025-03-03: show its chart"><a href="/dashboard/sales-lift?day=2025-03-01#lift-chart">`)
	_, body = c.get("/dashboard/sales-lift?day=1999-01-01")
	contains(t, "an unknown day", body, "Daily sales around 2025-03-20")
}

// With 10 baseline days both post days warn that their baseline is
// rough, in the same words: one note, and an icon on each row whose
// hover holds the text.
func TestSalesLiftWarningsAreNotes(t *testing.T) {
	e := newEnv(t)
	c := e.shop(t)
	resp, body := c.get("/dashboard/sales-lift?pre_days=10")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%d\n%s", resp.StatusCode, body)
	}
	warning := "only 10 usable day(s) before the post (10 wanted): the baseline is rough"
	contains(t, "the warnings", body, `<li id="note-1" value="1">`+warning+`</li>`)
	if n := strings.Count(body, `title="`+warning+`"><a href="#note-1">⚠ 1</a>`); n != 2 {
		t.Errorf("%d rows show the warning as icon 1, want 2:\n%s", n, body)
	}
	lacks(t, "the warnings", body, "note-2", `class="wide"`)
	recs := csvOf(t, c, "/dashboard/sales-lift?pre_days=10&format=csv&table=sales-lift")
	for _, r := range recs[1:] {
		if r[len(r)-1] != warning {
			t.Errorf("the download's warning of %s is %q", r[0], r[len(r)-1])
		}
	}
}
