package importer

import (
	"io"

	"github.com/liftmetrics/lift/internal/csvin"
	"github.com/liftmetrics/lift/internal/store"
)

// importPostMetrics writes an insights export's numbers onto posts already
// imported: the export knows a post only by its platform's id, not by
// creator and campaign, so it cannot create one.
func importPostMetrics(j *job, r io.Reader) error {
	recs, rowErrs, err := csvin.ParsePostMetrics(r, j.csv)
	if err := j.parsed(len(recs), rowErrs, err); err != nil {
		return err
	}
	for _, m := range recs {
		p, ok := j.refs.posts[m.PostID]
		switch {
		case !ok:
			j.bad(m.Line, m.IDColumn, "unknown post %q (import it with `lift import posts` first, with this id as its post_id)", m.PostID)
			continue
		case p.Platform != m.Platform:
			j.bad(m.Line, m.IDColumn, "post %q is a %s post, but this is a %s export", m.PostID, p.Platform, m.Platform)
			continue
		}
		if !j.writeOK() {
			continue
		}
		o, err := j.tx.UpdatePostMetrics(j.ctx, j.ws.ID, p.ID, store.PostMetrics{
			Impressions: m.Impressions, Reach: m.Reach, Views: m.Views, Likes: m.Likes, Comments: m.Comments,
			Shares: m.Shares, Saves: m.Saves, LinkClicks: m.LinkClicks, ProductImpressions: m.ProductImpressions,
			ProductClicks: m.ProductClicks, ProductOrders: m.ProductOrders, WatchTimeHours: m.WatchTimeHours})
		if err != nil {
			return err
		}
		j.res.count(o)
	}
	return nil
}
