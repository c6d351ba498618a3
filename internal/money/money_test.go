package money

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
)

func TestParse(t *testing.T) {
	good := map[string]Cents{
		"0": 0, "12": 1200, "12.5": 1250, "12.34": 1234, "-3.07": -307, "+4": 400,
		".5": 50, "1,234.56": 123456, "1,234,567": 123456700, " 7.00 ": 700,
	}
	for in, want := range good {
		got, err := Parse(in)
		if err != nil || got != want {
			t.Errorf("Parse(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "-", "abc", "12.345", "1e3", "$5", "12.", "1,23", "12,34.5", "1.2.3", "99999999999999999999"} {
		if got, err := Parse(in); err == nil {
			t.Errorf("Parse(%q) = %d, want an error", in, got)
		}
	}
}

func TestFormat(t *testing.T) {
	cases := []struct {
		c    Cents
		cur  string
		want string
	}{
		{123456, "USD", "$1,234.56"},
		{-300, "EUR", "-€3.00"},
		{5, "usd", "$0.05"},
		{100000000, "CHF", "1,000,000.00 CHF"},
	}
	for _, tc := range cases {
		if got := Format(tc.c, tc.cur); got != tc.want {
			t.Errorf("Format(%d, %s) = %q, want %q", tc.c, tc.cur, got, tc.want)
		}
	}
	if got := Cents(-5).String(); got != "-0.05" {
		t.Errorf("String = %q", got)
	}
}

func TestJSON(t *testing.T) {
	b, _ := json.Marshal(struct {
		A Cents `json:"a"`
	}{600000})
	if string(b) != `{"a":6000.00}` {
		t.Errorf("marshal: %s", b)
	}
	var c Cents
	if err := json.Unmarshal([]byte(`19.99`), &c); err != nil || c != 1999 {
		t.Errorf("unmarshal: %d %v", c, err)
	}
}

func TestMulRoundsHalfAwayFromZero(t *testing.T) {
	for _, tc := range []struct {
		c    Cents
		rate float64
		want Cents
	}{{1005, 0.1, 101}, {1004, 0.1, 100}, {-1005, 0.1, -101}, {14000, 0.1, 1400}, {999, 0.15, 150}} {
		if got := Mul(tc.c, tc.rate); got != tc.want {
			t.Errorf("Mul(%d, %v) = %d, want %d", tc.c, tc.rate, got, tc.want)
		}
	}
}

func TestApportion(t *testing.T) {
	cases := []struct {
		total   Cents
		weights []float64
		want    []Cents
	}{
		{100, []float64{1, 1, 1}, []Cents{34, 33, 33}},
		{8000, []float64{1, 1}, []Cents{4000, 4000}},
		{1000, []float64{0.4, 0.2, 0.4}, []Cents{400, 200, 400}},
		{-100, []float64{1, 1, 1}, []Cents{-34, -33, -33}},
		{7, []float64{0, 0}, []Cents{7, 0}},
	}
	for _, tc := range cases {
		got := Apportion(tc.total, tc.weights)
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("Apportion(%d, %v) = %v, want %v", tc.total, tc.weights, got, tc.want)
				break
			}
		}
	}
	// Whatever the weights, the parts add up to the total exactly.
	rng := rand.New(rand.NewPCG(1, 2))
	for range 10000 {
		n := 1 + rng.IntN(8)
		w := make([]float64, n)
		for i := range w {
			w[i] = rng.Float64() * 1e9
		}
		total := Cents(rng.Int64N(1e9) - 5e8)
		var sum Cents
		for _, p := range Apportion(total, w) {
			sum += p
		}
		if sum != total {
			t.Fatalf("Apportion(%d, %v) sums to %d", total, w, sum)
		}
	}
}
