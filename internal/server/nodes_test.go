package server

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/liftmetrics/lift/internal/report"
	"github.com/liftmetrics/lift/internal/storetest"
	"github.com/liftmetrics/lift/internal/webhook"
)

// TestSameDeliveryToTwoNodesAtOnceIsStoredOnce: two servers, each with
// its own store on one database (two nodes behind a balancer), are handed
// the same signed delivery — an order listing two refunds — sixteen times
// at the same instant. The event record, the order and its refunds are
// written in one transaction keyed by the event, so exactly one delivery
// answers "stored" (and is counted so), the others "duplicate", and the
// database holds one event, one order and each refund once.
func TestSameDeliveryToTwoNodesAtOnceIsStoredOnce(t *testing.T) {
	dsn := storetest.DSN(t)
	nodes := []*env{newNode(t, dsn, true), newNode(t, dsn, false)}
	body := `{"id": 9001, "created_at": "2026-03-05T10:00:00Z", "currency": "USD", "subtotal_price": "80.00",
		"financial_status": "paid", "line_items": [{"quantity": 2}], "refunds": [
		{"id": 71, "transactions": [{"kind": "refund", "status": "success", "amount": "10.00"}]},
		{"id": 72, "transactions": [{"kind": "refund", "status": "success", "amount": "5.00"}]}]}`
	sig := webhook.SignShopify("default-secret", []byte(body))
	const copies = 16
	start := make(chan struct{})
	var wg sync.WaitGroup
	results := make(chan string, copies)
	for i := range copies {
		node := nodes[i%2]
		wg.Go(func() {
			req, _ := http.NewRequest("POST", node.srv.URL+"/webhooks/shopify", strings.NewReader(body))
			req.Header.Set("X-Shopify-Topic", "orders/paid")
			req.Header.Set("X-Shopify-Webhook-Id", "delivery-9001")
			req.Header.Set("X-Shopify-Hmac-Sha256", sig)
			<-start
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				results <- err.Error()
				return
			}
			defer resp.Body.Close()
			raw, _ := io.ReadAll(resp.Body)
			var out map[string]string
			if resp.StatusCode != 200 || json.Unmarshal(raw, &out) != nil {
				results <- resp.Status + " " + string(raw)
				return
			}
			results <- out["result"]
		})
	}
	close(start)
	wg.Wait()
	close(results)
	got := map[string]int{}
	for r := range results {
		got[r]++
	}
	if got["stored"] != 1 || got["duplicate"] != copies-1 {
		t.Errorf("answers %v, want stored once and duplicate %d times", got, copies-1)
	}

	st := nodes[1].st
	rows := nodes[1].rows(t)
	events, orders, refunds := rows["webhook_events"], rows["orders"], rows["refunds"]
	var refunded int64
	for _, o := range nodes[1].storedOrders(t) {
		refunded += int64(o.Refunded)
	}
	if events != 1 || orders != 1 || refunds != 2 || refunded != 1500 {
		t.Errorf("stored %d events, %d orders, %d refunds, %d refunded; want 1, 1, 2 and 1500", events, orders, refunds, refunded)
	}
	ctx := context.Background()
	ws, err := st.Workspace(ctx, "default", false)
	if err != nil {
		t.Fatal(err)
	}
	r, err := report.Build(ctx, st, ws, report.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n, rev := r.Total.Orders+float64(r.Unattributed.Orders), r.Total.Revenue+r.Unattributed.Revenue; n != 1 || rev != 6500 {
		t.Errorf("report counts %v orders, %d revenue; want 1 order of 65.00 (80.00 less 15.00 refunded)", n, rev)
	}
}
