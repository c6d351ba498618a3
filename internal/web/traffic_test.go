package web

import (
	"context"
	"fmt"
	"net/http"
	"testing"
)

// The fixture's four clicks are phone clicks without a referrer; two
// more come at 03:00 in Berlin: a desktop click from TikTok and a bot.
// Hours are read in the workspace's zone (UTC+1 in early March).
func trafficEnv(t *testing.T) *env {
	t.Helper()
	e := newEnv(t)
	if err := e.st.SetWorkspace(context.Background(), e.brand, "", "Europe/Berlin"); err != nil {
		t.Fatal(err)
	}
	e.load(t, e.brand, "clicks", "slug,clicked_at,click_id,visitor,user_agent,referrer\n"+
		"ana1,2026-03-04T02:00:00Z,c5,v9,Mozilla/5.0 (Windows NT 10.0; Win64; x64),https://tiktok.com/@ana\n"+
		"ana1,2026-03-04T02:30:00Z,c6,v8,Googlebot/2.1 (+http://www.google.com/bot.html),\n")
	return e
}

func TestTrafficBreakdowns(t *testing.T) {
	e := trafficEnv(t)
	c := e.signedIn(t, "ana@brand.com")
	for _, tt := range []struct{ table, want string }{
		{"device", "[[device clicks share bots] [mobile 4 0.8 0] [desktop 1 0.2 0] [bot 0 0 1]]"},
		{"referrer", "[[referrer clicks share bots] [ 4 0.8 1] [tiktok.com 1 0.2 0]]"},
		// c1 12:00, c2 13:00, c3 08:00, c4 10:00 UTC; c5 and c6 at 03:00 in Berlin.
		{"creators", "[[name clicks bots bot_share mobile desktop no_referrer top_referrer busiest_hour] " +
			"[ana/instagram 4 1 0.2 0.75 0.25 0.75  03:00] [ben/tiktok 1 0 0 1 0 1  11:00]]"},
		{"campaigns", "[[name clicks bots bot_share mobile desktop no_referrer top_referrer busiest_hour] " +
			"[Spring 5 1 0.16666666666666666 0.8 0.2 0.8  03:00]]"},
	} {
		got := fmt.Sprint(csvOf(t, c, "/dashboard/traffic?format=csv&sort=name&dir=asc&table="+tt.table))
		if got != tt.want {
			t.Errorf("%s:\ngot  %s\nwant %s", tt.table, got, tt.want)
		}
	}
	hours := csvOf(t, c, "/dashboard/traffic?format=csv&table=hour")
	want := map[string]string{"3": "[3 1 0.2 1]", "9": "[9 1 0.2 0]", "11": "[11 1 0.2 0]", "13": "[13 1 0.2 0]", "14": "[14 1 0.2 0]"}
	if len(hours) != 25 {
		t.Fatalf("hour table has %d rows, want a header and 24 hours", len(hours))
	}
	for _, r := range hours[1:] {
		w, ok := want[r[0]]
		if !ok {
			w = fmt.Sprintf("[%s 0 0 0]", r[0])
		}
		if fmt.Sprint(r) != w {
			t.Errorf("hour %s: %v, want %s", r[0], r, w)
		}
	}
	resp, body := c.get("/dashboard/traffic")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /dashboard/traffic: %d", resp.StatusCode)
	}
	contains(t, "traffic page", body, "Bot share", "16.67%", "hours in Europe/Berlin", `list="f-creators"`,
		`<option value="ana/instagram">instagram</option>`, `href="/dashboard/traffic?creator=ana%2Finstagram"`)
	lacks(t, "traffic page", body, "zed") // the other workspace's creator
}

// One creator's clicks; a creator without clicks has no rates, never 0%;
// an unknown creator is named and left out.
func TestTrafficOfOneCreator(t *testing.T) {
	e := trafficEnv(t)
	c := e.signedIn(t, "ana@brand.com")
	got := fmt.Sprint(csvOf(t, c, "/dashboard/traffic?format=csv&table=device&creator=ben"))
	if got != "[[device clicks share bots] [mobile 1 1 0]]" {
		t.Errorf("ben's devices: %s", got)
	}
	_, body := c.get("/dashboard/traffic?creator=ben/tiktok")
	lacks(t, "one creator", body, `id="by-creator"`, "ana/instagram</a>")
	contains(t, "one creator", body, `value="ben/tiktok"`, "all campaigns · ben/tiktok", `id="by-campaign"`)

	_, body = c.get("/dashboard/traffic?creator=cara")
	contains(t, "no clicks", body, "No tracked clicks in this period", "—")
	lacks(t, "no clicks", body, "0.00%", "NaN")
	_, body = c.get("/dashboard/traffic?creator=nobody")
	contains(t, "unknown creator", body, `there is no creator &#34;nobody&#34;`, "16.67%")
}
