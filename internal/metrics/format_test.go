package metrics

import (
	"math"
	"testing"

	"github.com/liftmetrics/lift/internal/money"
)

func TestPercent(t *testing.T) {
	tests := []struct {
		in   *float64
		want string
	}{
		{nil, "—"},
		{rate(0.025), "2.50%"},
		{rate(0), "0.00%"},
		{rate(0.06666666666666667), "6.67%"},
		{rate(3), "300.00%"},
		{rate(-0.4), "-40.00%"},
		{rate(12.345678), "1,234.57%"},
		{rate(-0.00001), "0.00%"},
		{rate(math.NaN()), "—"},
		{rate(math.Inf(1)), "—"},
	}
	for _, tt := range tests {
		if got := Percent(tt.in); got != tt.want {
			t.Errorf("Percent(%v) = %q, want %q", deref(tt.in), got, tt.want)
		}
	}
}

func TestMultiple(t *testing.T) {
	tests := []struct {
		in   *float64
		want string
	}{
		{nil, "—"},
		{rate(4), "4.00x"},
		{rate(0.6), "0.60x"},
		{rate(1234.5), "1,234.50x"},
		{rate(math.Inf(-1)), "—"},
	}
	for _, tt := range tests {
		if got := Multiple(tt.in); got != tt.want {
			t.Errorf("Multiple(%v) = %q, want %q", deref(tt.in), got, tt.want)
		}
	}
}

func TestMoney(t *testing.T) {
	tests := []struct {
		in       *money.Cents
		currency string
		want     string
	}{
		{nil, "USD", "—"},
		{cents(5000), "USD", "$50.00"},
		{cents(33), "USD", "$0.33"},
		{cents(123450), "EUR", "€1,234.50"},
		{cents(-300), "EUR", "-€3.00"},
		{cents(100000), "CHF", "1,000.00 CHF"},
	}
	for _, tt := range tests {
		if got := Money(tt.in, tt.currency); got != tt.want {
			t.Errorf("Money(%v, %s) = %q, want %q", tt.in, tt.currency, got, tt.want)
		}
	}
}

func TestCount(t *testing.T) {
	tests := []struct {
		in   int64
		want string
	}{
		{0, "0"},
		{999, "999"},
		{1000, "1,000"},
		{100000, "100,000"},
		{1234567, "1,234,567"},
		{-1234, "-1,234"},
		{math.MinInt64, "-9,223,372,036,854,775,808"},
	}
	for _, tt := range tests {
		if got := Count(tt.in); got != tt.want {
			t.Errorf("Count(%d) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDecimal(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{0, "0"},
		{120, "120"},
		{1234567, "1,234,567"},
		{10.0 / 3, "3.33"},
		{1234.5, "1,234.50"},
		{119.99999999, "120"},
		{0.1 + 0.2, "0.30"},
		{-2.5, "-2.50"},
		{-0.001, "0"},
		{math.NaN(), "—"},
	}
	for _, tt := range tests {
		if got := Decimal(tt.in); got != tt.want {
			t.Errorf("Decimal(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func deref(r *float64) any {
	if r == nil {
		return nil
	}
	return *r
}
