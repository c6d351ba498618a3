package ranking

import (
	"math"
	"testing"
)

func close(got, want, rel float64) bool {
	return math.Abs(got-want) <= rel*math.Max(math.Abs(want), 1e-300)
}

// Closed forms where the parameters allow them; otherwise 12-digit values
// from chi-square tables or an arbitrary-precision evaluation.
func TestRegIncBeta(t *testing.T) {
	for _, tc := range []struct{ a, b, x, want float64 }{
		{2, 3, 0.5, 11.0 / 16}, // Σ_{j=2..4} C(4,j)/16
		{0.5, 0.5, 0.3, 2 / math.Pi * math.Asin(math.Sqrt(0.3))},      // arcsine law
		{1, 4, 0.2, 1 - math.Pow(0.8, 4)},                             // 1 − (1−x)^b
		{3, 1, 0.9, 0.729},                                            // x^a
		{3.08, 48.92, 0.02, 0.0737323439829752},                       // arbitrary precision
		{100000, 50, 0.999, 1.13371789252179e-8},                      // deep tail, large a
		{1, 1, 0, 0}, {1, 1, 1, 1}, {1, 1, -1, 0}, {1, 1, 0.25, 0.25}, // edges
	} {
		if got := regIncBeta(tc.a, tc.b, tc.x); !close(got, tc.want, 1e-9) && math.Abs(got-tc.want) > 1e-15 {
			t.Errorf("I_%v(%v, %v) = %.15g, want %.15g", tc.x, tc.a, tc.b, got, tc.want)
		}
	}
}

func TestRegIncGamma(t *testing.T) {
	for _, tc := range []struct{ a, x, want float64 }{
		{1, 2, 1 - math.Exp(-2)},
		{2, 3, 1 - 4*math.Exp(-3)}, // 1 − e^{−x}(1 + x)
		{3, 2, 1 - 5*math.Exp(-2)}, // 1 − e^{−x}(1 + x + x²/2)
		{0.5, 0.7, math.Erf(math.Sqrt(0.7))},
		{10, 12, 0.757607838329488},     // series/fraction switch is at a+1 = 11
		{0.01, 1e-5, 0.896336798267197}, // tiny shape
		{1000, 1050, 0.941328888622682},
		{3, 0, 0},
	} {
		if got := regIncGamma(tc.a, tc.x); !close(got, tc.want, 1e-9) && math.Abs(got-tc.want) > 1e-15 {
			t.Errorf("P(%v, %v) = %.15g, want %.15g", tc.a, tc.x, got, tc.want)
		}
	}
}

func TestBetaQuantile(t *testing.T) {
	for _, tc := range []struct {
		d       Beta
		p, want float64
	}{
		{Beta{1, 1}, 0.05, 0.05},
		{Beta{0.5, 0.5}, 0.05, math.Pow(math.Sin(math.Pi*0.05/2), 2)},
		{Beta{1, 4}, 0.95, 1 - math.Pow(0.05, 0.25)},
		{Beta{0.06, 1}, 0.05, math.Pow(0.05, 1/0.06)}, // ≈ 1.6e-22: relative precision in the far tail
		{Beta{2, 1}, 0.95, math.Sqrt(0.95)},
		{Beta{3.08, 48.92}, 0.05, 0.0170490812787277},
		{Beta{3.08, 48.92}, 0.95, 0.120545751621436},
		{Beta{0.06, 1.94}, 0.05, 8.15101438274776e-23},
		{Beta{200.5, 9800.5}, 0.05, 0.017798553439347},
		{Beta{2, 3}, 0, 0},
		{Beta{2, 3}, 1, 1},
	} {
		if got := tc.d.Quantile(tc.p); !close(got, tc.want, 1e-9) {
			t.Errorf("%+v quantile %v = %.15g, want %.15g", tc.d, tc.p, got, tc.want)
		}
	}
}

func TestGammaQuantile(t *testing.T) {
	for _, tc := range []struct {
		d       Gamma
		p, want float64
	}{
		{Gamma{1, 1}, 0.95, -math.Log(0.05)},
		{Gamma{1, 40}, 0.05, -math.Log(0.95) / 40}, // the rate scales
		{Gamma{0.5, 0.5}, 0.95, 3.84145882069412},  // χ²(1) 95% point
		{Gamma{5, 0.5}, 0.05, 3.94029913611906},    // χ²(10) 5% point
		{Gamma{5, 0.5}, 0.95, 18.3070380532751},    // χ²(10) 95% point
		{Gamma{3.08, 1}, 0.05, 0.858969311959685},
		{Gamma{3.08, 52}, 0.95, 6.41520972499948 / 52},
		{Gamma{0.08, 1}, 0.05, 3.26559190548738e-17},
		{Gamma{1e4, 1}, 0.05, 9836.08511085519},
		{Gamma{2, 1}, 0, 0},
	} {
		if got := tc.d.Quantile(tc.p); !close(got, tc.want, 1e-9) {
			t.Errorf("%+v quantile %v = %.15g, want %.15g", tc.d, tc.p, got, tc.want)
		}
	}
	if q := (Gamma{2, 1}).Quantile(1); !math.IsInf(q, 1) {
		t.Errorf("quantile 1 = %v, want +Inf", q)
	}
}

// The quantile inverts the CDF wherever the ranking may ask, from a
// creator with no orders under a weak prior (whose 5% point underflows)
// to one with a million clicks.
func TestQuantileInvertsCDF(t *testing.T) {
	for _, d := range []Beta{{0.001, 102}, {0.5, 3}, {30, 970}, {30000, 1e6}, {9.5, 0.5}} {
		for _, p := range []float64{0.05, 0.5, 0.95} {
			inverts(t, d, p, d.CDF, d.Quantile)
		}
	}
	for _, d := range []Gamma{{0.001, 2}, {0.5, 3}, {30, 970}, {30000, 1e6}, {2e6, 3}} {
		for _, p := range []float64{0.05, 0.5, 0.95} {
			inverts(t, d, p, d.CDF, d.Quantile)
		}
	}
}

// inverts checks CDF(Quantile(p)) = p, or, when the quantile is below the
// smallest float64, that it came out as 0.
func inverts(t *testing.T, d any, p float64, cdf, quantile func(float64) float64) {
	t.Helper()
	q := quantile(p)
	if q == 0 && cdf(math.SmallestNonzeroFloat64) >= p {
		return
	}
	if got := cdf(q); !close(got, p, 1e-8) {
		t.Errorf("%+v: CDF(Quantile(%v)) = %v", d, p, got)
	}
}
