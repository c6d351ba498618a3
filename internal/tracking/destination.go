package tracking

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"strings"

	"github.com/liftmetrics/lift/internal/store"
)

// ClickParam is the query parameter that carries the click id to the
// brand's site, where lift.js and order imports pick it up.
const ClickParam = "lift_cid"

// route is a link as the hot path serves it, kept small because a node
// holds every link: the redirect URL is the destination cut before its
// fragment, a joining "?" or "&", the parameters shared by every link of
// one creator, campaign and query shape, the click id and the fragment,
// so that a redirect costs one string concatenation instead of URL
// parsing and escaping.
type route struct {
	id int64
	// s is the slug then the destination as stored, in one allocation;
	// when a lift_cid had to be dropped from the destination (rare), a
	// NUL and the start of the redirect URL follow (a NUL is never in a
	// destination).
	s   string
	n   uint16 // the slug's length (at most 64)
	sep uint8  // index in seps; rewritten for the rare case above
	cut int32  // dest()[cut:] is the fragment with its '#', or ""
	utm *utm
}

func (r *route) slug() string { return r.s[:r.n] }

// dest is the destination as stored, and the rewritten start if any.
func (r *route) dest() (stored, head string) {
	stored, head, _ = strings.Cut(r.s[r.n:], "\x00")
	return stored, head
}

const rewritten = 3

var seps = [...]string{"", "?", "&"}

// utm is the parameters a redirect adds, ending in "lift_cid=", with the
// workspace and names they come from; one value serves many links.
type utm struct {
	ws                          int64
	platform, campaign, creator string
	params                      string
}

// utmKey names a utm: the workspace and names, and which parameters the
// destination sets itself.
type utmKey struct {
	ws                          int64
	platform, campaign, creator string
	theirs                      [4]bool
}

// utms shares utm values among the routes built with it.
type utms map[utmKey]*utm

func (u utms) get(l store.LinkTarget, query string) *utm {
	k := utmKey{ws: l.WorkspaceID, platform: l.Platform, campaign: l.Campaign, creator: l.Creator}
	ps := utmParams(l)
	for i, p := range ps {
		k.theirs[i] = hasParam(query, p.key)
	}
	if x, ok := u[k]; ok {
		return x
	}
	var b strings.Builder
	for i, p := range ps {
		if p.value == "" || k.theirs[i] {
			continue
		}
		b.WriteString(p.key + "=" + url.QueryEscape(p.value) + "&")
	}
	b.WriteString(ClickParam + "=")
	x := &utm{ws: l.WorkspaceID, platform: l.Platform, campaign: l.Campaign, creator: l.Creator, params: b.String()}
	u[k] = x
	return x
}

// location is the redirect URL for one click.
func (r *route) location(clickID string) string {
	if r.sep == rewritten {
		stored, head := r.dest()
		return head + r.utm.params + clickID + stored[r.cut:]
	}
	dest := r.s[r.n:]
	return dest[:r.cut] + seps[r.sep] + r.utm.params + clickID + dest[r.cut:]
}

// target is the link the route serves.
func (r *route) target() store.LinkTarget {
	dest, _ := r.dest()
	return store.LinkTarget{ID: r.id, WorkspaceID: r.utm.ws, Slug: r.slug(), Destination: dest,
		Platform: r.utm.platform, Campaign: r.utm.campaign, Creator: r.utm.creator}
}

// newRoute checks the destination and precomputes its redirect URL.
func newRoute(l store.LinkTarget, shared utms) (route, error) {
	if err := checkDestination(l.Destination); err != nil {
		return route{}, err
	}
	if len(l.Slug) > math.MaxUint16 {
		return route{}, errors.New("slug too long")
	}
	r := route{id: l.ID, n: uint16(len(l.Slug))}
	base, _, _ := strings.Cut(l.Destination, "#")
	r.cut = int32(len(base))
	path, query, hasQuery := strings.Cut(base, "?")
	kept := withoutParam(query, ClickParam)
	switch {
	case kept != query:
		r.sep = rewritten
		r.s = l.Slug + l.Destination + "\x00" + path + "?" + kept
		if kept != "" && !strings.HasSuffix(kept, "&") {
			r.s += "&"
		}
	case !hasQuery:
		r.sep = 1
	case query != "" && !strings.HasSuffix(query, "&"):
		r.sep = 2
	}
	if r.s == "" {
		r.s = l.Slug + l.Destination
	}
	r.utm = shared.get(l, kept)
	return r, nil
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
