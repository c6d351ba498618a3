package csvin

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/liftmetrics/lift/internal/money"
)

// count reads an optional non-negative whole number; ok is false when the
// field is empty or wrong.
func (t *table) count(c int) (int64, bool) {
	v, ok := t.value(c)
	if !ok {
		return 0, false
	}
	n, problem := parseCount(v)
	if problem != "" {
		t.fail(c, problem)
		return 0, false
	}
	return n, true
}

// parseCount reads "1234" or "1,234" into a non-negative number. A decimal
// point is refused even in "12.0": "1.234" may be a European thousand.
func parseCount(v string) (int64, string) {
	s, neg := strings.CutPrefix(v, "-")
	n, ok, overflow := wholeNumber(s)
	switch {
	case overflow:
		return 0, fmt.Sprintf("%q is too large", v)
	case !ok:
		return 0, fmt.Sprintf("%q is not a whole number", v)
	case neg && n != 0:
		return 0, fmt.Sprintf("%q is negative", v)
	}
	return n, ""
}

// wholeNumber reads digits with optional thousands separators, which must
// group by three ("1,234,567") so that "1,23" is not taken for 123.
func wholeNumber(s string) (n int64, ok, overflow bool) {
	group, commas := 0, 0
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if ch == ',' {
			if group == 0 || group > 3 || (commas > 0 && group != 3) {
				return 0, false, false
			}
			group, commas = 0, commas+1
			continue
		}
		if ch < '0' || ch > '9' {
			return 0, false, false
		}
		if n > (math.MaxInt64-int64(ch-'0'))/10 {
			overflow = true
		}
		n = n*10 + int64(ch-'0')
		group++
	}
	if group == 0 || (commas > 0 && group != 3) {
		return 0, false, false
	}
	if overflow {
		return 0, true, true
	}
	return n, true, false
}

// parseDecimal reads a plain decimal ("2.5", "-1,000.75"): exponents,
// "inf" and hex floats that strconv would take are refused.
func parseDecimal(v string) (float64, bool) {
	s, neg := strings.CutPrefix(v, "-")
	whole, frac, dot := strings.Cut(s, ".")
	if whole != "" || !dot {
		if _, ok, overflow := wholeNumber(whole); !ok || overflow {
			return 0, false
		}
	}
	if dot && !allDigits(frac) {
		return 0, false
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
	if err != nil || math.IsInf(f, 0) {
		return 0, false
	}
	if neg {
		f = -f
	}
	return f, true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// amount reads an optional amount of money exactly. Every amount an import
// file holds (revenue, refunds, costs, budgets) is refused when negative:
// a refund is its own column, never a negative revenue.
func (t *table) amount(c int) (money.Cents, bool) {
	v, ok := t.value(c)
	if !ok {
		return 0, false
	}
	m, err := money.Parse(v)
	if err != nil {
		t.fail(c, err.Error())
		return 0, false
	}
	if m < 0 {
		t.failf(c, "%q is negative", v)
		return 0, false
	}
	return m, true
}

// when reads an optional time; date reports a bare date.
func (t *table) when(c int) (tm time.Time, date, ok bool) {
	v, ok := t.value(c)
	if !ok {
		return time.Time{}, false, false
	}
	tm, date, err := parseTime(v, t.loc)
	if err != nil {
		t.fail(c, err.Error())
		return time.Time{}, false, false
	}
	return tm, date, true
}

// boolean reads an optional yes/no field; nil when empty or wrong.
func (t *table) boolean(c int) *bool {
	v, ok := t.value(c)
	if !ok {
		return nil
	}
	switch strings.ToLower(v) {
	case "true", "yes", "y", "1":
		return t.mem.boolean(true)
	case "false", "no", "n", "0":
		return t.mem.boolean(false)
	}
	t.failf(c, "%q is not true or false (use true/false, yes/no or 1/0)", v)
	return nil
}

// normalized reads a value through norm (interned, since such
// values repeat down a file), or reports it as "<value> is not <what>".
func (t *table) normalized(c, kind int, norm func(string) (string, bool), what string) (string, bool) {
	v, ok := t.value(c)
	if !ok {
		return "", false
	}
	n, ok := t.intern(kind, v, norm)
	if !ok {
		t.failf(c, "%q is not %s", v, what)
	}
	return n, ok
}

const (
	aHandle   = "a handle (letters, digits, ., _ and - after an optional @)"
	aCreator  = "a creator (a handle, or handle/platform such as ana/tiktok)"
	aCurrency = "a currency code (3 letters, e.g. USD)"
)

// handle reads a creator handle: "@Ana.B" and "ana.b" are the same creator.
func (t *table) handle(c int) (string, bool) {
	return t.normalized(c, internHandle, normHandle, aHandle)
}

// creatorRef reads a reference to a creator: a handle, or "handle/platform"
// when the same handle is on several platforms.
func (t *table) creatorRef(c int) (string, bool) {
	return t.normalized(c, internHandle, normCreatorRef, aCreator)
}

// CreatorRef reads a creator reference typed on the command line or sent
// to the API the way a file's creator column is read: "@Ana", "ana" and
// "ana/TikTok" → "ana", "ana/tiktok".
func CreatorRef(v string) (string, error) {
	ref, ok := normCreatorRef(strings.TrimSpace(v))
	if !ok {
		return "", fmt.Errorf("%q is not %s", v, aCreator)
	}
	return ref, nil
}

func normCreatorRef(v string) (string, bool) {
	handle, platform, hasPlatform := strings.Cut(v, "/")
	h, ok := normHandle(handle)
	if !ok || !hasPlatform {
		return h, ok
	}
	p, ok := platforms.lookup(strings.TrimSpace(platform))
	if !ok {
		return "", false
	}
	return h + "/" + p, true
}

func normHandle(v string) (string, bool) {
	h := strings.TrimPrefix(v, "@")
	if h == "" || len(h) > 100 {
		return "", false
	}
	for _, r := range h {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '.' && r != '_' && r != '-' {
			return "", false
		}
	}
	return strings.ToLower(h), true
}

// name reads a campaign name or another label that repeats down a file.
func (t *table) name(c int) (string, bool) {
	v, ok := t.value(c)
	if !ok {
		return "", false
	}
	return t.intern(internText, v, same)
}

func same(v string) (string, bool) { return v, true }

// currency reads an optional ISO 4217 code such as "usd" as "USD".
func (t *table) currency(c int) (string, bool) {
	return t.normalized(c, internCurrency, normCurrency, aCurrency)
}

func normCurrency(v string) (string, bool) {
	if len(v) != 3 {
		return "", false
	}
	for i := 0; i < 3; i++ {
		if ch := v[i] | 0x20; ch < 'a' || ch > 'z' {
			return "", false
		}
	}
	return strings.ToUpper(v), true
}

// oneOf reads a field that must be one of e's values.
func (t *table) oneOf(c int, e *enum) (string, bool) {
	v, ok := t.value(c)
	if !ok {
		return "", false
	}
	s, ok := e.lookup(v)
	if !ok {
		t.failf(c, "%q is not a %s (%s)", v, e.what, e.list())
	}
	return s, ok
}

// enum is a closed set of values compared case-insensitively.
type enum struct {
	what    string
	names   []string
	aliases map[string]string // short forms people type, in lower case
}

func (e *enum) lookup(v string) (string, bool) {
	for _, n := range e.names {
		if strings.EqualFold(v, n) {
			return n, true
		}
	}
	if n, ok := e.aliases[strings.ToLower(v)]; ok {
		return n, true
	}
	// "new customers" and "New-Customers" mean new_customers.
	if k := headerKey(v); k != v {
		for _, n := range e.names {
			if k == n {
				return n, true
			}
		}
	}
	return "", false
}

func (e *enum) list() string {
	n := len(e.names)
	return strings.Join(e.names[:n-1], ", ") + " or " + e.names[n-1]
}

var (
	platforms = &enum{
		what:    "platform",
		names:   []string{"instagram", "tiktok", "youtube", "pinterest", "facebook", "other"},
		aliases: map[string]string{"ig": "instagram", "yt": "youtube", "fb": "facebook"},
	}
	postFormats = &enum{
		what:  "post format",
		names: []string{"story", "reel", "post", "short", "video", "live", "pin"},
	}
	costKinds = &enum{
		what:  "cost kind",
		names: []string{"fee", "product", "shipping", "agency", "boost", "other"},
	}
	goalMetrics = &enum{
		what:  "goal metric",
		names: []string{"orders", "revenue", "clicks", "impressions", "engagements", "conversions", "new_customers", "roi", "roas"},
	}
)

// Platforms lists the platforms a creators or posts file takes.
func Platforms() []string { return slices.Clone(platforms.names) }

// CostKinds lists the kinds a costs file takes.
func CostKinds() []string { return slices.Clone(costKinds.names) }

// GoalMetrics lists the goal metrics a campaigns file takes.
func GoalMetrics() []string { return slices.Clone(goalMetrics.names) }
