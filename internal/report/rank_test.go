package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/liftmetrics/lift/internal/money"
)

// The fixture's two creators are too few to fit a spread, so the weak
// prior (centred on the pooled rate, worth half an order) shrinks them:
//
//	ana: 3 clicks, 2 orders (both through c1: 1 click order), $140, cost $514
//	ben: 1 click, 2 orders (codes: 0 click orders), $110, cost $350
//
// Conversion counts click orders: pooled (1 + 0) / 4 = 25%, half an order
// is 2 clicks: Beta(0.5, 1.5); ana Beta(1.5, 3.5) → 0.3, ben Beta(0.5,
// 2.5) → 1/6. Orders per click: pooled 4/4 = 1, Gamma(0.5,
// 0.5); ana Gamma(2.5, 3.5), ben Gamma(2.5, 1.5).
//
// Revenue: the period's order values are $100, $80, $40, $40 (o5 net of
// its refund), $30 (o3 refunded in full is left out): mean $58, sample
// variance 9.2e6 cents², CV² = 9.2/33.64. The unit is the credited AOV
// $62.50 × (1 + CV²); the pooled rate 25000¢/u per 4 clicks makes half a
// unit worth b = 2u/25000 = (1 + CV²)/2 clicks. ana's revenue per click is
// (u/2 + 14000) / (b + 3), ben's (u/2 + 11000) / (b + 1).
func TestReportRank(t *testing.T) {
	st, ws := fixtureStore(t)
	r := build(t, st, ws, Options{By: "creator", Rank: true})
	cv2 := 9.2 / 33.64
	u, b := 6250*(1+cv2), (1+cv2)/2
	for i, want := range []struct {
		key              string
		conv, perClick   float64
		revPerClick, roi float64
		recommendation   string
		clicks, cost     float64
		revenue          float64
	}{
		{key: "ana", conv: 0.3, perClick: 2.5 / 3.5, revenue: 14000, clicks: 3, cost: 51400, recommendation: "drop"},
		{key: "ben", conv: 1.0 / 6, perClick: 2.5 / 1.5, revenue: 11000, clicks: 1, cost: 35000, recommendation: "drop"},
	} {
		row := r.Rows[i]
		if row.Key != want.key || row.RowRank == nil {
			t.Fatalf("row %d: %s, ranked %v; want %s", i, row.Key, row.RowRank != nil, want.key)
		}
		perClick := (u/2 + want.revenue) / (b + want.clicks)
		near(t, want.key+" conversion_rate_shrunk", row.ConversionRateShrunk, want.conv)
		near(t, want.key+" orders_per_click_shrunk", row.OrdersPerClickShrunk, want.perClick)
		cents(t, want.key+" revenue_per_click_shrunk", row.RevenuePerClickShrunk, money.Round(perClick))
		near(t, want.key+" roi_shrunk", row.ROIShrunk, (perClick*want.clicks-want.cost)/want.cost)
		ordered(t, want.key+" conversion", row.ConversionRateLow, row.ConversionRateShrunk, row.ConversionRateHigh)
		ordered(t, want.key+" orders per click", row.OrdersPerClickLow, row.OrdersPerClickShrunk, row.OrdersPerClickHigh)
		ordered(t, want.key+" roi", row.ROILow, row.ROIShrunk, row.ROIHigh)
		if *row.RevenuePerClickLow >= *row.RevenuePerClickShrunk || *row.RevenuePerClickShrunk >= *row.RevenuePerClickHigh {
			t.Errorf("%s revenue per click %v–%v–%v out of order", want.key, *row.RevenuePerClickLow, *row.RevenuePerClickShrunk, *row.RevenuePerClickHigh)
		}
		// At $171 and $350 a click, even the top of the interval loses money.
		if row.Recommendation != want.recommendation || !strings.HasPrefix(row.Reason, "ROI 90% interval -") ||
			!strings.HasSuffix(row.Reason, ": loses money even at the high end") || *row.ROIHigh >= 0 {
			t.Errorf("%s: %s, %q (roi high %v)", want.key, row.Recommendation, row.Reason, *row.ROIHigh)
		}
	}
	s := r.Ranking
	if s == nil || s.Interval != 0.9 || s.SortedBy != "roi_shrunk" || s.ConversionRate.Mean != 0.25 || s.ConversionRate.Clicks != 2 ||
		s.ConversionRate.Fitted || s.OrdersPerClick.Mean != 1 || s.OrdersPerClick.Clicks != 0.5 || s.RevenuePerClick.Mean != 6250 ||
		math.Abs(s.RevenuePerClick.Clicks-b) > 1e-9 || math.Abs(s.OrderValueCV*s.OrderValueCV-cv2) > 1e-12 {
		t.Errorf("ranking summary = %+v", s)
	}
	// The ranking changes nothing else: the totals are those of the plain report.
	if r.Total.Revenue != 25000 || r.Total.Cost != 86400 || r.Unattributed.Orders != 1 {
		t.Errorf("total %+v, unattributed %+v", r.Total, r.Unattributed)
	}
}

func ordered(t *testing.T, name string, low, mid, high *float64) {
	t.Helper()
	if low == nil || mid == nil || high == nil || !(*low < *mid && *mid < *high) {
		t.Errorf("%s: %v ≤ %v ≤ %v does not hold", name, deref(low), deref(mid), deref(high))
	}
}

// By post, the code orders that no post carries have no clicks: their
// rates are null, they cannot be judged and they come last.
func TestReportRankByPostAndJSON(t *testing.T) {
	st, ws := fixtureStore(t)
	r := build(t, st, ws, Options{By: "post", Rank: true})
	var buf bytes.Buffer
	if err := r.Write(&buf, "json"); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Rows    []map[string]any `json:"rows"`
		Total   map[string]any   `json:"total"`
		Ranking map[string]any   `json:"ranking"`
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	fields := []string{"conversion_rate_shrunk", "conversion_rate_low", "conversion_rate_high",
		"orders_per_click_shrunk", "orders_per_click_low", "orders_per_click_high",
		"revenue_per_click_shrunk", "revenue_per_click_low", "revenue_per_click_high",
		"roi_shrunk", "roi_low", "roi_high", "recommendation", "reason"}
	for _, row := range got.Rows {
		for _, f := range fields {
			if _, ok := row[f]; !ok {
				t.Errorf("row %v lacks %s", row["key"], f)
			}
		}
	}
	last := got.Rows[len(got.Rows)-1]
	if last["key"] != NoPost || last["conversion_rate_shrunk"] != nil || last["revenue_per_click_shrunk"] != nil || last["roi_low"] != nil ||
		last["recommendation"] != "test again" || last["reason"] != "no tracked clicks, so nothing per click to judge by (2 orders came without one)" {
		t.Errorf("last row = %v", last)
	}
	if _, ok := got.Total["roi_shrunk"]; ok || got.Ranking == nil {
		t.Errorf("the total is not ranked, the report says how it ranked: total %v, ranking %v", got.Total, got.Ranking)
	}
	// Money per click has two decimals, like all money in JSON.
	if !strings.Contains(buf.String(), `"revenue_per_click_shrunk": 43.46,`) {
		t.Errorf("p1 revenue per click is not 43.46 with two decimals:\n%s", buf.String())
	}

	plain := build(t, st, ws, Options{By: "post"})
	buf.Reset()
	if err := plain.Write(&buf, "json"); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "shrunk") || strings.Contains(buf.String(), "recommendation") || strings.Contains(buf.String(), `"ranking"`) {
		t.Error("a report without Rank carries ranking fields")
	}
}

func TestReportRankTableAndCSV(t *testing.T) {
	st, ws := fixtureStore(t)
	r := build(t, st, ws, Options{By: "creator", Rank: true})
	var buf bytes.Buffer
	if err := r.Write(&buf, "table"); err != nil {
		t.Fatal(err)
	}
	table := buf.String()
	for _, want := range []string{
		"conv. shrunk (90%)", "ROI shrunk (90%)", "recommendation",
		"30.00% (4.60–65.07%)", // Beta(1.5, 3.5) and its 5% and 95% points (1 − those of Beta(3.5, 1.5))
		"ranked by posterior mean ROI",
		"conversion 25.00% (weak, worth 2 clicks: too few rows or no spread to fit)",
		"  ana  drop: ROI 90% interval -94% to -34%: loses money even at the high end\n",
	} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %q:\n%s", want, table)
		}
	}
	buf.Reset()
	if err := r.Write(&buf, "csv"); err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(&buf).ReadAll() // every record as long as the header
	if err != nil {
		t.Fatal(err)
	}
	head := strings.Join(records[0], ",")
	if !strings.HasSuffix(head, ",roi_shrunk,roi_low,roi_high,recommendation,reason") || !strings.Contains(head, ",conversion_rate_shrunk,") {
		t.Errorf("CSV header: %s", head)
	}
	if got := records[1][len(records[1])-2]; records[1][0] != "ana" || got != "drop" {
		t.Errorf("first CSV row: %v", records[1])
	}
}
