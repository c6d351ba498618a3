package csvin

import (
	"io"
	"net/url"
	"strings"
	"time"
	"unicode"
)

// Click is one row of clicks.csv: a visit through a tracked link, as
// exported from another tracker.
type Click struct {
	Line      int
	Slug      string
	Time      time.Time
	ClickID   string
	Visitor   string
	Referrer  string // host only, lower case; "" when none
	UserAgent string
}

const (
	clSlug = iota
	clClickedAt
	clClickID
	clVisitor
	clReferrer
	clUserAgent
)

var clickColumns = []column{
	clSlug:      {"slug", true},
	clClickedAt: {"clicked_at", true},
	clClickID:   {"click_id", false},
	clVisitor:   {"visitor", false},
	clReferrer:  {"referrer", false},
	clUserAgent: {"user_agent", false},
}

// ParseClicks reads clicks.csv: slug, clicked_at and optionally click_id,
// visitor, referrer (a URL or a host) and user_agent. A click_id appears
// once in a file.
func ParseClicks(r io.Reader, o Options) ([]Click, []Error, error) {
	seen := map[string]int{}
	return parseAll(r, o, "clicks.csv", clickColumns, func(t *table) Click {
		c := Click{Line: t.line}
		c.Slug = t.slug(clSlug, checkSlugFormat)
		c.Time, _, _ = t.when(clClickedAt)
		if c.ClickID = t.text(clClickID); c.ClickID != "" {
			if first, dup := firstLine(seen, c.ClickID, t.line); dup {
				t.failf(clClickID, "duplicate click %q (first on line %d)", c.ClickID, first)
			}
		}
		c.Visitor = t.text(clVisitor)
		c.Referrer = t.referrer(clReferrer)
		if v, ok := t.value(clUserAgent); ok {
			c.UserAgent, _ = t.intern(internText, v, same)
		}
		return c
	})
}

func (t *table) referrer(c int) string {
	v, ok := t.value(c)
	if !ok {
		return ""
	}
	// Referrers are mostly unique URLs, so the host is interned, not v.
	h, ok := referrerHost(v)
	if !ok {
		t.failf(c, "%q is not a URL or a host", v)
		return ""
	}
	h, _ = t.intern(internText, h, same)
	return h
}

// referrerHost keeps only the host of a referrer: paths and queries of
// other sites say nothing Lift reports on, and may hold personal data.
func referrerHost(v string) (string, bool) {
	switch strings.ToLower(v) {
	case "-", "(direct)", "(none)":
		return "", true
	}
	raw := v
	if !strings.Contains(v, "://") {
		raw = "http://" + v
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", false
	}
	h := u.Hostname()
	if h == "" {
		return "", false
	}
	for _, r := range h {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune(".-_:", r) {
			return "", false
		}
	}
	return strings.ToLower(h), true
}
