package importer

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/liftmetrics/lift/internal/csvin"
	"github.com/liftmetrics/lift/internal/store"
)

// manyOrders is an orders file of n rows, more than one batch, from two
// sources, with every column Lift stores; bump changes the revenue of
// every seventh order.
func manyOrders(n int, bump bool) string {
	var b strings.Builder
	b.WriteString("order_id,source,created_at,revenue,currency,discount_code,click_id,customer_id,new_customer,units,refunded,referrer,status\n")
	for i := range n {
		source := "shop"
		if i%3 == 0 {
			source = "app"
		}
		cents := 1000 + i*7%5000
		if bump && i%7 == 0 {
			cents += 100
		}
		code, click, isNew, refunded := "", "", "", ""
		switch i % 4 {
		case 0:
			code = "BEN15"
		case 1:
			click = fmt.Sprintf("c%d", i)
		case 2:
			isNew = "yes"
		}
		if i%20 == 0 {
			refunded = "5.00"
		}
		fmt.Fprintf(&b, "%d,%s,2026-03-%02d 10:%02d:00,%d.%02d,USD,%s,%s,cust%d,%s,%d,%s,https://ref%d.example.com/x,paid\n",
			i, source, 1+i%28, i%60, cents/100, cents%100, code, click, i%500, isNew, 1+i%3, refunded, i%5)
	}
	return b.String()
}

// dumpOrders writes out every stored row of the orders table, every
// column, ids too.
func dumpOrders(t *testing.T, st *store.Store) string {
	t.Helper()
	var b strings.Builder
	if err := st.Dump(context.Background(), &b, "orders"); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// ordersOf lists the workspace's orders by source and id, without their
// row ids.
func ordersOf(t *testing.T, st *store.Store, ws store.Workspace) []store.Order {
	t.Helper()
	orders, err := st.Orders(context.Background(), ws.ID)
	if err != nil {
		t.Fatal(err)
	}
	for i := range orders {
		orders[i].ID = 0
	}
	slices.SortFunc(orders, func(a, b store.Order) int {
		return cmp.Or(cmp.Compare(a.Source, b.Source), cmp.Compare(a.ExternalID, b.ExternalID))
	})
	return orders
}

// rowByRow stores the orders of an orders file one PutOrder at a time
// (the path a webhook takes) into a fresh database, and lists them.
// Customers are hashed with salt.
func rowByRow(t *testing.T, data, salt string) []store.Order {
	t.Helper()
	st, ws := testStore(t)
	ws.Salt = salt // customers hashed alike
	orders, errs, err := csvin.ParseOrders(strings.NewReader(data), csvin.Options{File: "orders.csv"})
	if err != nil || len(errs) > 0 {
		t.Fatal(err, errs)
	}
	if _, err := ImportOrders(context.Background(), st, ws, orders, Options{File: "orders.csv", KeepRefunds: true}); err != nil {
		t.Fatal(err)
	}
	return ordersOf(t, st, ws)
}

// A file of several batches stores the rows that storing its orders one
// by one stores; importing it again changes no row, not even an id; a
// changed file updates exactly the changed orders.
func TestBatchedImportMatchesRowByRow(t *testing.T) {
	n := 2*OrderBatch + 345
	data := manyOrders(n, false)
	st, ws := testStore(t)
	first := mustImport(t, st, ws, "orders", data)
	if first.Read != n || first.Stored != n {
		t.Fatalf("first import: %v", first)
	}
	stored := dumpOrders(t, st)
	if got, want := ordersOf(t, st, ws), rowByRow(t, data, ws.Salt); !reflect.DeepEqual(got, want) {
		t.Fatalf("batched import differs from storing orders one by one:\n%+v\nvs\n%+v", got[0], want[0])
	}
	again := mustImport(t, st, ws, "orders", data)
	if again.Unchanged != n || again.Stored+again.Updated != 0 {
		t.Fatalf("re-import: %v", again)
	}
	if got := dumpOrders(t, st); !reflect.DeepEqual(got, stored) {
		t.Fatal("re-import changed stored rows")
	}
	bumped := manyOrders(n, true)
	changed := mustImport(t, st, ws, "orders", bumped)
	if want := (n + 6) / 7; changed.Updated != want || changed.Unchanged != n-want || changed.Stored != 0 {
		t.Fatalf("changed file: %v, want %d updated", changed, want)
	}
	if got, want := ordersOf(t, st, ws), rowByRow(t, bumped, ws.Salt); !reflect.DeepEqual(got, want) {
		t.Fatal("changed file: stored rows differ from storing its orders one by one")
	}
}

// A bad row after several batches have gone into the transaction leaves
// the database as it was, and is named by line and column.
func TestBadRowAfterBatchesChangesNothing(t *testing.T) {
	n := 2*OrderBatch + 345
	st, ws := testStore(t)
	mustImport(t, st, ws, "orders", manyOrders(n, false))
	before, imports := dumpOrders(t, st), count(t, st, "imports")
	lines := strings.Split(manyOrders(n+10, true), "\n")
	badLine := 2*OrderBatch + 200 // the file's line; the header is line 1
	for _, c := range []struct {
		name, from, to, column string
	}{
		{"shifted", ",USD,", ",USD,oops,", "new_customer"}, // every field after it moves one column on
		{"currency", ",USD,", ",EUR,", "currency"},         // refused by the importer, not the parser
		{"date", ",2026-03-", ",2026-03-xx", "created_at"},
	} {
		t.Run(c.name, func(t *testing.T) {
			bad := append([]string(nil), lines...)
			bad[badLine-1] = strings.Replace(bad[badLine-1], c.from, c.to, 1)
			_, err := imp(t, st, ws, "orders", strings.Join(bad, "\n"), Options{})
			var refused *RefusedError
			if !errors.As(err, &refused) {
				t.Fatalf("import: %v, want refused", err)
			}
			if len(refused.Errors) == 0 || refused.Errors[0].Line != badLine || refused.Errors[0].Column != c.column {
				t.Fatalf("refused at %v, want line %d, column %s", refused.Errors, badLine, c.column)
			}
			if got := dumpOrders(t, st); !reflect.DeepEqual(got, before) {
				t.Fatal("a refused file changed stored orders")
			}
			if got := count(t, st, "imports"); got != imports {
				t.Fatalf("imports: %d, want %d", got, imports)
			}
		})
	}
}

// shopifyExport is a Shopify export of n orders, every third with a
// second line item on the next row.
func shopifyExport(n int, bump bool) string {
	var b strings.Builder
	b.WriteString("Name,Email,Financial Status,Currency,Subtotal,Shipping,Taxes,Total,Discount Code,Created at,Lineitem quantity,Lineitem name,Refunded Amount,Id,Note Attributes\n")
	for i := range n {
		cents := 2000 + i*13%9000
		if bump && i%5 == 0 {
			cents += 50
		}
		fmt.Fprintf(&b, "#%d,c%d@example.com,paid,USD,%d.%02d,0,0,%d.%02d,,2026-03-05 10:00:00 -0500,1,Serum,,%d,\"lift_cid: c%d\"\n",
			1000+i, i%300, cents/100, cents%100, cents/100, cents%100, 9000+i, i)
		if i%3 == 0 {
			fmt.Fprintf(&b, "#%d,,,,,,,,,,2,Cream,,,\n", 1000+i)
		}
	}
	return b.String()
}

func TestShopifyBatchesReimportAndBadRow(t *testing.T) {
	n := 2*OrderBatch + 77
	st, ws := testStore(t)
	first := mustImport(t, st, ws, "shopify-orders", shopifyExport(n, false))
	if first.Stored != n {
		t.Fatalf("first import: %v", first)
	}
	orders := ordersOf(t, st, ws)
	at := slices.IndexFunc(orders, func(o store.Order) bool { return o.ExternalID == "9003" })
	if at < 0 || orders[at].Units != 3 {
		t.Fatalf("order 9003 (its two line items) not stored with 3 units: %d", at)
	}
	stored := dumpOrders(t, st)
	if again := mustImport(t, st, ws, "shopify-orders", shopifyExport(n, false)); again.Unchanged != n {
		t.Fatalf("re-import: %v", again)
	}
	if got := dumpOrders(t, st); !reflect.DeepEqual(got, stored) {
		t.Fatal("re-import changed stored rows")
	}
	lines := strings.Split(shopifyExport(n, true), "\n")
	badLine := len(lines) - 10
	lines[badLine-1] = strings.Replace(lines[badLine-1], ",USD,", ",EUR,", 1)
	if !strings.Contains(lines[badLine-1], "EUR") {
		t.Fatalf("line %d is a line item row: %s", badLine, lines[badLine-1])
	}
	_, err := imp(t, st, ws, "shopify-orders", strings.Join(lines, "\n"), Options{})
	var refused *RefusedError
	if !errors.As(err, &refused) || len(refused.Errors) != 1 || refused.Errors[0].Line != badLine || refused.Errors[0].Column != "Currency" {
		t.Fatalf("import: %v, want line %d refused for its Currency", err, badLine)
	}
	if got := dumpOrders(t, st); !reflect.DeepEqual(got, stored) {
		t.Fatal("a refused export changed stored orders")
	}
}
