package server

import (
	"context"
	"strings"
	"testing"

	"github.com/liftmetrics/lift/internal/store"
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
	ctx := context.Background()
	ws, err := e.st.Workspace(ctx, "default", false)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := e.st.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.PutRefund(ctx, ws.ID, store.Refund{Source: "shopify", RefundID: "delivery:old-1", OrderID: "820982911946154508", Amount: 3000}); err != nil {
		t.Fatal(err)
	}
	if ok, err := tx.SetRefunded(ctx, ws.ID, "shopify", "820982911946154508", 3000); err != nil || !ok {
		t.Fatalf("set refunded: %v, %v", ok, err)
	}
	if err := tx.Commit(); err != nil {
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
