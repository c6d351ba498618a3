package metrics

import (
	"math"
	"strconv"
	"strings"

	"github.com/liftmetrics/lift/internal/money"
)

// undefined is what people see for a metric whose denominator is zero.
const undefined = "—"

// Percent formats a rate for people with two decimals: 0.025 -> "2.50%",
// nil -> "—".
func Percent(r *float64) string {
	if r == nil || !finite(*r) {
		return undefined
	}
	return fixed(*r*100, 2) + "%"
}

// Multiple formats ROAS-like ratios for people: 4 -> "4.00x", nil -> "—".
func Multiple(r *float64) string {
	if r == nil || !finite(*r) {
		return undefined
	}
	return fixed(*r, 2) + "x"
}

// Money formats an optional amount for people: nil -> "—", else
// money.Format(*c, currency).
func Money(c *money.Cents, currency string) string {
	if c == nil {
		return undefined
	}
	return money.Format(*c, currency)
}

// Count formats an integer with thousands separators: 1234567 ->
// "1,234,567".
func Count(n int64) string {
	return group(strconv.FormatInt(n, 10))
}

// Decimal formats a fractional count (orders under linear attribution):
// whole numbers print without decimals ("120"), otherwise two decimals
// ("3.33"), with thousands separators. Wholeness is judged after rounding
// to two decimals, so credits that sum to 119.9999999 print as "120".
func Decimal(f float64) string {
	if !finite(f) {
		return undefined
	}
	return strings.TrimSuffix(fixed(f, 2), ".00")
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// fixed prints f with the given decimals and thousands separators. A value
// that rounds to zero loses its sign: "-0.00%" would read as a loss.
func fixed(f float64, decimals int) string {
	s := strconv.FormatFloat(f, 'f', decimals, 64)
	if strings.Trim(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-")
	}
	return group(s)
}

// group inserts thousands separators into the integer part of a plain
// decimal string such as "-1234567.89".
func group(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	b.WriteString(sign)
	for i := range len(whole) {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(whole[i])
	}
	if hasFrac {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}
