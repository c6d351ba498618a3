package report

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/liftmetrics/lift/internal/attribution"
	"github.com/liftmetrics/lift/internal/money"
	"github.com/liftmetrics/lift/internal/store"
)

// Credit is one share of one order given to a creator: the audit trail
// behind a creator's orders and revenue.
type Credit struct {
	OrderID  string      `json:"order_id"` // the order's external id
	Source   string      `json:"source"`
	Time     time.Time   `json:"time"`
	Revenue  money.Cents `json:"revenue"` // the order's net revenue
	Share    float64     `json:"share"`   // of the order, 0 < share ≤ 1
	Credited money.Cents `json:"credited_revenue"`
	Reason   string      `json:"reason"` // code, click-id or customer
	Ref      string      `json:"ref"`    // the click id or the code
	// Post is the post whose link the click came through: its external
	// id, empty for a code or a link without a post.
	Post        string `json:"post_id,omitempty"`
	Campaign    string `json:"campaign"`
	NewCustomer bool   `json:"new_customer"`
	// BeforeStart flags an order credited to a campaign before the
	// campaign began (a code used early); lift leaks lists it too.
	BeforeStart bool `json:"before_start"`
}

// ErrNoCreator is returned by Credits for a key that names no creator.
var ErrNoCreator = errors.New("no such creator")

// Credits lists, oldest first, every credit a creator earned under the
// options' model, window, campaign and period (By is ignored). The
// creator is named as in a report by creator: the handle, or
// handle/platform. Credited revenue is split exactly as the report splits
// it, so the credits sum to the creator's row.
func Credits(ctx context.Context, st *store.Store, ws store.Workspace, creator string, opt Options) ([]Credit, error) {
	if opt.Model == "" {
		opt.Model = attribution.LastTouch
	}
	if opt.Window == 0 {
		opt.Window = attribution.DefaultWindow
	}
	d, err := load(ctx, st, ws)
	if err != nil {
		return nil, fmt.Errorf("credits: %w", err)
	}
	id, ok := d.creatorID(creator)
	if !ok {
		return nil, fmt.Errorf("credits: %w %q", ErrNoCreator, creator)
	}
	b := &builder{opt: opt, d: d, loc: ws.Loc}
	if opt.Campaign != "" {
		c, ok := d.campaignByName[strings.ToLower(opt.Campaign)]
		if !ok {
			return nil, fmt.Errorf("credits: unknown campaign %q", opt.Campaign)
		}
		b.campaign = c.ID
	}
	var out []Credit
	for i := range d.orders {
		out = append(out, b.creditsOf(&d.orders[i], id)...)
	}
	return out, nil
}

// creditsOf attributes one order as addOrders does and keeps the credits
// of one creator.
func (b *builder) creditsOf(o *store.Order, creator int64) []Credit {
	if !counts(o) || !b.inTime(o.Time) {
		return nil
	}
	net := o.Revenue - o.Refunded
	credits := attribution.Assign(o.Time, b.d.touches(o), b.opt.Model, b.opt.Window)
	shares := split(net, credits)
	var out []Credit
	for k, c := range credits {
		if c.Creator != creator || (b.campaign != 0 && c.Campaign != b.campaign) {
			continue
		}
		camp := b.d.campaigns[c.Campaign]
		var post string
		if p, ok := b.d.posts[c.Post]; ok && c.Post != 0 {
			post = p.PostID
		}
		out = append(out, Credit{OrderID: o.ExternalID, Source: o.Source, Time: o.Time, Revenue: net,
			Share: c.Share(), Credited: shares[k], Reason: string(c.Reason), Ref: c.Ref, Post: post,
			Campaign: camp.Name, NewCustomer: b.d.isNew(o), BeforeStart: beforeStart(o.Time, camp)})
	}
	return out
}

// beforeStart says whether an order came before its campaign began; a
// campaign without a start date never says so.
func beforeStart(t time.Time, c store.Campaign) bool { return !c.Starts.IsZero() && t.Before(c.Starts) }

// creatorID finds a creator by report key.
func (d *data) creatorID(key string) (int64, bool) {
	for id, c := range d.creators {
		if strings.EqualFold(d.creatorKey(c), key) || strings.EqualFold(c.Handle+"/"+c.Platform, key) {
			return id, true
		}
	}
	return 0, false
}
