package report

import (
	"context"
	"strings"
	"testing"

	"github.com/liftmetrics/lift/internal/attribution"
	"github.com/liftmetrics/lift/internal/importer"
)

// Three pending orders each name a code of three campaigns: under linear
// each campaign earns a third of each, 333,333,333 of 1,000,000,000 parts
// for two of them, so 999,999,999 parts in all: one order to the
// millionth, as the report counts those orders once they are paid, not
// 0.999999 cut short.
func TestPendingOrdersRoundLikeRows(t *testing.T) {
	st, ws := workspaceOf(t, spreadShop...)
	ctx := context.Background()
	for _, f := range [][2]string{
		{"campaigns", "name,starts,ends\nFall,2026-04-01,2026-04-30\nThird,2026-04-01,2026-04-30\n"},
		{"codes", "code,creator,campaign\nG1,dana,Glow\nF1,dana,Fall\nT1,dana,Third\n"},
		{"orders", "order_id,created_at,revenue,discount_code,status\n" +
			"a1,2026-04-12 10:00,10.00,\"G1,F1,T1\",pending\n" +
			"a2,2026-04-13 10:00,10.00,\"G1,F1,T1\",pending\n" +
			"a3,2026-04-14 10:00,10.00,\"G1,F1,T1\",pending\n"},
	} {
		if _, err := importer.Import(ctx, st, ws, f[0], strings.NewReader(f[1]), importer.Options{File: f[0] + ".csv"}); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []string{"Glow", "Fall", "Third"} {
		r := build(t, st, ws, Options{By: "creator", Model: attribution.Linear, Campaign: c})
		if r.Pending.Orders != 1 || r.Total.Orders != 0 {
			t.Errorf("%s: pending %v orders (total %v), want 1 (0)", c, r.Pending.Orders, r.Total.Orders)
		}
	}
	if err := st.SetCountPending(ctx, ws.ID, true); err != nil {
		t.Fatal(err)
	}
	cod, err := st.Workspace(ctx, ws.Name, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"Glow", "Fall", "Third"} {
		r := build(t, st, cod, Options{By: "creator", Model: attribution.Linear, Campaign: c})
		if r.Pending.Orders != r.Total.Orders {
			t.Errorf("%s counted: pending %v orders, total %v", c, r.Pending.Orders, r.Total.Orders)
		}
	}
}
