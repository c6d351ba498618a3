package importer

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"github.com/liftmetrics/lift/internal/money"
	"io"
	"sort"
	"strings"

	"github.com/liftmetrics/lift/internal/csvin"
	"github.com/liftmetrics/lift/internal/store"
	"github.com/liftmetrics/lift/internal/useragent"
)

// owner resolves the creator and campaign a row names, reporting either
// that is unknown against the row.
func (j *job) owner(line int, creator, platform, campaign string) (store.Creator, store.Campaign, bool) {
	cr, err := j.refs.creator(creator, platform)
	if err != nil {
		j.bad(line, "creator", "%v", err)
		return cr, store.Campaign{}, false
	}
	ca, err := j.refs.campaign(campaign)
	if err != nil {
		j.bad(line, "campaign", "%v", err)
		return cr, ca, false
	}
	return cr, ca, true
}

func importCampaigns(j *job, r io.Reader) error {
	recs, rowErrs, err := csvin.ParseCampaigns(r, j.csv)
	if err := j.parsed(len(recs), rowErrs, err); err != nil {
		return err
	}
	for _, c := range recs {
		if !j.writeOK() {
			continue
		}
		o, _, err := j.tx.PutCampaign(j.ctx, j.ws.ID, campaignRecord(c))
		if err != nil {
			return err
		}
		j.res.count(o)
	}
	return nil
}

func importCreators(j *job, r io.Reader) error {
	recs, rowErrs, err := csvin.ParseCreators(r, j.csv)
	if err := j.parsed(len(recs), rowErrs, err); err != nil {
		return err
	}
	for _, c := range recs {
		if !j.writeOK() {
			continue
		}
		o, _, err := j.tx.PutCreator(j.ctx, j.ws.ID, creatorRecord(c))
		if err != nil {
			return err
		}
		j.res.count(o)
	}
	return nil
}

func importPosts(j *job, r io.Reader) error {
	recs, rowErrs, err := csvin.ParsePosts(r, j.csv)
	if err := j.parsed(len(recs), rowErrs, err); err != nil {
		return err
	}
	if err := j.need(want{creators: names(recs, func(p csvin.Post) string { return p.Creator }), campaigns: true}); err != nil {
		return err
	}
	for _, p := range recs {
		cr, ca, ok := j.owner(p.Line, p.Creator, p.Platform, p.Campaign)
		if !ok {
			continue
		}
		if !j.writeOK() {
			continue
		}
		followers := cr.Followers
		if p.HasFollowers {
			followers = p.Followers
		}
		o, _, err := j.tx.PutPost(j.ctx, j.ws.ID, store.Post{PostID: p.PostID, CreatorID: cr.ID, CampaignID: ca.ID,
			Platform: p.Platform, Format: p.Format, PublishedAt: p.PublishedAt, URL: p.URL, Followers: followers,
			Impressions: p.Impressions, Reach: p.Reach, Views: p.Views, Likes: p.Likes, Comments: p.Comments,
			Shares: p.Shares, Saves: p.Saves, LinkClicks: p.LinkClicks, ProductImpressions: p.ProductImpressions,
			ProductClicks: p.ProductClicks, ProductOrders: p.ProductOrders})
		if err != nil {
			return err
		}
		j.res.count(o)
	}
	return nil
}

func importCosts(j *job, r io.Reader) error {
	recs, rowErrs, err := csvin.ParseCosts(r, j.csv)
	if err := j.parsed(len(recs), rowErrs, err); err != nil {
		return err
	}
	if err := j.need(want{creators: names(recs, func(c csvin.Cost) string { return c.Creator }), campaigns: true}); err != nil {
		return err
	}
	seen := map[string]int{}
	for _, c := range recs {
		cr, ca, ok := j.owner(c.Line, c.Creator, "", c.Campaign)
		if !ok {
			continue
		}
		if !j.writeOK() {
			continue
		}
		// Identical rows are distinct costs (two equal fees), so the
		// occurrence joins the content in the key; re-importing the file
		// gives the same keys and changes nothing.
		cost, content := costRecord(c, cr, ca)
		seen[content]++
		cost.ContentKey = contentKey(content, seen[content])
		o, _, err := j.tx.PutCost(j.ctx, j.ws.ID, cost)
		if err != nil {
			return err
		}
		j.res.count(o)
	}
	return nil
}

// campaignRecord is the campaign a campaigns row stores.
func campaignRecord(c csvin.Campaign) store.Campaign {
	var budget *int64
	if c.HasBudget {
		b := int64(c.Budget)
		budget = &b
	}
	return store.Campaign{Name: c.Name, Starts: c.Starts, Ends: c.Ends, GoalMetric: c.GoalMetric,
		GoalTarget: c.GoalTarget, Budget: budget}
}

// creatorRecord is the creator a creators row stores.
func creatorRecord(c csvin.Creator) store.Creator {
	var rate *float64
	if c.HasCommission {
		rate = &c.CommissionRate
	}
	return store.Creator{Handle: c.Handle, Platform: c.Platform, Followers: c.Followers, Name: c.Name,
		Niche: c.Niche, CommissionRate: rate}
}

// costRecord is the cost a costs row stores, without its key, and its
// content, of which the key is made. Rows are compared as resolved ("ben"
// and "@Ben" are one creator), not as written.
func costRecord(c csvin.Cost, cr store.Creator, ca store.Campaign) (store.Cost, string) {
	date := c.Date
	if date.IsZero() {
		date = ca.Starts // a cost without a date falls on the campaign's first day
	}
	content := contentKey(cr.ID, ca.ID, c.Kind, int64(c.Amount), date.UnixMilli(), c.Note)
	return store.Cost{CreatorID: cr.ID, CampaignID: ca.ID, Kind: c.Kind, Amount: c.Amount, Date: date,
		Dated: !c.Date.IsZero(), Note: c.Note}, content
}

func contentKey(parts ...any) string {
	h := sha256.Sum256([]byte(fmt.Sprintf("%#v", parts)))
	return hex.EncodeToString(h[:16])
}

func importCodes(j *job, r io.Reader) error {
	recs, rowErrs, err := csvin.ParseCodes(r, j.csv)
	if err := j.parsed(len(recs), rowErrs, err); err != nil {
		return err
	}
	return j.putCodes(recs)
}

func (j *job) putCodes(recs []csvin.Code) error {
	if err := j.need(want{creators: names(recs, func(c csvin.Code) string { return c.Creator }), campaigns: true,
		codes: names(recs, func(c csvin.Code) string { return c.Code })}); err != nil {
		return err
	}
	for _, c := range recs {
		cr, ca, ok := j.owner(c.Line, c.Creator, "", c.Campaign)
		if !ok {
			continue
		}
		if held, ok := j.refs.codes[c.Code]; ok && held.CreatorID != cr.ID {
			j.bad(c.Line, "code", "code %q is already held by creator %q", c.Code, j.refs.handles[held.CreatorID])
			continue
		}
		if !j.writeOK() {
			continue
		}
		o, _, err := j.tx.PutCode(j.ctx, j.ws.ID, store.Code{Code: c.Code, CreatorID: cr.ID, CampaignID: ca.ID})
		if err != nil {
			return err
		}
		j.res.count(o)
	}
	return nil
}

func importLinks(j *job, r io.Reader) error {
	recs, rowErrs, err := csvin.ParseLinks(r, j.csv)
	if err := j.parsed(len(recs), rowErrs, err); err != nil {
		return err
	}
	return j.putLinks(recs)
}

// slugUnavailable refuses a slug held by another link. Slugs are global,
// so the message must not tell whether another workspace holds it.
const slugUnavailable = "slug %q is not available; choose another"

func (j *job) putLinks(recs []csvin.Link) error {
	if err := j.need(want{creators: names(recs, func(l csvin.Link) string { return l.Creator }), campaigns: true,
		slugs: names(recs, func(l csvin.Link) string { return l.Slug }),
		posts: names(recs, func(l csvin.Link) string { return l.PostID })}); err != nil {
		return err
	}
	for _, l := range recs {
		if held, ok := j.refs.links[l.Slug]; ok && held.WorkspaceID != j.ws.ID {
			j.bad(l.Line, "slug", slugUnavailable, l.Slug)
			continue
		}
		owner, ok := j.linkOwner(l)
		if !ok {
			continue
		}
		// A file may change where a link leads, never whose it is: that
		// would move its clicks to another creator or campaign.
		if held, ok := j.refs.links[l.Slug]; ok &&
			(held.CreatorID != owner.CreatorID || held.CampaignID != owner.CampaignID || held.PostID != owner.PostID) {
			was := csvin.Link{Creator: j.refs.handles[held.CreatorID], Campaign: j.refs.campaignName(held.CampaignID)}
			j.bad(l.Line, "slug", "slug %q is already the link of creator %s (campaign %s): give it to another creator, campaign or post with `lift link create --slug %s --replace`, which leaves its earlier clicks with %s",
				l.Slug, was.Creator, was.Campaign, l.Slug, was.Creator)
			continue
		}
		if !j.writeOK() {
			continue
		}
		o, _, err := j.tx.PutLink(j.ctx, j.ws.ID, owner)
		if err != nil {
			return err
		}
		j.res.count(o)
	}
	return nil
}

// linkOwner resolves a link row's creator, campaign and post into the link
// to store; false when the row is refused (and listed as bad).
func (j *job) linkOwner(l csvin.Link) (store.Link, bool) {
	cr, ca, ok := j.owner(l.Line, l.Creator, "", l.Campaign)
	if !ok {
		return store.Link{}, false
	}
	var postID int64
	if l.PostID != "" {
		p, ok := j.refs.posts[l.PostID]
		switch {
		case !ok:
			j.bad(l.Line, "post_id", "unknown post %q (import it with `lift import posts` first)", l.PostID)
			return store.Link{}, false
		case p.CreatorID != cr.ID:
			j.bad(l.Line, "post_id", "post %q belongs to creator %q, not %q", l.PostID, j.refs.handles[p.CreatorID], cr.Handle)
			return store.Link{}, false
		}
		postID = p.ID
	}
	return store.Link{Slug: l.Slug, Destination: l.Destination, CreatorID: cr.ID, CampaignID: ca.ID, PostID: postID}, true
}

func importClicks(j *job, r io.Reader) error {
	recs, rowErrs, err := csvin.ParseClicks(r, j.csv)
	if err := j.parsed(len(recs), rowErrs, err); err != nil {
		return err
	}
	// Uniqueness looks back 24 hours, so clicks go in oldest first
	// whatever the file's order.
	sort.SliceStable(recs, func(a, b int) bool { return recs[a].Time.Before(recs[b].Time) })
	if err := j.need(want{slugs: names(recs, func(c csvin.Click) string { return c.Slug })}); err != nil {
		return err
	}
	seen := map[string]int{}
	for _, c := range recs {
		l, ok := j.refs.linkAt(c.Slug, c.Time)
		if !ok || l.WorkspaceID != j.ws.ID {
			j.bad(c.Line, "slug", "unknown link %q (import it with `lift import links` first)", c.Slug)
			continue
		}
		if !j.writeOK() {
			continue
		}
		visitor := Pseudonym(j.ws.Salt, c.Visitor)
		id := c.ClickID
		if id == "" {
			// A stable id keeps a re-import of the same history from
			// counting its clicks twice.
			base := contentKey(c.Slug, c.Time.UnixMilli(), visitor, c.UserAgent, c.Referrer)
			seen[base]++
			id = "imp-" + contentKey(base, seen[base])[:20]
		}
		bot := useragent.IsBot(c.UserAgent) && c.UserAgent != ""
		unique := !bot
		if unique && visitor != "" {
			dup, err := j.tx.SeenVisitor(j.ctx, j.ws.ID, l.ID, id, c.Time, visitor)
			if err != nil {
				return err
			}
			unique = !dup
		}
		o, _, err := j.tx.PutClick(j.ctx, j.ws.ID, store.Click{ClickID: id, LinkID: l.ID, Time: c.Time,
			Visitor: visitor, Referrer: c.Referrer, Device: useragent.Device(c.UserAgent), Bot: bot, Unique: unique})
		if err != nil {
			return err
		}
		j.res.count(o)
	}
	return nil
}

// OrderBatch is how many orders an import hands the store at once.
const OrderBatch = 1000

// Orders files are read as they are written: the parser hands over
// batches of checked orders, which go into the import's transaction at
// once, so that an import holds a batch, not the file. A bad row anywhere
// still leaves the database unchanged: the transaction is only committed
// once the whole file is read and found good.
func importOrders(j *job, r io.Reader) error {
	return j.streamOrders(func(put func([]csvin.Order) error) ([]csvin.Error, error) {
		return csvin.StreamOrders(r, j.csv, OrderBatch, put)
	})
}

func importShopifyOrders(j *job, r io.Reader) error {
	return j.streamOrders(func(put func([]csvin.Order) error) ([]csvin.Error, error) {
		return csvin.StreamShopifyOrders(r, j.csv, OrderBatch, put)
	})
}

// streamOrders runs a streaming parser, writing each batch it hands over,
// and takes its row problems at the end.
func (j *job) streamOrders(parse func(put func([]csvin.Order) error) ([]csvin.Error, error)) error {
	n := 0
	rowErrs, err := parse(func(recs []csvin.Order) error {
		n += len(recs)
		return j.putOrders(recs)
	})
	if err != nil {
		return err
	}
	j.res.Read = n + rowsIn(rowErrs)
	j.opt.Progress.SetTotal(int64(n))
	j.res.Errors = append(j.res.Errors, rowErrs...)
	return nil
}

func (j *job) putOrders(recs []csvin.Order) error {
	column := "currency"
	if j.opt.File != "" && len(recs) > 0 && recs[0].Source == "shopify" {
		column = "Currency"
	}
	batch := make([]store.Order, 0, len(recs))
	for _, o := range recs {
		if o.Currency != "" && !strings.EqualFold(o.Currency, j.ws.Currency) {
			j.bad(o.Line, column, "order in %s, but workspace %s counts in %s (orders in another currency are refused)",
				o.Currency, j.ws.Name, j.ws.Currency)
			continue
		}
		if !j.writeOK() {
			continue
		}
		if !j.opt.KeepRefunds {
			batch = append(batch, j.orderRecord(o))
			continue
		}
		// A delivery's orders are few, and each reads what is stored.
		if err := j.keepRefunds(&o); err != nil {
			return err
		}
		out, _, err := j.tx.PutOrder(j.ctx, j.ws.ID, j.orderRecord(o))
		if err != nil {
			return err
		}
		j.res.count(out)
	}
	outs, err := j.tx.PutOrders(j.ctx, j.ws.ID, batch)
	if err != nil {
		return err
	}
	for _, o := range outs {
		j.res.count(o)
	}
	return nil
}

// orderRecord is the order an orders row stores.
func (j *job) orderRecord(o csvin.Order) store.Order {
	return store.Order{Source: o.Source, ExternalID: o.ExternalID,
		Time: o.Time, Revenue: o.Revenue, Refunded: o.Refunded, Codes: o.Codes, ClickID: o.ClickID,
		LandingURL: o.LandingURL, Referrer: o.Referrer, Customer: Pseudonym(j.ws.Salt, o.Customer), NewCustomer: o.NewCustomer,
		Units: o.Units, Payment: o.Payment, Status: o.Status, PromotionIDs: o.PromotionIDs}
}

// keepRefunds never lowers the stored order's refund, nor turns it from
// paid to pending (Options.KeepRefunds).
func (j *job) keepRefunds(o *csvin.Order) error {
	held, err := j.tx.HeldOrder(j.ctx, j.ws.ID, o.Source, o.ExternalID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	o.Refunded = max(o.Refunded, min(money.Cents(held.Refunded), o.Revenue))
	if held.Payment == csvin.Paid && o.Payment == csvin.Pending {
		o.Payment = csvin.Paid
	}
	return nil
}
