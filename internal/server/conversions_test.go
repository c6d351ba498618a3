package server

import (
	"context"
	"strings"
	"testing"

	"github.com/liftmetrics/lift/internal/importer"
	"github.com/liftmetrics/lift/internal/report"
)

// Conversions sent to the API reach the report, credited as orders are:
// s1 names ana's code in lower case; l1 ($25.50) names no click or code,
// but its customer's order carries ana's click k1. ana: 2 conversions (1
// signup, 1 lead), $25.50 of conversion value; i1, with no touch, is
// unattributed. Her one order and its revenue are untouched by them.
func TestAPIConversionsReachTheReport(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	ws, err := e.st.Workspace(ctx, "a", false)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range [][2]string{
		{"codes", "code,creator,campaign\nANA10,ana,Spring\n"},
		{"links", "slug,destination,creator,campaign\nana1,https://a.example/,ana,Spring\n"},
		{"clicks", "slug,clicked_at,click_id,visitor,user_agent\nana1,2026-03-01 09:00,k1,v1,Mozilla/5.0 (iPhone)\n"},
	} {
		if _, err := importer.Import(ctx, e.st, ws, f[0], strings.NewReader(f[1]), importer.Options{File: f[0]}); err != nil {
			t.Fatal(err)
		}
	}
	if code, body := e.call(t, "POST", "/api/v1/orders", e.keyA,
		`{"order_id":"o1","created_at":"2026-03-02","revenue":"10.00","click_id":"k1","customer_id":"jane@example.com"}`); code != 200 {
		t.Fatalf("order: %d %v", code, body)
	}
	if code, body := e.call(t, "POST", "/api/v1/conversions", e.keyA, `[
		{"conversion_id":"s1","type":"signup","created_at":"2026-03-02","discount_code":"ana10"},
		{"conversion_id":"l1","type":"lead","created_at":"2026-03-03","value":25.50,"customer_id":"jane@example.com"},
		{"conversion_id":"i1","type":"install","created_at":"2026-03-04"}]`); code != 200 || body["stored"] != 3.0 {
		t.Fatalf("conversions: %d %v", code, body)
	}
	r, err := report.Build(ctx, e.st, ws, report.Options{By: "creator"})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Rows) != 1 {
		t.Fatalf("rows: %+v", r.Rows)
	}
	ana := r.Rows[0].Values
	if ana.Conversions != 2 || ana.ConversionsSignup != 1 || ana.ConversionsLead != 1 || ana.ConversionValue != 2550 ||
		ana.Orders != 1 || ana.Revenue != 1000 || r.Unattributed.Conversions != 1 {
		t.Errorf("ana: %+v; unattributed %+v", ana, r.Unattributed)
	}
}
