package tracking

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"net/netip"
	"strings"
	"sync/atomic"
	"time"
)

// ClientIP returns the client's address per the trusted-proxy rule: the
// connection's address, unless that is one of the trusted proxies, in
// which case X-Forwarded-For is read from the right, past every trusted
// proxy, to the first address that is not one (X-Real-IP when there is
// no X-Forwarded-For). Reading from the right matters: the left of the
// header is whatever the client chose to send, so trusting it would let
// anyone pick their own visitor key. The zero Addr means unknown.
func ClientIP(r *http.Request, trusted []netip.Prefix) netip.Addr {
	peer := parseAddr(r.RemoteAddr)
	if !isTrusted(peer, trusted) {
		return peer
	}
	if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
		return forwardedFor(xff, peer, trusted)
	}
	if a := parseAddr(strings.TrimSpace(r.Header.Get("X-Real-IP"))); a.IsValid() {
		return a
	}
	return peer
}

// forwardedFor walks the X-Forwarded-For entries (every header line,
// comma-separated) from the right. If all of them are trusted proxies the
// left-most is the client. An entry that does not parse ends the walk at
// the last good address, since nothing to its left can be trusted.
func forwardedFor(lines []string, peer netip.Addr, trusted []netip.Prefix) netip.Addr {
	client := peer
	for i := len(lines) - 1; i >= 0; i-- {
		rest := lines[i]
		for rest != "" {
			var entry string
			if j := strings.LastIndexByte(rest, ','); j >= 0 {
				rest, entry = rest[:j], rest[j+1:]
			} else {
				rest, entry = "", rest
			}
			entry = strings.TrimSpace(entry)
			if entry == "" {
				continue
			}
			a := parseAddr(entry)
			if !a.IsValid() {
				return client
			}
			client = a
			if !isTrusted(a, trusted) {
				return a
			}
		}
	}
	return client
}

// parseAddr reads "ip", "ip:port" or "[ipv6]:port", with IPv4-mapped IPv6
// addresses unmapped so one client has one form.
func parseAddr(s string) netip.Addr {
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap()
	}
	if a, err := netip.ParseAddr(s); err == nil {
		return a.Unmap()
	}
	return netip.Addr{}
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	if !a.IsValid() {
		return false
	}
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// daySalt is the visitor-key salt of one UTC day. Salting by day means a
// visitor key cannot be linked across days, and the raw IP cannot be
// recovered from a stored key without the server secret.
type daySalt struct {
	day int64 // days since the Unix epoch, UTC
	key [sha256.Size]byte
}

// salts caches the current day's salt; computing it is an HMAC, cheap but
// not free on every click.
type salts struct {
	secret []byte
	// Two days are in use at once: today's key is stored, yesterday's is
	// asked for to tell whether a click is unique.
	cur, prev atomic.Pointer[daySalt]
}

func (s *salts) forDay(t time.Time) *daySalt {
	day := t.Unix() / 86400 // clicks are never dated before 1970
	for _, p := range []*atomic.Pointer[daySalt]{&s.cur, &s.prev} {
		if d := p.Load(); d != nil && d.day == day {
			return d
		}
	}
	mac := hmac.New(sha256.New, s.secret)
	mac.Write([]byte(t.UTC().Format(time.DateOnly)))
	d := &daySalt{day: day}
	mac.Sum(d.key[:0])
	if c := s.cur.Load(); c == nil || day >= c.day {
		s.prev.Store(c)
		s.cur.Store(d)
	} else {
		s.prev.Store(d)
	}
	return d
}

// visitorKey is the hex of the first 16 bytes of SHA-256(salt || ip ||
// user agent). The IP goes in as its fixed 16-byte form, so that the
// boundary between address and user agent is never ambiguous.
func visitorKey(salt *daySalt, ip netip.Addr, ua string) string {
	var buf [sha256.Size + 16 + 512]byte
	b := append(buf[:0], salt.key[:]...)
	a16 := ip.As16()
	b = append(b, a16[:]...)
	b = append(b, ua...)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

// newClickID returns 16 random bytes as unpadded base64url: 22 characters
// that survive any URL and are unguessable, so a click id seen in an order
// can be trusted to come from a real redirect.
func newClickID() string {
	var b [16]byte
	rand.Read(b[:]) // never fails: crypto/rand aborts the program instead
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// referrerHost returns the lower-case host of a Referer header without
// port or user info, or "" when there is none. It parses by hand because
// it runs on every redirect and url.Parse allocates.
func referrerHost(ref string) string {
	_, rest, ok := strings.Cut(ref, "://")
	if !ok {
		return ""
	}
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.LastIndexByte(rest, '@'); i >= 0 {
		rest = rest[i+1:]
	}
	rest = stripPort(rest)
	if len(rest) > 253 {
		return "" // longer than any DNS name: not a host
	}
	return strings.ToLower(rest)
}

func stripPort(host string) string {
	if strings.HasPrefix(host, "[") {
		if i := strings.IndexByte(host, ']'); i >= 0 {
			return host[1:i]
		}
		return ""
	}
	if i := strings.IndexByte(host, ':'); i >= 0 {
		return host[:i]
	}
	return host
}
