package web

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/liftmetrics/lift/internal/metrics"
	"github.com/liftmetrics/lift/internal/store"
)

// The traffic page breaks tracked clicks down by device class, referrer
// host and hour of day, per creator and per campaign, with the clicks
// stored as bots counted apart: the numbers that show bought or fake
// traffic (desktop clicks on a phone app's link, no referrer at all,
// clicks at four in the morning, a high bot share).
type trafficPage struct {
	F        *filters
	Tabs     tabs
	Creator  string // the picked creator's key, "" for all
	Creators []option
	Tiles    []tile
	Devices  *table
	Refs     *table
	Hours    *table
	HourBars []hourBar
	People   *table // by creator, when no creator is picked
	Pushes   *table // by campaign, when no campaign is picked
	Scope    string // the picked campaign and creator, in words
}

// hourBar is one hour of the hour-of-day chart, in its 0–100 box.
type hourBar struct {
	X, Y, H, BotY, BotH int
	Label               string
	Title               string
}

// shownReferrers is how many referrer hosts the page lists; the others
// share one row.
const shownReferrers = 15

func (h *Handler) traffic(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	ctx := r.Context()
	q := r.URL.Query()
	f, err := h.readFilters(ctx, q, rc.WS)
	if err != nil {
		return err
	}
	p := &trafficPage{F: f, Tabs: insightTabs("traffic", f)}
	sc := store.ClickScope{From: f.opt.From, To: f.opt.To, Loc: rc.WS.Loc}
	if c, ok := f.campaign(); ok {
		sc.CampaignID = c.ID
	}
	creators, err := h.st.Creators(ctx, rc.WS.ID)
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, c := range creators {
		names[c.ID] = creatorRef(c)
		p.Creators = append(p.Creators, creatorOption(c))
	}
	if key := strings.TrimSpace(q.Get("creator")); key != "" {
		cr, err := h.findCreator(ctx, rc.WS, key)
		if err != nil {
			f.Problems = append(f.Problems, fmt.Sprintf("there is no creator %q", key))
		} else {
			sc.CreatorID, p.Creator = cr.ID, creatorRef(cr)
		}
	}
	t, err := h.clickTallies(ctx, rc.WS.ID, sc)
	if err != nil {
		return err
	}
	all := &t.all
	p.Tiles = trafficTiles(all)
	p.Devices, p.Refs, p.Hours = deviceTable(all.device), referrerTable(all.referrer), hourTable(all.hour)
	p.HourBars = hourBars(all.hour)
	campaigns := map[int64]string{}
	for _, c := range f.Campaigns {
		campaigns[c.ID] = c.Name
	}
	if p.Creator == "" {
		p.People = entityTable("creators", "Creator", t.creators, func(id int64) cell {
			return link(names[id], "/dashboard/traffic"+withCreator(f, names[id]))
		})
		p.People.sortFromQuery(q, "clicks", true)
	}
	if f.Campaign == "" {
		p.Pushes = entityTable("campaigns", "Campaign", t.campaigns, func(id int64) cell {
			return link(campaigns[id], "/dashboard/traffic"+withCampaign(f, p.Creator, campaigns[id]))
		})
		p.Pushes.sortFromQuery(q, "clicks", true)
	}
	p.Scope = scopeWords(f.Campaign, p.Creator)
	return h.page(w, r, rc, "traffic", view{Title: "Traffic", Nav: "insights", Page: p, Alert: problems(f)},
		p.Devices, p.Refs, p.Hours, p.People, p.Pushes)
}

func creatorOption(c store.Creator) option {
	label := c.Platform
	if c.Name != "" {
		label = c.Name + " · " + c.Platform
	}
	return option{creatorRef(c), label}
}

func scopeWords(campaign, creator string) string {
	s := "all campaigns"
	if campaign != "" {
		s = campaign
	}
	if creator != "" {
		s += " · " + creator
	}
	return s
}

// withCreator is the page's query with a creator picked.
func withCreator(f *filters, creator string) string {
	return addParam(f.query(), "creator", creator)
}

// withCampaign is the page's query with a campaign picked, keeping the
// creator.
func withCampaign(f *filters, creator, campaign string) string {
	g := *f
	g.Campaign = campaign
	return addParam(g.query(), "creator", creator)
}

func addParam(q, k, v string) string {
	if v == "" {
		return q
	}
	sep := "?"
	if q != "" {
		sep = "&"
	}
	return q + sep + k + "=" + url.QueryEscape(v)
}

// tally is a set of clicks by the value of one dimension: the counted
// clicks and the bots, apart.
type tally struct {
	Clicks, Bots int64
	human, bots  map[string]int64
}

func (t *tally) add(key string, clicks, bots int64) {
	if t.human == nil {
		t.human, t.bots = map[string]int64{}, map[string]int64{}
	}
	t.Clicks += clicks
	t.Bots += bots
	t.human[key] += clicks
	t.bots[key] += bots
}

// share is key's share of the counted clicks; nil when there are none.
func (t *tally) share(key string) *float64 { return ratio(t.human[key], t.Clicks) }

// botShare is the bots' share of all clicks, bots included; nil when
// there are none.
func (t *tally) botShare() *float64 { return ratio(t.Bots, t.Clicks+t.Bots) }

// keys lists the values with any click, most counted clicks first.
func (t *tally) keys() []string {
	out := make([]string, 0, len(t.human))
	for k := range t.human {
		out = append(out, k)
	}
	slices.SortFunc(out, func(a, b string) int {
		return cmp.Or(cmp.Compare(t.human[b], t.human[a]), cmp.Compare(t.bots[b], t.bots[a]), strings.Compare(a, b))
	})
	return out
}

// top is the value with the most counted clicks; false when none.
func (t *tally) top() (string, bool) {
	k := t.keys()
	if len(k) == 0 || t.human[k[0]] == 0 {
		return "", false
	}
	return k[0], true
}

func ratio(n, d int64) *float64 {
	if d == 0 {
		return nil
	}
	return num(float64(n) / float64(d))
}

// clicks is one scope's tallies by device, referrer and hour.
type clicks struct{ device, referrer, hour tally }

// tallies are the clicks in scope, in all (id 0), by creator and by
// campaign.
type tallies struct {
	all                 clicks
	creators, campaigns map[int64]*clicks
}

// clickTallies counts the clicks in scope by creator, campaign and each
// dimension in the database, and sums the groups up here. The three
// counts run at once, each on its own connection of the read pool: each
// reads the click summaries of the whole days in scope (and the clicks
// of any part-day).
func (h *Handler) clickTallies(ctx context.Context, ws int64, sc store.ClickScope) (*tallies, error) {
	t := &tallies{creators: map[int64]*clicks{}, campaigns: map[int64]*clicks{}}
	at := func(m map[int64]*clicks, id int64) *clicks {
		if m[id] == nil {
			m[id] = &clicks{}
		}
		return m[id]
	}
	dims := []struct {
		dim   store.ClickDim
		pick  func(*clicks) *tally
		value func(store.ClickGroup) string
	}{
		{store.ByDevice, func(c *clicks) *tally { return &c.device }, func(g store.ClickGroup) string { return g.Device }},
		{store.ByReferrer, func(c *clicks) *tally { return &c.referrer }, func(g store.ClickGroup) string { return g.Referrer }},
		{store.ByHour, func(c *clicks) *tally { return &c.hour }, func(g store.ClickGroup) string { return strconv.Itoa(g.Hour) }},
	}
	groups := make([][]store.ClickGroup, len(dims))
	errs := make([]error, len(dims))
	var wg sync.WaitGroup
	for i, d := range dims {
		wg.Go(func() {
			groups[i], errs[i] = h.st.ClickBreakdown(ctx, ws, sc, store.ByCreator, store.ByCampaign, d.dim)
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	for i, d := range dims {
		for _, g := range groups[i] {
			v := d.value(g)
			d.pick(&t.all).add(v, g.Clicks, g.Bots)
			d.pick(at(t.creators, g.CreatorID)).add(v, g.Clicks, g.Bots)
			d.pick(at(t.campaigns, g.CampaignID)).add(v, g.Clicks, g.Bots)
		}
	}
	return t, nil
}

const (
	noReferrer    = "none"
	noReferrerTip = "the visit named no page it came from: an app's own browser, a typed or pasted link, or a page that hides it"
	unknownDevice = "unknown"
)

func trafficTiles(c *clicks) []tile {
	peak, share := "—", (*float64)(nil)
	if h, ok := c.hour.top(); ok {
		peak, share = hourName(h), c.hour.share(h)
	}
	return []tile{
		{Label: "Clicks", Value: metrics.Count(c.device.Clicks), Hint: "tracked clicks that count: bots left out"},
		{Label: "Bot clicks", Value: metrics.Count(c.device.Bots), Hint: "clicks stored as bots (crawlers, link previews, HEAD requests): never counted"},
		rateTile("Bot share", c.device.botShare(), "bot clicks of all tracked clicks, bots included"),
		rateTile("Mobile", c.device.share("mobile"), "phone clicks of the counted clicks"),
		rateTile("No referrer", c.referrer.share(""), "counted clicks whose visit named no page it came from"),
		{Label: "Busiest hour", Value: peak, Hint: "the hour of day (workspace time) with the most counted clicks, and its share",
			Bench: shareText(share)},
	}
}

func shareText(r *float64) string {
	if r == nil {
		return ""
	}
	return metrics.Percent(r) + " of clicks"
}

func hourName(h string) string {
	n, _ := strconv.Atoi(h)
	return fmt.Sprintf("%02d:00", n)
}

var breakdownCols = []column{
	{Key: "clicks", Head: "Clicks", Title: "counted clicks: bots left out", Num: true},
	{Key: "share", Head: "Share", Title: "share of the counted clicks", Num: true},
	{Key: "bots", Head: "Bots", Title: "clicks stored as bots, apart", Num: true},
}

// dimTable lists a tally's values with their clicks, share and bots.
func dimTable(name, head string, t *tally, keys []string, label func(string) cell) *table {
	tb := &table{Name: name, Cols: append([]column{{Key: name, Head: head}}, breakdownCols...),
		Empty: "No tracked clicks in this period."}
	for _, k := range keys {
		tb.add(label(k), count(t.human[k]), percent(t.share(k)), count(t.bots[k]))
	}
	return tb
}

func deviceTable(t tally) *table {
	return dimTable("device", "Device", &t, t.keys(), func(k string) cell {
		if k == "" {
			k = unknownDevice
		}
		return text(k)
	})
}

func referrerTable(t tally) *table {
	keys := t.keys()
	rest := []string{}
	if len(keys) > shownReferrers {
		keys, rest = keys[:shownReferrers], keys[shownReferrers:]
	}
	tb := dimTable("referrer", "Referrer", &t, keys, referrerCell)
	if len(rest) > 0 {
		var n, b int64
		for _, k := range rest {
			n, b = n+t.human[k], b+t.bots[k]
		}
		label := text(fmt.Sprintf("%d other hosts", len(rest)))
		label.Muted = true
		tb.Foot = append(tb.Foot, row{Cells: []cell{label, count(n), percent(ratio(n, t.Clicks)), count(b)}})
	}
	return tb
}

func referrerCell(k string) cell {
	if k == "" {
		c := text(noReferrer)
		c.Hint, c.Muted, c.Raw = noReferrerTip, true, ""
		return c
	}
	return mono(k)
}

func hourTable(t tally) *table {
	keys := make([]string, 24)
	for i := range keys {
		keys[i] = strconv.Itoa(i)
	}
	tb := dimTable("hour", "Hour", &t, keys, func(k string) cell {
		c := text(hourName(k))
		c.Raw = k
		return c
	})
	if t.Clicks+t.Bots == 0 {
		tb.Rows = nil
	}
	return tb
}

// hourBars draws the hour-of-day chart: counted clicks, with the bots
// stacked on top in another colour, each hour scaled to the busiest.
func hourBars(t tally) []hourBar {
	var most int64
	for i := range 24 {
		k := strconv.Itoa(i)
		most = max(most, t.human[k]+t.bots[k])
	}
	if most == 0 {
		return nil
	}
	out := make([]hourBar, 24)
	for i := range out {
		k := strconv.Itoa(i)
		hh := int(t.human[k] * 100 / most)
		bh := int((t.human[k]+t.bots[k])*100/most) - hh
		out[i] = hourBar{X: i * 10, Y: 100 - hh, H: hh, BotY: 100 - hh - bh, BotH: bh, Label: fmt.Sprintf("%02d", i),
			Title: fmt.Sprintf("%s: %s clicks (%s), %s bots", hourName(k), metrics.Count(t.human[k]),
				metrics.Percent(t.share(k)), metrics.Count(t.bots[k]))}
	}
	return out
}

// entityTable compares creators or campaigns on the signs of fake
// traffic.
func entityTable(name, head string, m map[int64]*clicks, label func(int64) cell) *table {
	tb := &table{Name: name, Sortable: true, Sticky: true, Empty: "No tracked clicks in this period.", Cols: []column{
		{Key: "name", Head: head},
		{Key: "clicks", Head: "Clicks", Title: "counted clicks: bots left out", Num: true},
		{Key: "bots", Head: "Bots", Title: "clicks stored as bots, apart", Num: true},
		{Key: "bot_share", Head: "Bot share", Title: "bot clicks of all tracked clicks, bots included", Num: true},
		{Key: "mobile", Head: "Mobile", Title: "phone clicks of the counted clicks", Num: true},
		{Key: "desktop", Head: "Desktop", Title: "desktop clicks of the counted clicks: few people open a creator's link on a computer", Num: true},
		{Key: "no_referrer", Head: "No referrer", Title: "counted clicks that named no page they came from", Num: true},
		{Key: "top_referrer", Head: "Top referrer", Title: "the host most counted clicks came from, and its share"},
		{Key: "busiest_hour", Head: "Busiest hour", Title: "the hour of day (workspace time) with the most counted clicks, and its share"},
	}}
	for id, c := range m {
		ref := text("—")
		if k, ok := c.referrer.top(); ok {
			ref = referrerCell(k)
			ref.Sub = metrics.Percent(c.referrer.share(k))
		}
		hour := text("—")
		if k, ok := c.hour.top(); ok {
			hour = text(hourName(k))
			hour.Sub = metrics.Percent(c.hour.share(k))
		}
		tb.add(label(id), count(c.device.Clicks), count(c.device.Bots), percent(c.device.botShare()),
			percent(c.device.share("mobile")), percent(c.device.share("desktop")), percent(c.referrer.share("")), ref, hour)
	}
	tb.sortBy("name", false) // a stable order under the chosen one
	return tb
}
