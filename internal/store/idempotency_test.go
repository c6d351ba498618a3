package store

import (
	"context"
	"testing"
)

// TestIdempotencyKeysAreUniqueInTheDatabase: what makes a delivery, an
// order, a click or a refund count once is a unique key of the database
// itself, on both engines, so that two nodes writing the same fact at
// once cannot both store it: a plain second INSERT of the same key fails.
func TestIdempotencyKeysAreUniqueInTheDatabase(t *testing.T) {
	st := testStore(t)
	ctx := context.Background()
	ws, link := clickLogLink(t, st)
	for _, c := range []struct {
		what, insert string
		args         []any
	}{
		{"order by (workspace, source, order id)",
			`INSERT INTO orders (workspace_id, source, external_id, time, revenue) VALUES (?, 'shopify', 'o-1', 0, 100)`, []any{ws}},
		{"webhook event by (workspace, provider, event id)",
			`INSERT INTO webhook_events (workspace_id, provider, event_id, received_at) VALUES (?, 'stripe', 'evt_1', 0)`, []any{ws}},
		{"click by click id",
			`INSERT INTO clicks (workspace_id, click_id, link_id, time) VALUES (?, 'click-1', ?, 0)`, []any{ws, link}},
		{"refund by refund id",
			`INSERT INTO refunds (workspace_id, source, refund_id, order_id, amount) VALUES (?, 'shopify', 'r-1', 'o-1', 100)`, []any{ws}},
	} {
		if _, err := st.wr.ExecContext(ctx, c.insert, c.args...); err != nil {
			t.Fatalf("%s: first insert: %v", c.what, err)
		}
		if _, err := st.wr.ExecContext(ctx, c.insert, c.args...); err == nil {
			t.Errorf("%s: a second row with the same key was stored", c.what)
		}
	}
}
