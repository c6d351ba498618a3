// Package leaks finds promo codes that escaped their creator's audience:
// codes redeemed without a click on the creator's links, redemptions that
// arrive from coupon sites, and days of redemptions no audience explains.
//
// The rules, each with its evidence:
//
//   - no-click: a code with at least MinRedemptions redemptions of which at
//     least NoClickShare came with no click on any of its creator's links
//     in the attribution window before the order. Where tracking is
//     thin, most redemptions of every code lack a click, so a code is
//     flagged only when its share is also NoClickMargin (20 points) above
//     the share of all the workspace's other codes, when those have at
//     least MinRedemptions redemptions to compare with.
//   - coupon-site: any redemption whose referrer host or landing host is a
//     known coupon or deal site (see sites.txt), or whose landing URL's
//     utm_source names one.
//   - burst: a day (in the workspace's zone) with more redemptions of a code
//     than both max(BurstFloor, BurstFactor × the code's median daily
//     redemptions) and AudienceShare of the creator's audience that day:
//     their followers, or the reach of their posts of the last AudienceDays
//     days when larger (a video can travel far beyond its creator's
//     followers). The median runs over every day from the campaign's start
//     (or the code's first redemption, if earlier) to the day the data
//     ends, quiet days included. AudienceShare is 0.5%: of the people a
//     post reaches, 1–3% click and 2–5% of those buy, and about as many
//     again type the code without clicking, so at most some 0.3% buy;
//     0.5% leaves room for a creator's best day.
//   - before-start: any redemption before the code's campaign began (Since):
//     a code used early is credited to the campaign all the same, so it
//     is shown, as is the order in the creator's audit trail.
//
// The package is pure: orders, codes and clicks come in as values.
package leaks

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// The thresholds of the rules.
const (
	MinRedemptions = 10
	NoClickShare   = 0.8
	NoClickMargin  = 0.2
	BurstFloor     = 5
	BurstFactor    = 3
	AudienceShare  = 0.005
	AudienceDays   = 7
)

// The kinds of finding, in the order they are reported.
const (
	KindNoClick     = "no-click"
	KindCouponSite  = "coupon-site"
	KindBurst       = "burst"
	KindBeforeStart = "before-start"
)

var kinds = []string{KindNoClick, KindCouponSite, KindBurst, KindBeforeStart}

// Code is a creator's promo code.
type Code struct {
	Code      string // upper case
	Creator   string
	Campaign  string
	Since     time.Time // the campaign's start; zero when unknown
	Followers int64     // the creator's followers; 0 when unknown
}

// Click is a click on a creator's link that an order's buyer made.
type Click struct {
	Creator string
	Time    time.Time
}

// Post is what the burst rule needs of a creator's post.
type Post struct {
	Creator string
	Time    time.Time
	Reach   int64 // people reached; impressions or views when reach is not known
}

// Order is one order that counts (not refunded in full).
type Order struct {
	ID       string
	Time     time.Time
	Codes    []string // upper case; codes no creator holds are ignored
	Referrer string   // host, lower case
	Landing  string   // landing URL or path
	Clicks   []Click  // the clicks the order and its customer carry
}

// Input is what the rules look at.
type Input struct {
	Codes  []Code
	Orders []Order
	Posts  []Post
	Window time.Duration // attribution window
	// Campaign, when set, keeps findings for that campaign's codes; the
	// workspace's other codes are still the baseline of no-click.
	Campaign string
	Loc      *time.Location // the workspace's zone, for days; nil is UTC
	AsOf     time.Time      // the time the data runs to; zero for the latest order
}

// Finding is one suspected leak.
type Finding struct {
	Kind     string `json:"kind"`
	Code     string `json:"code"`
	Creator  string `json:"creator"`
	Campaign string `json:"campaign"`
	Evidence string `json:"evidence"`
	// Count is how many redemptions the finding is about, out of the
	// code's Redemptions; Orders are their ids, First and Last their span.
	Count       int       `json:"count"`
	Redemptions int       `json:"redemptions"`
	Orders      []string  `json:"orders"`
	First       time.Time `json:"first"`
	Last        time.Time `json:"last"`
}

// redemption is one code used on one order.
type redemption struct {
	order *Order
	code  *Code
}

// Stats counts what the rules looked at.
type Stats struct {
	Codes       int // codes in the selection with at least one redemption
	Redemptions int
}

// Find applies every rule and returns the findings by kind and code, with
// what they looked at.
func Find(in Input) ([]Finding, Stats) {
	if in.Loc == nil {
		in.Loc = time.UTC
	}
	byCode, all := redemptions(in)
	base := count(all, in.Window)
	last := in.AsOf
	if last.IsZero() {
		last = lastDay(in.Orders)
	}
	var st Stats
	var out []Finding
	for _, c := range sortedCodes(in.Codes) {
		rs := byCode[c.Code]
		if len(rs) == 0 || (in.Campaign != "" && !strings.EqualFold(c.Campaign, in.Campaign)) {
			continue
		}
		st.Codes++
		st.Redemptions += len(rs)
		if f, ok := noClick(c, rs, base, in.Window); ok {
			out = append(out, f)
		}
		if f, ok := couponSites(c, rs); ok {
			out = append(out, f)
		}
		out = append(out, bursts(c, rs, reachOf(in.Posts, c.Creator), last, in.Loc)...)
		if f, ok := beforeStart(c, rs, in.Loc); ok {
			out = append(out, f)
		}
	}
	slices.SortStableFunc(out, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(slices.Index(kinds, a.Kind), slices.Index(kinds, b.Kind)), strings.Compare(a.Code, b.Code))
	})
	return out, st
}

// redemptions groups the orders by the creator codes they redeem, oldest
// first, and returns every redemption of the workspace too.
func redemptions(in Input) (map[string][]redemption, []redemption) {
	codes := map[string]*Code{}
	for i := range in.Codes {
		codes[in.Codes[i].Code] = &in.Codes[i]
	}
	orders := make([]*Order, len(in.Orders))
	for i := range in.Orders {
		orders[i] = &in.Orders[i]
	}
	slices.SortStableFunc(orders, func(a, b *Order) int { return a.Time.Compare(b.Time) })
	byCode := map[string][]redemption{}
	var all []redemption
	for _, o := range orders {
		for _, code := range o.Codes {
			c, ok := codes[code]
			if !ok {
				continue
			}
			r := redemption{order: o, code: c}
			byCode[code] = append(byCode[code], r)
			all = append(all, r)
		}
	}
	return byCode, all
}

func sortedCodes(codes []Code) []*Code {
	out := make([]*Code, len(codes))
	for i := range codes {
		out[i] = &codes[i]
	}
	slices.SortFunc(out, func(a, b *Code) int { return strings.Compare(a.Code, b.Code) })
	return out
}

// lastDay is the time the data runs to: the latest order.
func lastDay(orders []Order) time.Time {
	var last time.Time
	for _, o := range orders {
		if o.Time.After(last) {
			last = o.Time
		}
	}
	return last
}

// finding fills in what every finding says about its redemptions.
func finding(kind string, c *Code, all int, rs []redemption, evidence string) Finding {
	f := Finding{Kind: kind, Code: c.Code, Creator: c.Creator, Campaign: c.Campaign, Evidence: evidence,
		Count: len(rs), Redemptions: all, Orders: make([]string, len(rs))}
	for i, r := range rs {
		f.Orders[i] = r.order.ID
	}
	if len(rs) > 0 {
		f.First, f.Last = rs[0].order.Time, rs[len(rs)-1].order.Time
	}
	return f
}
