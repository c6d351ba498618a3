package metrics

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/liftmetrics/lift/internal/money"
)

func rate(x float64) *float64          { return &x }
func cents(c money.Cents) *money.Cents { return &c }

func TestRates(t *testing.T) {
	tests := []struct {
		name string
		in   Inputs
		get  func(Values) *float64
		want *float64
		tol  float64
	}{
		{"ctr seed 2,500/100,000", Inputs{Clicks: 2500, Impressions: 100000},
			func(v Values) *float64 { return v.CTR }, rate(0.025), 0},
		{"funnel ctr 4,000/200,000", funnel,
			func(v Values) *float64 { return v.CTR }, rate(0.02), 0},
		{"funnel conversion 120/4,000", funnel,
			func(v Values) *float64 { return v.ConversionRate }, rate(0.03), 0},
		{"conversion with fractional credits 2.5/50", Inputs{Orders: 4, ClickOrders: 2.5, Clicks: 50},
			func(v Values) *float64 { return v.ConversionRate }, rate(0.05), 0},
		{"code orders do not convert clicks: 3 click + 7 code orders / 5 clicks",
			Inputs{Orders: 10, ClickOrders: 3, CodeOrders: 7, Clicks: 5},
			func(v Values) *float64 { return v.ConversionRate }, rate(0.6), 0},
		{"code orders without clicks: rate undefined", Inputs{Orders: 4, CodeOrders: 4},
			func(v Values) *float64 { return v.ConversionRate }, nil, 0},
		{"roi seed (2,000-500)/500", Inputs{Revenue: 200000, Cost: 50000},
			func(v Values) *float64 { return v.ROI }, rate(3.0), 0},
		{"roas seed 2,000/500", Inputs{Revenue: 200000, Cost: 50000},
			func(v Values) *float64 { return v.ROAS }, rate(4.0), 0},
		{"roi of a loss (300-500)/500", Inputs{Revenue: 30000, Cost: 50000},
			func(v Values) *float64 { return v.ROI }, rate(-0.4), 0},
		{"roas of a loss 300/500", Inputs{Revenue: 30000, Cost: 50000},
			func(v Values) *float64 { return v.ROAS }, rate(0.6), 0},
		{"engagement seed 1,000/15,000", Inputs{Likes: 1000, Followers: 15000},
			func(v Values) *float64 { return v.EngagementRate }, rate(0.06666666666666667), 1e-12},
		{"engagement sums likes, comments, shares: (300+150+50)/10,000",
			Inputs{Likes: 300, Comments: 150, Shares: 50, Saves: 999, Followers: 10000},
			func(v Values) *float64 { return v.EngagementRate }, rate(0.05), 0},
		{"engagement_rate_reach 500/20,000", Inputs{Likes: 300, Comments: 150, Shares: 50, Reach: 20000},
			func(v Values) *float64 { return v.EngagementRateReach }, rate(0.025), 0},
		{"platform_ctr 1,500/100,000", Inputs{LinkClicks: 1500, Clicks: 900, Impressions: 100000},
			func(v Values) *float64 { return v.PlatformCTR }, rate(0.015), 0},
		{"product_ctr 300/12,000", Inputs{ProductClicks: 300, ProductImpressions: 12000},
			func(v Values) *float64 { return v.ProductCTR }, rate(0.025), 0},
		{"ctor 45/300", Inputs{ProductOrders: 45, ProductClicks: 300},
			func(v Values) *float64 { return v.CTOR }, rate(0.15), 0},

		{"engagement_rate without followers", Inputs{Likes: 1000},
			func(v Values) *float64 { return v.EngagementRate }, nil, 0},
		{"engagement_rate_reach without reach", Inputs{Likes: 1000, Followers: 15000},
			func(v Values) *float64 { return v.EngagementRateReach }, nil, 0},
		{"ctr without impressions", Inputs{Clicks: 2500},
			func(v Values) *float64 { return v.CTR }, nil, 0},
		{"platform_ctr without impressions", Inputs{LinkClicks: 10},
			func(v Values) *float64 { return v.PlatformCTR }, nil, 0},
		{"product_ctr without product impressions", Inputs{ProductClicks: 10, Impressions: 500},
			func(v Values) *float64 { return v.ProductCTR }, nil, 0},
		{"ctor without product clicks", Inputs{ProductOrders: 3, Clicks: 40},
			func(v Values) *float64 { return v.CTOR }, nil, 0},
		{"conversion_rate without clicks", Inputs{Orders: 3, LinkClicks: 40},
			func(v Values) *float64 { return v.ConversionRate }, nil, 0},
		{"roi without cost", Inputs{Revenue: 200000},
			func(v Values) *float64 { return v.ROI }, nil, 0},
		{"roas without cost", Inputs{Revenue: 200000},
			func(v Values) *float64 { return v.ROAS }, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.get(Compute(tt.in))
			switch {
			case tt.want == nil && got != nil:
				t.Fatalf("got %v, want nil", *got)
			case tt.want == nil:
			case got == nil:
				t.Fatalf("got nil, want %v", *tt.want)
			case math.Abs(*got-*tt.want) > tt.tol:
				t.Fatalf("got %v, want %v", *got, *tt.want)
			}
		})
	}
}

// funnel is the seed funnel: 200,000 impressions → 4,000 clicks → 120
// orders → $6,000 revenue.
var funnel = Inputs{Impressions: 200000, Clicks: 4000, Orders: 120, ClickOrders: 120, Revenue: 600000}

func TestMoneyPerUnit(t *testing.T) {
	tests := []struct {
		name string
		in   Inputs
		get  func(Values) *money.Cents
		want *money.Cents
	}{
		{"funnel aov $6,000/120", funnel,
			func(v Values) *money.Cents { return v.AOV }, cents(5000)},
		{"aov with fractional credits $1,000/0.5", Inputs{Revenue: 100000, Orders: 0.5},
			func(v Values) *money.Cents { return v.AOV }, cents(200000)},
		{"aov with a tiny credit is defined: $0.01/1e-9", Inputs{Revenue: 1, Orders: 1e-9},
			func(v Values) *money.Cents { return v.AOV }, cents(1000000000)},
		{"cac seed $200/40", Inputs{Cost: 20000, NewCustomers: 40},
			func(v Values) *money.Cents { return v.CAC }, cents(500)},
		{"cpa $500/125", Inputs{Cost: 50000, Orders: 125},
			func(v Values) *money.Cents { return v.CPA }, cents(400)},
		{"cpe $500/(400+80+20)", Inputs{Cost: 50000, Likes: 400, Comments: 80, Shares: 20, Saves: 7},
			func(v Values) *money.Cents { return v.CPE }, cents(100)},
		{"cpm $500 over 250,000 impressions", Inputs{Cost: 50000, Impressions: 250000},
			func(v Values) *money.Cents { return v.CPM }, cents(200)},
		{"cpc $500/2,500", Inputs{Cost: 50000, Clicks: 2500},
			func(v Values) *money.Cents { return v.CPC }, cents(20)},

		{"cpc $1.00/3 rounds down to $0.33", Inputs{Cost: 100, Clicks: 3},
			func(v Values) *money.Cents { return v.CPC }, cents(33)},
		{"cpc $2.00/3 rounds up to $0.67", Inputs{Cost: 200, Clicks: 3},
			func(v Values) *money.Cents { return v.CPC }, cents(67)},
		{"cpc half a cent rounds away from zero", Inputs{Cost: 1, Clicks: 2},
			func(v Values) *money.Cents { return v.CPC }, cents(1)},
		{"aov of refunds: half a cent rounds away from zero", Inputs{Revenue: -1, Orders: 2},
			func(v Values) *money.Cents { return v.AOV }, cents(-1)},
		{"cpm $0.01 over 3 impressions", Inputs{Cost: 1, Impressions: 3},
			func(v Values) *money.Cents { return v.CPM }, cents(333)},

		{"aov without orders", Inputs{Revenue: 600000, Clicks: 4000},
			func(v Values) *money.Cents { return v.AOV }, nil},
		{"cac without new customers", Inputs{Cost: 20000, Orders: 5},
			func(v Values) *money.Cents { return v.CAC }, nil},
		{"cpa without orders", Inputs{Cost: 50000, NewCustomers: 4},
			func(v Values) *money.Cents { return v.CPA }, nil},
		{"cpe without engagements (saves do not count)", Inputs{Cost: 50000, Saves: 5},
			func(v Values) *money.Cents { return v.CPE }, nil},
		{"cpm without impressions", Inputs{Cost: 50000, Reach: 100},
			func(v Values) *money.Cents { return v.CPM }, nil},
		{"cpc without clicks", Inputs{Cost: 50000, LinkClicks: 100},
			func(v Values) *money.Cents { return v.CPC }, nil},
		{"aov too large for cents is undefined", Inputs{Revenue: 100, Orders: 1e-300},
			func(v Values) *money.Cents { return v.AOV }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.get(Compute(tt.in))
			switch {
			case tt.want == nil && got != nil:
				t.Fatalf("got %v, want nil", *got)
			case tt.want == nil:
			case got == nil:
				t.Fatalf("got nil, want %v", *tt.want)
			case *got != *tt.want:
				t.Fatalf("got %d cents, want %d", *got, *tt.want)
			}
		})
	}
}

func TestCounts(t *testing.T) {
	in := Inputs{
		Impressions: 1, Reach: 2, Views: 3, Likes: 4, Comments: 5, Shares: 6, Saves: 7,
		Followers: 8, LinkClicks: 9, ProductImpressions: 10, ProductClicks: 11,
		ProductOrders: 12, Clicks: 13, UniqueClicks: 14, Orders: 15.5, Units: 16.25,
		NewCustomers: 17.75, Revenue: 1800, Cost: 1900,
	}
	want := Values{
		Impressions: 1, Reach: 2, Views: 3, Likes: 4, Comments: 5, Shares: 6, Saves: 7,
		Engagements: 15, Followers: 8, LinkClicks: 9, ProductImpressions: 10,
		ProductClicks: 11, ProductOrders: 12, Clicks: 13, UniqueClicks: 14,
		Orders: 15.5, Units: 16.25, Revenue: 1800, NewCustomers: 17.75, Cost: 1900,
	}
	got := counts(in)
	if got != want {
		t.Fatalf("counts:\n got %+v\nwant %+v", got, want)
	}
}

func TestJSONGolden(t *testing.T) {
	tests := []struct {
		name string
		in   Inputs
		want string
	}{
		{"row", Inputs{
			Impressions: 200000, Reach: 125000, Views: 90000,
			Likes: 1000, Comments: 200, Shares: 50, Saves: 30,
			Followers: 12500, LinkClicks: 3000, Clicks: 4000, UniqueClicks: 3500,
			Orders: 150, ClickOrders: 120, CodeOrders: 30, Units: 150, NewCustomers: 40, Revenue: 600000, Cost: 150000,
			Conversions: 7, ConversionValue: 1250, ConversionsByType: [5]float64{4, 0, 0, 0, 3},
		}, `{"impressions":200000,"reach":125000,"views":90000,"likes":1000,` +
			`"comments":200,"shares":50,"saves":30,"engagements":1250,"followers":12500,` +
			`"link_clicks":3000,"product_impressions":0,"product_clicks":0,"product_orders":0,` +
			`"clicks":4000,"unique_clicks":3500,"orders":150,"click_orders":120,"code_orders":30,"units":150,"revenue":6000.00,` +
			`"new_customers":40,"cost":1500.00,"conversions":7,"conversion_value":12.50,"conversions_signup":4,` +
			`"conversions_lead":0,"conversions_install":0,"conversions_download":0,"conversions_other":3,` +
			`"engagement_rate":0.1,"engagement_rate_reach":0.01,` +
			`"ctr":0.02,"platform_ctr":0.015,"product_ctr":null,"ctor":null,"conversion_rate":0.03,` +
			`"aov":40.00,"roi":3,"roas":4,"cac":37.50,"cpa":10.00,"cpe":1.20,"cpm":7.50,"cpc":0.38}`},
		{"empty row", Inputs{},
			`{"impressions":0,"reach":0,"views":0,"likes":0,"comments":0,"shares":0,"saves":0,` +
				`"engagements":0,"followers":0,"link_clicks":0,"product_impressions":0,` +
				`"product_clicks":0,"product_orders":0,"clicks":0,"unique_clicks":0,"orders":0,` +
				`"click_orders":0,"code_orders":0,"units":0,"revenue":0.00,"new_customers":0,"cost":0.00,` +
				`"conversions":0,"conversion_value":0.00,"conversions_signup":0,"conversions_lead":0,` +
				`"conversions_install":0,"conversions_download":0,"conversions_other":0,"engagement_rate":null,` +
				`"engagement_rate_reach":null,"ctr":null,"platform_ctr":null,"product_ctr":null,` +
				`"ctor":null,"conversion_rate":null,"aov":null,"roi":null,"roas":null,"cac":null,` +
				`"cpa":null,"cpe":null,"cpm":null,"cpc":null}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(Compute(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tt.want {
				t.Fatalf("json:\n got %s\nwant %s", b, tt.want)
			}
		})
	}
}

func TestTier(t *testing.T) {
	tests := []struct {
		followers int64
		want      string
	}{
		{0, "nano"},
		{9999, "nano"},
		{10000, "micro"},
		{99999, "micro"},
		{100000, "macro"},
		{999999, "macro"},
		{1000000, "mega"},
		{250000000, "mega"},
	}
	for _, tt := range tests {
		if got := Tier(tt.followers); got != tt.want {
			t.Errorf("Tier(%d) = %q, want %q", tt.followers, got, tt.want)
		}
	}
	want := []string{"nano", "micro", "macro", "mega"}
	if len(Tiers) != len(want) {
		t.Fatalf("Tiers = %v, want %v", Tiers, want)
	}
	for i := range want {
		if Tiers[i] != want[i] {
			t.Fatalf("Tiers = %v, want %v", Tiers, want)
		}
	}
}

// Adding rows back up through Inputs gives the rates of the sums: 1 + 2
// click orders over 4 + 6 clicks is 30%, not the mean of 25% and 33%.
func TestInputsRoundTripAndAdd(t *testing.T) {
	a := Compute(Inputs{Clicks: 4, Orders: 3, ClickOrders: 1, CodeOrders: 2, Conversions: 2,
		ConversionsByType: [5]float64{0, 2, 0, 0, 0}, ConversionValue: 500, Revenue: 9000, Cost: 3000})
	b := Compute(Inputs{Clicks: 6, Orders: 2, ClickOrders: 2, Conversions: 1,
		ConversionsByType: [5]float64{1, 0, 0, 0, 0}, ConversionValue: 250, Revenue: 1000})
	in := a.Inputs()
	in.Add(b.Inputs())
	sum := Compute(in)
	if sum.Orders != 5 || sum.ClickOrders != 3 || sum.CodeOrders != 2 || sum.Conversions != 3 ||
		sum.ConversionsSignup != 1 || sum.ConversionsLead != 2 || sum.ConversionValue != 750 || sum.Revenue != 10000 {
		t.Errorf("sum = %+v", sum)
	}
	if sum.ConversionRate == nil || *sum.ConversionRate != 0.3 {
		t.Errorf("conversion rate = %v, want 0.3", sum.ConversionRate)
	}
}
