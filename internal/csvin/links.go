package csvin

import (
	"fmt"
	"io"
	"net/url"
	"strings"
)

// Link is one row of links.csv: a tracked link that redirects to
// Destination.
type Link struct {
	Line                                 int
	Slug, Destination, Creator, Campaign string
	PostID                               string // "" when the link is not tied to a post
}

// ReservedSlugs are paths the server serves itself, so no tracked link may
// take them, whatever their case.
var ReservedSlugs = []string{
	"api", "webhooks", "lift.js", "healthz", "metrics", "login", "logout",
	"static", "assets", "favicon.ico", "robots.txt", "admin", "dashboard",
	"settings", "import", "links", "codes", "creators", "platforms", "campaigns",
}

// CheckSlug accepts 1 to 64 letters, digits, '-' and '_' that are not one
// of the ReservedSlugs. Slugs are case-sensitive.
func CheckSlug(s string) error {
	if err := checkSlugFormat(s); err != nil {
		return err
	}
	for _, r := range ReservedSlugs {
		if strings.EqualFold(s, r) {
			return fmt.Errorf("%q is a reserved slug", s)
		}
	}
	return nil
}

// checkSlugFormat leaves out the reserved check: a click on a slug that was
// valid when it was clicked stays readable if a slug is reserved later.
func checkSlugFormat(s string) error {
	if !isToken(s) {
		return fmt.Errorf("%q is not a slug (1 to 64 letters, digits, - or _)", s)
	}
	return nil
}

// CheckDestination accepts only absolute http and https URLs with a host:
// a tracked link redirects there, so javascript:, data:, relative and
// other schemes would be an open door. Credentials in the URL are refused
// because "https://shop.com@evil.example" is a classic disguise.
func CheckDestination(s string) error {
	if err := CheckText(s, MaxText, true); err != nil {
		return err
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" ||
		strings.ContainsAny(s, " \t\r\n") {
		return fmt.Errorf("%q is not an absolute http or https URL", s)
	}
	if u.User != nil {
		return fmt.Errorf("%q must not hold a user name or password", s)
	}
	return nil
}

const (
	lkSlug = iota
	lkDestination
	lkCreator
	lkCampaign
	lkPostID
)

var linkColumns = []column{
	lkSlug:        {"slug", true},
	lkDestination: {"destination", true},
	lkCreator:     {"creator", true},
	lkCampaign:    {"campaign", true},
	lkPostID:      {"post_id", false},
}

// ParseLinks reads links.csv: slug, destination, creator, campaign and
// optionally post_id. A slug appears once in a file.
func ParseLinks(r io.Reader, o Options) ([]Link, []Error, error) {
	seen := map[string]int{}
	return parseAll(r, o, "links.csv", linkColumns, func(t *table) Link {
		l := Link{Line: t.line}
		l.Slug = t.slug(lkSlug, CheckSlug)
		if l.Slug != "" {
			if first, dup := firstLine(seen, l.Slug, t.line); dup {
				t.failf(lkSlug, "duplicate slug %q (first on line %d)", l.Slug, first)
			}
		}
		l.Destination = t.url(lkDestination)
		l.Creator, _ = t.creatorRef(lkCreator)
		l.Campaign, _ = t.name(lkCampaign)
		l.PostID = t.text(lkPostID)
		return l
	})
}

// slug reads a slug checked by check; "" when empty or refused.
func (t *table) slug(c int, check func(string) error) string {
	v, ok := t.value(c)
	if !ok {
		return ""
	}
	if err := check(v); err != nil {
		t.fail(c, err.Error())
		return ""
	}
	return t.mem.keep(v)
}

// isToken reports 1 to 64 ASCII letters, digits, '-' and '_': what fits in
// a URL path or a checkout's code box without escaping.
func isToken(s string) bool {
	ok := len(s) >= 1 && len(s) <= 64
	for i := 0; ok && i < len(s); i++ {
		ch := s[i]
		ok = ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '-' || ch == '_'
	}
	return ok
}
