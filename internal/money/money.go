// Package money holds exact amounts of money as integer minor units (cents).
//
// Lift never stores or sums money as floating point: amounts are parsed from
// text straight into cents, summed as integers, and only divided (for rates
// such as AOV or CPC) at the very end, where the result is rounded half away
// from zero to the cent.
package money

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// Cents is an amount of money in minor units of the workspace's currency.
type Cents int64

// Parse reads a decimal amount in major units ("12", "12.5", "-3.07",
// "1,234.56") into cents. More than two decimals, exponents, currency signs
// and anything that is not a plain number are refused: an amount that cannot
// be read exactly is an error, never a guess.
func Parse(s string) (Cents, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, errors.New("empty amount")
	}
	neg := false
	switch t[0] {
	case '-':
		neg, t = true, t[1:]
	case '+':
		t = t[1:]
	}
	whole, frac, hasDot := strings.Cut(t, ".")
	if hasDot && frac == "" {
		return 0, fmt.Errorf("%q is not an amount", s)
	}
	if strings.Contains(whole, ",") {
		// Thousands separators must group by three: 1,234,567.
		parts := strings.Split(whole, ",")
		for i, p := range parts {
			if (i == 0 && (len(p) == 0 || len(p) > 3)) || (i > 0 && len(p) != 3) {
				return 0, fmt.Errorf("%q is not an amount", s)
			}
		}
		whole = strings.Join(parts, "")
	}
	if whole == "" && !hasDot {
		return 0, fmt.Errorf("%q is not an amount", s)
	}
	if len(frac) > 2 {
		return 0, fmt.Errorf("%q has more than two decimals", s)
	}
	for _, r := range whole + frac {
		if r < '0' || r > '9' {
			return 0, fmt.Errorf("%q is not an amount", s)
		}
	}
	if whole == "" {
		whole = "0"
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w > math.MaxInt64/100-1 {
		return 0, fmt.Errorf("%q is too large", s)
	}
	for len(frac) < 2 {
		frac += "0"
	}
	f, _ := strconv.ParseInt(frac, 10, 64)
	c := Cents(w*100 + f)
	if neg {
		c = -c
	}
	return c, nil
}

// String formats the amount in major units with two decimals: "1234.50".
func (c Cents) String() string {
	sign := ""
	u := int64(c)
	if u < 0 {
		sign, u = "-", -u
	}
	return fmt.Sprintf("%s%d.%02d", sign, u/100, u%100)
}

// MarshalJSON writes the amount as a JSON number in major units with two
// decimals (1234.5 dollars is 1234.50).
func (c Cents) MarshalJSON() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalJSON reads a JSON number (or string) in major units exactly.
func (c *Cents) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	v, err := Parse(s)
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// Format writes the amount for people: currency sign, thousands separators
// and two decimals ("$1,234.50", "-€3.00", "1,000.00 CHF").
func Format(c Cents, currency string) string {
	u := int64(c)
	sign := ""
	if u < 0 {
		sign, u = "-", -u
	}
	digits := strconv.FormatInt(u/100, 10)
	var b strings.Builder
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	num := fmt.Sprintf("%s.%02d", b.String(), u%100)
	if sym, ok := symbols[strings.ToUpper(currency)]; ok {
		return sign + sym + num
	}
	return sign + num + " " + strings.ToUpper(currency)
}

var symbols = map[string]string{
	"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹",
	"CAD": "CA$", "AUD": "A$", "BRL": "R$", "MXN": "MX$", "KRW": "₩",
}

// Round converts a fractional number of cents to cents, half away from zero.
func Round(x float64) Cents {
	return Cents(math.Round(x))
}

// Mul returns c × rate rounded half away from zero to the cent, as a
// commission or a bonus is paid.
func Mul(c Cents, rate float64) Cents {
	return Round(float64(c) * rate)
}

// Apportion splits total into parts proportional to weights so that the
// parts sum to total exactly (largest-remainder method; ties go to the
// earlier weight). Weights must be non-negative and not all zero; if they
// are all zero the whole amount goes to the first part.
func Apportion(total Cents, weights []float64) []Cents {
	out := make([]Cents, len(weights))
	if len(weights) == 0 {
		return out
	}
	var sum float64
	for _, w := range weights {
		sum += w
	}
	if sum <= 0 {
		out[0] = total
		return out
	}
	neg := total < 0
	t := int64(total)
	if neg {
		t = -t
	}
	type rem struct {
		i int
		r float64
	}
	rems := make([]rem, len(weights))
	var given int64
	for i, w := range weights {
		exact := float64(t) * w / sum
		fl := math.Floor(exact)
		out[i] = Cents(fl)
		given += int64(fl)
		rems[i] = rem{i, exact - fl}
	}
	sort.SliceStable(rems, func(a, b int) bool { return rems[a].r > rems[b].r })
	for k := 0; given < t; k++ {
		out[rems[k%len(rems)].i]++
		given++
	}
	if neg {
		for i := range out {
			out[i] = -out[i]
		}
	}
	return out
}
