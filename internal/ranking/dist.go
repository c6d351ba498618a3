package ranking

import "math"

// Beta is the beta distribution on [0, 1]: the conjugate prior and
// posterior of a conversion rate.
type Beta struct{ Alpha, Beta float64 }

// Mean is α / (α + β).
func (d Beta) Mean() float64 { return d.Alpha / (d.Alpha + d.Beta) }

// CDF is the regularized incomplete beta function I_x(α, β).
func (d Beta) CDF(x float64) float64 { return regIncBeta(d.Alpha, d.Beta, x) }

// Quantile returns the x with CDF(x) = p. It bisects on the logit of x
// rather than on x, so that tiny quantiles (a 5% point of 1e-20 is usual
// for a rate with no successes under a weak prior) come out with full
// relative precision.
func (d Beta) Quantile(p float64) float64 {
	switch {
	case p <= 0:
		return 0
	case p >= 1:
		return 1
	}
	// Beyond these logits x is 0 or 1 in float64.
	t := bisect(-745, 40, func(t float64) bool { return d.CDF(logistic(t)) < p })
	return logistic(t)
}

// Gamma is the gamma distribution with a shape and a rate (mean shape /
// rate): the conjugate prior and posterior of a Poisson rate.
type Gamma struct{ Shape, Rate float64 }

// Mean is shape / rate.
func (d Gamma) Mean() float64 { return d.Shape / d.Rate }

// CDF is the regularized lower incomplete gamma function P(shape, rate·x).
func (d Gamma) CDF(x float64) float64 { return regIncGamma(d.Shape, d.Rate*x) }

// Quantile returns the x with CDF(x) = p, bisecting on log x for the same
// reason as Beta.Quantile.
func (d Gamma) Quantile(p float64) float64 {
	switch {
	case p <= 0:
		return 0
	case p >= 1:
		return math.Inf(1)
	}
	below := func(t float64) bool { return regIncGamma(d.Shape, math.Exp(t)) < p }
	hi := math.Log(d.Shape) + 1
	for below(hi) && hi < 709 {
		hi += 2
	}
	return math.Exp(bisect(-745, hi, below)) / d.Rate
}

// bisect returns the boundary in [lo, hi] where below turns false, to
// 1e-12 in its argument. The argument is a logarithm, so that is relative
// precision in the quantity itself.
func bisect(lo, hi float64, below func(float64) bool) float64 {
	if !below(lo) {
		return lo
	}
	for range 200 {
		if hi-lo < 1e-12 {
			break
		}
		mid := lo + (hi-lo)/2
		if below(mid) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo + (hi-lo)/2
}

func logistic(t float64) float64 { return 1 / (1 + math.Exp(-t)) }

// Precision and iteration bound of the series and continued fractions.
// Their iterations grow as the square root of the larger parameter, so
// the bound is only reached with shapes far beyond any click count.
const (
	epsilon  = 1e-15
	maxIter  = 100_000
	tinyNorm = 1e-300
)

func lgamma(x float64) float64 {
	v, _ := math.Lgamma(x)
	return v
}

// regIncBeta is I_x(a, b), evaluated by the continued fraction of
// Numerical Recipes §6.4 on whichever side of the mean it converges fast.
func regIncBeta(a, b, x float64) float64 {
	switch {
	case x <= 0:
		return 0
	case x >= 1:
		return 1
	}
	front := lgamma(a+b) - lgamma(a) - lgamma(b) + a*math.Log(x) + b*math.Log1p(-x)
	if x < (a+1)/(a+b+2) {
		return math.Exp(front) * betaCF(a, b, x) / a
	}
	return 1 - math.Exp(front)*betaCF(b, a, 1-x)/b
}

// betaCF evaluates the continued fraction of I_x(a, b) by the modified
// Lentz method.
func betaCF(a, b, x float64) float64 {
	guard := func(v float64) float64 {
		if math.Abs(v) < tinyNorm {
			return tinyNorm
		}
		return v
	}
	c, d := 1.0, 1/guard(1-(a+b)*x/(a+1))
	h := d
	for m := 1.0; m <= maxIter; m++ {
		m2 := 2 * m
		aa := m * (b - m) * x / ((a - 1 + m2) * (a + m2))
		d = 1 / guard(1+aa*d)
		c = guard(1 + aa/c)
		h *= d * c
		aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + 1 + m2))
		d = 1 / guard(1+aa*d)
		c = guard(1 + aa/c)
		del := d * c
		h *= del
		if math.Abs(del-1) < epsilon {
			break
		}
	}
	return h
}

// regIncGamma is P(a, x): by its series below a+1, where the series
// converges fast, and as 1 − Q(a, x) by Q's continued fraction above.
func regIncGamma(a, x float64) float64 {
	if x <= 0 {
		return 0
	}
	front := -x + a*math.Log(x) - lgamma(a)
	if x < a+1 {
		return math.Exp(front) * gammaSeries(a, x)
	}
	return 1 - math.Exp(front)*gammaCF(a, x)
}

func gammaSeries(a, x float64) float64 {
	term := 1 / a
	sum := term
	for n := 1.0; n <= maxIter; n++ {
		term *= x / (a + n)
		sum += term
		if math.Abs(term) < math.Abs(sum)*epsilon {
			break
		}
	}
	return sum
}

func gammaCF(a, x float64) float64 {
	guard := func(v float64) float64 {
		if math.Abs(v) < tinyNorm {
			return tinyNorm
		}
		return v
	}
	b := x + 1 - a
	c, d := 1/tinyNorm, 1/guard(b)
	h := d
	for i := 1.0; i <= maxIter; i++ {
		an := -i * (i - a)
		b += 2
		d = 1 / guard(an*d+b)
		c = guard(b + an/c)
		del := d * c
		h *= del
		if math.Abs(del-1) < epsilon {
			break
		}
	}
	return h
}
