package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/liftmetrics/lift/internal/server"
	"github.com/liftmetrics/lift/internal/storetest"
	"github.com/liftmetrics/lift/internal/tracking"
)

// The report API answers, byte for byte, what lift report, lift uplift
// and lift customers print with --format json for the same options, on
// the demo workspace; and it refuses what the commands refuse, naming the
// same option.
func TestReportAPIAnswersAsTheCommands(t *testing.T) {
	ctx := context.Background()
	db := storetest.DSN(t)
	if out, err := lift(t, "demo", "--db", db); err != nil {
		t.Fatal(out, err)
	}
	key, _, err := liftSplit(t, "apikey", "create", "--db", db)
	if err != nil {
		t.Fatal(key, err)
	}
	key = strings.TrimSpace(key)
	at := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	old := upliftClock
	upliftClock = func() time.Time { return at }
	t.Cleanup(func() { upliftClock = old })

	st := storetest.Open(t, db)
	ws, err := st.Workspace(ctx, "default", false)
	if err != nil {
		t.Fatal(err)
	}
	posts, err := st.Posts(ctx, ws.ID)
	if err != nil || len(posts) == 0 {
		t.Fatal(len(posts), err)
	}
	// Amazon sales with a Brand Referral Bonus, so that with-brb changes
	// the report.
	creators, err := st.Creators(ctx, ws.ID)
	if err != nil || len(creators) == 0 {
		t.Fatal(len(creators), err)
	}
	for _, args := range [][]string{
		{"link", "create", "--amazon-tag", "Glow Reel", "--creator", creators[0].Handle, "--campaign", "Spring Glow"},
		{"workspace", "set", "--brb-rate", "10%"},
		{"import", "amazon-attribution", write(t, t.TempDir(), "attribution.csv",
			"Date,Ad group,Click-throughs,Detail page views,Add to carts,Purchases,Units sold,Product sales\n2026-03-04,Glow Reel,200,120,30,6,7,$300.00\n")},
	} {
		if out, err := lift(t, append(args, "--db", db)...); err != nil {
			t.Fatal(out, err)
		}
	}
	tr, err := tracking.New(ctx, st, tracking.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tr.Close(context.Background()) })
	srv := httptest.NewServer(server.New(server.Config{Store: st, Tracker: tr, Now: func() time.Time { return at },
		RateLimit: 1000, RateBurst: 1000, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}))
	t.Cleanup(srv.Close)

	get := func(path string) (int, string) {
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(raw)
	}
	type opt struct{ name, value string }
	for _, c := range []struct {
		cmd  string
		opts []opt
	}{
		{"report", nil},
		{"report", []opt{{"by", "platform"}, {"campaign", "spring glow"}, {"from", "2026-03-01"}, {"to", "2026-03-20"}, {"model", "linear"}, {"window", "14d"}}},
		{"report", []opt{{"by", "day"}, {"from", "2026-03-05T10:00:00"}, {"to", "2026-03-09T18:30:00"}}},
		{"report", []opt{{"by", "post"}, {"model", "position"}, {"window", "7d"}}},
		{"report", []opt{{"by", "tier"}, {"with-brb", "true"}}},
		{"report", []opt{{"rank", "true"}, {"model", "time-decay"}}},
		{"report", []opt{{"by", "campaign"}, {"rank", "false"}, {"with-brb", "false"}}},
		{"uplift", nil},
		{"uplift", []opt{{"campaign", "Spring Glow"}, {"window-days", "5"}, {"pre-days", "42"}}},
		{"uplift", []opt{{"post", posts[0].PostID}}},
		{"customers", nil},
		{"customers", []opt{{"campaign", "Spring Glow"}, {"model", "first-touch"}, {"window", "7d"}}},
	} {
		args := []string{c.cmd, "--format", "json", "--db", db}
		q := url.Values{}
		for _, o := range c.opts {
			switch o.value {
			case "true":
				args = append(args, "--"+o.name)
			case "false":
			default:
				args = append(args, "--"+o.name, o.value)
			}
			q.Set(o.name, o.value)
		}
		want, err := lift(t, args...)
		if err != nil {
			t.Fatalf("lift %s: %v\n%s", strings.Join(args, " "), err, want)
		}
		path := "/api/v1/" + c.cmd + "?" + q.Encode()
		code, got := get(path)
		if code != 200 || got != want {
			t.Errorf("%s: %d\n%s\nlift %s:\n%s", path, code, firstDiff(want, got), strings.Join(args, " "), want)
		}
		if len(want) < 200 || !strings.Contains(want, `"rows": [`) {
			t.Errorf("lift %s printed too little to compare:\n%s", strings.Join(args, " "), want)
		}
	}

	for _, c := range []struct{ args, query string }{
		{"report --by week", "report?by=week"},
		{"report --campaign Winter", "report?campaign=Winter"},
		{"report --from 2026-03-10 --to 2026-03-01", "report?from=2026-03-10&to=2026-03-01"},
		{"report --window 400d", "report?window=400d"},
		{"customers --model best", "customers?model=best"},
		{"uplift --pre-days 3", "uplift?pre-days=3"},
		{"uplift --post nope", "uplift?post=nope"},
	} {
		_, err := lift(t, append(strings.Fields(c.args), "--db", db)...)
		code, body := get("/api/v1/" + c.query)
		// lift report: --by: cannot group … ; the API: "by: cannot group …"
		cmd, rest, _ := strings.Cut(err.Error(), ": --")
		if code != 400 || cmd != strings.Fields(c.args)[0] || !strings.Contains(body, `"error": `+jsonString(rest)) {
			t.Errorf("lift %s: %v\nAPI %s: %d %s", c.args, err, c.query, code, body)
		}
	}
}

func jsonString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	return `"` + r.Replace(s) + `"`
}
