package csvin

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// Code is one row of codes.csv: a promo code given to a creator.
type Code struct {
	Line     int
	Code     string // upper case; letters, digits, '-' and '_', 1 to 64
	Creator  string
	Campaign string
}

const (
	cdCode = iota
	cdCreator
	cdCampaign
)

var codeColumns = []column{
	cdCode:     {"code", true},
	cdCreator:  {"creator", true},
	cdCampaign: {"campaign", true},
}

// ParseCodes reads codes.csv: code, creator, campaign. Codes are compared
// in upper case, as shops do, and appear once in a file.
func ParseCodes(r io.Reader, o Options) ([]Code, []Error, error) {
	seen := map[string]int{}
	return parseAll(r, o, "codes.csv", codeColumns, func(t *table) Code {
		c := Code{Line: t.line}
		if v, ok := t.value(cdCode); ok {
			if err := checkCode(v); err != nil {
				t.fail(cdCode, err.Error())
			} else {
				c.Code = t.mem.keepCase(v, upper)
				if first, dup := firstLine(seen, c.Code, t.line); dup {
					t.failf(cdCode, "duplicate code %q (first on line %d)", c.Code, first)
				}
			}
		}
		c.Creator, _ = t.creatorRef(cdCreator)
		c.Campaign, _ = t.name(cdCampaign)
		return c
	})
}

// CheckCode accepts what codes.csv accepts as a code: 1 to 64 letters,
// digits, '-' and '_'.
func CheckCode(s string) error { return checkCode(s) }

func checkCode(s string) error {
	if !isToken(s) {
		return fmt.Errorf("%q is not a code (1 to 64 letters, digits, - or _)", s)
	}
	return nil
}

// codes reads a field that may hold several codes ("ANA10, SUMMER5")
// into upper-case codes without repeats, in file order. Codes on orders are
// not checked against the code rules: an order that used a code Lift does
// not track is still an order.
func (t *table) codes(c int) []string {
	v := t.get(c)
	if v == "" {
		return nil
	}
	var buf [8]string
	found := buf[:0]
	for part := range strings.SplitSeq(v, ",") {
		code := strings.TrimSpace(part)
		if code == "" || containsFold(found, code) {
			continue
		}
		// The bound comes first: it keeps the search for repeats short.
		if len(found) == MaxCodes {
			t.failf(c, "more than %d codes; at most %d on one order", MaxCodes, MaxCodes)
			return nil
		}
		found = append(found, code)
	}
	if len(found) == 0 {
		return nil
	}
	out := t.mem.strings(len(found))
	for i, code := range found {
		out[i] = t.mem.keepCase(code, upper)
	}
	return out
}

// Codes reads discount codes as every input does: each field may hold
// several separated by commas; they come out trimmed, upper-cased, without
// repeats, in the order given, and nil when there is none. It stops after
// MaxCodes+1 codes, so a flood of codes costs little; callers refuse more
// than MaxCodes.
func Codes(fields ...string) []string {
	var out []string
	for _, f := range fields {
		for part := range strings.SplitSeq(f, ",") {
			if code := strings.ToUpper(strings.TrimSpace(part)); code != "" && !slices.Contains(out, code) {
				if out = append(out, code); len(out) > MaxCodes {
					return out
				}
			}
		}
	}
	return out
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
