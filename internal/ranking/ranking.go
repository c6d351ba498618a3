// Package ranking ranks creators (or any groups of a report) by what their
// numbers make likely rather than by luck, with empirical Bayes: priors
// fitted across the workspace's creators shrink each creator's rates
// toward the workspace's, the less so the more clicks the creator has.
//
// Three rates per click are estimated, each with its posterior mean and
// equal-tailed 90% interval:
//
//   - conversion rate, beta-binomial on the orders that came through a
//     click (ClickOrders, at most one per click; promo codes redeemed
//     without a click are not successes of a click). Fractional orders of
//     split attribution are used as they are: the beta posterior takes
//     fractional pseudo-counts, and a credit of ⅓ is ⅓ of the evidence.
//   - orders per click, gamma-Poisson with clicks as exposure: uncapped,
//     so it keeps code orders.
//   - revenue per click, gamma-Poisson on revenue counted in units of
//     u = AOV·(1 + CV²), where AOV is the workspace's average order value
//     and CV the spread of single order values. Revenue is a compound
//     Poisson sum (a Poisson number of orders of random value); its
//     variance is orders × AOV²(1 + CV²), so revenue / u has variance
//     equal to its mean, like a Poisson count. Treating it as one lets a
//     single conjugate model carry both the noise of how many orders came
//     and of what each was worth. With CV = 0 (every order worth the
//     same) it is exactly orders per click × AOV.
//
// Posterior ROI is (revenue per click × clicks − cost) / cost, a
// monotone function of revenue per click, so its interval is the image of
// that interval. Cost is taken as known, commission included as charged,
// and so are the clicks: the interval says what the traffic a creator
// brought was worth, not how much traffic a next booking would bring.
//
// A row is to rebook when its whole ROI interval lies above the target
// (break-even unless Params.Target says otherwise), to drop when it lies
// wholly below, and to test again otherwise, or when it has no ROI (no
// clicks, or no cost). Rows are sorted by posterior mean ROI.
//
// Hyperparameters are fitted by maximum marginal likelihood (beta-binomial
// and negative binomial) under a weak hyperprior on the prior's weight.
// Fewer than five creators with clicks, or no spread between their rates,
// leave nothing to fit: then a weak prior centred on the pooled rate and
// worth half an order is used.
package ranking

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/liftmetrics/lift/internal/metrics"
	"github.com/liftmetrics/lift/internal/money"
)

// Level is the probability inside every interval.
const Level = 0.90

// Input is one row to rank: a creator, or any group of a report.
type Input struct {
	Key    string
	Clicks int64
	// Orders is the sum of attribution credits; fractional under split
	// models. ClickOrders are those that came through a click, at most
	// one per click (the README's click_orders): the conversion rate's
	// successes.
	Orders      float64
	ClickOrders float64
	Revenue     money.Cents // net credited revenue
	Cost        money.Cents // costs and commission
}

// Params tune a ranking. The zero value ranks against break-even with
// every order worth the same.
type Params struct {
	// OrderValueCV is the coefficient of variation (standard deviation /
	// mean) of single orders' net values; it widens the revenue intervals.
	OrderValueCV float64
	// Target is the ROI a row must beat to be rebooked: 0 is break-even.
	Target float64
}

// Estimate is a posterior mean with its equal-tailed 90% interval.
type Estimate struct{ Mean, Low, High float64 }

// Recommendation is what to do with a creator.
type Recommendation string

// The recommendations, from the ROI interval against the target.
const (
	Rebook    Recommendation = "rebook"     // the whole interval beats the target
	TestAgain Recommendation = "test again" // the interval straddles it, or no ROI
	Drop      Recommendation = "drop"       // the whole interval misses it
)

// Result is one row's ranking. A rate of a row without clicks, and the ROI
// of a row without clicks or without cost, is nil: its denominator is
// zero.
type Result struct {
	Index           int // position in the input
	Key             string
	ConversionRate  *Estimate
	OrdersPerClick  *Estimate
	RevenuePerClick *Estimate // cents per click
	ROI             *Estimate
	Recommendation  Recommendation
	Reason          string
}

// Priors are the fitted priors. RevenuePerClick's mean is in cents per
// click; RevenueUnit is the u of the revenue model, in cents.
type Priors struct {
	ConversionRate  Prior   `json:"conversion_rate"`
	OrdersPerClick  Prior   `json:"orders_per_click"`
	RevenuePerClick Prior   `json:"revenue_per_click"`
	RevenueUnit     float64 `json:"revenue_unit"`
}

// Ranking is the rows in rank order with the priors they were shrunk to.
type Ranking struct {
	Results []Result
	Priors  Priors
}

// Rank fits the priors across the rows, estimates every row and sorts the
// rows by posterior mean ROI, highest first. The mean, not the lower
// bound, is the key: shrinkage has already pulled a lucky small sample
// toward the average, and the lower bound would bury every newcomer under
// any creator with a long record, however mediocre. Rows without an ROI
// come last; ties go to the higher lower bound, then to the key.
func Rank(in []Input, p Params) Ranking {
	pr := fitPriors(in, p)
	res := make([]Result, len(in))
	for i, x := range in {
		res[i] = estimate(i, x, pr)
		recommend(&res[i], x, p.Target)
	}
	slices.SortStableFunc(res, compareResults)
	return Ranking{Results: res, Priors: pr}
}

func fitPriors(in []Input, p Params) Priors {
	conv := make([]sample, len(in))
	opc := make([]sample, len(in))
	rev := make([]sample, len(in))
	unit := revenueUnit(in, p.OrderValueCV)
	for i, x := range in {
		n := float64(x.Clicks)
		conv[i] = sample{math.Min(x.ClickOrders, n), n}
		opc[i] = sample{x.Orders, n}
		rev[i] = sample{math.Max(float64(x.Revenue), 0) / unit, n}
	}
	pr := Priors{ConversionRate: fitBeta(conv), OrdersPerClick: fitGamma(opc), RevenuePerClick: fitGamma(rev), RevenueUnit: unit}
	pr.RevenuePerClick.Mean *= unit
	return pr
}

// revenueUnit is u = AOV·(1 + CV²) in cents; a workspace without revenue
// counts in whole currency units, as good as any when there is nothing to
// scale by.
func revenueUnit(in []Input, cv float64) float64 {
	var orders, revenue float64
	for _, x := range in {
		orders += x.Orders
		revenue += math.Max(float64(x.Revenue), 0)
	}
	if orders <= 0 || revenue <= 0 {
		return 100
	}
	return revenue / orders * (1 + cv*cv)
}

func estimate(i int, x Input, pr Priors) Result {
	r := Result{Index: i, Key: x.Key}
	if x.Clicks <= 0 {
		return r
	}
	n := float64(x.Clicks)
	k := x.Orders
	prior := pr.ConversionRate.Beta()
	won := math.Min(x.ClickOrders, n)
	r.ConversionRate = interval(Beta{prior.Alpha + won, prior.Beta + n - won})
	g := pr.OrdersPerClick.Gamma()
	r.OrdersPerClick = interval(Gamma{g.Shape + k, g.Rate + n})
	u := pr.RevenueUnit
	g = Prior{Mean: pr.RevenuePerClick.Mean / u, Clicks: pr.RevenuePerClick.Clicks}.Gamma()
	rev := interval(Gamma{g.Shape + math.Max(float64(x.Revenue), 0)/u, g.Rate + n})
	r.RevenuePerClick = &Estimate{rev.Mean * u, rev.Low * u, rev.High * u}
	if x.Cost > 0 {
		c := float64(x.Cost)
		roi := func(perClick float64) float64 { return (perClick*n - c) / c }
		r.ROI = &Estimate{roi(r.RevenuePerClick.Mean), roi(r.RevenuePerClick.Low), roi(r.RevenuePerClick.High)}
	}
	return r
}

// interval is a posterior's mean and equal-tailed interval at Level.
func interval(d interface {
	Mean() float64
	Quantile(float64) float64
}) *Estimate {
	tail := (1 - Level) / 2
	return &Estimate{d.Mean(), d.Quantile(tail), d.Quantile(1 - tail)}
}

// recommend applies the rules: rebook when the ROI interval lies wholly
// above the target, drop when wholly below it, test again otherwise —
// including when there is no ROI to judge (no clicks, or no cost).
func recommend(r *Result, x Input, target float64) {
	if r.ROI == nil {
		r.Recommendation = TestAgain
		r.Reason = "no cost recorded, so no ROI to judge by"
		if x.Clicks <= 0 {
			r.Reason = "no tracked clicks, so nothing per click to judge by"
			if x.Orders > 0 {
				r.Reason += fmt.Sprintf(" (%s came without one)", counted(x.Orders, "order"))
			}
		}
		return
	}
	span := fmt.Sprintf("ROI %.0f%% interval %s to %s", Level*100, SignedPercent(r.ROI.Low), SignedPercent(r.ROI.High))
	above, below, across := "pays back even at the low end", "loses money even at the high end", "spans break-even"
	if target != 0 {
		t := SignedPercent(target)
		above = "beats the " + t + " target even at the low end"
		below = "misses the " + t + " target even at the high end"
		across = "spans the " + t + " target"
	}
	switch {
	case r.ROI.Low > target:
		r.Recommendation, r.Reason = Rebook, span+": "+above
	case r.ROI.High < target:
		r.Recommendation, r.Reason = Drop, span+": "+below
	default:
		r.Recommendation = TestAgain
		evidence := counted(float64(x.Clicks), "click") + " and " + counted(x.Orders, "order")
		r.Reason = fmt.Sprintf("%s %s: %s are too few to tell", span, across, evidence)
		if r.ROI.High-r.ROI.Low <= closeCall {
			r.Reason = fmt.Sprintf("%s %s: too close to call with %s", span, across, evidence)
		}
	}
}

// closeCall is the width of an ROI interval (50 points) below which a row
// that straddles the target is said to be close to it rather than short
// of data: a creator near break-even stays uncertain however long it runs.
const closeCall = 0.5

// counted writes "1 order", "3 orders", "2.50 orders", "1,165 clicks".
func counted(n float64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return metrics.Decimal(n) + " " + noun + "s"
}

// SignedPercent writes a fraction as a signed percent for people, as ROI
// intervals are read: whole percents, or one decimal below 10% where whole
// ones would round a small gain to "+0%".
func SignedPercent(f float64) string {
	v := f * 100
	s := fmt.Sprintf("%+.0f%%", v)
	if math.Abs(v) < 9.95 {
		s = fmt.Sprintf("%+.1f%%", v)
	}
	if s == "+0.0%" || s == "-0.0%" {
		return "0%"
	}
	return s
}

func compareResults(a, b Result) int {
	if (a.ROI == nil) != (b.ROI == nil) {
		if a.ROI == nil {
			return 1
		}
		return -1
	}
	if a.ROI != nil {
		if c := cmp.Compare(b.ROI.Mean, a.ROI.Mean); c != 0 {
			return c
		}
		if c := cmp.Compare(b.ROI.Low, a.ROI.Low); c != 0 {
			return c
		}
	}
	return cmp.Compare(a.Key, b.Key)
}
