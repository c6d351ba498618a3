package web

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// TestCreatorPostsCreditedThroughTheirLinks works a creator's posts out by
// hand. On top of the fixture (ana's post p1 earns o1 through her click c1
// and o5 through customer cu1: 2 orders, $100 + $40), ana gets a story p3
// with link ana3 and a link ana0 that names no post:
//
//	c5 (ana3, cu7's click), c6 (ana3, a bot), c7 (ana0)
//	o7  $90 with click c5 and code ANA10
//	o8  $33 with click c7
//	o10 $10 by customer cu7, who clicked c5 before
//
// Last touch: o7 goes to the code (redeemed at checkout, after c5), o10
// to p3 through c5; o7 and o8 come through no post. Linear: o7 is split,
// $45 to c5 (p3) and $45 to the code, and the fixture's o2 ($80, ben's
// code and ana's click c3 on p1) gives p1 half an order and $40.
func TestCreatorPostsCreditedThroughTheirLinks(t *testing.T) {
	e := newEnv(t)
	e.load(t, e.brand, "posts", "post_id,creator,campaign,platform,format,published_at\np3,ana,Spring,instagram,story,2026-03-04 09:00\n")
	e.load(t, e.brand, "links", "slug,destination,creator,campaign,post_id\nana3,https://shop.example.com/s,ana,Spring,p3\nana0,https://shop.example.com/n,ana,Spring,\n")
	e.load(t, e.brand, "clicks", "slug,clicked_at,click_id,visitor,user_agent\n"+
		"ana3,2026-03-04 10:00,c5,v5,Mozilla/5.0 (iPhone)\n"+
		"ana3,2026-03-04 11:00,c6,v6,Googlebot/2.1 (+http://www.google.com/bot.html)\n"+
		"ana0,2026-03-05 09:00,c7,v7,Mozilla/5.0 (iPhone)\n")
	e.load(t, e.brand, "orders", "order_id,created_at,revenue,discount_code,click_id,customer_id\n"+
		"o7,2026-03-06 10:00,90.00,ANA10,c5,cu7\n"+
		"o8,2026-03-06 12:00,33.00,,c7,cu8\n"+
		"o10,2026-03-08 10:00,10.00,,,cu7\n")
	c := e.signedIn(t, "ana@brand.com")
	for _, tc := range []struct {
		model        string
		posts, codes string
	}{
		{"", // last-touch
			"post_id,published,clicks,orders,revenue\n" +
				"p3,2026-03-04T09:00:00Z,1,1,10.00\n" +
				"p1,2026-03-02T10:00:00Z,3,2,140.00\n" +
				"Not through a post,,1,2,123.00\n",
			"code,campaign,redemptions,revenue\nANA10,Spring,1,90.00\n"},
		{"linear",
			"post_id,published,clicks,orders,revenue\n" +
				"p3,2026-03-04T09:00:00Z,1,1.5,55.00\n" +
				"p1,2026-03-02T10:00:00Z,3,2.5,180.00\n" +
				"Not through a post,,1,1.5,78.00\n",
			"code,campaign,redemptions,revenue\nANA10,Spring,1,45.00\n"},
	} {
		q := "?format=csv&model=" + tc.model
		_, posts := c.get("/creators/ana" + q + "&table=posts")
		if got := firstColumns(posts, 5); got != tc.posts {
			t.Errorf("model %q: ana's posts\n%s\nwant\n%s", tc.model, got, tc.posts)
		}
		_, codes := c.get("/creators/ana" + q + "&table=codes")
		if codes != tc.codes {
			t.Errorf("model %q: ana's codes\n%s\nwant\n%s", tc.model, codes, tc.codes)
		}
	}
	_, page := c.get("/creators/ana?model=linear")
	contains(t, "ana's page", page, "$55.00", "$180.00", "$78.00", "Not through a post")
	// The summary, posts, links and codes come before the audit trail,
	// each in a section that folds.
	at := func(id string) int { return strings.Index(page, `<details class="card fold" id="`+id+`"`) }
	if !(at("daily") < at("posts") && at("posts") < at("links") && at("links") < at("codes") && at("codes") < at("credits") && at("daily") > 0) {
		t.Errorf("ana's sections are out of order: daily %d, posts %d, links %d, codes %d, credits %d",
			at("daily"), at("posts"), at("links"), at("codes"), at("credits"))
	}
}

// firstColumns keeps the first n columns of a CSV without quoted commas.
func firstColumns(csv string, n int) string {
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimSuffix(csv, "\n"), "\n") {
		f := strings.Split(line, ",")
		b.WriteString(strings.Join(f[:min(n, len(f))], ",") + "\n")
	}
	return b.String()
}

var auditOrderRE = regexp.MustCompile(`<td class="mono">(s\d{3})</td>`)

// TestAuditTrailPagesAndSearch gives cara 120 orders through her code: the
// audit trail shows 50 at a time, newest first, finds orders by part of
// their id, and downloads every row.
func TestAuditTrailPagesAndSearch(t *testing.T) {
	e := newEnv(t)
	e.load(t, e.brand, "codes", "code,creator,campaign\nCARA5,cara,Spring\n")
	var orders strings.Builder
	orders.WriteString("order_id,created_at,revenue,discount_code\n")
	for i := 1; i <= 120; i++ {
		fmt.Fprintf(&orders, "s%03d,2026-03-%02d %02d:%02d,10.00,CARA5\n", i, 1+i/24, i%24, i%60)
	}
	e.load(t, e.brand, "orders", orders.String())
	c := e.signedIn(t, "ana@brand.com")
	shown := func(path string) ([]string, string) {
		t.Helper()
		_, body := c.get(path)
		audit := body[strings.Index(body, `id="credits"`):]
		var ids []string
		for _, m := range auditOrderRE.FindAllStringSubmatch(audit, -1) {
			ids = append(ids, m[1])
		}
		return ids, audit
	}
	for _, tc := range []struct {
		path        string
		n           int
		first, last string
		pager       []string
	}{
		{"/creators/cara", 50, "s120", "s071", []string{"1–50 of 120 rows", `href="/creators/cara?page=2#credits" rel="next"`}},
		{"/creators/cara?page=2", 50, "s070", "s021", []string{"51–100 of 120 rows", `href="/creators/cara?page=1#credits" rel="prev"`, `href="/creators/cara?page=3#credits" rel="next"`}},
		{"/creators/cara?page=3", 20, "s020", "s001", []string{"101–120 of 120 rows", `rel="prev"`}},
		{"/creators/cara?page=9", 20, "s020", "s001", []string{"101–120 of 120 rows"}}, // past the end: the last page
		{"/creators/cara?page=x", 50, "s120", "s071", []string{"1–50 of 120 rows"}},
		{"/creators/cara?sort=time&dir=asc&page=2", 50, "s051", "s100", []string{"51–100 of 120 rows"}},
		{"/creators/cara?order=11", 11, "s119", "s011", []string{"11 rows"}},
		{"/creators/cara?order=S07&page=2", 10, "s079", "s070", []string{"10 rows"}}, // one page: its first
	} {
		ids, audit := shown(tc.path)
		if len(ids) != tc.n || ids[0] != tc.first || ids[len(ids)-1] != tc.last {
			t.Errorf("%s shows %d orders, %v … %v; want %d, %s … %s", tc.path, len(ids), ids[:min(1, len(ids))], ids[max(0, len(ids)-1):], tc.n, tc.first, tc.last)
		}
		contains(t, tc.path, audit, tc.pager...)
	}
	ids, audit := shown("/creators/cara?order=s11&page=2&campaign=Spring")
	if len(ids) != 10 {
		t.Errorf("a search on page 2 shows %d orders", len(ids))
	}
	// The search keeps the page's other choices, and can be cleared.
	contains(t, "the search form", audit, `<input type="hidden" name="campaign" value="Spring">`, `value="s11"`,
		`href="/creators/cara?campaign=Spring#credits">Show every order`)
	lacks(t, "the search form", audit, `name="page"`)
	ids, audit = shown("/creators/cara?order=nothing")
	contains(t, "a search that finds nothing", audit, "No order credited to cara has an id with")
	if len(ids) != 0 {
		t.Errorf("a search that finds nothing shows %v", ids)
	}
	_, csv := c.get("/creators/cara?format=csv&table=credits&page=2")
	if n := strings.Count(csv, ",CARA5,"); n != 120 {
		t.Errorf("the audit trail's download holds %d orders, want all 120", n)
	}
}
