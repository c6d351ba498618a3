package csvin

import (
	"fmt"
	"io"
	"strings"
)

// Creator is one row of creators.csv.
type Creator struct {
	Line           int
	Handle         string // without "@", lower case
	Platform       string
	Followers      int64
	Name, Niche    string
	CommissionRate float64 // fraction of revenue, 0..1
	HasCommission  bool
}

const (
	crHandle = iota
	crPlatform
	crFollowers
	crName
	crNiche
	crCommission
)

var creatorColumns = []column{
	crHandle:     {"handle", true},
	crPlatform:   {"platform", true},
	crFollowers:  {"followers", true},
	crName:       {"name", false},
	crNiche:      {"niche", false},
	crCommission: {"commission_rate", false},
}

type creatorKey struct{ handle, platform string }

// ParseCreators reads creators.csv: handle, platform, followers and
// optionally name, niche and commission_rate ("0.1" or "10%").
// A handle appears once per platform.
func ParseCreators(r io.Reader, o Options) ([]Creator, []Error, error) {
	seen := map[creatorKey]int{}
	return parseAll(r, o, "creators.csv", creatorColumns, func(t *table) Creator {
		c := Creator{Line: t.line}
		h, okH := t.handle(crHandle)
		p, okP := t.oneOf(crPlatform, platforms)
		c.Handle, c.Platform = h, p
		if okH && okP {
			if first, dup := firstLine(seen, creatorKey{h, p}, t.line); dup {
				t.failf(crHandle, "duplicate creator %q on %s (first on line %d)", h, p, first)
			}
		}
		c.Followers, _ = t.count(crFollowers)
		c.Name = t.text(crName)
		c.Niche, _ = t.name(crNiche)
		c.CommissionRate, c.HasCommission = t.commission(crCommission)
		return c
	})
}

// commission reads a rate as a fraction ("0.1") or a percentage ("10%").
func (t *table) commission(c int) (float64, bool) {
	v, ok := t.value(c)
	if !ok {
		return 0, false
	}
	num, pct := strings.CutSuffix(v, "%")
	f, ok := parseDecimal(strings.TrimSpace(num))
	if pct {
		f /= 100
	}
	if problem := rateProblem(v, f, ok, pct); problem != "" {
		t.fail(c, problem)
		return 0, false
	}
	return f, true
}

func rateProblem(v string, f float64, ok, pct bool) string {
	switch {
	case !ok:
		return fmt.Sprintf("%q is not a rate (write 0.1 or 10%%)", v)
	case f < 0:
		return fmt.Sprintf("%q is negative", v)
	case f > 1 && pct:
		return fmt.Sprintf("%q is more than 100%%", v)
	case f > 1:
		return fmt.Sprintf("%q is more than 1 (write a fraction like 0.1 or a percentage like 10%%)", v)
	}
	return ""
}
