package uplift

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/liftmetrics/lift/internal/money"
)

// A shop's basket values: 2 in 10 orders at $19.99, 3 at $29.99, 2 at
// $34.99, 2 at $49.99 and 1 at $79.99, so the mean order is exactly
// (2·1999 + 3·2999 + 2·3499 + 2·4999 + 7999) / 10 = 3799 cents.
var basket = [10]money.Cents{1999, 1999, 2999, 2999, 2999, 3499, 3499, 4999, 4999, 7999}

const meanOrder = 3799

// shop describes simulated daily sales: orders per day are negative
// binomial (demand that varies from day to day beyond chance) around
// base × the weekday's factor, each order worth a random basket; a post
// adds lift[i] expected orders on the i-th day of its window, arriving
// one by one (Poisson).
type shop struct {
	name string
	base float64
	week [7]float64 // Sunday first
	size float64    // negative binomial size: variance = mean + mean²/size; 0 for Poisson
	lift []float64
}

// trueLift is the revenue the post adds in expectation, in cents.
func (s shop) trueLift() money.Cents {
	var orders float64
	for _, l := range s.lift {
		orders += l
	}
	return money.Cents(orders * meanOrder)
}

func (s shop) trueOrders() float64 {
	var orders float64
	for _, l := range s.lift {
		orders += l
	}
	return orders
}

// simulate returns a series of DefaultPreDays days before post and the
// window after it, with or without the post's lift.
func (s shop) simulate(r *rand.Rand, post Date, lifted bool) []Day {
	var days []Day
	for d := post - DefaultPreDays; d < post+Date(len(s.lift)); d++ {
		mean := s.base * s.week[d.Weekday()]
		n := negBinomial(r, mean, s.size)
		if i := int(d - post); lifted && i >= 0 {
			n += poisson(r, s.lift[i])
		}
		day := Day{Date: d, Orders: n}
		for range n {
			day.Revenue += basket[r.IntN(len(basket))]
		}
		days = append(days, day)
	}
	return days
}

func negBinomial(r *rand.Rand, mean, size float64) int64 {
	if size == 0 {
		return poisson(r, mean)
	}
	return poisson(r, gamma(r, size)*mean/size)
}

// poisson draws by Knuth's method in pieces of at most 20: a sum of
// Poisson counts is Poisson, and small pieces keep e^-mean well away
// from underflow.
func poisson(r *rand.Rand, mean float64) int64 {
	var n int64
	for mean > 0 {
		m := math.Min(mean, 20)
		mean -= m
		limit, p := math.Exp(-m), r.Float64()
		for p > limit {
			n++
			p *= r.Float64()
		}
	}
	return n
}

// gamma draws Gamma(shape, 1) for shape ≥ 1 (Marsaglia and Tsang).
func gamma(r *rand.Rand, shape float64) float64 {
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

var shops = []shop{
	{
		name: "weekly pattern, demand varies by day",
		base: 40, week: [7]float64{1.35, 0.85, 0.8, 0.85, 0.95, 1.05, 1.15}, size: 20,
		lift: []float64{40, 20, 10},
	},
	{
		name: "flat week, orders by chance only",
		base: 60, week: [7]float64{1, 1, 1, 1, 1, 1, 1},
		lift: []float64{30, 15, 5},
	},
	{
		name: "small shop with a strong weekend",
		base: 12, week: [7]float64{1.6, 0.8, 0.7, 0.7, 0.8, 1.0, 1.4}, size: 10,
		lift: []float64{15, 8, 4},
	},
}

const simulations = 1000

// runShop runs the method on the simulated series of one shop, each with
// a post on a random weekday.
func runShop(t *testing.T, s shop, seed uint64, lifted bool, check func(Result)) {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 7))
	monday := mustDate(t, "2025-03-03")
	for range simulations {
		post := monday + Date(r.IntN(7))
		res := Estimate(Input{
			Series: s.simulate(r, post, lifted),
			Groups: []Group{{Date: post, PostIDs: []string{"p"}}},
		}, Options{})
		if len(res) != 1 || res[0].Excess == nil || res[0].Warning != "" {
			t.Fatalf("no estimate: %+v", res)
		}
		check(res[0])
	}
}

func TestSimulatedLiftIsFound(t *testing.T) {
	for i, s := range shops {
		t.Run(s.name, func(t *testing.T) {
			truth, trueOrders := s.trueLift(), s.trueOrders()
			var covered, coveredOrders, significant int
			var errSum, absErrSum float64
			runShop(t, s, uint64(100+i), true, func(r Result) {
				if r.Covers(truth) {
					covered++
				}
				if *r.ExcessOrdersLow <= trueOrders && trueOrders <= *r.ExcessOrdersHigh {
					coveredOrders++
				}
				if r.Significant() {
					significant++
				}
				e := float64(*r.Excess - truth)
				errSum += e
				absErrSum += math.Abs(e)
			})
			coverage := float64(covered) / simulations
			ordersCoverage := float64(coveredOrders) / simulations
			meanErr := errSum / simulations / float64(truth)
			t.Logf("true lift %s: revenue interval covers it in %.1f%%, orders interval in %.1f%%; "+
				"mean error %+.2f%%, mean absolute error %.1f%% of the lift; interval excludes 0 in %.1f%%",
				truth, 100*coverage, 100*ordersCoverage, 100*meanErr, 100*absErrSum/simulations/float64(truth),
				100*float64(significant)/simulations)
			if coverage < 0.90 || coverage > 0.98 {
				t.Errorf("95%% interval covers the true lift in %.1f%% of simulations, want 90–98%%", 100*coverage)
			}
			if ordersCoverage < 0.90 || ordersCoverage > 0.98 {
				t.Errorf("95%% orders interval covers the true lift in %.1f%% of simulations, want 90–98%%", 100*ordersCoverage)
			}
			if math.Abs(meanErr) >= 0.05 {
				t.Errorf("mean error is %.2f%% of the lift, want under 5%%", 100*meanErr)
			}
		})
	}
}

func TestSimulatedNoLiftFindsNone(t *testing.T) {
	for i, s := range shops {
		t.Run(s.name, func(t *testing.T) {
			var significant, covered int
			runShop(t, s, uint64(200+i), false, func(r Result) {
				if r.Significant() {
					significant++
				}
				if r.Covers(0) {
					covered++
				}
			})
			rate := float64(significant) / simulations
			t.Logf("interval excludes 0 in %.1f%% of series without lift", 100*rate)
			// A 95% interval excludes the truth in 5% of cases; 500
			// draws put 8% three standard errors above that.
			if rate > 0.08 {
				t.Errorf("no-lift series found a lift in %.1f%% of simulations, want at most 8%%", 100*rate)
			}
		})
	}
}

func mustDate(t *testing.T, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
