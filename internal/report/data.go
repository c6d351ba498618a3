package report

import (
	"context"
	"sort"
	"strings"

	"github.com/liftmetrics/lift/internal/attribution"
	"github.com/liftmetrics/lift/internal/credit"
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
	cust           *credit.Customers         // customers' click ids and first orders
}

// load reads everything a report needs of a workspace, every order too.
func load(ctx context.Context, st *store.Store, ws store.Workspace) (*data, error) {
	return loadWith(ctx, st, ws, true)
}

// loadWith reads what a report needs of a workspace. Without orders it reads
// no order but those of the conversions' customers, and no click but
// those the conversions can reach: a report that reads the kept credits
// attributes only the conversions.
func loadWith(ctx context.Context, st *store.Store, ws store.Workspace, orders bool) (*data, error) {
	d := &data{
		creators: map[int64]store.Creator{}, handleCount: map[string]int{},
		campaigns: map[int64]store.Campaign{}, campaignByName: map[string]store.Campaign{},
		posts: map[int64]store.Post{}, postsOf: map[[2]int64][]int64{}, links: map[int64]store.Link{},
		codes: map[string]store.Code{}, cust: credit.NewCustomers(),
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
	d.countPending = ws.CountPending
	if d.conversions, err = st.Conversions(ctx, ws.ID); err != nil {
		return nil, err
	}
	if !orders {
		return d, d.loadConversionFacts(ctx, st, ws)
	}
	if d.clicks, err = st.OrderClicks(ctx, ws.ID); err != nil {
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
		d.cust.Add(o.ID, o.Customer, o.ClickID, o.Revenue, o.Refunded) // orders come oldest first
		return nil
	})
	return d, err
}

// loadConversionFacts reads what the conversions' touches need: the orders
// of their customers (for the clicks those orders carry) and the clicks.
func (d *data) loadConversionFacts(ctx context.Context, st *store.Store, ws store.Workspace) error {
	var custs, clickIDs []string
	for _, cv := range d.conversions {
		if cv.Customer != "" {
			custs = append(custs, cv.Customer)
		}
		if cv.ClickID != "" {
			clickIDs = append(clickIDs, cv.ClickID)
		}
	}
	err := st.OrdersOf(ctx, ws.ID, custs, func(o store.Order) error {
		if store.Counts(o.Payment, ws.CountPending) {
			d.cust.Add(o.ID, o.Customer, o.ClickID, o.Revenue, o.Refunded)
			if o.ClickID != "" {
				clickIDs = append(clickIDs, o.ClickID)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	d.clicks, err = st.ClickRefs(ctx, ws.ID, clickIDs)
	return err
}

// touches lists what might earn an order (credit.Resolver.Touches).
func (d *data) touches(o *store.Order) []attribution.Touch {
	return d.resolver().Touches(o.Time, o.ClickID, d.cust.Clicks(o.Customer), o.Codes)
}

// resolver finds clicks and codes among the loaded ones.
func (d *data) resolver() credit.Resolver {
	return credit.Resolver{
		Click: func(id string) (attribution.Touch, bool) {
			ref, ok := d.clicks[id]
			if !ok {
				return attribution.Touch{}, false
			}
			l, ok := d.links[ref.LinkID]
			if !ok {
				return attribution.Touch{}, false
			}
			return attribution.Touch{Creator: l.CreatorID, Campaign: l.CampaignID, Post: l.PostID,
				Link: l.ID, Time: ref.Time}, true
		},
		Code: func(code string) (attribution.Touch, bool) {
			c, ok := d.codes[code]
			if !ok {
				return attribution.Touch{}, false
			}
			return attribution.Touch{Creator: c.CreatorID, Campaign: c.CampaignID}, true
		},
	}
}

// counts says whether an order is an order at all (credit.Counts).
func counts(o *store.Order) bool { return credit.Counts(o.Revenue, o.Refunded) }

// customerKind is the one definition of a new customer (credit.Customers.Kind),
// read by the KPI report's new_customers and by the customers report alike.
func (d *data) customerKind(o *store.Order) customers.Kind {
	return d.cust.Kind(o.ID, o.Customer, o.NewCustomer)
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
