package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// PostMetrics are the numbers a platform's insights export gives for one
// post. A nil field is one the export does not have: the stored number is
// left alone rather than zeroed.
type PostMetrics struct {
	Impressions, Reach, Views, Likes, Comments, Shares, Saves, LinkClicks *int64
	ProductImpressions, ProductClicks, ProductOrders                      *int64
	WatchTimeHours                                                        *float64
}

// cols lists the columns and values of the numbers the export gave.
func (m PostMetrics) cols() []col {
	all := []col{
		{"impressions", m.Impressions}, {"reach", m.Reach}, {"views", m.Views}, {"likes", m.Likes},
		{"comments", m.Comments}, {"shares", m.Shares}, {"saves", m.Saves}, {"link_clicks", m.LinkClicks},
		{"product_impressions", m.ProductImpressions}, {"product_clicks", m.ProductClicks},
		{"product_orders", m.ProductOrders}, {"watch_time_hours", m.WatchTimeHours},
	}
	var out []col
	for _, c := range all {
		if canon(c.val) != nil {
			out = append(out, c)
		}
	}
	return out
}

// UpdatePostMetrics writes an export's numbers onto a stored post (by its
// store id) and says whether anything changed.
func (t *Tx) UpdatePostMetrics(ctx context.Context, ws, post int64, m PostMetrics) (Outcome, error) {
	set := m.cols()
	if len(set) == 0 {
		return Unchanged, nil
	}
	names := make([]string, len(set))
	sets := make([]string, len(set))
	args := make([]any, 0, len(set)+2)
	for i, c := range set {
		names[i], sets[i] = c.name, c.name+" = ?"
		args = append(args, c.val)
	}
	got := make([]any, len(set))
	ptrs := make([]any, len(set))
	for i := range got {
		ptrs[i] = &got[i]
	}
	if err := t.queryRow(ctx, "SELECT "+strings.Join(names, ", ")+" FROM posts WHERE workspace_id = ? AND id = ?", ws, post).Scan(ptrs...); err != nil {
		return 0, fmt.Errorf("posts: %w", err)
	}
	if same(got, set) {
		return Unchanged, nil
	}
	args = append(args, ws, post)
	if _, err := t.exec(ctx, "UPDATE posts SET "+strings.Join(sets, ", ")+" WHERE workspace_id = ? AND id = ?", args...); err != nil {
		return 0, fmt.Errorf("posts: %w", err)
	}
	return Updated, nil
}

// WatchTimeHours returns the stored watch time of the workspace's posts
// that have any, by store id.
func (s *Store) WatchTimeHours(ctx context.Context, ws int64) (map[int64]float64, error) {
	out := map[int64]float64{}
	err := s.query(ctx, func(r *sql.Rows) error {
		var id int64
		var h float64
		if err := r.Scan(&id, &h); err != nil {
			return err
		}
		out[id] = h
		return nil
	}, `SELECT id, watch_time_hours FROM posts WHERE workspace_id = ? AND watch_time_hours <> 0`, ws)
	return out, err
}
