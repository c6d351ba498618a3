package demo

import (
	"bytes"
	"encoding/csv"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

var wantHeaders = map[string]string{
	"campaigns": "name,starts,ends,goal_metric,goal_target,budget",
	"creators":  "handle,platform,followers,name,niche,commission_rate",
	"posts": "post_id,creator,campaign,platform,format,published_at,url,impressions,reach,views,likes," +
		"comments,shares,saves,link_clicks,product_impressions,product_clicks,product_orders",
	"costs":  "creator,campaign,kind,amount,date,note",
	"codes":  "code,creator,campaign",
	"links":  "slug,destination,creator,campaign,post_id",
	"clicks": "slug,clicked_at,click_id,visitor,referrer,user_agent",
	"orders": "order_id,created_at,revenue,currency,discount_code,click_id,landing_url,customer_id," +
		"new_customer,units,refunded,referrer,status",
}

// botTokens is kept apart from botAgents so the test notices a bot agent
// that stopped looking like one.
var botTokens = []string{"facebookexternalhit", "twitterbot", "slackbot", "whatsapp", "telegrambot",
	"discordbot", "googlebot", "curl"}

func isBot(ua string) bool {
	l := strings.ToLower(ua)
	for _, t := range botTokens {
		if strings.Contains(l, t) {
			return true
		}
	}
	return false
}

// workspace is the parsed files, one map per column per row.
type workspace map[string][]map[string]string

func parse(t *testing.T, files []File) workspace {
	t.Helper()
	if len(files) != len(kinds) {
		t.Fatalf("got %d files, want %d", len(files), len(kinds))
	}
	ws := workspace{}
	for i, f := range files {
		if f.Kind != kinds[i] || f.Name != kinds[i]+".csv" {
			t.Fatalf("file %d is %s/%s, want %s", i, f.Kind, f.Name, kinds[i])
		}
		r := csv.NewReader(bytes.NewReader(f.Data))
		recs, err := r.ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if got := strings.Join(recs[0], ","); got != wantHeaders[f.Kind] {
			t.Fatalf("%s header %q, want %q", f.Name, got, wantHeaders[f.Kind])
		}
		for _, rec := range recs[1:] {
			row := map[string]string{}
			for j, col := range recs[0] {
				row[col] = rec[j]
			}
			ws[f.Kind] = append(ws[f.Kind], row)
		}
	}
	return ws
}

func unique(t *testing.T, rows []map[string]string, col string) map[string]map[string]string {
	t.Helper()
	seen := map[string]map[string]string{}
	for _, r := range rows {
		v := r[col]
		if v == "" {
			t.Fatalf("empty %s in %v", col, r)
		}
		if _, dup := seen[v]; dup {
			t.Fatalf("duplicate %s %q", col, v)
		}
		seen[v] = r
	}
	return seen
}

func mustTime(t *testing.T, layout, v string) time.Time {
	t.Helper()
	tm, err := time.Parse(layout, v)
	if err != nil {
		t.Fatalf("%q: %v", v, err)
	}
	return tm
}

var amountRE = regexp.MustCompile(`^\d+\.\d\d$`)

func cents(t *testing.T, v string) int64 {
	t.Helper()
	if !amountRE.MatchString(v) {
		t.Fatalf("amount %q is not 123.45", v)
	}
	f, _ := strconv.ParseFloat(v, 64)
	return int64(f*100 + 0.5)
}

// feeRange is the going rate in cents for an account of this size.
func feeRange(followers int) (lo, hi int64) {
	switch {
	case followers < 10000:
		return 5000, 20000
	case followers < 100000:
		return 15000, 90000
	case followers < 1000000:
		return 75000, 350000
	}
	return 600000, 1200000
}

func TestDeterministic(t *testing.T) {
	a, b := Files(42), Files(42)
	for i := range a {
		if !bytes.Equal(a[i].Data, b[i].Data) {
			t.Fatalf("%s differs between two runs with the same seed", a[i].Name)
		}
	}
	c := Files(1)
	same := true
	for i := range a {
		same = same && bytes.Equal(a[i].Data, c[i].Data)
	}
	if same {
		t.Fatal("seeds 1 and 42 gave the same files")
	}
}

func TestConsistent(t *testing.T) {
	for _, seed := range []uint64{42, 1, 7, 2026} {
		checkConsistent(t, seed)
	}
}

func checkConsistent(t *testing.T, seed uint64) {
	ws := parse(t, Files(seed))

	campaigns := unique(t, ws["campaigns"], "name")
	if len(campaigns) != 3 {
		t.Fatalf("seed %d: %d campaigns", seed, len(campaigns))
	}
	for _, c := range ws["campaigns"] {
		s, e := mustTime(t, dateLayout, c["starts"]), mustTime(t, dateLayout, c["ends"])
		if weeks := e.Sub(s).Hours() / 24 / 7; weeks < 4 || weeks > 8 {
			t.Errorf("seed %d: %s lasts %.1f weeks", seed, c["name"], weeks)
		}
		if !slices.Contains([]string{"orders", "revenue", "clicks", "impressions", "roi", "roas"}, c["goal_metric"]) {
			t.Errorf("seed %d: goal %q", seed, c["goal_metric"])
		}
		cents(t, c["budget"])
	}

	creators := unique(t, ws["creators"], "handle")
	if n := len(creators); n < 35 || n > 45 {
		t.Errorf("seed %d: %d creators", seed, n)
	}
	handleRE := regexp.MustCompile(`^[a-z0-9_.]+$`)
	tiers, platforms := map[int]int{}, map[string]bool{}
	for _, c := range ws["creators"] {
		if !handleRE.MatchString(c["handle"]) {
			t.Errorf("seed %d: handle %q", seed, c["handle"])
		}
		f, err := strconv.Atoi(c["followers"])
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case f < 10000:
			tiers[nano]++
		case f < 100000:
			tiers[micro]++
		case f < 1000000:
			tiers[macro]++
		default:
			tiers[mega]++
		}
		platforms[c["platform"]] = true
		if r := c["commission_rate"]; r != "" && r != "0.10" && r != "0.15" {
			t.Errorf("seed %d: commission %q", seed, r)
		}
	}
	if len(platforms) != 5 {
		t.Errorf("seed %d: platforms %v", seed, platforms)
	}
	if tiers[mega] < 2 || tiers[mega] > 3 || tiers[macro] == 0 || tiers[nano]+tiers[micro] < 25 {
		t.Errorf("seed %d: tiers %v", seed, tiers)
	}

	unique(t, ws["posts"], "post_id")
	posted := map[[2]string][]string{} // creator, campaign -> post ids
	for _, p := range ws["posts"] {
		cr, ok := creators[p["creator"]]
		if !ok {
			t.Fatalf("seed %d: post %s by unknown %q", seed, p["post_id"], p["creator"])
		}
		if cr["platform"] != p["platform"] {
			t.Errorf("seed %d: post %s on %s, creator on %s", seed, p["post_id"], p["platform"], cr["platform"])
		}
		if !slices.Contains(formats[p["platform"]], p["format"]) {
			t.Errorf("seed %d: %s format %q", seed, p["platform"], p["format"])
		}
		ca, ok := campaigns[p["campaign"]]
		if !ok {
			t.Fatalf("seed %d: post %s in unknown %q", seed, p["post_id"], p["campaign"])
		}
		at := mustTime(t, timeLayout, p["published_at"])
		s, e := mustTime(t, dateLayout, ca["starts"]), mustTime(t, dateLayout, ca["ends"]).Add(day)
		if at.Before(s) || !at.Before(e) {
			t.Errorf("seed %d: post %s at %s outside %s", seed, p["post_id"], at, ca["name"])
		}
		imp, _ := strconv.Atoi(p["impressions"])
		reach, _ := strconv.Atoi(p["reach"])
		if reach > imp || imp == 0 {
			t.Errorf("seed %d: post %s reach %d impressions %d", seed, p["post_id"], reach, imp)
		}
		if (p["platform"] == "tiktok") != (p["product_impressions"] != "") {
			t.Errorf("seed %d: post %s product columns on %s", seed, p["post_id"], p["platform"])
		}
		k := [2]string{p["creator"], p["campaign"]}
		posted[k] = append(posted[k], p["post_id"])
	}
	perCreator, campaignsOf := map[string]int{}, map[string]int{}
	for k, ids := range posted {
		perCreator[k[0]] += len(ids)
		campaignsOf[k[0]]++
	}
	for h, n := range perCreator {
		if n > 4 || campaignsOf[h] > 2 {
			t.Errorf("seed %d: %s has %d posts in %d campaigns", seed, h, n, campaignsOf[h])
		}
	}

	fees := map[[2]string]bool{}
	for _, c := range ws["costs"] {
		k := [2]string{c["creator"], c["campaign"]}
		if posted[k] == nil {
			t.Errorf("seed %d: cost for %v without posts", seed, k)
		}
		if c["kind"] == "fee" {
			fees[k] = true
			f, _ := strconv.Atoi(creators[c["creator"]]["followers"])
			lo, hi := feeRange(f)
			if a := cents(t, c["amount"]); a < lo || a > hi {
				t.Errorf("seed %d: fee %s for %d followers", seed, c["amount"], f)
			}
		}
		cents(t, c["amount"])
		ca := campaigns[c["campaign"]]
		if d := c["date"]; d < ca["starts"] || d > ca["ends"] {
			t.Errorf("seed %d: cost dated %s outside %s", seed, d, c["campaign"])
		}
	}
	if len(fees) != len(posted) {
		t.Errorf("seed %d: %d fees for %d creator campaigns", seed, len(fees), len(posted))
	}

	codes := unique(t, ws["codes"], "code")
	codeRE := regexp.MustCompile(`^[A-Z0-9]+$`)
	for code, c := range codes {
		if !codeRE.MatchString(code) {
			t.Errorf("seed %d: code %q", seed, code)
		}
		if posted[[2]string{c["creator"], c["campaign"]}] == nil {
			t.Errorf("seed %d: code %s for %s/%s without posts", seed, code, c["creator"], c["campaign"])
		}
	}
	if len(codes) != len(posted) {
		t.Errorf("seed %d: %d codes for %d creator campaigns", seed, len(codes), len(posted))
	}

	links := unique(t, ws["links"], "slug")
	slugRE := regexp.MustCompile(`^[A-Za-z0-9]{7}$`)
	for slug, l := range links {
		if !slugRE.MatchString(slug) {
			t.Errorf("seed %d: slug %q", seed, slug)
		}
		ids := posted[[2]string{l["creator"], l["campaign"]}]
		if ids == nil {
			t.Errorf("seed %d: link %s for %s/%s without posts", seed, slug, l["creator"], l["campaign"])
		}
		if id := l["post_id"]; id != "" && !slices.Contains(ids, id) {
			t.Errorf("seed %d: link %s names post %s of another creator or campaign", seed, slug, id)
		}
		if !strings.HasPrefix(l["destination"], "https://shop.example.com/") {
			t.Errorf("seed %d: destination %q", seed, l["destination"])
		}
	}
	if len(links) != len(posted) {
		t.Errorf("seed %d: %d links for %d creator campaigns", seed, len(links), len(posted))
	}

	clicks := unique(t, ws["clicks"], "click_id")
	clickRE := regexp.MustCompile(`^c_[0-9a-f]{16}$`)
	bots, visitors, repeats := 0, map[string]bool{}, 0
	for _, c := range ws["clicks"] {
		if _, ok := links[c["slug"]]; !ok {
			t.Fatalf("seed %d: click on unknown slug %q", seed, c["slug"])
		}
		if !clickRE.MatchString(c["click_id"]) {
			t.Errorf("seed %d: click id %q", seed, c["click_id"])
		}
		mustTime(t, timeLayout, c["clicked_at"])
		if c["user_agent"] == "" {
			t.Errorf("seed %d: click %s without user agent", seed, c["click_id"])
		}
		if isBot(c["user_agent"]) {
			bots++
			continue
		}
		if visitors[c["visitor"]] {
			repeats++
		}
		visitors[c["visitor"]] = true
	}
	n := len(ws["clicks"])
	if n < 5000 || n > 20000 {
		t.Errorf("seed %d: %d clicks", seed, n)
	}
	if share := float64(bots) / float64(n); share < 0.03 || share > 0.15 {
		t.Errorf("seed %d: bot share %.3f", seed, share)
	}
	if repeats == 0 {
		t.Errorf("seed %d: no visitor clicks twice", seed)
	}

	unique(t, ws["orders"], "order_id")
	var refundFull, refundPart, unattributed, returning int
	customers := map[string]bool{}
	prev := ""
	for _, o := range ws["orders"] {
		if o["created_at"] < prev {
			t.Errorf("seed %d: orders out of time order at %s", seed, o["order_id"])
		}
		prev = o["created_at"]
		at := mustTime(t, timeLayout, o["created_at"])
		id := o["click_id"]
		if id == "" {
			if _, q, ok := strings.Cut(o["landing_url"], "lift_cid="); ok {
				id = q
			}
		}
		if id != "" {
			c, ok := clicks[id]
			if !ok {
				t.Fatalf("seed %d: order %s carries unknown click %q", seed, o["order_id"], id)
			}
			if isBot(c["user_agent"]) {
				t.Errorf("seed %d: order %s from a bot click", seed, o["order_id"])
			}
			if !mustTime(t, timeLayout, c["clicked_at"]).Before(at) {
				t.Errorf("seed %d: order %s before its click", seed, o["order_id"])
			}
		}
		code := o["discount_code"]
		if code != "" && code != sitewideCode {
			if _, ok := codes[code]; !ok {
				t.Errorf("seed %d: order %s with unknown code %q", seed, o["order_id"], code)
			}
		}
		if id == "" && code == "" {
			unattributed++
		}
		if o["currency"] != "USD" || o["new_customer"] != "" {
			t.Errorf("seed %d: order %s currency %q new_customer %q", seed, o["order_id"], o["currency"], o["new_customer"])
		}
		rev, ref := cents(t, o["revenue"]), cents(t, o["refunded"])
		if rev < 1500 || rev > 25000 {
			t.Errorf("seed %d: order %s revenue %s", seed, o["order_id"], o["revenue"])
		}
		switch {
		case ref > rev:
			t.Errorf("seed %d: order %s refunds %s of %s", seed, o["order_id"], o["refunded"], o["revenue"])
		case ref == rev:
			refundFull++
		case ref > 0:
			refundPart++
		}
		if u, err := strconv.Atoi(o["units"]); err != nil || u < 1 || u > 4 {
			t.Errorf("seed %d: order %s units %q", seed, o["order_id"], o["units"])
		}
		if customers[o["customer_id"]] {
			returning++
		}
		customers[o["customer_id"]] = true
	}
	no := float64(len(ws["orders"]))
	if no < 1000 || no > 4000 {
		t.Errorf("seed %d: %v orders", seed, no)
	}
	for _, c := range []struct {
		what   string
		n      int
		lo, hi float64
	}{
		{"unattributed", unattributed, 0.15, 0.35},
		{"returning", returning, 0.15, 0.35},
		{"fully refunded", refundFull, 0.005, 0.04},
		{"partly refunded", refundPart, 0.02, 0.09},
	} {
		if s := float64(c.n) / no; s < c.lo || s > c.hi {
			t.Errorf("seed %d: %s share %.3f", seed, c.what, s)
		}
	}
}

func BenchmarkFiles(b *testing.B) {
	for b.Loop() {
		Files(42)
	}
}
