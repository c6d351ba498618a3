package main

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/liftmetrics/lift/internal/storetest"
)

// upliftShop is a workspace whose shop sells 2 orders of $25.00 every day
// from February 1 to March 24, 2025. Ana and Ben post on March 20; for
// three days the shop sells 8 more orders a day, 2 of them with Ana's
// code. Ben's earlier post of March 1, in another campaign, sold nothing
// extra; its window (March 1–3) stays out of March 20's baseline.
func upliftShop(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	db := storetest.DSN(t)
	var orders strings.Builder
	orders.WriteString("order_id,created_at,revenue,discount_code\n")
	n := 0
	for d := time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC); d.Before(time.Date(2025, 3, 25, 0, 0, 0, 0, time.UTC)); d = d.AddDate(0, 0, 1) {
		extra, coded := 0, 0
		if d.Month() == 3 && d.Day() >= 20 && d.Day() <= 22 {
			extra, coded = 8, 2
		}
		for i := range 2 + extra {
			n++
			code := ""
			if i < coded {
				code = "ana10"
			}
			fmt.Fprintf(&orders, "o%d,%s 12:%02d,25.00,%s\n", n, d.Format(time.DateOnly), i, code)
		}
	}
	files := []struct{ kind, data string }{
		{"campaigns", "name,starts,ends\nSpring,2025-03-15,2025-04-30\nWinter,2025-02-01,2025-03-10\n"},
		{"creators", "handle,platform,followers\nana,instagram,15000\nben,tiktok,50000\n"},
		{"posts", "post_id,creator,campaign,platform,format,published_at\n" +
			"p1,ana,Spring,instagram,reel,2025-03-20 18:00\np2,ben,Spring,tiktok,video,2025-03-20 09:00\n" +
			"p3,ben,Winter,tiktok,video,2025-03-01 10:00\n"},
		{"codes", "code,creator,campaign\nANA10,ana,Spring\n"},
		{"orders", orders.String()},
	}
	for _, f := range files {
		if out, err := lift(t, "import", f.kind, write(t, dir, f.kind+".csv", f.data), "--db", db); err != nil {
			t.Fatal(out, err)
		}
	}
	return db
}

// upliftJSON is what the checks read of `lift uplift --format json`.
type upliftJSON struct {
	Source string `json:"source"`
	Rows   []struct {
		PostIDs      []string `json:"post_ids"`
		Creators     []string `json:"creators"`
		Date         string   `json:"date"`
		Baseline     *float64 `json:"baseline"`
		Actual       float64  `json:"actual"`
		Excess       *float64 `json:"excess"`
		Low          *float64 `json:"low"`
		High         *float64 `json:"high"`
		Attributed   float64  `json:"attributed"`
		Halo         *float64 `json:"halo"`
		ExcessOrders *float64 `json:"excess_orders"`
		PreDays      int      `json:"pre_days_used"`
		Warning      string   `json:"warning"`
		Result       string   `json:"result"`
		Members      []struct {
			PostID  string `json:"post_id"`
			Creator string `json:"creator"`
		} `json:"members"`
	} `json:"rows"`
}

func upliftRows(t *testing.T, args ...string) upliftJSON {
	t.Helper()
	out, err := lift(t, append([]string{"uplift", "--format", "json"}, args...)...)
	if err != nil {
		t.Fatal(out, err)
	}
	var r upliftJSON
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return r
}

func TestUpliftFindsTheSpike(t *testing.T) {
	db := upliftShop(t)
	r := upliftRows(t, "--db", db)
	if r.Source != "orders" || len(r.Rows) != 2 {
		t.Fatalf("source %q, %d rows; want orders, 2", r.Source, len(r.Rows))
	}
	quiet, spike := r.Rows[0], r.Rows[1]
	// March 1: 28 days of $50.00 before, $50.00 a day after: nothing.
	if quiet.Date != "2025-03-01" || !reflect.DeepEqual(quiet.PostIDs, []string{"p3"}) || *quiet.Baseline != 150 ||
		quiet.Actual != 150 || *quiet.Excess != 0 || *quiet.Low != 0 || *quiet.High != 0 || quiet.PreDays != 28 {
		t.Errorf("March 1: %+v", quiet)
	}
	// March 20: baseline 3 × $50.00, actual 3 × $250.00, excess $600.00
	// in 24 orders, $150.00 of it through Ana's code, $450.00 of halo.
	// The 25 pre-days (28 less Ben's March 1–3) show no noise, so the
	// margin is the 24 extra orders' own: t(0.975, 25 − 7) × √(60000 ×
	// 2500) = 2.1009 × 12247.4 = 25731 cents.
	want := []any{"2025-03-20", []string{"p1", "p2"}, []string{"ana", "ben"}, 150.0, 750.0, 600.0, 342.69, 857.31, 150.0, 450.0, 24.0, 25, ""}
	got := []any{spike.Date, spike.PostIDs, spike.Creators, *spike.Baseline, spike.Actual, *spike.Excess, *spike.Low, *spike.High,
		spike.Attributed, *spike.Halo, *spike.ExcessOrders, spike.PreDays, spike.Warning}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("March 20:\n got %v\nwant %v", got, want)
	}
	if *spike.Low <= 0 {
		t.Error("the spike is not beyond the interval")
	}
	// One result per group: March 20 lifted sales as a group of p1 (ana)
	// and p2 (ben), though ben's post sold nothing by link or code; March
	// 1 is within noise.
	if spike.Result != "lifted" || quiet.Result != "noise" || fmt.Sprint(spike.Members) != "[{p1 ana} {p2 ben}]" {
		t.Errorf("results %q %q, members %v", spike.Result, quiet.Result, spike.Members)
	}
}

func TestUpliftSelectsAndFormats(t *testing.T) {
	db := upliftShop(t)
	for _, tt := range []struct {
		args  []string
		dates []string
	}{
		{[]string{"--campaign", "spring"}, []string{"2025-03-20"}},
		{[]string{"--post", "p3"}, []string{"2025-03-01"}},
		{[]string{"--post", "p2"}, []string{"2025-03-20"}},
	} {
		var dates []string
		for _, row := range upliftRows(t, append(tt.args, "--db", db)...).Rows {
			dates = append(dates, row.Date)
		}
		if !reflect.DeepEqual(dates, tt.dates) {
			t.Errorf("%v: dates %v, want %v", tt.args, dates, tt.dates)
		}
	}
	out, err := lift(t, "uplift", "--db", db, "--campaign", "Spring")
	if err != nil {
		t.Fatal(out, err)
	}
	for _, want := range []string{"daily sales from orders", "$600.00", "$342.69 … $857.31", "$450.00", "lifted sales (group of 2)",
		"2025-03-20: one result for the day's 2 posts, p1 (ana), p2 (ben): their effects cannot be told apart, so it is not each post's",
		"1 post group(s): 1 lifted sales beyond the 95% interval, 0 lowered them, 0 within day-to-day noise"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	out, err = lift(t, "uplift", "--db", db, "--post", "p1", "--format", "csv")
	if err != nil || !strings.Contains(out, "2025-03-20,2025-03-22,p1 p2,ana ben,lifted,150.00,750.00,600.00,342.69,857.31,150.00,450.00,") {
		t.Errorf("csv: %v\n%s", err, out)
	}
	for _, args := range [][]string{
		{"--post", "nope"},
		{"--campaign", "Autumn"},
		{"--post", "p1", "--campaign", "Spring"},
		{"--window-days", "0"},
		{"--pre-days", "3"},
		{"--format", "xml"},
		{"extra"},
	} {
		if out, err := lift(t, append([]string{"uplift", "--db", db}, args...)...); err == nil {
			t.Errorf("lift uplift %v succeeded: %s", args, out)
		}
	}
}

// An Amazon seller sees no order one by one: an imported daily sales
// report is the series, and the orders Lift has stay out of it.
func TestUpliftFromDailySales(t *testing.T) {
	db := upliftShop(t)
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("date,revenue,orders,sku\n")
	for d := time.Date(2025, 2, 20, 0, 0, 0, 0, time.UTC); d.Before(time.Date(2025, 3, 23, 0, 0, 0, 0, time.UTC)); d = d.AddDate(0, 0, 1) {
		fmt.Fprintf(&b, "%s,300.00,10,B0A\n%s,100.00,4,B0B\n", d.Format(time.DateOnly), d.Format(time.DateOnly))
	}
	out, err := lift(t, "import", "daily-sales", write(t, dir, "business-report.csv", b.String()), "--db", db)
	if err != nil || !strings.Contains(out, "daily-sales business-report.csv: read 62, stored 62") {
		t.Fatal(out, err)
	}
	r := upliftRows(t, "--db", db, "--post", "p1")
	if r.Source != "daily-sales" || len(r.Rows) != 1 {
		t.Fatalf("%+v", r)
	}
	row := r.Rows[0]
	// $400.00 a day throughout; the code's $150.00 is all halo's loss.
	if *row.Baseline != 1200 || row.Actual != 1200 || *row.Excess != 0 || row.Attributed != 150 || *row.Halo != -150 || row.PreDays != 25 {
		t.Errorf("%+v", row)
	}
}
