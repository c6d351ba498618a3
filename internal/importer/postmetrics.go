package importer

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/liftmetrics/lift/internal/csvin"
	"github.com/liftmetrics/lift/internal/store"
)

// importPostMetrics writes an insights export's numbers onto posts already
// imported: the export knows a post only by its platform's id or link, not
// by creator and campaign, so it cannot create one. A re-imported export
// with new numbers updates them.
func importPostMetrics(j *job, r io.Reader) error {
	recs, rowErrs, err := csvin.ParsePostMetrics(r, j.csv)
	if err := j.parsed(len(recs), rowErrs, err); err != nil {
		return err
	}
	if err := j.refs.loadPosts(j.ctx); err != nil {
		return fmt.Errorf("import: look up posts: %w", err)
	}
	idx := indexPosts(j.refs.posts)
	rowOf := map[int64]int{} // stored post → the line that named it
	for _, m := range recs {
		p, ok := j.postFor(idx, m)
		if !ok {
			continue
		}
		if first, dup := rowOf[p.ID]; dup {
			j.bad(m.Line, m.IDColumn, "%q is post %q, already on line %d", m.PostID, p.PostID, first)
			continue
		}
		rowOf[p.ID] = m.Line
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

// postIndex finds stored posts by what an export calls them: the post's
// post_id, or the platform's id in a link stored as the post's post_id or
// url (a TikTok video link holds the video id, an Instagram permalink
// the post's shortcode).
type postIndex struct {
	byID  map[string]store.Post
	byKey map[[2]string][]store.Post // platform and the platform's id
}

func indexPosts(posts map[string]store.Post) postIndex {
	idx := postIndex{byID: posts, byKey: map[[2]string][]store.Post{}}
	for _, p := range posts {
		idKey, _ := csvin.PostKey(p.Platform, p.PostID)
		urlKey, _ := csvin.PostKey(p.Platform, p.URL)
		for _, key := range []string{p.PostID, idKey, urlKey} {
			if key != "" {
				k := [2]string{p.Platform, key}
				if ps := idx.byKey[k]; len(ps) == 0 || ps[len(ps)-1].ID != p.ID {
					idx.byKey[k] = append(ps, p)
				}
			}
		}
	}
	return idx
}

// postFor finds the stored post a row is about, or records why not.
func (j *job) postFor(idx postIndex, m csvin.PostMetrics) (store.Post, bool) {
	if p, ok := idx.byID[m.PostID]; ok && p.Platform != m.Platform {
		j.bad(m.Line, m.IDColumn, "post %q is a %s post, but this is a %s export", m.PostID, p.Platform, m.Platform)
		return store.Post{}, false
	}
	found := idx.byKey[[2]string{m.Platform, m.PostID}]
	if len(found) == 0 && m.URL != "" {
		if key, _ := csvin.PostKey(m.Platform, m.URL); key != "" {
			found = idx.byKey[[2]string{m.Platform, key}]
		}
	}
	switch len(found) {
	case 0:
		j.bad(m.Line, m.IDColumn, "unknown post %q (import it with `lift import posts` first, with this id as its post_id or its link as its url)", m.PostID)
		return store.Post{}, false
	case 1:
		return found[0], true
	}
	ids := make([]string, len(found))
	for i, p := range found {
		ids[i] = p.PostID
	}
	slices.Sort(ids)
	j.bad(m.Line, m.IDColumn, "%q names several posts (%s): give each its own link", m.PostID, strings.Join(ids, ", "))
	return store.Post{}, false
}
