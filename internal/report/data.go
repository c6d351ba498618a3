package report

import (
	"context"
	"sort"
	"strings"

	"github.com/liftmetrics/lift/internal/attribution"
	"github.com/liftmetrics/lift/internal/customers"
	"github.com/liftmetrics/lift/internal/store"
)

// data is what a report reads of a workspace, loaded once.
type data struct {
	creators       map[int64]store.Creator
	handleCount    map[string]int
	campaigns      map[int64]store.Campaign
	campaignByName map[string]store.Campaign
	posts          map[int64]store.Post
	postList       []store.Post
	postsOf        map[[2]int64][]int64 // (creator, campaign) → post ids, by time
	links          map[int64]store.Link
	codes          map[string]store.Code
	costs          []store.Cost
	orders         []store.Order // the orders that count (store.Counts)
	unpaid         []store.Order // pending orders, counted or not (Pending)
	countPending   bool
	conversions    []store.Conversion
	clicks         map[string]store.ClickRef // clicks that orders carry, by click id
	customerClicks map[string][]string       // customer key → click ids of their orders
	firstOrder     map[string]int64          // customer key → id of their first order that counts
}

func load(ctx context.Context, st *store.Store, ws store.Workspace) (*data, error) {
	d := &data{
		creators: map[int64]store.Creator{}, handleCount: map[string]int{},
		campaigns: map[int64]store.Campaign{}, campaignByName: map[string]store.Campaign{},
		posts: map[int64]store.Post{}, postsOf: map[[2]int64][]int64{}, links: map[int64]store.Link{},
		codes: map[string]store.Code{}, customerClicks: map[string][]string{}, firstOrder: map[string]int64{},
	}
	creators, err := st.Creators(ctx, ws.ID)
	if err != nil {
		return nil, err
	}
	for _, c := range creators {
		d.creators[c.ID] = c
		d.handleCount[c.Handle]++
	}
	campaigns, err := st.Campaigns(ctx, ws.ID)
	if err != nil {
		return nil, err
	}
	for _, c := range campaigns {
		d.campaigns[c.ID] = c
		d.campaignByName[strings.ToLower(c.Name)] = c
	}
	if d.postList, err = st.Posts(ctx, ws.ID); err != nil {
		return nil, err
	}
	for _, p := range d.postList {
		d.posts[p.ID] = p
		k := [2]int64{p.CreatorID, p.CampaignID}
		d.postsOf[k] = append(d.postsOf[k], p.ID)
	}
	links, err := st.Links(ctx, ws.ID)
	if err != nil {
		return nil, err
	}
	for _, l := range links {
		d.links[l.ID] = l
	}
	codes, err := st.Codes(ctx, ws.ID)
	if err != nil {
		return nil, err
	}
	for _, c := range codes {
		d.codes[c.Code] = c
	}
	if d.costs, err = st.Costs(ctx, ws.ID); err != nil {
		return nil, err
	}
	if d.clicks, err = st.OrderClicks(ctx, ws.ID); err != nil {
		return nil, err
	}
	d.countPending = ws.CountPending
	if d.conversions, err = st.Conversions(ctx, ws.ID); err != nil {
		return nil, err
	}
	err = st.EachOrder(ctx, ws.ID, func(o store.Order) error {
		if o.Payment == "pending" {
			d.unpaid = append(d.unpaid, o)
		}
		if !store.Counts(o.Payment, ws.CountPending) {
			return nil
		}
		d.orders = append(d.orders, o)
		if o.Customer == "" {
			return nil
		}
		if _, ok := d.firstOrder[o.Customer]; !ok && counts(&o) {
			d.firstOrder[o.Customer] = o.ID // orders come oldest first
		}
		if o.ClickID != "" {
			d.customerClicks[o.Customer] = append(d.customerClicks[o.Customer], o.ClickID)
		}
		return nil
	})
	return d, err
}

// touches lists what might earn an order: the click it carries, the clicks
// its customer's other orders carry, and the codes redeemed with it.
func (d *data) touches(o *store.Order) []attribution.Touch {
	var ts []attribution.Touch
	click := func(id string, reason attribution.Reason) {
		ref, ok := d.clicks[id]
		if !ok {
			return
		}
		l, ok := d.links[ref.LinkID]
		if !ok {
			return
		}
		ts = append(ts, attribution.Touch{Creator: l.CreatorID, Campaign: l.CampaignID, Post: l.PostID,
			Link: l.ID, Time: ref.Time, Reason: reason, Ref: id})
	}
	if o.ClickID != "" {
		click(o.ClickID, attribution.ReasonClickID)
	}
	if o.Customer != "" {
		for _, id := range d.customerClicks[o.Customer] {
			if id != o.ClickID {
				click(id, attribution.ReasonCustomer)
			}
		}
	}
	for _, code := range o.Codes {
		if c, ok := d.codes[code]; ok {
			ts = append(ts, attribution.Touch{Creator: c.CreatorID, Campaign: c.CampaignID,
				Time: o.Time, Reason: attribution.ReasonCode, Ref: code})
		}
	}
	return ts
}

// counts says whether an order is an order at all: one refunded in full
// is neither an order nor revenue, so it brings in no customer either.
func counts(o *store.Order) bool { return o.Refunded <= 0 || o.Revenue-o.Refunded > 0 }

// customerKind is the one definition of a new customer (README, "The
// numbers"), read by the KPI report's new_customers and by the customers
// report alike:
//   - an order the shop marks new_customer=false is returning (the
//     customer bought before the data begins);
//   - an order with a customer key is new when it is the first order of
//     that key that counts, returning otherwise: an earlier order refunded
//     in full does not make the next one returning, and the shop's
//     new_customer=true cannot make a second order new;
//   - an order without a key is new when the shop marks it so, and
//     neither new nor returning when it says nothing.
func (d *data) customerKind(o *store.Order) customers.Kind {
	switch {
	case o.NewCustomer != nil && !*o.NewCustomer:
		return customers.Returning
	case o.Customer != "" && d.firstOrder[o.Customer] == o.ID:
		return customers.New
	case o.Customer != "":
		return customers.Returning
	case o.NewCustomer != nil:
		return customers.New
	}
	return customers.Unknown
}

// isNew says whether an order brought a new customer (customerKind).
func (d *data) isNew(o *store.Order) bool { return d.customerKind(o) == customers.New }

// creatorKey names a creator in reports: the handle, with the platform
// only when the same handle is on several platforms.
func (d *data) creatorKey(c store.Creator) string {
	if d.handleCount[c.Handle] > 1 {
		return c.Handle + "/" + c.Platform
	}
	return c.Handle
}

func (d *data) campaignNames() []string {
	var names []string
	for _, c := range d.campaigns {
		names = append(names, c.Name)
	}
	sort.Strings(names)
	return names
}
