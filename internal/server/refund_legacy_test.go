package server

import (
	"strings"
	"testing"
)

// A refund taken before refunds were keyed by their own ids is known
// only by its delivery ("delivery:…", migration 0011). When an order
// payload later lists the order's refunds by id, that same refund must
// not count a second time.
func TestRefundKnownByDeliveryCountsOnceWhenListedByID(t *testing.T) {
	e := newEnv(t)
	order := `{"id": 820982911946154508, "created_at": "2026-03-05T10:00:00-05:00", "currency": "USD",
		"subtotal_price": "100.00", "total_price": "108.25", "financial_status": "paid", "line_items": [{"quantity": 1}]}`
	refund := `{"id": 929361462, "order_id": 820982911946154508, "created_at": "2026-03-07T11:02:00-05:00",
		"refund_line_items": [{"id": 1058498307, "quantity": 1, "line_item_id": 466157049, "subtotal": 30.0, "total_tax": 2.48,
			"subtotal_set": {"shop_money": {"amount": "30.00", "currency_code": "USD"}, "presentment_money": {"amount": "30.00", "currency_code": "USD"}}}],
		"transactions": [{"id": 1068278539, "kind": "refund", "status": "success", "amount": "32.48", "currency": "USD"}],
		"order_adjustments": []}`
	if code := e.shopifyDelivery(t, "orders/create", "d-order", order); code != 200 {
		t.Fatalf("order: %d", code)
	}
	// The state an upgrade leaves: the refund recorded by its delivery.
	if _, err := e.st.DB.Exec(`INSERT INTO refunds (workspace_id, source, refund_id, order_id, amount)
		SELECT id, 'shopify', 'delivery:old-1', '820982911946154508', 3000 FROM workspaces WHERE name = 'default'`); err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.DB.Exec(`UPDATE orders SET refunded = 3000 WHERE external_id = '820982911946154508'`); err != nil {
		t.Fatal(err)
	}
	updated := strings.Replace(order, `"line_items"`, `"refunds": [`+refund+`], "line_items"`, 1)
	if code := e.shopifyDelivery(t, "orders/paid", "d-paid", updated); code != 200 {
		t.Fatalf("update: %d", code)
	}
	if got, _, _, _ := e.stored(t, "shopify", "820982911946154508"); got != 3000 {
		t.Errorf("refunded %d, want 3000 (one $30 refund, listed again by its id)", got)
	}
}
