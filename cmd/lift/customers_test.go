package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/liftmetrics/lift/internal/storetest"
)

// customerWorkspace imports a small workspace: ana's code ANA10 leaks to
// coupon sites and brings eleven one-off buyers on 10 March; ben is paid
// 10% commission besides his fee.
func customerWorkspace(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	db := storetest.DSN(t)
	orders := `order_id,created_at,revenue,customer_id,discount_code,click_id,landing_url,referrer
o1,2026-03-04 12:00,60.00,c1,ANA10,,,
o2,2026-03-20 12:00,40.00,c1,,k1,,
o3,2026-06-10 12:00,25.00,c1,,,,
o4,2026-03-04 13:00,30.00,c2,,k2,,
o5,2026-03-05 12:00,80.00,c3,BEN5,k1,,
o6,2026-06-01 12:00,20.00,c4,BEN5,,,
`
	for i := 1; i <= 11; i++ {
		landing, referrer := "", ""
		switch i {
		case 1, 2:
			referrer = "https://www.retailmenot.com/view/shop.example.com"
		case 3:
			landing = "https://shop.example.com/?utm_source=honey"
		}
		orders += fmt.Sprintf("x%d,2026-03-10 10:%02d,10.00,x%d,ana10,,%s,%s\n", i, i, i, landing, referrer)
	}
	files := []struct{ kind, name, data string }{
		{"campaigns", "campaigns.csv", "name,starts,ends\nSpring,2026-03-01,2026-03-31\nFall,2026-09-01,2026-09-30\n"},
		{"creators", "creators.csv", "handle,platform,followers,commission_rate\nana,instagram,2000,\nben,tiktok,50000,10%\n"},
		{"posts", "posts.csv", "post_id,creator,campaign,platform,format,published_at,reach\n" +
			"p1,ana,Spring,instagram,reel,2026-03-02 10:00,1000\np2,ben,Spring,tiktok,video,2026-03-03 10:00,20000\n"},
		{"costs", "costs.csv", "creator,campaign,kind,amount,date\nana,Spring,fee,100.00,2026-03-01\nben,Spring,fee,50.00,2026-03-03\n"},
		{"codes", "codes.csv", "code,creator,campaign\nANA10,ana,Spring\nBEN5,ben,Spring\n"},
		{"links", "links.csv", "slug,destination,creator,campaign\nana,https://shop.example.com/,ana,Spring\nben,https://shop.example.com/,ben,Spring\n"},
		{"clicks", "clicks.csv", "slug,clicked_at,click_id\nben,2026-03-04 09:00,k1\nana,2026-03-04 10:00,k2\n"},
		{"orders", "orders.csv", orders},
	}
	for _, f := range files {
		if out, err := lift(t, "import", f.kind, write(t, dir, f.name, f.data), "--db", db); err != nil {
			t.Fatalf("import %s: %v\n%s", f.kind, err, out)
		}
	}
	return db
}

func TestCustomersCommand(t *testing.T) {
	db := customerWorkspace(t)
	out, err := lift(t, "customers", "--format", "json", "--db", db)
	if err != nil {
		t.Fatal(out, err)
	}
	var r struct {
		AsOf string            `json:"as_of"`
		Rows []json.RawMessage `json:"rows"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err, out)
	}
	// ana: c1 (60 + 40 within 30 days; o3 is past 90), c2 (30) and the
	// eleven coupon buyers (10 each): 240 / 13 = 18.46, final: the last
	// of them came on 10 March, 92 days before the data ends. Her fee of
	// 100 from 1 March is covered on 10 March, once 90 + 10 reach 100.
	// ben: c3 (80) and c4 (20, bought 1 June, so inside even its 30
	// days): no LTV is final, one customer is still inside. Fee 50 + 10%
	// of 80 is covered on 5 March, 2 days after the fee; cost ends at
	// 50 + 8 + 4 + 2.
	want := []string{
		`{"key":"ana","acquired":13,"without_key":0,"ltv_30":18.46,"ltv_60":18.46,"ltv_90":18.46,` +
			`"incomplete_30":0,"incomplete_60":0,"incomplete_90":0,"orders":13,` +
			`"new_orders":13,"returning_orders":0,"revenue":200.00,"cost":100.00,"payback_days":9,"payback_date":"2026-03-10"}`,
		`{"key":"ben","acquired":2,"without_key":0,"ltv_30":null,"ltv_60":null,"ltv_90":null,` +
			`"incomplete_30":1,"incomplete_60":1,"incomplete_90":1,"orders":3,` +
			`"new_orders":2,"returning_orders":1,"revenue":140.00,"cost":64.00,"payback_days":2,"payback_date":"2026-03-05"}`,
	}
	if r.AsOf != "2026-06-10" || len(r.Rows) != len(want) {
		t.Fatalf("as of %q, %d rows:\n%s", r.AsOf, len(r.Rows), out)
	}
	for i, w := range want {
		if got := compact(t, r.Rows[i]); got != w {
			t.Errorf("row %d:\n got %s\nwant %s", i, got, w)
		}
	}

	out, err = lift(t, "customers", "--db", db)
	if err != nil {
		t.Fatal(out, err)
	}
	for _, s := range []string{"ana", "$18.46", "— (1 inside)", "9 days (2026-03-10)", "15 customers acquired by 2 creators; 1 of them still inside"} {
		if !strings.Contains(out, s) {
			t.Errorf("table lacks %q:\n%s", s, out)
		}
	}
	out, err = lift(t, "customers", "--format", "csv", "--campaign", "fall", "--db", db)
	if err != nil || out != "key,acquired,without_key,ltv_30,ltv_60,ltv_90,incomplete_30,incomplete_60,incomplete_90,orders,new_orders,returning_orders,revenue,cost,payback_days,payback_date\n" {
		t.Errorf("Fall has no customers: %v\n%s", err, out)
	}
	for _, args := range [][]string{
		{"customers", "--campaign", "Winter", "--db", db},
		{"customers", "--model", "best", "--db", db},
		{"customers", "--format", "xml", "--db", db},
	} {
		if out, err := lift(t, args...); err == nil {
			t.Errorf("lift %v succeeded: %s", args, out)
		}
	}
}

// compact prints a JSON value on one line, as the literals above are written.
func compact(t *testing.T, raw json.RawMessage) string {
	t.Helper()
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
