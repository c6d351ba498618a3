package leaks

import (
	_ "embed"
	"fmt"
	"net/url"
	"slices"
	"strings"
)

//go:embed sites.txt
var sitesText string

// Site is a known coupon site.
type Site struct {
	Domain  string
	Sources []string // utm_source values that name it
}

// Sites are the known coupon sites.
var Sites = parseSites(sitesText)

func parseSites(text string) []Site {
	var out []Site
	for line := range strings.SplitSeq(text, "\n") {
		f := strings.Fields(strings.ToLower(line))
		if len(f) > 0 && !strings.HasPrefix(f[0], "#") {
			out = append(out, Site{Domain: f[0], Sources: f[1:]})
		}
	}
	return out
}

// couponSite names the coupon site an order came from, "" when none: its
// referrer, its landing URL's host, or the landing URL's utm_source.
func couponSite(o *Order) string {
	if s := siteOfHost(o.Referrer); s != "" {
		return s
	}
	u, err := url.Parse(o.Landing)
	if err != nil {
		return ""
	}
	if s := siteOfHost(u.Hostname()); s != "" {
		return s
	}
	src := strings.ToLower(strings.TrimSpace(u.Query().Get("utm_source")))
	if src == "" {
		return ""
	}
	for _, s := range Sites {
		if src == s.Domain || slices.Contains(s.Sources, src) {
			return s.Domain
		}
	}
	return ""
}

// siteOfHost matches a host to a site, subdomains included
// (www.retailmenot.com is retailmenot.com).
func siteOfHost(host string) string {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "" {
		return ""
	}
	for _, s := range Sites {
		if host == s.Domain || strings.HasSuffix(host, "."+s.Domain) {
			return s.Domain
		}
	}
	return ""
}

// couponSites applies the coupon-site rule to one code: a single
// redemption from a coupon site is a finding.
func couponSites(c *Code, rs []redemption) (Finding, bool) {
	var from []redemption
	bySite := map[string]int{}
	for _, r := range rs {
		if s := couponSite(r.order); s != "" {
			from = append(from, r)
			bySite[s]++
		}
	}
	if len(from) == 0 {
		return Finding{}, false
	}
	sites := make([]string, 0, len(bySite))
	for s := range bySite {
		sites = append(sites, s)
	}
	slices.SortFunc(sites, func(a, b string) int {
		if bySite[a] != bySite[b] {
			return bySite[b] - bySite[a]
		}
		return strings.Compare(a, b)
	})
	parts := make([]string, len(sites))
	for i, s := range sites {
		parts[i] = fmt.Sprintf("%s %s", s, num(bySite[s]))
	}
	ev := fmt.Sprintf("%s of %s redemptions came from coupon sites: %s", num(len(from)), num(len(rs)), strings.Join(parts, ", "))
	return finding(KindCouponSite, c, len(rs), from, ev), true
}
