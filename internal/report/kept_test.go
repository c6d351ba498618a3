package report

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/liftmetrics/lift/internal/attribution"
	"github.com/liftmetrics/lift/internal/credit"
	"github.com/liftmetrics/lift/internal/money"
	"github.com/liftmetrics/lift/internal/store"
	"github.com/liftmetrics/lift/internal/storetest"
)

// keptWorld writes random workspaces through the store's ordinary writes
// (the ones imports, webhooks, the API and the click loader use) and
// remembers what it wrote, so that it can change it later.
type keptWorld struct {
	t         *testing.T
	st        *store.Store
	ws        store.Workspace
	rng       *rand.Rand
	start     time.Time
	creators  []int64
	campaigns []int64
	posts     []int64
	links     []store.Link
	codes     []string
	clicks    []string // click ids, loaded or not yet
	loaded    map[string]bool
	orders    []store.Order
	customers []string
	nextClick int
}

func newKeptWorld(t *testing.T, seed uint64) *keptWorld {
	ctx := context.Background()
	st := storetest.New(t)
	ws, err := st.Workspace(ctx, store.DefaultWorkspace, true)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetWorkspace(ctx, ws, "", "America/New_York"); err != nil {
		t.Fatal(err)
	}
	if ws, err = st.Workspace(ctx, store.DefaultWorkspace, false); err != nil {
		t.Fatal(err)
	}
	w := &keptWorld{t: t, st: st, ws: ws, rng: rand.New(rand.NewPCG(seed, 11)),
		start: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), loaded: map[string]bool{}}
	for i := range 8 {
		w.customers = append(w.customers, fmt.Sprintf("cust%d", i))
	}
	w.build()
	return w
}

func (w *keptWorld) tx(fn func(tx *store.Tx)) {
	w.t.Helper()
	ctx := context.Background()
	tx, err := w.st.Begin(ctx)
	if err != nil {
		w.t.Fatal(err)
	}
	defer tx.Rollback()
	fn(tx)
	if err := tx.Commit(); err != nil {
		w.t.Fatal(err)
	}
}

func (w *keptWorld) check(err error) {
	w.t.Helper()
	if err != nil {
		w.t.Fatal(err)
	}
}

// at is a random moment in the workspace's 40 days, to the millisecond.
func (w *keptWorld) at() time.Time {
	return w.start.Add(time.Duration(w.rng.Int64N(int64(40*24*time.Hour/time.Millisecond))) * time.Millisecond)
}

func (w *keptWorld) pick(n int) int { return w.rng.IntN(n) }

func (w *keptWorld) build() {
	ctx := context.Background()
	ws := w.ws.ID
	w.tx(func(tx *store.Tx) {
		for i := range 3 {
			_, id, err := tx.PutCampaign(ctx, ws, store.Campaign{Name: fmt.Sprintf("camp%d", i),
				Starts: w.start.AddDate(0, 0, 5*i), Ends: w.start.AddDate(0, 0, 20+5*i)})
			w.check(err)
			w.campaigns = append(w.campaigns, id)
		}
		rate := 0.125
		for i := range 5 {
			c := store.Creator{Handle: fmt.Sprintf("h%d", i%4), Platform: []string{"tiktok", "instagram"}[i/4],
				Followers: int64(w.pick(900000))}
			if i%2 == 0 {
				c.CommissionRate = &rate
			}
			_, id, err := tx.PutCreator(ctx, ws, c)
			w.check(err)
			w.creators = append(w.creators, id)
		}
		for i := range 4 {
			_, id, err := tx.PutPost(ctx, ws, store.Post{PostID: fmt.Sprintf("p%d", i), CreatorID: w.creators[i],
				CampaignID: w.campaigns[i%3], Platform: "tiktok", Format: "video", PublishedAt: w.at(), Views: 1000})
			w.check(err)
			w.posts = append(w.posts, id)
		}
		for i := range 6 {
			l := store.Link{Slug: fmt.Sprintf("kept-%d", i), Destination: "https://shop.example/",
				CreatorID: w.creators[w.pick(5)], CampaignID: w.campaigns[w.pick(3)]}
			if i < 4 {
				l.PostID = w.posts[i]
			}
			_, id, err := tx.PutLink(ctx, ws, l)
			w.check(err)
			l.ID = id
			w.links = append(w.links, l)
		}
		for i := range 4 {
			code := fmt.Sprintf("CODE%d", i)
			_, _, err := tx.PutCode(ctx, ws, store.Code{Code: code, CreatorID: w.creators[w.pick(5)], CampaignID: w.campaigns[w.pick(3)]})
			w.check(err)
			w.codes = append(w.codes, code)
		}
		w.codes = append(w.codes, "LATER1", "LATER2") // redeemed before they are known
	})
	// Clicks: most loaded now, through the loader's path or an import's;
	// some only after the orders that carry them.
	var batch []store.NewClick
	for range 60 {
		id := w.newClick()
		c := w.click(id)
		switch w.pick(3) {
		case 0:
			w.tx(func(tx *store.Tx) {
				_, _, err := tx.PutClick(ctx, ws, c)
				w.check(err)
			})
			w.loaded[id] = true
		case 1:
			batch = append(batch, store.NewClick{WorkspaceID: ws, Click: c})
			w.loaded[id] = true
		}
	}
	w.check(w.st.InsertClicks(ctx, batch))
	w.tx(func(tx *store.Tx) {
		var batch []store.Order
		for i := range 90 {
			o := w.order(fmt.Sprintf("o%d", i))
			w.orders = append(w.orders, o)
			if i%2 == 0 {
				_, _, err := tx.PutOrder(ctx, ws, o)
				w.check(err)
			} else {
				batch = append(batch, o) // as imports store them
			}
		}
		_, err := tx.PutOrders(ctx, ws, batch)
		w.check(err)
		for i := range 6 {
			cv := store.Conversion{Source: "api", ExternalID: fmt.Sprintf("cv%d", i), Type: "signup", Time: w.at(),
				Customer: w.customers[w.pick(len(w.customers))]}
			if i%2 == 0 {
				cv.ClickID = w.clicks[w.pick(len(w.clicks))]
			}
			_, _, err := tx.PutConversion(ctx, ws, cv)
			w.check(err)
		}
	})
}

func (w *keptWorld) newClick() string {
	w.nextClick++
	id := fmt.Sprintf("k%03d", w.nextClick)
	w.clicks = append(w.clicks, id)
	return id
}

func (w *keptWorld) click(id string) store.Click {
	return store.Click{ClickID: id, LinkID: w.links[w.pick(len(w.links))].ID, Time: w.at(),
		Visitor: fmt.Sprintf("v%d", w.pick(10)), Bot: w.pick(8) == 0}
}

// order makes a random order: a customer with several orders, or none;
// a click id (loaded, waiting, or unknown); codes (known, later, unknown);
// a refund (none, partial, full); a payment state.
func (w *keptWorld) order(ext string) store.Order {
	o := store.Order{Source: []string{"shopify", "csv"}[w.pick(2)], ExternalID: ext, Time: w.at(),
		Revenue: money.Cents(100 + w.pick(20000)), Units: int64(1 + w.pick(3)),
		Payment: []string{"paid", "paid", "paid", "pending", "void"}[w.pick(5)]}
	if w.pick(5) > 0 {
		o.Customer = w.customers[w.pick(len(w.customers))]
	}
	switch w.pick(4) {
	case 0, 1:
		o.ClickID = w.clicks[w.pick(len(w.clicks))]
	case 2:
		o.ClickID = "unknown-" + ext
	}
	for range w.pick(3) {
		o.Codes = append(o.Codes, append(w.codes, "NOPE")[w.pick(len(w.codes)+1)])
	}
	switch w.pick(5) {
	case 0:
		o.Refunded = o.Revenue
	case 1:
		o.Refunded = money.Cents(w.pick(int(o.Revenue)))
	}
	switch w.pick(3) {
	case 0:
		t := true
		o.NewCustomer = &t
	case 1:
		f := false
		o.NewCustomer = &f
	}
	return o
}

// sameReports compares, for every grouping and a few filters, the report
// read from the kept credits with the one attributed from raw rows, as
// JSON: to the cent and the millionth.
func (w *keptWorld) sameReports(when string) {
	w.t.Helper()
	ctx := context.Background()
	ws, err := w.st.Workspace(ctx, store.DefaultWorkspace, false)
	w.check(err)
	opts := []Options{{}, {Campaign: "camp1"}, {From: w.start.AddDate(0, 0, 10), To: w.start.AddDate(0, 0, 25)},
		{Rank: true}}
	for _, by := range Groupings {
		for _, opt := range opts {
			opt.By = by
			kept, err := Build(ctx, w.st, ws, opt)
			w.check(err)
			opt.Raw = true
			raw, err := Build(ctx, w.st, ws, opt)
			w.check(err)
			a, _ := json.MarshalIndent(kept, "", " ")
			b, _ := json.MarshalIndent(raw, "", " ")
			if string(a) != string(b) {
				w.t.Fatalf("%s: by %s %+v: the report from kept credits differs from the raw one:\nkept %s\nraw  %s",
					when, by, opt, a, b)
			}
		}
	}
	w.sameCredits(when)
}

// sameCredits compares every kept credit with a fresh attribution of the
// order, from raw rows, by the report's own definition.
func (w *keptWorld) sameCredits(when string) {
	w.t.Helper()
	ctx := context.Background()
	ws, err := w.st.Workspace(ctx, store.DefaultWorkspace, false)
	w.check(err)
	d, err := load(ctx, w.st, ws)
	w.check(err)
	fresh := map[int64]string{}
	var credited int
	for _, list := range [][]store.Order{d.orders, d.unpaid} {
		for i := range list {
			o := &list[i]
			if !counts(o) {
				continue
			}
			credits := attribution.Assign(o.Time, d.touches(o), credit.Model, credit.Window)
			shares := split(o.Revenue-o.Refunded, credits)
			for k := range credits {
				credits[k].Time = time.Time{} // a kept credit carries no touch time
			}
			fresh[o.ID] = fmt.Sprint(credits, shares, len(credits) > 0 && d.isNew(o))
		}
	}
	err = w.st.EachCreditedOrder(ctx, ws.ID, time.Time{}, time.Time{}, func(co *store.CreditedOrder) error {
		want, ok := fresh[co.ID]
		if !ok {
			if len(co.Credits) > 0 {
				return fmt.Errorf("order %s keeps credits it should not have", co.ExternalID)
			}
			return nil
		}
		var credits []attribution.Credit
		var shares []money.Cents
		for _, c := range co.Credits {
			credits = append(credits, c.Credit)
			shares = append(shares, c.Credited)
		}
		credited += len(credits)
		if got := fmt.Sprint(credits, shares, len(credits) > 0 && co.New); got != want {
			return fmt.Errorf("order %s (%d): kept %s, attributed now %s", co.ExternalID, co.ID, got, want)
		}
		return nil
	})
	if err != nil {
		w.t.Fatalf("%s: %v", when, err)
	}
	if credited == 0 {
		w.t.Fatalf("%s: no order credited at all: the workspace tests nothing", when)
	}
}

// TestKeptCreditsEqualRaw builds random workspaces (creators on two
// platforms under one handle, links with and without posts, codes known
// and not, clicks loaded before and after the orders that carry them,
// bots, customers with several orders, refunds, pending and void
// payments, conversions) and checks that every report read from the kept
// credits equals the report attributed from raw rows, for every grouping,
// and that every kept credit equals a fresh attribution.
func TestKeptCreditsEqualRaw(t *testing.T) {
	for seed := range uint64(4) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			w := newKeptWorld(t, seed)
			w.sameReports("built")
			ctx := context.Background()
			w.check(w.st.SetCountPending(ctx, w.ws.ID, true))
			w.sameReports("counting pending orders")
		})
	}
}

// TestKeptCreditsFollowChanges changes a random workspace the ways its
// facts change (orders imported again with another customer, click,
// payment or refund; refunds by webhook; clicks loaded after their
// orders; a link given to another creator; a code given to another
// creator, and codes made known after orders redeemed them; a Stripe
// promotion code resolved; a link removed; pending orders counted, then
// not) and checks after each that the kept credits still give the raw
// report.
func TestKeptCreditsFollowChanges(t *testing.T) {
	ctx := context.Background()
	for seed := range uint64(3) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			w := newKeptWorld(t, seed+100)
			ws := w.ws.ID
			w.sameReports("built")

			for k := range 25 { // one or a few a transaction, as webhooks and imports come
				w.tx(func(tx *store.Tx) {
					var batch []store.Order
					for range 1 + k%2*2 {
						i := w.pick(len(w.orders))
						o := w.order(w.orders[i].ExternalID)
						o.Source = w.orders[i].Source
						w.orders[i] = o
						batch = append(batch, o)
					}
					if len(batch) == 1 {
						_, _, err := tx.PutOrder(ctx, ws, batch[0])
						w.check(err)
						return
					}
					_, err := tx.PutOrders(ctx, ws, batch)
					w.check(err)
				})
			}
			w.sameReports("orders imported again")

			w.tx(func(tx *store.Tx) {
				for range 10 {
					o := w.orders[w.pick(len(w.orders))]
					_, err := tx.SetRefunded(ctx, ws, o.Source, o.ExternalID, int64(w.pick(int(o.Revenue)+1)))
					w.check(err)
				}
			})
			w.sameReports("refunds")

			var batch []store.NewClick
			for _, id := range w.clicks {
				if !w.loaded[id] {
					batch = append(batch, store.NewClick{WorkspaceID: ws, Click: w.click(id)})
					w.loaded[id] = true
				}
			}
			if len(batch) == 0 {
				t.Fatal("no click waits: the test loads nothing late")
			}
			w.check(w.st.InsertClicks(ctx, batch))
			w.sameReports("clicks loaded after their orders")

			w.tx(func(tx *store.Tx) {
				for i := range 3 {
					l := w.links[i]
					l.CreatorID = w.creators[(w.pick(4)+1)%5]
					l.CampaignID = w.campaigns[w.pick(3)]
					l.PostID = 0
					_, _, err := tx.PutLink(ctx, ws, l)
					w.check(err)
					w.links[i] = l
				}
			})
			w.sameReports("links given to other creators")

			w.tx(func(tx *store.Tx) {
				for _, code := range []string{"CODE0", "LATER1"} {
					_, _, err := tx.PutCode(ctx, ws, store.Code{Code: code, CreatorID: w.creators[w.pick(5)],
						CampaignID: w.campaigns[w.pick(3)]})
					w.check(err)
				}
			})
			w.sameReports("codes changed and made known")

			w.tx(func(tx *store.Tx) {
				o := store.Order{Source: "stripe", ExternalID: "promo-order", Time: w.at(), Revenue: 5000, Units: 1,
					Customer: w.customers[0], PromotionIDs: []string{"promo_1"}}
				_, _, err := tx.PutOrder(ctx, ws, o)
				w.check(err)
			})
			w.sameReports("an order with a promotion id")
			w.tx(func(tx *store.Tx) {
				n, err := tx.PutPromotion(ctx, ws, "promo_1", "CODE3")
				w.check(err)
				if n != 1 {
					t.Fatalf("the promotion code reached %d orders, want 1", n)
				}
			})
			w.sameReports("a promotion code resolved")

			w.tx(func(tx *store.Tx) {
				_, id, err := tx.PutLink(ctx, ws, store.Link{Slug: "kept-unclicked", Destination: "https://shop.example/",
					CreatorID: w.creators[0], CampaignID: w.campaigns[0]})
				w.check(err)
				_ = id
				ok, err := tx.DeleteLink(ctx, ws, "kept-unclicked")
				w.check(err)
				if !ok {
					t.Fatal("the link was not removed")
				}
			})
			w.sameReports("a link removed")

			w.check(w.st.SetCountPending(ctx, ws, true))
			w.sameReports("pending orders counted")
			w.check(w.st.SetCountPending(ctx, ws, false))
			w.sameReports("pending orders no longer counted")
		})
	}
}
