// Package demo generates the import files of a sample workspace, so that
// someone trying Lift sees a full report before they have data of their own.
package demo

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
)

// File is one generated import file.
type File struct {
	Kind string // import kind: campaigns, creators, posts, costs, codes, links, clicks, orders
	Name string // e.g. "orders.csv"
	Data []byte
}

// headers are the columns of each kind, in file order.
var headers = map[string][]string{
	"campaigns": {"name", "starts", "ends", "goal_metric", "goal_target", "budget"},
	"creators":  {"handle", "platform", "followers", "name", "niche", "commission_rate"},
	"posts": {"post_id", "creator", "campaign", "platform", "format", "published_at", "url",
		"impressions", "reach", "views", "likes", "comments", "shares", "saves", "link_clicks",
		"product_impressions", "product_clicks", "product_orders"},
	"costs":  {"creator", "campaign", "kind", "amount", "date", "note"},
	"codes":  {"code", "creator", "campaign"},
	"links":  {"slug", "destination", "creator", "campaign", "post_id"},
	"clicks": {"slug", "clicked_at", "click_id", "visitor", "referrer", "user_agent"},
	"orders": {"order_id", "created_at", "revenue", "currency", "discount_code", "click_id",
		"landing_url", "customer_id", "new_customer", "units", "refunded", "referrer", "status"},
}

// kinds lists the import kinds in the order the importer must take them:
// each file refers only to rows of the files before it.
var kinds = []string{"campaigns", "creators", "posts", "costs", "codes", "links", "clicks", "orders"}

// sitewideCode is a shop promotion that belongs to no creator, so orders
// using it must stay unattributed.
const sitewideCode = "WELCOME10"

const (
	timeLayout = "2006-01-02 15:04:05"
	dateLayout = "2006-01-02"
	day        = 24 * time.Hour
	shop       = "https://shop.example.com"
	// pcgMix decorrelates the PCG's two words, which would otherwise be
	// equal for every seed.
	pcgMix = 0x9e3779b97f4a7c15
)

// Files generates the sample workspace's files in import order: campaigns,
// creators, posts, costs, codes, links, clicks, orders.
func Files(seed uint64) []File { return Copy(seed, 0) }

// Copy generates copy k of the sample workspace: copy 0 is Files(seed);
// copy k > 0 is drawn from its own seed, and its campaigns, creators,
// posts, codes, links and orders carry k in their names (campaign
// "Spring Glow (k)", creator "@ana_k", code "ANA20K"+k, slug "ana-k",
// order "D100001-k", customer "cust_00001-k"), so that copies 0 to N-1 imported into one workspace
// are N times the sample (`lift demo --scale N`).
func Copy(seed uint64, k int) []File {
	s := seed
	if k > 0 {
		s = seed + uint64(k)*pcgMix
	}
	g := &gen{r: rand.New(rand.NewPCG(s, s^pcgMix)), copy: k}
	g.makeCampaigns()
	g.makeCreators()
	g.makePosts()
	g.makeCosts()
	g.makeCodes()
	g.makeLinks()
	g.makeClicks()
	g.makeOrders()
	g.setBudgets()

	out := make([]File, 0, len(kinds))
	for _, k := range kinds {
		out = append(out, File{Kind: k, Name: k + ".csv", Data: g.write(k)})
	}
	return out
}

type product struct {
	handle  string
	variant int
	price   int64 // cents
}

type campaign struct {
	name, tag, slug string // tag ends second-campaign codes; slug names the shop collection
	starts, ends    time.Time
	goalMetric      string
	goalTarget      string
	budget          int64
	products        []product
}

// last is the final instant of the campaign: ends is a whole date.
func (c *campaign) last() time.Time { return c.ends.Add(day - time.Second) }

type creator struct {
	handle, platform, name, first, niche, commission string
	tier                                             int
	followers                                        int64
	convQ, ctrQ                                      float64 // how well the audience buys and clicks, around 1
	agency                                           bool
	campaigns                                        []*campaign
}

const (
	nano = iota
	micro
	macro
	mega
)

type post struct {
	id                                               string
	cr                                               *creator
	ca                                               *campaign
	format                                           string
	at                                               time.Time
	url                                              string
	impressions, reach, views                        int64
	likes, comments, shares, saves, linkClicks       int64
	productImpressions, productClicks, productOrders int64
	hasViews, hasProduct                             bool
	tracked                                          float64 // human clicks the tracked link could get
	expected                                         float64 // human clicks it gets in the sample
}

// entry is one creator's part in one campaign: the unit that gets a fee, a
// code and a link.
type entry struct {
	cr          *creator
	ca          *campaign
	posts       []*post
	code        string
	codePct     int64
	slug        string
	destination string
	postID      string
	humans      []*click
}

type click struct {
	slug, id, visitor, referrer, ua string
	at                              time.Time
}

type cost struct {
	cr         *creator
	ca         *campaign
	kind, note string
	amount     int64
	date       time.Time
}

type order struct {
	id, codes, clickID, landing, customer, referrer string
	pending                                         bool // not paid yet
	at                                              time.Time
	revenue, refunded                               int64
	units                                           int
}

type gen struct {
	r         *rand.Rand
	copy      int // see Copy
	campaigns []*campaign
	creators  []*creator
	posts     []*post
	entries   []*entry
	costs     []cost
	clicks    []*click
	orders    []*order
}

func (g *gen) uniform(lo, hi float64) float64 { return lo + (hi-lo)*g.r.Float64() }

func (g *gen) logUniform(lo, hi float64) float64 {
	return math.Exp(g.uniform(math.Log(lo), math.Log(hi)))
}

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

// between draws whole cents in [lo, hi] dollars.
func (g *gen) between(lo, hi float64) int64 {
	return int64(math.Round(g.uniform(lo, hi) * 100))
}

// weighted picks an index with probability proportional to its weight.
func (g *gen) weighted(w ...float64) int {
	total := 0.0
	for _, x := range w {
		total += x
	}
	x := g.r.Float64() * total
	for i, v := range w {
		if x < v {
			return i
		}
		x -= v
	}
	return len(w) - 1
}

// poisson keeps small expected counts integral without always rounding
// tiny creators to zero or one.
func (g *gen) poisson(mean float64) int {
	if mean <= 0 {
		return 0
	}
	if mean > 30 {
		return max(0, int(math.Round(mean+math.Sqrt(mean)*g.r.NormFloat64())))
	}
	l, k, p := math.Exp(-mean), 0, 1.0
	for {
		p *= g.r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

func (g *gen) digits(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + g.r.IntN(10))
	}
	if b[0] == '0' {
		b[0] = '1'
	}
	return string(b)
}

const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

func (g *gen) alnum(n int, extra string) string {
	set := alnum + extra
	b := make([]byte, n)
	for i := range b {
		b[i] = set[g.r.IntN(len(set))]
	}
	return string(b)
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func (g *gen) makeCampaigns() {
	g.campaigns = []*campaign{
		{name: "Spring Glow", tag: "SPRING", slug: "spring-glow", starts: date(2026, 3, 2), ends: date(2026, 4, 19),
			goalMetric: "orders", goalTarget: "400", products: []product{
				{"glow-serum", 0, 4200}, {"vitamin-c-cream", 0, 3600}, {"dewy-sunscreen-spf50", 0, 2750},
				{"hydra-mist", 0, 1895}, {"glow-starter-kit", 0, 6800}}},
		{name: "Summer Launch", tag: "SUMMER", slug: "summer-launch", starts: date(2026, 4, 6), ends: date(2026, 5, 31),
			goalMetric: "roi", goalTarget: "2", products: []product{
				{"after-sun-gel", 0, 2400}, {"tinted-spf-stick", 0, 2600}, {"shimmer-body-oil", 0, 3450},
				{"cooling-eye-patches", 0, 2200}, {"summer-glow-set", 0, 5800}}},
		{name: "Holiday Gifting", tag: "GIFT", slug: "holiday-gifting", starts: date(2026, 5, 11), ends: date(2026, 6, 28),
			goalMetric: "impressions", goalTarget: "2000000", products: []product{
				{"gift-set-mini", 0, 3900}, {"candle-trio", 0, 4400}, {"travel-kit", 0, 2995},
				{"gift-card", 0, 4000}, {"deluxe-gift-box", 0, 7400}}},
	}
	for _, c := range g.campaigns {
		for i := range c.products {
			c.products[i].variant = 40000000 + g.r.IntN(9999999)
		}
	}
}

var firstNames = []string{
	"Ana", "Maya", "Leo", "Sam", "Priya", "Jordan", "Chloe", "Mateo", "Zoe", "Noah", "Aisha", "Ben",
	"Camila", "Dev", "Ella", "Finn", "Grace", "Hana", "Isla", "Jay", "Kira", "Liam", "Mia", "Nina",
	"Omar", "Paige", "Quinn", "Rosa", "Sofia", "Theo", "Uma", "Vera", "Wes", "Yara", "Zack", "Ava",
	"Eli", "Jade", "Kai", "Luca", "Nora", "Ruby", "Tessa", "Owen", "Lila", "Marco", "Ivy", "Reza",
	"Sienna", "Tara", "Cole", "Dana", "Gia", "Hugo",
}

var lastNames = []string{
	"Berg", "Costa", "Diaz", "Evans", "Fischer", "Garcia", "Hughes", "Ito", "Jensen", "Khan", "Lopez",
	"Moreau", "Nguyen", "Okafor", "Park", "Quist", "Rossi", "Silva", "Turner", "Ueda", "Vance", "Walsh",
	"Xu", "Young", "Zamora", "Adler", "Brooks", "Chen", "Doyle", "Ellis", "Flores", "Gray", "Hart",
	"Iyer", "Kim", "Lang", "Mehta", "Novak", "Ortiz", "Patel",
}

var niches = []string{"beauty", "fitness", "food", "tech", "home", "fashion", "parenting", "travel"}

// nicheWeights lean towards the shop's own categories, as a brand's roster does.
var nicheWeights = []float64{5, 2, 1, 1, 1.5, 3, 1.5, 1}

var nicheWords = map[string][]string{
	"beauty":    {"glow", "beauty", "makeup", "skin", "glam"},
	"fitness":   {"fit", "lifts", "runs", "strong", "moves"},
	"food":      {"eats", "cooks", "kitchen", "bakes", "plates"},
	"tech":      {"tech", "gadgets", "bytes", "setup", "unboxed"},
	"home":      {"home", "nest", "decor", "living", "cozy"},
	"fashion":   {"style", "wears", "closet", "fits", "looks"},
	"parenting": {"mama", "papa", "family", "littles", "parents"},
	"travel":    {"travels", "wanders", "roams", "abroad", "trips"},
}

var platforms = []string{"instagram", "tiktok", "youtube", "pinterest", "facebook"}

func (g *gen) makeCreators() {
	n := 38 + g.r.IntN(5)
	megaN, macroN, microN := 2+g.r.IntN(2), 4+g.r.IntN(3), 13+g.r.IntN(4)
	tiers := make([]int, n)
	for i := range tiers {
		switch {
		case i < megaN:
			tiers[i] = mega
		case i < megaN+macroN:
			tiers[i] = macro
		case i < megaN+macroN+microN:
			tiers[i] = micro
		default:
			tiers[i] = nano
		}
	}
	g.r.Shuffle(n, func(i, j int) { tiers[i], tiers[j] = tiers[j], tiers[i] })

	names := slices.Clone(firstNames)
	g.r.Shuffle(len(names), func(i, j int) { names[i], names[j] = names[j], names[i] })
	taken := map[string]bool{}
	count := map[string]int{}
	for i := range n {
		c := &creator{first: names[i], tier: tiers[i]}
		last := lastNames[g.r.IntN(len(lastNames))]
		c.name = c.first + " " + last
		c.niche = niches[g.weighted(nicheWeights...)]
		if c.tier == mega {
			// Mega creators live where the big audiences are.
			c.platform = platforms[g.weighted(5, 4, 3, 0, 0)]
		} else {
			c.platform = platforms[g.weighted(7, 6, 3, 2, 2)]
		}
		count[c.platform]++
		c.handle = g.handle(c.first, last, c.niche, taken)
		switch c.tier {
		case nano:
			c.followers = int64(g.logUniform(1200, 9900))
		case micro:
			c.followers = int64(g.logUniform(10000, 99000))
		case macro:
			c.followers = int64(g.logUniform(100000, 900000))
		default:
			c.followers = int64(g.logUniform(1000000, 4500000))
		}
		// Round as platforms display them, so the numbers look copied from a profile.
		if c.followers >= 100000 {
			c.followers = c.followers / 1000 * 1000
		} else if c.followers >= 10000 {
			c.followers = c.followers / 100 * 100
		}
		if c.tier <= micro && g.chance(0.25) {
			c.commission = []string{"0.10", "0.15"}[g.r.IntN(2)]
		}
		c.agency = c.tier >= macro && g.chance(0.7) || c.tier == micro && g.chance(0.15)
		c.convQ = math.Exp(0.55 * g.r.NormFloat64())
		c.ctrQ = math.Exp(0.3 * g.r.NormFloat64())
		g.creators = append(g.creators, c)
	}
	// Every platform must appear; a missing one takes a small creator from
	// the busiest platform, handles staying as drawn.
	for _, p := range platforms {
		if count[p] > 0 {
			continue
		}
		busiest := slices.MaxFunc(platforms, func(a, b string) int { return cmp.Compare(count[a], count[b]) })
		for _, c := range g.creators {
			if c.platform == busiest && c.tier <= micro {
				c.platform = p
				count[busiest]--
				count[p]++
				break
			}
		}
	}
	// A few creators whose audiences buy far more or far less than the
	// rest make the ranking worth reading.
	order := g.r.Perm(n)
	for k, i := range order[:7] {
		if k < 3 {
			g.creators[i].convQ *= 2.6
		} else {
			g.creators[i].convQ *= 0.15
		}
	}
}

func (g *gen) handle(first, last, niche string, taken map[string]bool) string {
	f, l := strings.ToLower(first), strings.ToLower(last)
	words := nicheWords[niche]
	w := words[g.r.IntN(len(words))]
	var h string
	switch g.r.IntN(8) {
	case 0:
		h = f + "." + w
	case 1:
		h = f + "_" + w
	case 2:
		h = w + "with" + f
	case 3:
		h = f + l
	case 4:
		h = f + "." + l
	case 5:
		h = "the" + f + w
	case 6:
		h = f + w + strconv.Itoa(10+g.r.IntN(30))
	default:
		h = f + "_" + l[:1] + "_" + w
	}
	for taken[h] {
		h += g.digits(1)
	}
	taken[h] = true
	return h
}

var formats = map[string][]string{
	"instagram": {"story", "reel", "post"},
	"tiktok":    {"video", "live"},
	"youtube":   {"video", "short"},
	"pinterest": {"pin"},
	"facebook":  {"post", "reel", "video"},
}

var formatWeights = map[string][]float64{
	"instagram": {4, 4, 2},
	"tiktok":    {9, 1},
	"youtube":   {6, 4},
	"pinterest": {1},
	"facebook":  {4, 3.5, 2.5},
}

var idPrefix = map[string]string{"instagram": "ig", "tiktok": "tt", "youtube": "yt", "pinterest": "pin", "facebook": "fb"}
var idBase = map[string]int{"instagram": 1001, "tiktok": 2001, "youtube": 3001, "pinterest": 4001, "facebook": 5001}

func (g *gen) makePosts() {
	for _, c := range g.creators {
		k := 1
		// A brand books a mega creator once; smaller ones come back.
		if g.chance(0.3) && c.tier != mega {
			k = 2
		}
		perm := g.r.Perm(len(g.campaigns))
		for _, i := range perm[:k] {
			c.campaigns = append(c.campaigns, g.campaigns[i])
		}
		slices.SortFunc(c.campaigns, func(a, b *campaign) int { return a.starts.Compare(b.starts) })
	}
	// A campaign with a handful of creators makes a thin report; top it up.
	for _, ca := range g.campaigns {
		for n := g.members(ca); n < 8; n++ {
			for _, i := range g.r.Perm(len(g.creators)) {
				c := g.creators[i]
				if len(c.campaigns) == 1 && c.campaigns[0] != ca && c.tier != mega {
					c.campaigns = append(c.campaigns, ca)
					slices.SortFunc(c.campaigns, func(a, b *campaign) int { return a.starts.Compare(b.starts) })
					break
				}
			}
		}
	}

	for _, ca := range g.campaigns {
		for _, c := range g.creators {
			if !slices.Contains(c.campaigns, ca) {
				continue
			}
			e := &entry{cr: c, ca: ca}
			n := 1 + g.weighted(4, 3.5, 2.5)
			if len(c.campaigns) == 2 {
				n = 1 + g.weighted(6, 4)
			}
			if c.tier == mega {
				n = 1 + g.weighted(7, 3)
			}
			for range n {
				e.posts = append(e.posts, g.post(c, ca))
			}
			slices.SortFunc(e.posts, func(a, b *post) int { return a.at.Compare(b.at) })
			g.posts = append(g.posts, e.posts...)
			g.entries = append(g.entries, e)
		}
	}
	slices.SortStableFunc(g.posts, func(a, b *post) int { return a.at.Compare(b.at) })
	next := map[string]int{}
	for _, p := range g.posts {
		pl := p.cr.platform
		p.id = fmt.Sprintf("%s_%d", idPrefix[pl], idBase[pl]+next[pl])
		next[pl]++
	}
}

func (g *gen) members(ca *campaign) int {
	n := 0
	for _, c := range g.creators {
		if slices.Contains(c.campaigns, ca) {
			n++
		}
	}
	return n
}

// post draws one post's metrics from the platform benchmarks; the ranges
// are per format because a story and a reel of the same creator differ
// more than two creators do.
func (g *gen) post(c *creator, ca *campaign) *post {
	fs := formats[c.platform]
	p := &post{cr: c, ca: ca, format: fs[g.weighted(formatWeights[c.platform]...)]}
	// Posts stop a week before the end so their clicks and orders land
	// inside the campaign.
	days := int(ca.ends.Sub(ca.starts)/day) - 7
	p.at = ca.starts.Add(time.Duration(g.r.IntN(days))*day + 13*time.Hour +
		time.Duration(g.r.IntN(10*3600))*time.Second)

	type bench struct{ imp0, imp1, ctr0, ctr1 float64 }
	b := map[string]bench{
		"instagram/story": {0.5, 0.9, 0.01, 0.03},
		"instagram/reel":  {1.0, 3.0, 0.002, 0.006},
		"instagram/post":  {0.6, 1.5, 0.002, 0.005},
		"tiktok/video":    {0.8, 3.0, 0.005, 0.02},
		"tiktok/live":     {0.5, 1.0, 0.005, 0.015},
		"youtube/video":   {0.5, 1.5, 0.02, 0.05},
		"youtube/short":   {0.8, 3.0, 0.005, 0.015},
		"pinterest/pin":   {0.5, 2.0, 0.005, 0.015},
		"facebook/post":   {0.5, 1.2, 0.005, 0.012},
		"facebook/reel":   {0.8, 2.5, 0.003, 0.008},
		"facebook/video":  {0.5, 1.5, 0.004, 0.01},
	}[c.platform+"/"+p.format]
	er := map[string][2]float64{
		"instagram": {0.03, 0.04}, "tiktok": {0.10, 0.15}, "youtube": {0.05, 0.08},
		"pinterest": {0.02, 0.05}, "facebook": {0.01, 0.02},
	}[c.platform]

	f := float64(c.followers)
	p.impressions = int64(f * g.uniform(b.imp0, b.imp1))
	p.reach = int64(float64(p.impressions) * g.uniform(0.6, 0.9))
	switch p.format {
	case "story", "reel", "video", "short", "live":
		p.hasViews = true
		p.views = int64(float64(p.impressions) * g.uniform(0.55, 0.95))
	}
	tierER := []float64{1.2, 1, 0.65, 0.4}[c.tier]
	eng := f * g.uniform(er[0], er[1]) * tierER * math.Exp(0.15*g.r.NormFloat64())
	if p.format == "story" {
		eng *= 0.4 // stories collect replies and likes, not the full set
	}
	p.likes = int64(eng * g.uniform(0.82, 0.92))
	p.comments = int64(eng * g.uniform(0.03, 0.08))
	p.shares = max(0, int64(eng)-p.likes-p.comments)
	switch c.platform {
	case "pinterest":
		p.saves = int64(float64(p.likes) * g.uniform(0.3, 0.6))
	default:
		p.saves = int64(float64(p.likes) * g.uniform(0.04, 0.12))
	}
	tierCTR := []float64{1.1, 1, 0.8, 0.6}[c.tier]
	ctr := g.uniform(b.ctr0, b.ctr1) * c.ctrQ * tierCTR
	p.linkClicks = int64(float64(p.impressions) * ctr)
	if c.platform == "tiktok" {
		p.hasProduct = true
		if g.chance(0.8) {
			p.productImpressions = int64(float64(p.impressions) * g.uniform(0.2, 0.6))
			p.productClicks = int64(float64(p.productImpressions) * g.uniform(0.01, 0.04))
			p.productOrders = int64(float64(p.productClicks) * min(0.25, g.uniform(0.03, 0.1)*c.convQ))
		}
	}
	// Only part of the platform's link clicks reach the tracked link: bio
	// pages hold several links and many taps never finish loading.
	p.tracked = float64(p.linkClicks) * g.uniform(0.5, 0.9)
	p.url = g.postURL(c, p.format)
	return p
}

func (g *gen) postURL(c *creator, format string) string {
	const idChars = "-_"
	switch c.platform + "/" + format {
	case "instagram/story":
		return "https://www.instagram.com/stories/" + c.handle + "/" + g.digits(19) + "/"
	case "instagram/reel":
		return "https://www.instagram.com/reel/" + g.alnum(11, idChars) + "/"
	case "instagram/post":
		return "https://www.instagram.com/p/" + g.alnum(11, idChars) + "/"
	case "tiktok/live":
		return "https://www.tiktok.com/@" + c.handle + "/live"
	case "tiktok/video":
		return "https://www.tiktok.com/@" + c.handle + "/video/" + g.digits(19)
	case "youtube/short":
		return "https://www.youtube.com/shorts/" + g.alnum(11, idChars)
	case "youtube/video":
		return "https://www.youtube.com/watch?v=" + g.alnum(11, idChars)
	case "pinterest/pin":
		return "https://www.pinterest.com/pin/" + g.digits(18) + "/"
	case "facebook/reel":
		return "https://www.facebook.com/reel/" + g.digits(15)
	case "facebook/video":
		return "https://www.facebook.com/" + c.handle + "/videos/" + g.digits(15) + "/"
	default:
		return "https://www.facebook.com/" + c.handle + "/posts/" + g.digits(16)
	}
}

func (g *gen) makeCosts() {
	// Flat fees per creator and campaign, in dollars, by tier: what brands
	// of this size pay for a few posts.
	fees := [][2]float64{{50, 200}, {150, 900}, {800, 3500}, {6000, 12000}}
	steps := []int64{2500, 5000, 25000, 50000} // cents: fees are negotiated in round amounts
	agencies := []string{"Bright Talent", "Northstar Creators", "Loop Management"}
	for _, e := range g.entries {
		c, ca := e.cr, e.ca
		first := e.posts[0].at.Truncate(day)
		before := func(maxDays int) time.Time {
			d := first.Add(-time.Duration(g.r.IntN(maxDays+1)) * day)
			if d.Before(ca.starts) {
				return ca.starts
			}
			return d
		}
		fr := fees[c.tier]
		fee := max(steps[c.tier], g.between(fr[0], fr[1])/steps[c.tier]*steps[c.tier])
		notes := []string{"Flat fee", "Content fee", "Sponsored content fee"}
		feeDate := before(3)
		g.addCost(c, ca, "fee", fee, feeDate, fmt.Sprintf("%s, %d %s", notes[g.r.IntN(len(notes))], len(e.posts), plural(len(e.posts), "post")))
		if g.chance(0.85) {
			p := ca.products[g.r.IntN(len(ca.products))]
			shipped := before(10)
			g.addCost(c, ca, "product", g.between(20, 80), shipped, "Samples: "+strings.ReplaceAll(p.handle, "-", " "))
			g.addCost(c, ca, "shipping", g.between(5, 15), shipped, "Sample shipping")
		}
		if c.agency {
			pct := []int64{10, 15, 20}[g.r.IntN(3)]
			g.addCost(c, ca, "agency", fee*pct/100, feeDate, fmt.Sprintf("Agency commission %d%% (%s)", pct, agencies[g.r.IntN(len(agencies))]))
		}
		best := slices.MaxFunc(e.posts, func(a, b *post) int { return cmp.Compare(a.impressions, b.impressions) })
		if c.tier >= micro && (c.platform == "tiktok" || c.platform == "instagram") && g.chance(0.15) {
			note := "Partnership ad boost " + best.id
			if c.platform == "tiktok" {
				note = "Spark Ads boost " + best.id
			}
			g.addCost(c, ca, "boost", g.between(200, 2000)/1000*1000, best.at.Truncate(day).Add(day), note)
		}
		if g.chance(0.06) {
			others := []string{"Usage rights, 90 days", "Whitelisting access", "Extra revision round"}
			g.addCost(c, ca, "other", g.between(100, 500)/500*500, before(3), others[g.r.IntN(len(others))])
		}
	}
	slices.SortStableFunc(g.costs, func(a, b cost) int { return a.date.Compare(b.date) })
}

func (g *gen) addCost(c *creator, ca *campaign, kind string, amount int64, d time.Time, note string) {
	if d.After(ca.ends) {
		d = ca.ends
	}
	g.costs = append(g.costs, cost{cr: c, ca: ca, kind: kind, amount: amount, date: d, note: note})
}

func plural(n int, s string) string {
	if n == 1 {
		return s
	}
	return s + "s"
}

func (g *gen) makeCodes() {
	taken := map[string]bool{sitewideCode: true}
	for _, e := range g.entries {
		e.codePct = []int64{10, 15, 15, 20}[g.r.IntN(4)]
		code := strings.ToUpper(e.cr.first) + strconv.FormatInt(e.codePct, 10)
		if e.ca != e.cr.campaigns[0] || taken[code] {
			code += e.ca.tag
		}
		for taken[code] {
			code += strconv.Itoa(g.r.IntN(10))
		}
		taken[code] = true
		e.code = code
	}
}

// avoid keeps slugs clear of the server's own paths and of words that
// would look like them.
var avoid = []string{"api", "login", "logout", "static", "admin", "assets", "healthz", "links", "codes", "import"}

func (g *gen) makeLinks() {
	taken := map[string]bool{}
	for _, e := range g.entries {
		for {
			s := g.alnum(7, "")
			ok := !taken[s]
			for _, w := range avoid {
				ok = ok && !strings.Contains(strings.ToLower(s), w)
			}
			if ok {
				taken[s] = true
				e.slug = s
				break
			}
		}
		p := e.ca.products[g.r.IntN(len(e.ca.products))]
		base := shop + "/products/" + p.handle
		switch g.weighted(5, 2, 2, 1) {
		case 0:
			e.destination = fmt.Sprintf("%s?variant=%d", base, p.variant)
		case 1:
			e.destination = base
		case 2:
			e.destination = fmt.Sprintf("%s?variant=%d&utm_source=%s&utm_medium=influencer&utm_campaign=%s",
				base, p.variant, e.cr.platform, e.ca.slug)
		default:
			e.destination = shop + "/collections/" + e.ca.slug
		}
		if !g.chance(0.15) {
			best := slices.MaxFunc(e.posts, func(a, b *post) int { return cmp.Compare(a.linkClicks, b.linkClicks) })
			e.postID = best.id
		}
	}
}

var referrers = map[string][]string{
	"instagram": {"https://l.instagram.com/", "https://www.instagram.com/"},
	"tiktok":    {"https://www.tiktok.com/", "https://m.tiktok.com/"},
	"youtube":   {"https://www.youtube.com/", "https://m.youtube.com/"},
	"pinterest": {"https://pinterest.com/", "https://www.pinterest.com/"},
	"facebook":  {"https://l.facebook.com/", "https://lm.facebook.com/"},
}

// referrerShare is how often the platform's browser sends a referrer at
// all: in-app browsers often send none.
var referrerShare = map[string]float64{"instagram": 0.6, "tiktok": 0.5, "youtube": 0.8, "pinterest": 0.7, "facebook": 0.65}

var inApp = map[string][]string{
	"instagram": {
		"Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 326.0.3.30.91 (iPhone15,3; iOS 17_4_1; en_US; en; scale=3.00; 1290x2796; 587214397)",
		"Mozilla/5.0 (iPhone; CPU iPhone OS 18_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 365.0.0.30.112 (iPhone16,2; iOS 18_3; en_US; en; scale=3.00; 1290x2796; 695513221)",
		"Mozilla/5.0 (Linux; Android 14; SM-S918B Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/124.0.6367.113 Mobile Safari/537.36 Instagram 329.0.0.41.93 Android (34/14; 480dpi; 1080x2340; samsung; SM-S918B; dm3q; qcom; en_US; 590137866)",
	},
	"tiktok": {
		"Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 musical_ly_34.1.0 JsSdk/2.0 NetType/WIFI Channel/App Store ByteLocale/en Region/US RevealType/Dialog isDarkMode/1 WKWebView/1 BytedanceWebview/d8a21c6",
		"Mozilla/5.0 (Linux; Android 13; Pixel 7 Build/TQ3A.230805.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/123.0.6312.99 Mobile Safari/537.36 trill_2023403030 JsSdk/1.0 NetType/4G Channel/googleplay AppName/trill app_version/34.3.3 ByteLocale/en ByteFullLocale/en Region/US BytedanceWebview/d8a21c6",
	},
	"facebook": {
		"Mozilla/5.0 (iPhone; CPU iPhone OS 17_3_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/452.0.0.40.109;FBBV/577548125;FBDV/iPhone14,5;FBMD/iPhone;FBSN/iOS;FBSV/17.3.1;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5;FBRV/580099870]",
		"Mozilla/5.0 (Linux; Android 14; SM-A546B Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/122.0.6261.105 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/455.0.0.44.88;]",
	},
	"pinterest": {
		"Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [Pinterest/iOS]",
		"Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP1A.240305.019; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/122.0.6261.119 Mobile Safari/537.36 [Pinterest/Android]",
	},
}

// inAppShare is how many human clicks open in the platform's own browser;
// YouTube hands links to the system browser.
var inAppShare = map[string]float64{"instagram": 0.65, "tiktok": 0.6, "youtube": 0, "pinterest": 0.4, "facebook": 0.6}

var mobileUAs = []string{
	"Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1",
	"Mozilla/5.0 (iPhone; CPU iPhone OS 18_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.3 Mobile/15E148 Safari/604.1",
	"Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/125.0.6422.80 Mobile/15E148 Safari/604.1",
	"Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
	"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
	"Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36",
}

var tabletUAs = []string{
	"Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
	"Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36",
}

var desktopUAs = []string{
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
	"Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
}

// botAgents are the crawler and link-preview user agents mixed into the
// clicks, as they arrive on real tracked links.
var botAgents = []string{
	"facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
	"Twitterbot/1.0",
	"Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
	"WhatsApp/2.23.20.0",
	"TelegramBot (like TwitterBot)",
	"Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
	"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
	"curl/8.5.0",
}

// botWeights favour the preview fetchers, which fire on every share.
var botWeights = []float64{5, 1.5, 1, 3, 1, 1, 1.5, 0.5}

func (g *gen) makeClicks() {
	g.spreadClicks()
	ids := map[string]bool{}
	visitors := map[string]bool{}
	var pastVisitors []string
	newID := func() string {
		for {
			id := fmt.Sprintf("c_%016x", g.r.Uint64())
			if !ids[id] {
				ids[id] = true
				return id
			}
		}
	}
	newVisitor := func() string {
		for {
			v := fmt.Sprintf("v_%06d", 100000+g.r.IntN(900000))
			if !visitors[v] {
				visitors[v] = true
				return v
			}
		}
	}
	for _, e := range g.entries {
		pl := e.cr.platform
		for _, p := range e.posts {
			mean := 1.6 * float64(day)
			if p.format == "story" {
				mean = 0.35 * float64(day) // a story is gone after 24 hours
			}
			n := g.poisson(p.expected)
			for range n {
				c := &click{slug: e.slug, id: newID(), at: p.at.Add(time.Duration(g.r.ExpFloat64()*mean) + 20*time.Second)}
				switch {
				case len(pastVisitors) > 0 && g.chance(0.02):
					// Shoppers who follow several creators.
					c.visitor = pastVisitors[g.r.IntN(len(pastVisitors))]
				default:
					c.visitor = newVisitor()
				}
				pastVisitors = append(pastVisitors, c.visitor)
				c.referrer, c.ua = g.humanAgent(pl)
				e.humans = append(e.humans, c)
				if g.chance(0.07) {
					// The same person tapping again, so not a unique click.
					again := *c
					again.id = newID()
					again.at = c.at.Add(time.Duration(30+g.r.IntN(6*3600)) * time.Second)
					e.humans = append(e.humans, &again)
				}
			}
			bots := g.poisson(float64(n) * g.uniform(0.04, 0.1))
			for range bots {
				c := &click{slug: e.slug, id: newID()}
				c.ua = botAgents[g.weighted(botWeights...)]
				if strings.HasPrefix(c.ua, "Mozilla/5.0 (compatible; Googlebot") || strings.HasPrefix(c.ua, "curl") {
					c.at = p.at.Add(time.Duration(g.r.Int64N(int64(7 * day))))
				} else {
					// Previews fire when the link is shared, soon after posting.
					c.at = p.at.Add(time.Duration(g.r.ExpFloat64()*float64(3*time.Hour)) + 5*time.Second)
				}
				g.clicks = append(g.clicks, c)
			}
		}
		slices.SortFunc(e.humans, func(a, b *click) int { return a.at.Compare(b.at) })
		g.clicks = append(g.clicks, e.humans...)
	}
	for _, c := range g.clicks {
		c.at = c.at.Truncate(time.Second)
	}
	slices.SortStableFunc(g.clicks, func(a, b *click) int { return a.at.Compare(b.at) })
}

// spreadClicks decides how many human clicks each post brings. Left
// proportional, one macro YouTube video would outweigh the rest of the
// roster and leave a campaign empty; a power below one keeps the order of
// who out-clicks whom while giving each campaign its share, and no post
// gets more than its platform counted.
func (g *gen) spreadClicks() {
	total := g.uniform(10500, 12500)
	shares := []float64{0.36, 0.30, 0.34}
	sum := 0.0
	for i := range shares {
		shares[i] *= g.uniform(0.85, 1.15)
		sum += shares[i]
	}
	for i, ca := range g.campaigns {
		w := 0.0
		for _, p := range g.posts {
			if p.ca == ca {
				w += math.Pow(p.tracked, 0.75)
			}
		}
		scale := total * shares[i] / sum / max(1, w)
		for _, p := range g.posts {
			if p.ca == ca {
				p.expected = min(p.tracked, scale*math.Pow(p.tracked, 0.75))
				// The platform counts a little more than reaches the
				// tracked link (bio pages, taps that never load): its
				// link clicks stay near the tracked clicks.
				p.linkClicks = int64(math.Round(p.expected / g.uniform(0.7, 0.9)))
			}
		}
	}
}

func (g *gen) humanAgent(platform string) (referrer, ua string) {
	if g.chance(referrerShare[platform]) {
		rs := referrers[platform]
		referrer = rs[g.weighted(4, 1)]
	} else if g.chance(0.04) {
		// Links travel beyond the platform they were posted on.
		referrer = []string{"https://www.google.com/", "https://t.co/", "https://www.reddit.com/"}[g.r.IntN(3)]
	}
	if g.chance(inAppShare[platform]) {
		uas := inApp[platform]
		return referrer, uas[g.r.IntN(len(uas))]
	}
	desktop := 0.18
	if platform == "youtube" || platform == "pinterest" {
		desktop = 0.4
	}
	switch g.weighted(1-desktop-0.06, desktop, 0.06) {
	case 0:
		ua = mobileUAs[g.r.IntN(len(mobileUAs))]
	case 1:
		ua = desktopUAs[g.r.IntN(len(desktopUAs))]
	default:
		ua = tabletUAs[g.r.IntN(len(tabletUAs))]
	}
	return referrer, ua
}

// codeHabit is how many code-only orders a platform brings per order
// through the link: codes said aloud in videos are used without clicking.
var codeHabit = map[string]float64{"instagram": 1.6, "tiktok": 2.8, "youtube": 3.2, "pinterest": 0.5, "facebook": 1.3}

func (g *gen) makeOrders() {
	// Conversion is set relative to the roster so that one mega creator's
	// luck, or a roster heavy on YouTube, cannot halve or double the
	// sample's orders.
	humans, weighted := 0.0, 0.0
	for _, e := range g.entries {
		humans += float64(len(e.humans))
		weighted += float64(len(e.humans)) * e.cr.convQ
	}
	base := g.uniform(0.045, 0.055) * humans / max(1, weighted)
	rateOf := func(e *entry) float64 { return min(0.1, max(0.004, base*e.cr.convQ)) }
	viaClick, viaCode := 0.0, 0.0
	for _, e := range g.entries {
		viaClick += float64(len(e.humans)) * rateOf(e)
		viaCode += float64(len(e.humans)) * rateOf(e) * codeHabit[e.cr.platform]
	}
	habit := min(2.5, max(0.4, (g.uniform(1700, 2100)-viaClick)/max(1, viaCode)))
	attributed := 0
	for _, e := range g.entries {
		rate := rateOf(e)
		// Late orders stop a few days after the campaign so the daily
		// chart does not trail off past the last campaign.
		deadline := e.ca.last().Add(3 * day)
		for _, c := range e.humans {
			if !g.chance(rate) {
				continue
			}
			var delay time.Duration
			switch g.weighted(55, 30, 15) {
			case 0:
				delay = time.Duration(120+g.r.IntN(3480)) * time.Second
			case 1:
				delay = time.Hour + time.Duration(g.r.Int64N(int64(23*time.Hour)))
			default:
				delay = day + time.Duration(g.r.Int64N(int64(19*day)))
			}
			if c.at.Add(delay).After(deadline) {
				delay = time.Duration(120+g.r.IntN(3480)) * time.Second
			}
			o := &order{at: c.at.Add(delay)}
			pct := int64(0)
			switch g.weighted(60, 25, 15) {
			case 0:
				o.clickID = c.id
			case 1:
				o.clickID = c.id
				o.codes, pct = e.code, e.codePct
				if other := g.entries[g.r.IntN(len(g.entries))]; g.chance(0.12) && !other.ca.starts.After(c.at) {
					// Another creator's code, already out: attribution
					// has to pick one.
					o.codes, pct = other.code, 15
				}
			default:
				if g.chance(0.6) {
					o.landing = shop + "/?lift_cid=" + c.id
				} else {
					p := e.ca.products[g.r.IntN(len(e.ca.products))]
					o.landing = fmt.Sprintf("%s/products/%s?variant=%d&lift_cid=%s", shop, p.handle, p.variant, c.id)
				}
			}
			g.fill(o, e.ca.products, pct)
			attributed++
		}
		n := g.poisson(float64(len(e.humans)) * rate * codeHabit[e.cr.platform] * habit * g.uniform(0.7, 1.3))
		weights := make([]float64, len(e.posts))
		for i, p := range e.posts {
			weights[i] = p.tracked + 1
		}
		for range n {
			p := e.posts[g.weighted(weights...)]
			at := p.at.Add(time.Duration(g.r.ExpFloat64()*float64(3*day)) + 10*time.Minute)
			if at.After(deadline) {
				at = p.at.Add(time.Duration(g.r.Int64N(int64(deadline.Sub(p.at)))))
			}
			o := &order{at: at, codes: e.code}
			g.fill(o, e.ca.products, e.codePct)
			attributed++
		}
	}

	attributed += g.leak()

	// Organic sales run every day, campaigns or not, so the report has a
	// baseline to lift from.
	var all []product
	for _, c := range g.campaigns {
		all = append(all, c.products...)
	}
	start, end := g.campaigns[0].starts, g.campaigns[len(g.campaigns)-1].ends
	days := int(end.Sub(start)/day) + 1
	share := g.uniform(0.22, 0.28)
	organic := max(days, int(float64(attributed)*share/(1-share)))
	weights := make([]float64, days)
	for i := range weights {
		weights[i] = 1
		if wd := start.Add(time.Duration(i) * day).Weekday(); wd == time.Saturday || wd == time.Sunday {
			weights[i] = 1.25
		}
	}
	for i := range organic {
		d := i
		if i >= days {
			d = g.weighted(weights...)
		}
		o := &order{at: start.Add(time.Duration(d)*day + time.Duration(g.r.Int64N(int64(day))))}
		g.fill(o, all, 0)
	}
	for range max(3, organic/30) {
		o := &order{at: start.Add(time.Duration(g.r.Int64N(int64(end.Sub(start) + day)))), codes: sitewideCode}
		g.fill(o, all, 10)
	}

	for _, o := range g.orders {
		o.at = o.at.Truncate(time.Second)
	}
	slices.SortStableFunc(g.orders, func(a, b *order) int { return a.at.Compare(b.at) })
	g.awaitPayment()
	// Customers are drawn in time order so that a returning customer's
	// first order really comes first.
	var seen []string
	for i, o := range g.orders {
		o.id = fmt.Sprintf("D%d", 100001+i)
		if len(seen) > 0 && g.chance(0.25) {
			o.customer = seen[g.r.IntN(len(seen))]
		} else {
			o.customer = fmt.Sprintf("cust_%05d", len(seen)+1)
			seen = append(seen, o.customer)
		}
	}
}

// awaitPayment leaves the last few orders unpaid, as a shop's export
// always has them (bank transfers, payments on delivery): two a creator
// would be credited with and two organic ones. Reports show them apart as
// pending.
func (g *gen) awaitPayment() {
	credited, organic := 0, 0
	for i := len(g.orders) - 1; i >= 0 && (credited < 2 || organic < 2); i-- {
		o := g.orders[i]
		byCreator := o.clickID != "" || o.landing != "" || o.codes != "" && o.codes != sitewideCode
		switch {
		case o.refunded > 0:
		case byCreator && credited < 2:
			o.pending = true
			credited++
		case !byCreator && o.codes == "" && organic < 2:
			o.pending = true
			organic++
		}
	}
}

// status is the order's payment status in Shopify's words.
func (o *order) status() string {
	switch {
	case o.pending:
		return "pending"
	case o.refunded > 0 && o.refunded == o.revenue:
		return "refunded"
	case o.refunded > 0:
		return "partially_refunded"
	}
	return "paid"
}

// couponReferrers are where a leaked code's buyers come from: a coupon
// site's page for the shop, or nowhere (a browser extension fills the
// code in at checkout).
var couponReferrers = []string{"https://www.retailmenot.com/view/shop.example.com",
	"https://www.retailmenot.com/view/shop.example.com", "https://www.retailmenot.com/view/shop.example.com",
	"https://www.couponfollow.com/site/shop.example.com", "https://www.couponfollow.com/site/shop.example.com", ""}

// leak lets one micro creator's code escape to coupon sites a few days
// after their first post: orders with the code and no click, most of them
// arriving from the coupon site, credited to the creator by the code.
// `lift leaks` finds it; the creator's numbers look better than their
// audience made them. It returns the orders added.
func (g *gen) leak() int {
	var e *entry
	for _, i := range g.r.Perm(len(g.entries)) {
		if c := g.entries[i]; c.cr.tier == micro && e == nil {
			e = c
		}
	}
	if e == nil {
		return 0
	}
	from := e.posts[0].at.Add(4 * day)
	span := e.ca.last().Add(3 * day).Sub(from)
	n := 24 + g.r.IntN(10)
	for range n {
		o := &order{at: from.Add(time.Duration(g.r.Int64N(int64(span)))), codes: e.code,
			referrer: couponReferrers[g.r.IntN(len(couponReferrers))]}
		g.fill(o, e.ca.products, e.codePct)
	}
	return n
}

// fill prices the order and decides refunds.
func (g *gen) fill(o *order, products []product, pct int64) {
	var units int
	var gross, unit int64
	for try := 0; ; try++ {
		units = 1 + g.weighted(60, 27, 10, 3)
		gross = 0
		for range units {
			unit = products[g.r.IntN(len(products))].price
			gross += unit
		}
		rev := gross * (100 - pct) / 100
		if rev >= 1500 && rev <= 25000 || try > 20 {
			break
		}
	}
	o.units = units
	o.revenue = min(25000, max(1500, gross*(100-pct)/100))
	switch x := g.r.Float64(); {
	case x < 0.02:
		o.refunded = o.revenue
	case x < 0.07:
		if part := unit * (100 - pct) / 100; units > 1 && part < o.revenue {
			o.refunded = part // one item sent back
		} else {
			o.refunded = o.revenue * int64(20+g.r.IntN(50)) / 100
		}
	}
	g.orders = append(g.orders, o)
}

func (g *gen) setBudgets() {
	for _, ca := range g.campaigns {
		total := int64(0)
		for _, c := range g.costs {
			if c.ca == ca {
				total += c.amount
			}
		}
		// Plans miss in both directions; rounding to thousands keeps it a plan.
		b := float64(total) * g.uniform(0.9, 1.25)
		ca.budget = max(100000, int64(math.Round(b/100000))*100000)
	}
}

func money(cents int64) string { return fmt.Sprintf("%d.%02d", cents/100, cents%100) }

func count(n int64, ok bool) string {
	if !ok {
		return ""
	}
	return strconv.FormatInt(n, 10)
}

// The names of copy k of the sample (see Copy); copy 0's are the sample's.
func (g *gen) campaign(c *campaign) string { return g.tagged(c.name, " (%d)") }
func (g *gen) creator(c *creator) string   { return g.tagged(c.handle, "_%d") }
func (g *gen) postID(id string) string {
	if id == "" {
		return ""
	}
	return g.tagged(id, "_%d")
}
func (g *gen) slug(s string) string    { return g.tagged(s, "-%d") }
func (g *gen) orderID(s string) string { return g.tagged(s, "-%d") }

// codes renames the creators' codes in an order's code list; a shop-wide
// code (WELCOME10) stays as it is.
func (g *gen) codes(list string) string {
	if g.copy == 0 || list == "" {
		return list
	}
	parts := strings.Split(list, ",")
	for i, c := range parts {
		if c != sitewideCode {
			parts[i] = g.tagged(c, "K%d")
		}
	}
	return strings.Join(parts, ",")
}

func (g *gen) tagged(s, format string) string {
	if g.copy == 0 {
		return s
	}
	return s + fmt.Sprintf(format, g.copy)
}

func (g *gen) write(kind string) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	row := func(r ...string) { _ = w.Write(r) } // a bytes.Buffer cannot fail
	row(headers[kind]...)
	switch kind {
	case "campaigns":
		for _, c := range g.campaigns {
			row(g.campaign(c), c.starts.Format(dateLayout), c.ends.Format(dateLayout), c.goalMetric, c.goalTarget, money(c.budget))
		}
	case "creators":
		crs := slices.Clone(g.creators)
		slices.SortFunc(crs, func(a, b *creator) int { return strings.Compare(a.handle, b.handle) })
		for _, c := range crs {
			row(g.creator(c), c.platform, strconv.FormatInt(c.followers, 10), c.name, c.niche, c.commission)
		}
	case "posts":
		for _, p := range g.posts {
			row(g.postID(p.id), g.creator(p.cr), g.campaign(p.ca), p.cr.platform, p.format, p.at.Format(timeLayout), p.url,
				count(p.impressions, true), count(p.reach, true), count(p.views, p.hasViews),
				count(p.likes, true), count(p.comments, true), count(p.shares, true), count(p.saves, true),
				count(p.linkClicks, true), count(p.productImpressions, p.hasProduct),
				count(p.productClicks, p.hasProduct), count(p.productOrders, p.hasProduct))
		}
	case "costs":
		for _, c := range g.costs {
			row(g.creator(c.cr), g.campaign(c.ca), c.kind, money(c.amount), c.date.Format(dateLayout), c.note)
		}
	case "codes":
		for _, e := range g.entries {
			row(g.codes(e.code), g.creator(e.cr), g.campaign(e.ca))
		}
	case "links":
		for _, e := range g.entries {
			row(g.slug(e.slug), e.destination, g.creator(e.cr), g.campaign(e.ca), g.postID(e.postID))
		}
	case "clicks":
		for _, c := range g.clicks {
			row(g.slug(c.slug), c.at.Format(timeLayout), c.id, c.visitor, c.referrer, c.ua)
		}
	case "orders":
		for _, o := range g.orders {
			row(g.orderID(o.id), o.at.Format(timeLayout), money(o.revenue), "USD", g.codes(o.codes), o.clickID, o.landing,
				g.tagged(o.customer, "-%d"), "", strconv.Itoa(o.units), money(o.refunded), o.referrer, o.status())
		}
	}
	w.Flush()
	return buf.Bytes()
}
