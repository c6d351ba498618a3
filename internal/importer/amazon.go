package importer

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/liftmetrics/lift/internal/csvin"
	"github.com/liftmetrics/lift/internal/money"
	"github.com/liftmetrics/lift/internal/store"
)

func importAmazonAttribution(j *job, r io.Reader) error {
	recs, rowErrs, err := csvin.ParseAmazonAttribution(r, j.csv, j.ws.Currency)
	if err := j.parsed(len(recs), rowErrs, err); err != nil {
		return err
	}
	if err := j.need(want{creators: names(recs, func(a csvin.AmazonAttribution) string { return a.Creator }), campaigns: true}); err != nil {
		return err
	}
	tags, err := j.tx.AmazonTags(j.ctx, j.ws.ID)
	if err != nil {
		return err
	}
	for _, a := range recs {
		creator, campaign, ok := j.amazonOwner(tags, a.Line, "Ad group", append([]string{a.AdGroup}, a.MapBy...), a.Creator, "Campaign", a.Campaign)
		if !ok || !j.writeOK() {
			continue
		}
		var brb *money.Cents
		if a.HasBRB {
			brb = &a.BRB
		}
		o, _, err := j.tx.PutAmazonDay(j.ctx, j.ws.ID, store.AmazonDay{BRB: brb,
			Date: a.Date, Source: store.AmazonAttribution, Tag: a.AdGroup, CreatorID: creator, CampaignID: campaign,
			ClickThroughs: a.ClickThroughs, DetailPageViews: a.DetailPageViews, AddToCarts: a.AddToCarts,
			Purchases: a.Purchases, Units: a.UnitsSold, Sales: a.ProductSales,
			TotalDetailPageViews: a.TotalDetailPageViews, TotalAddToCarts: a.TotalAddToCarts,
			TotalPurchases: a.TotalPurchases, TotalUnits: a.TotalUnitsSold, TotalSales: a.TotalProductSales})
		if err != nil {
			return err
		}
		j.res.count(o)
	}
	return nil
}

// importAmazonAssociates stores an Associates report, of whichever shape
// (csvin.AssociatesShape). Associates count items, not orders, so each
// item ordered counts as an order (and a unit). Each shape writes only the
// numbers it carries: a Fee-Orders file and a Fee-Earnings file of the
// same days fill one record together.
func importAmazonAssociates(j *job, r io.Reader) error {
	recs, rowErrs, err := csvin.ParseAmazonAssociates(r, j.csv, j.ws.Currency)
	if err := j.parsed(len(recs), rowErrs, err); err != nil {
		return err
	}
	if err := j.need(want{creators: names(recs, func(a csvin.AmazonAssociates) string { return a.Creator }), campaigns: true}); err != nil {
		return err
	}
	tags, err := j.tx.AmazonTags(j.ctx, j.ws.ID)
	if err != nil {
		return err
	}
	for _, a := range recs {
		column := "Tracking Id"
		if a.Shape == csvin.AssociatesOrders || a.Shape == csvin.AssociatesEarnings {
			column = "Tracking ID"
		}
		creator, campaign, ok := j.amazonOwner(tags, a.Line, column, []string{a.TrackingID}, a.Creator, "campaign", a.Campaign)
		if !ok {
			continue
		}
		alone, err := j.associatesAlone(a, column)
		if err != nil {
			return err
		}
		if !alone || !j.writeOK() {
			continue
		}
		o, _, err := j.tx.PutAmazonDay(j.ctx, j.ws.ID, store.AmazonDay{
			Date: a.Date, Ends: a.Ends, Source: store.AmazonAssociates, Tag: a.TrackingID, CreatorID: creator, CampaignID: campaign,
			ClickThroughs: a.Clicks, Purchases: a.ItemsOrdered, Units: a.ItemsOrdered, Sales: a.Revenue,
			ItemsShipped: a.ItemsShipped, ItemsReturned: a.ItemsReturned, ShippedRevenue: a.ShippedRevenue,
			ReturnedRevenue: a.ReturnedRevenue, Earnings: a.Earnings, Bonus: a.Bonus}, associatesNumbers[a.Shape]...)
		if err != nil {
			return err
		}
		j.res.count(o)
	}
	return nil
}

// associatesNumbers are the numbers each shape of Associates report
// carries, which its import writes.
var associatesNumbers = map[csvin.AssociatesShape][]string{
	csvin.AssociatesByDay:    {store.AmazonClicks, store.AmazonOrdered, store.AmazonShipped},
	csvin.AssociatesSummary:  {store.AmazonClicks, store.AmazonOrdered, store.AmazonShipped},
	csvin.AssociatesOrders:   {store.AmazonOrdered},
	csvin.AssociatesEarnings: {store.AmazonShipped},
}

// associatesAlone refuses a row whose days already hold other numbers of
// its tracking id that a report would add to it: a summary's block over a
// day already imported, a day inside a stored block, or two blocks that
// overlap. The same day or the same period again is a re-import.
func (j *job) associatesAlone(a csvin.AmazonAssociates, column string) (bool, error) {
	last := a.Date
	if a.Ends != "" {
		last = a.Ends
	}
	held, found, err := j.tx.AmazonOverlap(j.ctx, j.ws.ID, store.AmazonAssociates, a.TrackingID, a.Date, last)
	if err != nil || !found {
		return !found, err
	}
	stored := "numbers for " + held.Date
	if held.Ends != "" {
		stored = fmt.Sprintf("a block for %s to %s, from a summary without dates,", held.Date, held.Ends)
	}
	these := "this day"
	if a.Ends != "" {
		these = fmt.Sprintf("this block (%s to %s)", a.Date, a.Ends)
	}
	j.bad(a.Line, column, "tracking id %q already has %s which %s overlaps: a report would count them twice "+
		"(keep to reports by day, or to summaries of the same periods)", a.TrackingID, stored, these)
	return false, nil
}

// amazonOwner resolves the creator and campaign of an Amazon row: the
// row's own creator and campaign columns when it has them, else the
// mapping of the first of its tags that is mapped (an ad group's name or
// id, then its campaign's id).
func (j *job) amazonOwner(tags map[string]store.AmazonTag, line int, tagColumn string, ids []string, creator, campaignColumn, campaign string) (int64, int64, bool) {
	if creator != "" {
		cr, err := j.refs.creator(creator, "")
		if err != nil {
			j.bad(line, "creator", "%v", err)
			return 0, 0, false
		}
		ca, err := j.refs.campaign(campaign)
		if err != nil {
			j.bad(line, campaignColumn, "%v", err)
			return 0, 0, false
		}
		return cr.ID, ca.ID, true
	}
	for _, id := range ids {
		if m, ok := tags[id]; ok {
			return m.CreatorID, m.CampaignID, true
		}
	}
	w := shellWord(ids[0])
	also := ""
	if len(ids) > 1 {
		also = " (nor " + strings.Join(ids[1:], " nor ") + ")"
	}
	j.bad(line, tagColumn, "unknown Amazon tag %s%s: map it with lift link create --amazon-tag %s --creator H --campaign C", w, also, w)
	return 0, 0, false
}

// shellWord quotes s for a command line when it holds more than letters,
// digits and . _ - (ad group names often have spaces).
func shellWord(s string) string {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-') {
			return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
		}
	}
	return s
}

// AmazonTagInfo is an Amazon tag mapping with the names of its creator and
// campaign.
type AmazonTagInfo struct {
	Tag      string `json:"tag"`
	Creator  string `json:"creator"`
	Campaign string `json:"campaign"`
	New      bool   `json:"-"` // the mapping was stored now, not already there
}

// CreateAmazonTag maps an Amazon Attribution ad group or tag, or an
// Associates tracking id, to a creator and campaign (m's names). Mapping a
// tag again to the same creator and campaign changes nothing; a tag
// already mapped elsewhere is refused, since the days imported under it
// would change hands. A dry run checks without writing.
func CreateAmazonTag(ctx context.Context, st *store.Store, ws store.Workspace, m AmazonTagInfo, dryRun bool) (AmazonTagInfo, error) {
	creator, err := csvin.CreatorRef(m.Creator)
	if err != nil {
		return AmazonTagInfo{}, fmt.Errorf("creator: %w", err)
	}
	info := AmazonTagInfo{Creator: creator, Campaign: m.Campaign}
	if info.Tag, err = csvin.NormAmazonTag(m.Tag); err != nil {
		return info, fmt.Errorf("amazon-tag: %w", err)
	}
	_, err = run(ctx, st, ws, "amazon-tags", Options{File: "amazon tag", NoLog: true, DryRun: dryRun}, func(j *job) error {
		j.res.Read = 1
		if err := j.refs.loadNames(j.ctx); err != nil {
			return err
		}
		cr, ca, ok := j.owner(1, info.Creator, "", info.Campaign)
		if !ok {
			return nil
		}
		tags, err := j.tx.AmazonTags(j.ctx, ws.ID)
		if err != nil {
			return err
		}
		if held, ok := tags[info.Tag]; ok && (held.CreatorID != cr.ID || held.CampaignID != ca.ID) {
			j.bad(1, "amazon-tag", "Amazon tag %q is already mapped to creator %q in campaign %q",
				info.Tag, j.refs.handles[held.CreatorID], j.refs.campaignName(held.CampaignID))
			return nil
		}
		_, known := tags[info.Tag]
		info.Creator, info.Campaign, info.New = cr.Handle, ca.Name, !known
		if dryRun {
			return nil
		}
		_, _, err = j.tx.PutAmazonTag(j.ctx, ws.ID, store.AmazonTag{Tag: info.Tag, CreatorID: cr.ID, CampaignID: ca.ID})
		return err
	})
	return info, oneError(err)
}

// ListAmazonTags lists a workspace's Amazon tag mappings by tag.
func ListAmazonTags(ctx context.Context, st *store.Store, ws store.Workspace) ([]AmazonTagInfo, error) {
	r := newRefs(st, ws)
	if err := r.loadNames(ctx); err != nil {
		return nil, err
	}
	tags, err := st.ListAmazonTags(ctx, ws.ID)
	if err != nil {
		return nil, err
	}
	out := make([]AmazonTagInfo, len(tags))
	for i, t := range tags {
		out[i] = AmazonTagInfo{Tag: t.Tag, Creator: r.handles[t.CreatorID], Campaign: r.campaignName(t.CampaignID)}
	}
	return out, nil
}
