package tracking

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/liftmetrics/lift/internal/store"
)

// ClickParam is the query parameter that carries the click id to the
// brand's site, where lift.js and order imports pick it up.
const ClickParam = "lift_cid"

// route is a link as the hot path serves it: the redirect URL is
// precomputed around the click id, so that a redirect costs one string
// concatenation instead of URL parsing and escaping.
type route struct {
	target store.LinkTarget
	head   string // destination up to its fragment, our parameters, then "lift_cid="
	tail   string // the destination's fragment with its '#', or ""
}

// location is the redirect URL for one click.
func (r *route) location(clickID string) string {
	return r.head + clickID + r.tail
}

// Destination builds the redirect URL for a target and click id: the
// stored destination with its query kept as written and in order, the
// UTM parameters the destination does not set already, lift_cid, and the
// fragment last.
func Destination(l store.LinkTarget, clickID string) (string, error) {
	r, err := newRoute(l)
	if err != nil {
		return "", err
	}
	return r.location(url.QueryEscape(clickID)), nil
}

// newRoute checks the destination and precomputes its redirect URL.
func newRoute(l store.LinkTarget) (*route, error) {
	if err := checkDestination(l.Destination); err != nil {
		return nil, err
	}
	base, frag, _ := strings.Cut(l.Destination, "#")
	if frag != "" {
		frag = "#" + frag
	}
	path, query, _ := strings.Cut(base, "?")
	query = withoutParam(query, ClickParam)
	var b strings.Builder
	b.WriteString(path)
	b.WriteByte('?')
	b.WriteString(query)
	if query != "" && !strings.HasSuffix(query, "&") {
		b.WriteByte('&')
	}
	for _, p := range utmParams(l) {
		if p.value == "" || hasParam(query, p.key) {
			continue
		}
		b.WriteString(p.key + "=" + url.QueryEscape(p.value) + "&")
	}
	b.WriteString(ClickParam + "=")
	return &route{target: l, head: b.String(), tail: frag}, nil
}

type param struct{ key, value string }

// utmParams are the campaign parameters every redirect adds, in the order
// analytics tools document them.
func utmParams(l store.LinkTarget) [4]param {
	return [4]param{
		{"utm_source", l.Platform},
		{"utm_medium", "influencer"},
		{"utm_campaign", l.Campaign},
		{"utm_content", l.Creator},
	}
}

// checkDestination accepts only absolute http(s) URLs with a host, so
// that a link can never send a visitor to a javascript:, data: or
// relative target, whatever was written to the database.
func checkDestination(dest string) error {
	for i := 0; i < len(dest); i++ {
		if c := dest[i]; c <= ' ' || c == 0x7f {
			// Spaces and control bytes would corrupt the Location header.
			return fmt.Errorf("destination has a space or control character at byte %d", i)
		}
	}
	u, err := url.Parse(dest)
	if err != nil {
		return err
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("destination scheme %q is not http or https", u.Scheme)
	}
	if u.Host == "" || u.Opaque != "" {
		return errors.New("destination has no host")
	}
	return nil
}

// hasParam reports whether the raw query sets key, comparing unescaped
// names so that "utm%5Fsource" counts as utm_source.
func hasParam(query, key string) bool {
	for part := range strings.SplitSeq(query, "&") {
		if paramName(part) == key {
			return true
		}
	}
	return false
}

// withoutParam drops every key= pair from the raw query. A lift_cid
// already in a destination would leave two click ids in the URL, and the
// site would attribute the order to whichever it happened to read.
func withoutParam(query, key string) string {
	if !hasParam(query, key) {
		return query
	}
	var kept []string
	for part := range strings.SplitSeq(query, "&") {
		if paramName(part) != key {
			kept = append(kept, part)
		}
	}
	return strings.Join(kept, "&")
}

func paramName(pair string) string {
	name, _, _ := strings.Cut(pair, "=")
	if n, err := url.QueryUnescape(name); err == nil {
		return n
	}
	return name
}
