package leaks

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the test must not depend on the machine's zone database
)

const day = 24 * time.Hour

var day0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// redeem makes n orders of one code, one a day from day `from`, with ids
// prefix1, prefix2, …; each gets the clicks click(i) returns.
func redeem(prefix, code string, from, n int, click func(i int, at time.Time) []Click) []Order {
	var out []Order
	for i := range n {
		at := day0.Add(time.Duration(from+i) * day)
		o := Order{ID: fmt.Sprintf("%s%d", prefix, i+1), Time: at, Codes: []string{code}}
		if click != nil {
			o.Clicks = click(i, at)
		}
		out = append(out, o)
	}
	return out
}

var (
	ana = Code{Code: "ANA10", Creator: "ana", Campaign: "Spring", Followers: 20000}
	ben = Code{Code: "BEN5", Creator: "ben", Campaign: "Spring", Followers: 50000}
	cat = Code{Code: "CAT", Creator: "cat", Campaign: "Fall"}
)

// brief is a finding without its times, which the cases check apart.
type brief struct {
	kind, code  string
	count, of   int
	orders      string
	evidence    string
	first, last int // days after day0
}

func briefs(fs []Finding) []brief {
	var out []brief
	for _, f := range fs {
		out = append(out, brief{f.Kind, f.Code, f.Count, f.Redemptions, strings.Join(f.Orders, " "), f.Evidence,
			int(f.First.Sub(day0) / day), int(f.Last.Sub(day0) / day)})
	}
	return out
}

func TestNoClick(t *testing.T) {
	// ana: 12 redemptions, only the first with a click on her link.
	anaOrders := redeem("a", "ANA10", 0, 12, func(i int, at time.Time) []Click {
		if i == 0 {
			return []Click{{"ana", at.Add(-2 * day)}}
		}
		return nil
	})
	// ben: 10 redemptions, 7 with his click; of the other three one
	// click is ana's, one 30 days and a second before, one after.
	benOrders := redeem("b", "BEN5", 0, 10, func(i int, at time.Time) []Click {
		switch i {
		case 0:
			return []Click{{"ana", at.Add(-time.Hour)}}
		case 1:
			return []Click{{"ben", at.Add(-30*day - time.Second)}}
		case 2:
			return []Click{{"ben", at.Add(time.Minute)}}
		case 3:
			return []Click{{"ben", at.Add(-30 * day)}} // the edge counts
		}
		return []Click{{"ben", at.Add(-time.Hour)}}
	})
	catOrders := redeem("c", "CAT", 0, 10, nil)
	noneOf := func(prefix string, n int) string {
		var ids []string
		for i := range n {
			ids = append(ids, fmt.Sprintf("%s%d", prefix, i+1))
		}
		return strings.Join(ids, " ")
	}
	for _, tc := range []struct {
		name     string
		codes    []Code
		orders   [][]Order
		campaign string
		want     []brief
	}{
		{
			// ana: 11 of 12 without; others 3 + 10 of 20 = 65%; 91.7% ≥ 85%.
			// cat: 10 of 10; others 11 + 3 of 22 = 64%; 100% ≥ 84%.
			name: "two codes stand out from the workspace", codes: []Code{ana, ben, cat},
			orders: [][]Order{anaOrders, benOrders, catOrders},
			want: []brief{
				{KindNoClick, "ANA10", 11, 12, strings.TrimPrefix(noneOf("a", 12), "a1 "),
					"11 of 12 redemptions (92%) came with no click on ana's links in the 30 days before the order; the workspace's other codes: 13 of 20 (65%)", 1, 11},
				{KindNoClick, "CAT", 10, 10, noneOf("c", 10),
					"10 of 10 redemptions (100%) came with no click on cat's links in the 30 days before the order; the workspace's other codes: 14 of 22 (64%)", 0, 9},
			},
		},
		{
			name: "a campaign keeps its codes, the baseline stays the workspace's", codes: []Code{ana, ben, cat},
			orders: [][]Order{anaOrders, benOrders, catOrders}, campaign: "spring",
			want: []brief{
				{KindNoClick, "ANA10", 11, 12, strings.TrimPrefix(noneOf("a", 12), "a1 "),
					"11 of 12 redemptions (92%) came with no click on ana's links in the 30 days before the order; the workspace's other codes: 13 of 20 (65%)", 1, 11},
			},
		},
		{
			// Nothing is tracked: every code is 100% without a click, so
			// none stands out.
			name: "no tracking anywhere", codes: []Code{ana, cat},
			orders: [][]Order{redeem("a", "ANA10", 0, 10, nil), catOrders},
		},
		{
			name: "alone, with nothing to compare", codes: []Code{cat},
			orders: [][]Order{catOrders},
			want: []brief{
				{KindNoClick, "CAT", 10, 10, noneOf("c", 10),
					"10 of 10 redemptions (100%) came with no click on cat's links in the 30 days before the order; too few other redemptions to compare with", 0, 9},
			},
		},
		{
			name: "nine redemptions are too few", codes: []Code{cat},
			orders: [][]Order{redeem("c", "CAT", 0, 9, nil)},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := Input{Codes: tc.codes, Orders: slices.Concat(tc.orders...), Window: 30 * day, Campaign: tc.campaign}
			got, _ := Find(in)
			checkBriefs(t, briefs(got), tc.want)
		})
	}
}

func TestCouponSite(t *testing.T) {
	orders := []Order{
		{ID: "1", Time: day0, Codes: []string{"ANA10"}, Referrer: "www.retailmenot.com"},
		{ID: "2", Time: day0.Add(day), Codes: []string{"ANA10"}, Landing: "https://shop.example.com/p?utm_source=Honey&lift_cid=x"},
		{ID: "3", Time: day0.Add(2 * day), Codes: []string{"ANA10"}, Landing: "https://deals.slickdeals.net/shop"},
		{ID: "4", Time: day0.Add(3 * day), Codes: []string{"ANA10"}, Referrer: "notretailmenot.com"},
		{ID: "5", Time: day0.Add(4 * day), Codes: []string{"ANA10"}, Referrer: "l.instagram.com", Landing: "/p?utm_source=offers"},
		{ID: "6", Time: day0.Add(5 * day), Codes: []string{"ANA10", "NOBODY"}, Referrer: "retailmenot.com"},
		{ID: "7", Time: day0.Add(6 * day), Codes: []string{"BEN5"}, Landing: "%zz"},
	}
	got, st := Find(Input{Codes: []Code{ana, ben}, Orders: orders, Window: 30 * day})
	checkBriefs(t, briefs(got), []brief{
		{KindCouponSite, "ANA10", 4, 6, "1 2 3 6",
			"4 of 6 redemptions came from coupon sites: retailmenot.com 2, joinhoney.com 1, slickdeals.net 1", 0, 5},
	})
	if st != (Stats{Codes: 2, Redemptions: 7}) {
		t.Errorf("stats %+v", st)
	}
}

func TestBurst(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	// Days in New York: 1 Mar 1, 2 Mar 2, 3 Mar 0, 4 Mar 1, 5 Mar 12,
	// 6 Mar 1, then quiet to 10 Mar. Median of 1 2 0 1 12 1 0 0 0 0 is
	// 0.5, so the limit is max(5, 1.5) = 5; 2,000 followers allow 10.
	small := Code{Code: "ANA10", Creator: "ana", Campaign: "Spring", Followers: 2000,
		Since: time.Date(2026, 3, 1, 0, 0, 0, 0, ny)}
	at := func(d, h int) time.Time { return time.Date(2026, 3, d, h, 0, 0, 0, ny) }
	var orders []Order
	add := func(code string, t time.Time, n int) {
		for range n {
			orders = append(orders, Order{ID: fmt.Sprintf("%s-%d", code, len(orders)+1), Time: t, Codes: []string{code}})
		}
	}
	add("ANA10", at(1, 9), 1)
	add("ANA10", at(2, 9), 1)
	add("ANA10", at(2, 23), 1) // 04:00 UTC on the 3rd, still the 2nd in New York
	add("ANA10", at(4, 9), 1)
	add("ANA10", at(5, 10), 12)
	add("ANA10", at(6, 9), 1)
	// ben: 40 in a day is nothing for 100,000 followers.
	big := Code{Code: "BEN5", Creator: "ben", Campaign: "Spring", Followers: 100000}
	add("BEN5", at(3, 12), 40)
	add("BEN5", at(4, 12), 1)
	orders = append(orders, Order{ID: "last", Time: at(10, 18)})
	got, _ := Find(Input{Codes: []Code{small, big}, Orders: orders, Window: 30 * day, Loc: ny})
	var ids []string
	for i := 5; i <= 16; i++ {
		ids = append(ids, fmt.Sprintf("ANA10-%d", i))
	}
	want := []brief{{KindBurst, "ANA10", 12, 17, strings.Join(ids, " "),
		"12 redemptions on 2026-03-05 against a median of 0.5 a day over 10 days (limit 5); ana's 2,000 followers would plausibly give at most 10 (0.50%)",
		4, 4}}
	checkBriefs(t, briefs(got), want)
	if len(got) == 1 && (!got[0].First.Equal(at(5, 10)) || !got[0].Last.Equal(at(5, 10))) {
		t.Errorf("span %v – %v", got[0].First, got[0].Last)
	}
}

func TestBurstNeedsBothLimits(t *testing.T) {
	for _, tc := range []struct {
		name      string
		followers int64
		posts     map[int]int64 // day → reach
		perDay    []int
		want      string // the burst's evidence; "" for none
	}{
		{name: "six beats the floor of five, unknown audience", perDay: []int{1, 1, 6},
			want: "6 redemptions on 2026-03-03 against a median of 1 a day over 3 days (limit 5); x's audience is not known"},
		{name: "five is not more than the floor", perDay: []int{1, 1, 5}},
		{name: "three times a median of 4 is 12", perDay: []int{4, 4, 12, 4, 13},
			want: "13 redemptions on 2026-03-05 against a median of 4 a day over 5 days (limit 12); x's audience is not known"},
		{name: "within 0.5% of 4,000 followers", followers: 4000, perDay: []int{1, 1, 20}},
		{name: "beyond 0.5% of 4,000 followers", followers: 4000, perDay: []int{1, 1, 21},
			want: "21 redemptions on 2026-03-03 against a median of 1 a day over 3 days (limit 5); x's 4,000 followers would plausibly give at most 20 (0.50%)"},
		{name: "a post's reach widens the audience", followers: 1000, posts: map[int]int64{0: 4000}, perDay: []int{1, 1, 20}},
		{name: "beyond the reach", followers: 1000, posts: map[int]int64{0: 1500, 1: 500}, perDay: []int{1, 1, 11},
			want: "11 redemptions on 2026-03-03 against a median of 1 a day over 3 days (limit 5); the 2,000 people x's posts of the last 7 days reached would plausibly give at most 10 (0.50%)"},
		{name: "a post 7 days before is past the audience days", followers: 1000, posts: map[int]int64{0: 4000},
			perDay: []int{1, 0, 0, 0, 0, 0, 0, 20},
			want:   "20 redemptions on 2026-03-08 against a median of 0 a day over 8 days (limit 5); x's 1,000 followers would plausibly give at most 5 (0.50%)"},
		{name: "a post 6 days before is within", followers: 1000, posts: map[int]int64{1: 4000},
			perDay: []int{1, 0, 0, 0, 0, 0, 0, 20}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := Code{Code: "X", Creator: "x", Followers: tc.followers}
			var orders []Order
			for d, n := range tc.perDay {
				for range n {
					orders = append(orders, Order{ID: "o", Time: day0.Add(time.Duration(d) * day), Codes: []string{"X"}})
				}
			}
			var posts []Post
			for d, reach := range tc.posts {
				posts = append(posts, Post{Creator: "x", Time: day0.Add(time.Duration(d)*day - time.Hour), Reach: reach})
			}
			posts = append(posts, Post{Creator: "y", Time: day0, Reach: 1e6}) // another creator's
			found, _ := Find(Input{Codes: []Code{c}, Orders: orders, Posts: posts, Window: 30 * day})
			var got []string
			for _, f := range found {
				if f.Kind == KindBurst {
					got = append(got, f.Evidence)
				}
			}
			var want []string
			if tc.want != "" {
				want = []string{tc.want}
			}
			if !slices.Equal(got, want) {
				t.Errorf("bursts:\n got %q\nwant %q", got, want)
			}
		})
	}
}

func checkBriefs(t *testing.T, got, want []brief) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d findings, want %d:\n%+v", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("finding %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
}

// A code used before its campaign began, in the workspace's zone: ANA10's
// campaign starts on 1 March in New York; orders at 23:30 on 28 February
// and 23:59:59 are early, the one at midnight is not. A code whose
// campaign start is not known is never early.
func TestBeforeStart(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, ny)
	c := Code{Code: "ANA10", Creator: "ana", Campaign: "Spring", Since: start}
	orders := []Order{
		{ID: "e1", Time: start.Add(-30 * time.Minute), Codes: []string{"ANA10"}},
		{ID: "e2", Time: start.Add(-time.Second), Codes: []string{"ANA10"}},
		{ID: "ok1", Time: start, Codes: []string{"ANA10"}},
		{ID: "ok2", Time: start.Add(day), Codes: []string{"ANA10"}},
		{ID: "x1", Time: start.Add(-10 * day), Codes: []string{"CAT"}},
	}
	got, _ := Find(Input{Codes: []Code{c, cat}, Orders: orders, Window: 30 * day, Loc: ny})
	if len(got) != 1 {
		t.Fatalf("findings: %+v", got)
	}
	f := got[0]
	if f.Kind != KindBeforeStart || f.Code != "ANA10" || f.Count != 2 || f.Redemptions != 4 ||
		strings.Join(f.Orders, " ") != "e1 e2" || !f.First.Equal(orders[0].Time) || !f.Last.Equal(orders[1].Time) ||
		f.Evidence != "2 of 4 redemptions came before campaign Spring began on 2026-03-01; they are credited to it all the same" {
		t.Errorf("finding: %+v", f)
	}
}
