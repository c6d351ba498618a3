package store

import (
	"context"
	"database/sql"
)

// ErrNotFound is returned by a lookup of one row that does not exist. It
// is sql.ErrNoRows, so that callers outside the store test for it without
// importing database/sql.
var ErrNotFound = sql.ErrNoRows

// HeldOrder is what an import or a refund needs to know of an order
// already stored.
type HeldOrder struct {
	Revenue  int64
	Refunded int64
	Payment  string
}

const heldOrderSQL = `SELECT revenue, refunded, payment FROM orders WHERE workspace_id = ? AND source = ? AND external_id = ?`

// HeldOrder returns the stored order (source, externalID) as this
// transaction sees it, or ErrNotFound.
func (t *Tx) HeldOrder(ctx context.Context, ws int64, source, externalID string) (HeldOrder, error) {
	var h HeldOrder
	if t.dry != nil {
		// A dry run's earlier row with this key stands for the row the
		// real import would have written by now.
		r := orderRow(Order{Source: source, ExternalID: externalID})
		if rev, ok := t.dryValue(ws, r, "revenue"); ok {
			ref, _ := t.dryValue(ws, r, "refunded")
			pay, _ := t.dryValue(ws, r, "payment")
			h.Revenue, _ = rev.(int64)
			h.Refunded, _ = ref.(int64)
			h.Payment, _ = pay.(string)
			return h, nil
		}
	}
	err := t.queryRow(ctx, heldOrderSQL, ws, source, externalID).Scan(&h.Revenue, &h.Refunded, &h.Payment)
	return h, err
}

// HumanClickIDs lists the click ids of a workspace's clicks not made by
// bots, in the order they were stored.
func (s *Store) HumanClickIDs(ctx context.Context, ws int64) ([]string, error) {
	var out []string
	err := s.query(ctx, func(r *sql.Rows) error {
		var id string
		if err := r.Scan(&id); err != nil {
			return err
		}
		out = append(out, id)
		return nil
	}, `SELECT click_id FROM clicks WHERE workspace_id = ? AND bot = 0 ORDER BY id`, ws)
	return out, err
}
