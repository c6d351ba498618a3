package ranking

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/liftmetrics/lift/internal/money"
)

func estimateNear(t *testing.T, name string, got *Estimate, want Estimate) {
	t.Helper()
	if got == nil {
		t.Errorf("%s = nil, want %+v", name, want)
		return
	}
	if !close(got.Mean, want.Mean, 1e-9) || !close(got.Low, want.Low, 1e-9) || !close(got.High, want.High, 1e-9) {
		t.Errorf("%s = %+v, want %+v", name, *got, want)
	}
}

// Two creators are too few to fit a spread, so both are shrunk by the
// weak prior: pooled 8 orders / 200 clicks = 4%, worth half an order,
// i.e. ½ / 4% = 12.5 clicks: Beta(0.5, 12) and Gamma(0.5, 12.5).
//
//	a: 3 orders, 50 clicks, $150, cost $100 → Beta(3.5, 59), Gamma(3.5, 62.5)
//	b: 5 orders, 150 clicks, $250, cost $500 → Beta(5.5, 157), Gamma(5.5, 162.5)
//
// With every order worth the same (CV 0) the revenue unit is the AOV,
// $400 / 8 = $50, so revenue is 3 and 5 units and revenue per click is
// $50 × orders per click. ROI of a = 5000¢ × 50 clicks × Gamma(3.5, 62.5)
// / 10000¢ − 1 = 0.4 × Gamma(3.5, 1) − 1; of b, 15/162.5 × Gamma(5.5, 1) − 1.
// Gamma(3.5, 1) has 5% and 95% points 1.08367495464903 and
// 7.03357022467008; Gamma(5.5, 1) 2.28740653966111 and 9.83756878634125.
func TestTwoCreatorsGetTheWeakPrior(t *testing.T) {
	in := []Input{
		{Key: "b", Clicks: 150, Orders: 5, ClickOrders: 5, Revenue: 25000, Cost: 50000},
		{Key: "a", Clicks: 50, Orders: 3, ClickOrders: 3, Revenue: 15000, Cost: 10000},
	}
	rk := Rank(in, Params{})
	want := Prior{Mean: 0.04, Clicks: 12.5}
	if p := rk.Priors; !priorNear(p.ConversionRate, want) || !priorNear(p.OrdersPerClick, want) ||
		!priorNear(p.RevenuePerClick, Prior{Mean: 200, Clicks: 12.5}) || p.RevenueUnit != 5000 {
		t.Errorf("priors = %+v", p)
	}
	a, b := rk.Results[0], rk.Results[1]
	if a.Key != "a" || a.Index != 1 || b.Key != "b" || b.Index != 0 {
		t.Fatalf("order: %s (%d), %s (%d); want a first by posterior ROI", a.Key, a.Index, b.Key, b.Index)
	}
	estimateNear(t, "a conversion", a.ConversionRate, Estimate{3.5 / 62.5, 0.0178283495007018, 0.110217660956747})
	estimateNear(t, "b conversion", b.ConversionRate, Estimate{5.5 / 162.5, 0.0142618756724249, 0.0599120416565628})
	estimateNear(t, "a orders/click", a.OrdersPerClick, Estimate{3.5 / 62.5, 1.08367495464903 / 62.5, 7.03357022467008 / 62.5})
	estimateNear(t, "a revenue/click", a.RevenuePerClick, Estimate{280, 86.6939963719223, 562.685617973607})
	estimateNear(t, "a roi", a.ROI, Estimate{0.4, -0.566530018140389, 1.81342808986803})
	estimateNear(t, "b roi", b.ROI, Estimate{5.5*15/162.5 - 1, -0.788854780954359, -0.0919167274146542})
	if a.Recommendation != TestAgain || a.Reason != "ROI 90% interval -57% to +181% spans break-even: 50 clicks and 3 orders are too few to tell" {
		t.Errorf("a: %s, %q", a.Recommendation, a.Reason)
	}
	if b.Recommendation != Drop || b.Reason != "ROI 90% interval -79% to -9.2%: loses money even at the high end" {
		t.Errorf("b: %s, %q", b.Recommendation, b.Reason)
	}
}

func priorNear(got, want Prior) bool {
	return close(got.Mean, want.Mean, 1e-12) && close(got.Clicks, want.Clicks, 1e-12) && got.Fitted == want.Fitted
}

// The order value spread widens revenue intervals: with CV 1 the unit is
// twice the AOV, so the same revenue is half the evidence.
func TestOrderValueSpreadWidensRevenueIntervals(t *testing.T) {
	in := []Input{
		{Key: "a", Clicks: 50, Orders: 3, ClickOrders: 3, Revenue: 15000, Cost: 10000},
		{Key: "b", Clicks: 150, Orders: 5, ClickOrders: 5, Revenue: 25000, Cost: 50000},
	}
	flat, spread := Rank(in, Params{}), Rank(in, Params{OrderValueCV: 1})
	if spread.Priors.RevenueUnit != 10000 {
		t.Errorf("unit = %v, want 10000", spread.Priors.RevenueUnit)
	}
	f, s := flat.Results[0].RevenuePerClick, spread.Results[0].RevenuePerClick
	// Pooled 4 units in 200 clicks, ½ unit is worth 25 clicks:
	// Gamma(0.5 + 1.5, 25 + 50) × 10000¢.
	if !close(s.Mean, 2.0/75*10000, 1e-12) {
		t.Errorf("mean = %v, want %v", s.Mean, 2.0/75*10000)
	}
	if s.High-s.Low <= f.High-f.Low {
		t.Errorf("interval with spread %v–%v is not wider than without %v–%v", s.Low, s.High, f.Low, f.High)
	}
}

func TestRowsWithoutClicksOrCost(t *testing.T) {
	in := []Input{
		{Key: "paid", Clicks: 100, Orders: 4, ClickOrders: 4, Revenue: 20000, Cost: 10000},
		{Key: "gifted", Clicks: 100, Orders: 4, ClickOrders: 4, Revenue: 20000},
		{Key: "code only", Orders: 2.5, Revenue: 10000, Cost: 5000},
		{Key: "silent", Cost: 5000},
	}
	rk := Rank(in, Params{})
	want := []struct {
		key, reason string
		rates       bool
	}{
		{"paid", "", true},
		{"code only", "no tracked clicks, so nothing per click to judge by (2.50 orders came without one)", false},
		{"gifted", "no cost recorded, so no ROI to judge by", true},
		{"silent", "no tracked clicks, so nothing per click to judge by", false},
	}
	for i, w := range want {
		r := rk.Results[i]
		if r.Key != w.key {
			t.Errorf("position %d: %s, want %s", i, r.Key, w.key)
			continue
		}
		if (r.ConversionRate != nil) != w.rates || (r.OrdersPerClick != nil) != w.rates || (r.RevenuePerClick != nil) != w.rates {
			t.Errorf("%s: rates present %v, want %v", r.Key, r.ConversionRate != nil, w.rates)
		}
		if w.reason != "" && (r.ROI != nil || r.Recommendation != TestAgain || r.Reason != w.reason) {
			t.Errorf("%s: roi %v, %s, %q; want test again, %q", r.Key, r.ROI, r.Recommendation, r.Reason, w.reason)
		}
	}
	// The rows without clicks stay out of the fit: 8 orders in 200 clicks.
	if p := rk.Priors.OrdersPerClick; !close(p.Mean, 0.04, 1e-12) {
		t.Errorf("prior mean %v, want 0.04", p.Mean)
	}
}

// Codes redeemed without a tracked click can make orders exceed clicks.
// A conversion rate counts at most one order per click; orders per click
// keeps them all.
func TestOrdersBeyondClicks(t *testing.T) {
	in := []Input{{Key: "x", Clicks: 2, Orders: 5, ClickOrders: 2, Revenue: 5000, Cost: 100}, {Key: "y", Clicks: 98, Orders: 3, ClickOrders: 3, Revenue: 3000, Cost: 100}}
	for _, r := range Rank(in, Params{}).Results {
		if r.Key != "x" {
			continue
		}
		// Conversion: pooled min(5,2)+3 = 5 of 100, ½ order is 10 clicks:
		// Beta(0.5, 9.5) + (2, 0).
		if !close(r.ConversionRate.Mean, 2.5/12, 1e-12) {
			t.Errorf("conversion mean %v, want %v", r.ConversionRate.Mean, 2.5/12)
		}
		// Orders per click: pooled 8 of 100, ½ order is 6.25 clicks:
		// Gamma(0.5, 6.25) + (5, 2).
		if !close(r.OrdersPerClick.Mean, 5.5/8.25, 1e-12) {
			t.Errorf("orders per click mean %v, want %v", r.OrdersPerClick.Mean, 5.5/8.25)
		}
	}
}

// Every fallback prior has the Jeffreys shape: half an order (or half a
// non-order) in its weight.
func TestDegeneratePriors(t *testing.T) {
	for _, tc := range []struct {
		name string
		xs   []sample
		want Prior
	}{
		// ½ / (0.5/400) = 400 clicks, capped at the typical creator's 133,
		// centred on half an order in them.
		{"no orders anywhere", []sample{{0, 100}, {0, 200}, {0, 99}}, Prior{Mean: 0.5 / 133, Clicks: 133}},
		{"the same rate everywhere", []sample{{1, 100}, {2, 200}, {3, 300}}, Prior{Mean: 0.01, Clicks: 50}},
		{"four creators", []sample{{1, 100}, {9, 200}, {0, 50}, {2, 50}}, Prior{Mean: 0.03, Clicks: 0.5 / 0.03}},
		{"five, one without clicks", []sample{{1, 100}, {9, 200}, {0, 50}, {2, 50}, {3, 0}}, Prior{Mean: 0.03, Clicks: 0.5 / 0.03}},
	} {
		if got := fitBeta(tc.xs); !priorNear(got, tc.want) {
			t.Errorf("%s: beta %+v, want %+v", tc.name, got, tc.want)
		}
	}
	if got := fitGamma([]sample{{0, 100}, {0, 300}}); !priorNear(got, Prior{Mean: 0.5 / 200, Clicks: 200}) {
		t.Errorf("gamma without orders: %+v", got)
	}
	// Every click converted: half a non-order at the pooled 1 − 0.5/7 is
	// 7 clicks, capped at the typical 3, with half a non-order in them.
	if got := fitBeta([]sample{{4, 4}, {2, 2}}); !priorNear(got, Prior{Mean: 1 - 0.5/3, Clicks: 3}) {
		t.Errorf("all clicks converted: %+v", got)
	}
}

// The optimiser finds the top of the penalised likelihood: no point of a
// fine grid around it is higher.
func TestFitFindsTheMaximum(t *testing.T) {
	xs := []sample{{2, 120}, {0, 40}, {7, 300}, {1, 25}, {12, 410}, {3, 60}, {0, 90}, {5, 95}}
	for _, tc := range []struct {
		name string
		fit  func([]sample) Prior
		lik  func(mean, clicks float64) float64
	}{
		{"beta", fitBeta, func(mu, s float64) float64 {
			var sum float64
			for _, x := range xs {
				sum += lgamma(s) - lgamma(mu*s) - lgamma((1-mu)*s) + lgamma(x.count+mu*s) + lgamma(x.clicks-x.count+(1-mu)*s) - lgamma(x.clicks+s)
			}
			return sum - hyperPenalty*math.Log1p(s)
		}},
		{"gamma", fitGamma, func(m, b float64) float64 {
			var sum float64
			for _, x := range xs {
				a := m * b
				sum += lgamma(x.count+a) - lgamma(a) + a*math.Log(b/(b+x.clicks)) + x.count*math.Log(x.clicks/(b+x.clicks))
			}
			return sum - hyperPenalty*math.Log1p(b)
		}},
	} {
		p := tc.fit(xs)
		if !p.Fitted {
			t.Fatalf("%s: not fitted", tc.name)
		}
		best := tc.lik(p.Mean, p.Clicks)
		for i := -20; i <= 20; i++ {
			for j := -20; j <= 20; j++ {
				m, c := p.Mean*math.Exp(float64(i)*0.01), p.Clicks*math.Exp(float64(j)*0.02)
				if v := tc.lik(m, c); v > best+1e-9 {
					t.Errorf("%s: fit %+v has %v; mean %v, clicks %v has %v", tc.name, p, best, m, c, v)
					return
				}
			}
		}
	}
}

func TestRecommend(t *testing.T) {
	for _, tc := range []struct {
		roi    Estimate
		target float64
		want   Recommendation
		reason string
	}{
		{Estimate{0.8, 0.12, 1.5}, 0, Rebook, "ROI 90% interval +12% to +150%: pays back even at the low end"},
		{Estimate{-0.5, -0.8, -0.31}, 0, Drop, "ROI 90% interval -80% to -31%: loses money even at the high end"},
		{Estimate{0.2, -0.12, 0.85}, 0, TestAgain, "ROI 90% interval -12% to +85% spans break-even: 41 clicks and 2.50 orders are too few to tell"},
		{Estimate{0.8, 0.6, 1.5}, 1, TestAgain, "ROI 90% interval +60% to +150% spans the +100% target: 41 clicks and 2.50 orders are too few to tell"},
		{Estimate{2.5, 1.2, 4}, 1, Rebook, "ROI 90% interval +120% to +400%: beats the +100% target even at the low end"},
		{Estimate{0.3, 0.1, 0.5}, 1, Drop, "ROI 90% interval +10% to +50%: misses the +100% target even at the high end"},
		{Estimate{0.01, 0.003, 0.02}, 0, Rebook, "ROI 90% interval +0.3% to +2.0%: pays back even at the low end"},
		{Estimate{-0.1, -0.23, 0.018}, 0, TestAgain, "ROI 90% interval -23% to +1.8% spans break-even: too close to call with 41 clicks and 2.50 orders"},
	} {
		roi := tc.roi
		r := Result{ROI: &roi}
		recommend(&r, Input{Clicks: 41, Orders: 2.5}, tc.target)
		if r.Recommendation != tc.want || r.Reason != tc.reason {
			t.Errorf("%+v target %v: %s, %q; want %s, %q", tc.roi, tc.target, r.Recommendation, r.Reason, tc.want, tc.reason)
		}
	}
}

func TestSignedPercent(t *testing.T) {
	for _, tc := range []struct {
		f    float64
		want string
	}{
		{0.4807, "+48%"}, {-0.587, "-59%"}, {2.0842, "+208%"}, {0.003, "+0.3%"},
		{-0.0004, "0%"}, {0, "0%"}, {0.0994, "+9.9%"}, {0.0996, "+10%"}, {-0.0858, "-8.6%"},
	} {
		if got := SignedPercent(tc.f); got != tc.want {
			t.Errorf("SignedPercent(%v) = %q, want %q", tc.f, got, tc.want)
		}
	}
}

func TestCounted(t *testing.T) {
	for _, tc := range []struct {
		n    float64
		want string
	}{{0, "0 orders"}, {1, "1 order"}, {2.5, "2.50 orders"}, {1165, "1,165 orders"}} {
		if got := counted(tc.n, "order"); got != tc.want {
			t.Errorf("counted(%v) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

// Odd rows — no clicks, one click with two code orders, a million clicks,
// a third of an order, no cost — never give NaN or infinity, and every
// shrunk value lies inside its own interval.
func TestOddInputs(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	odd := func(e *Estimate) bool {
		return e != nil && (math.IsNaN(e.Mean+e.Low+e.High) || math.IsInf(e.Mean+e.Low+e.High, 0) || e.Low > e.Mean || e.Mean > e.High)
	}
	for trial := range 300 {
		in := make([]Input, r.IntN(30))
		for i := range in {
			c := []int64{0, 1, 3, 50, 1000, 1_000_000}[r.IntN(6)]
			o := []float64{0, 1.0 / 3, 1, 2, 7, float64(c) * 0.03, float64(c) * 2}[r.IntN(7)]
			in[i] = Input{Clicks: c, Orders: o, ClickOrders: math.Min(o, float64(c)), Revenue: money.Cents(o * float64(r.IntN(10000))), Cost: money.Cents(r.IntN(3) * r.IntN(1_000_000))}
		}
		for _, res := range Rank(in, Params{OrderValueCV: 2 * r.Float64()}).Results {
			if odd(res.ConversionRate) || odd(res.OrdersPerClick) || odd(res.RevenuePerClick) || odd(res.ROI) || res.Reason == "" {
				t.Fatalf("trial %d, %+v: %+v %+v %+v %+v %q", trial, in[res.Index],
					res.ConversionRate, res.OrdersPerClick, res.RevenuePerClick, res.ROI, res.Reason)
			}
		}
	}
}
