package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/liftmetrics/lift/internal/storetest"
)

func TestAmazonCommands(t *testing.T) {
	dir := t.TempDir()
	db := storetest.DSN(t)
	files := []struct{ kind, data string }{
		{"campaigns", "name,starts,ends\nSpring,2026-03-01,2026-03-31\n"},
		{"creators", "handle,platform,followers\nana,instagram,15000\n"},
		{"posts", "post_id,creator,campaign,platform,format,published_at\n17900000000000001,ana,Spring,instagram,reel,2026-03-02\n"},
	}
	for _, f := range files {
		if out, err := lift(t, "import", f.kind, write(t, dir, f.kind+".csv", f.data), "--db", db); err != nil {
			t.Fatal(out, err)
		}
	}
	steps := []struct {
		args []string
		want string
	}{
		{[]string{"link", "create", "--amazon-tag", "Ana Reel", "--creator", "ana", "--campaign", "Spring"},
			`Amazon tag "ana reel" mapped to creator ana, campaign Spring`},
		{[]string{"link", "create", "--amazon-tag", "ana-20", "--creator", "ana", "--campaign", "Spring", "--destination", "https://shop.example.com/", "--slug", "ana"},
			"link /ana → https://shop.example.com/ (creator ana, campaign Spring)\nAmazon tag \"ana-20\" mapped to creator ana, campaign Spring"},
		{[]string{"link", "list"}, "ana reel    ana      Spring\n"},
		{[]string{"workspace", "set", "--brb-rate", "12%"}, "workspace default: Brand Referral Bonus rate 12.00% of attributed Amazon sales"},
		{[]string{"import", "amazon-attribution", write(t, dir, "attribution.csv",
			"Date,Ad group,Click-throughs,Detail page views,Add to carts,Purchases,Units sold,Product sales\n2026-03-04,Ana Reel,200,120,30,6,7,$300.00\n")},
			"amazon-attribution attribution.csv: read 1, stored 1, updated 0, unchanged 0, refused 0"},
		{[]string{"import", "amazon-associates", write(t, dir, "associates.csv",
			"Date,Tracking Id,Clicks,Items Ordered,Revenue,Earnings\n2026-03-05,ana-20,40,2,$50.00,$2.00\n")},
			"amazon-associates associates.csv: read 1, stored 1, updated 0, unchanged 0, refused 0"},
		{[]string{"import", "post-metrics", write(t, dir, "instagram.csv",
			"Post ID,Publish time,Views,Reach,Likes,Comments,Shares,Saves\n17900000000000001,03/02/2026 10:00,10000,8000,500,20,10,5\n")},
			"post-metrics instagram.csv: read 1, stored 0, updated 1, unchanged 0, refused 0"},
	}
	for _, s := range steps {
		out, err := lift(t, append(s.args, "--db", db)...)
		if err != nil || !strings.Contains(out, s.want) {
			t.Errorf("lift %v:\n%s%v\nwant %q", s.args, out, err, s.want)
		}
	}
	var r struct {
		Rows []struct {
			Key     string  `json:"key"`
			Clicks  int64   `json:"clicks"`
			Revenue float64 `json:"revenue"`
			Amazon  struct {
				BRB float64 `json:"brand_referral_bonus"`
			} `json:"amazon"`
		} `json:"rows"`
	}
	out, err := lift(t, "report", "--format", "json", "--with-brb", "--db", db)
	if err != nil || json.Unmarshal([]byte(out), &r) != nil || len(r.Rows) != 1 {
		t.Fatalf("report: %v\n%s", err, out)
	}
	// 200 click-throughs + 40 Associates clicks; $300 + $50 sales and 12% of
	// $300 as the bonus.
	if got := r.Rows[0]; got.Clicks != 240 || got.Revenue != 386 || got.Amazon.BRB != 36 {
		t.Errorf("report row: %+v", got)
	}
}

func TestAmazonCommandErrors(t *testing.T) {
	dir := t.TempDir()
	db := storetest.DSN(t)
	for _, f := range []struct{ kind, data string }{
		{"campaigns", "name,starts,ends\nSpring,2026-03-01,2026-03-31\n"},
		{"creators", "handle,platform,followers\nana,instagram,15000\nben,tiktok,100\n"},
	} {
		if out, err := lift(t, "import", f.kind, write(t, dir, f.kind+".csv", f.data), "--db", db); err != nil {
			t.Fatal(out, err)
		}
	}
	if out, err := lift(t, "link", "create", "--amazon-tag", "ana-20", "--creator", "ana", "--campaign", "Spring", "--db", db); err != nil {
		t.Fatal(out, err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"link", "create", "--amazon-tag", "ana-20", "--creator", "ben", "--campaign", "Spring", "--destination", "https://shop.example.com/", "--slug", "ben"},
			`link create: amazon-tag: Amazon tag "ana-20" is already mapped to creator "ana" in campaign "Spring"`},
		{[]string{"workspace", "set", "--brb-rate", "150%"}, `workspace set: --brb-rate: "150%" is not between 0 and 100%`},
		{[]string{"workspace", "set", "--brb-rate", "ten"}, `workspace set: --brb-rate: "ten" is not a rate (write 0.1 or 10%)`},
		{[]string{"import", "amazon-associates", write(t, dir, "a.csv", "Date,Tracking Id,Clicks,Items Ordered,Revenue\n2026-03-05,zoe-20,1,1,$1.00\n")},
			"a.csv: line 2: Tracking Id: unknown Amazon tag zoe-20: map it with lift link create --amazon-tag zoe-20 --creator H --campaign C"},
	} {
		out, err := lift(t, append(tc.args, "--db", db)...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("lift %v: %v\n%s\nwant %q", tc.args, err, out, tc.want)
		}
	}
	// The refused tag left no link behind.
	if out, _ := lift(t, "link", "list", "--db", db); strings.Contains(out, "/ben") || !strings.Contains(out, "0 links") {
		t.Errorf("link list after a refused tag:\n%s", out)
	}
}
