package server

import (
	"context"
	"slices"
	"testing"

	"github.com/liftmetrics/lift/internal/store"
)

// storedOrders lists the orders stored in the named workspaces, void
// ones too; in every workspace when none is named.
func (e *env) storedOrders(t *testing.T, workspaces ...string) []store.Order {
	t.Helper()
	ctx := context.Background()
	if len(workspaces) == 0 {
		var err error
		if workspaces, err = e.st.WorkspaceNames(ctx); err != nil {
			t.Fatal(err)
		}
	}
	var out []store.Order
	for _, name := range workspaces {
		ws, err := e.st.Workspace(ctx, name, false)
		if err != nil {
			t.Fatal(err)
		}
		orders, err := e.st.Orders(ctx, ws.ID)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, orders...)
	}
	return out
}

// ordersNamed keeps the orders with the external id, and the source when
// one is given.
func ordersNamed(orders []store.Order, source, id string) []store.Order {
	return slices.DeleteFunc(slices.Clone(orders), func(o store.Order) bool {
		return o.ExternalID != id || (source != "" && o.Source != source)
	})
}

// storedOrder returns the one order of the workspace with the external
// id (and the source, when given).
func (e *env) storedOrder(t *testing.T, ws, source, id string) store.Order {
	t.Helper()
	found := ordersNamed(e.storedOrders(t, ws), source, id)
	if len(found) != 1 {
		t.Fatalf("workspace %s holds %d orders %s/%s, want 1", ws, len(found), source, id)
	}
	return found[0]
}

// rows counts the rows of every table.
func (e *env) rows(t *testing.T) map[string]int64 {
	t.Helper()
	counts, err := e.st.RowCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return counts
}
