package ranking

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/liftmetrics/lift/internal/money"
)

// The simulations draw creators with known true rates, give each a small
// sample (20–500 clicks), rank them, and compare the estimates with the
// truth. Seeds are fixed, so every run sees the same creators.

// gammaDraw draws from Gamma(shape, rate 1) by Marsaglia and Tsang's
// method, boosting shapes below 1.
func gammaDraw(r *rand.Rand, shape float64) float64 {
	if shape < 1 {
		return gammaDraw(r, shape+1) * math.Pow(r.Float64(), 1/shape)
	}
	d := shape - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := r.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := r.Float64()
		if math.Log(u) < 0.5*x*x+d-d*v+d*math.Log(v) {
			return d * v
		}
	}
}

func betaDraw(r *rand.Rand, a, b float64) float64 {
	x := gammaDraw(r, a)
	return x / (x + gammaDraw(r, b))
}

func binomialDraw(r *rand.Rand, n int64, p float64) int64 {
	var k int64
	for range n {
		if r.Float64() < p {
			k++
		}
	}
	return k
}

// poissonDraw inverts the CDF; means here stay far below where e^{−mean}
// underflows.
func poissonDraw(r *rand.Rand, mean float64) int64 {
	u := r.Float64()
	k, p := int64(0), math.Exp(-mean)
	cdf := p
	for u > cdf && p > 0 {
		k++
		p *= mean / float64(k)
		cdf += p
	}
	return k
}

// creator is one simulated creator's true rates (revenue in cents).
type creator struct {
	conv, perClick, revPerClick float64
}

type scores struct {
	mseRaw, mseShrunk float64
	covered           int
}

func (s *scores) add(truth, raw float64, e *Estimate) {
	s.mseRaw += (raw - truth) * (raw - truth)
	s.mseShrunk += (e.Mean - truth) * (e.Mean - truth)
	if e.Low <= truth && truth <= e.High {
		s.covered++
	}
}

func clicks(r *rand.Rand) int64 { return 20 + r.Int64N(481) }

// TestShrinkageBeatsRawConversionRates: true conversion rates from
// Beta(3, 97) (mean 3%, spread ±1.7%), binomial orders.
func TestShrinkageBeatsRawConversionRates(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const n = 2000
	cs := make([]creator, n)
	in := make([]Input, n)
	for i := range cs {
		p := betaDraw(r, 3, 97)
		c := clicks(r)
		cs[i] = creator{conv: p}
		k := float64(binomialDraw(r, c, p))
		in[i] = Input{Clicks: c, Orders: k, ClickOrders: k, Cost: 1}
	}
	rk := Rank(in, Params{})
	var s scores
	for _, res := range rk.Results {
		x := in[res.Index]
		s.add(cs[res.Index].conv, x.Orders/float64(x.Clicks), res.ConversionRate)
	}
	check(t, "conversion rate", s, n)
	pr := rk.Priors.ConversionRate
	t.Logf("fitted prior: mean %.4f, worth %.0f clicks (true 0.03, 100)", pr.Mean, pr.Clicks)
	if !pr.Fitted || math.Abs(pr.Mean-0.03) > 0.003 || pr.Clicks < 60 || pr.Clicks > 160 {
		t.Errorf("fitted prior %+v, want mean near 0.03 and weight near 100", pr)
	}
}

// TestSmallWorkspacesStayHonest: a brand usually works with a handful of
// creators, so the prior is fitted on few of them and is itself noisy.
// 200 workspaces of 10 creators each, rates from Beta(3, 97).
func TestSmallWorkspacesStayHonest(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	const workspaces, size = 200, 10
	var s scores
	for range workspaces {
		truth := make([]float64, size)
		in := make([]Input, size)
		for i := range in {
			truth[i] = betaDraw(r, 3, 97)
			c := clicks(r)
			k := float64(binomialDraw(r, c, truth[i]))
			in[i] = Input{Clicks: c, Orders: k, ClickOrders: k, Cost: 1}
		}
		for _, res := range Rank(in, Params{}).Results {
			x := in[res.Index]
			s.add(truth[res.Index], x.Orders/float64(x.Clicks), res.ConversionRate)
		}
	}
	check(t, "conversion rate, 10 creators a workspace", s, workspaces*size)
}

// TestShrinkageBeatsRawOrdersPerClick: true orders per click from
// Gamma(shape 2, mean 3%), Poisson orders.
func TestShrinkageBeatsRawOrdersPerClick(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	const n = 2000
	cs := make([]creator, n)
	in := make([]Input, n)
	for i := range cs {
		lambda := gammaDraw(r, 2) * 0.03 / 2
		c := clicks(r)
		cs[i] = creator{perClick: lambda}
		in[i] = Input{Clicks: c, Orders: float64(poissonDraw(r, lambda*float64(c))), Cost: 1}
	}
	rk := Rank(in, Params{})
	var s scores
	for _, res := range rk.Results {
		x := in[res.Index]
		s.add(cs[res.Index].perClick, x.Orders/float64(x.Clicks), res.OrdersPerClick)
	}
	check(t, "orders per click", s, n)
	pr := rk.Priors.OrdersPerClick
	t.Logf("fitted prior: mean %.4f, worth %.0f clicks (true 0.03, 67)", pr.Mean, pr.Clicks)
	if !pr.Fitted || math.Abs(pr.Mean-0.03) > 0.003 || pr.Clicks < 40 || pr.Clicks > 100 {
		t.Errorf("fitted prior %+v, want mean near 0.03 and weight near 67", pr)
	}
}

// TestShrinkageBeatsRawRevenuePerClick: orders per click as above; each
// creator's average order value from Gamma(shape 25, mean $50), single
// orders' values around it with a coefficient of variation of 0.8.
func TestShrinkageBeatsRawRevenuePerClick(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	const n, cv = 2000, 0.8
	cs := make([]creator, n)
	in := make([]Input, n)
	var values []float64
	for i := range cs {
		lambda := gammaDraw(r, 2) * 0.03 / 2
		aov := gammaDraw(r, 25) * 5000 / 25
		c := clicks(r)
		orders := poissonDraw(r, lambda*float64(c))
		var revenue float64
		for range orders {
			v := gammaDraw(r, 1/(cv*cv)) * aov * cv * cv
			values = append(values, v)
			revenue += v
		}
		cs[i] = creator{revPerClick: lambda * aov}
		in[i] = Input{Clicks: c, Orders: float64(orders), Revenue: money.Round(revenue), Cost: 1}
	}
	rk := Rank(in, Params{OrderValueCV: sampleCV(values)})
	var s scores
	for _, res := range rk.Results {
		x := in[res.Index]
		s.add(cs[res.Index].revPerClick, float64(x.Revenue)/float64(x.Clicks), res.RevenuePerClick)
	}
	check(t, "revenue per click", s, n)
	t.Logf("order value CV measured %.3f; prior %+v, unit %.0f cents", sampleCV(values), rk.Priors.RevenuePerClick, rk.Priors.RevenueUnit)
}

func sampleCV(xs []float64) float64 {
	var sum, sq float64
	for _, x := range xs {
		sum += x
	}
	mean := sum / float64(len(xs))
	for _, x := range xs {
		sq += (x - mean) * (x - mean)
	}
	return math.Sqrt(sq/float64(len(xs)-1)) / mean
}

// check asks for a lower mean squared error than the raw rates' and
// 85–95% of true rates inside the 90% intervals.
func check(t *testing.T, what string, s scores, n int) {
	t.Helper()
	cover := float64(s.covered) / float64(n)
	t.Logf("%s: MSE raw %.4g, shrunk %.4g (%.0f%% lower); 90%% intervals cover %.1f%%",
		what, s.mseRaw/float64(n), s.mseShrunk/float64(n), 100*(1-s.mseShrunk/s.mseRaw), 100*cover)
	if s.mseShrunk >= s.mseRaw {
		t.Errorf("%s: shrunk MSE %g is not below raw %g", what, s.mseShrunk/float64(n), s.mseRaw/float64(n))
	}
	if cover < 0.85 || cover > 0.95 {
		t.Errorf("%s: 90%% intervals cover %.1f%% of true rates, want 85–95%%", what, 100*cover)
	}
}
