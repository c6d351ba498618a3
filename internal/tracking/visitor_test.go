package tracking

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http/httptest"
	"net/netip"
	"regexp"
	"testing"
	"time"

	"github.com/liftmetrics/lift/internal/webhook"
)

func TestClientIP(t *testing.T) {
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	cases := []struct {
		name, remote string
		xff          []string
		realIP       string
		want         string
	}{
		{"no proxy", "203.0.113.7:5555", nil, "", "203.0.113.7"},
		{"untrusted sender's header ignored", "203.0.113.7:5555", []string{"198.51.100.1"}, "", "203.0.113.7"},
		{"untrusted sender's X-Real-IP ignored", "203.0.113.7:5555", nil, "198.51.100.1", "203.0.113.7"},
		{"trusted proxy", "10.1.2.3:80", []string{"198.51.100.1"}, "", "198.51.100.1"},
		{"chain of trusted proxies", "10.1.2.3:80", []string{"198.51.100.1, 10.9.9.9, 10.8.8.8"}, "", "198.51.100.1"},
		{"spoofed left entry not believed", "10.1.2.3:80", []string{"1.2.3.4, 198.51.100.1, 10.9.9.9"}, "", "198.51.100.1"},
		{"several header lines", "10.1.2.3:80", []string{"1.2.3.4", "198.51.100.1, 10.9.9.9"}, "", "198.51.100.1"},
		{"only proxies: left-most", "10.1.2.3:80", []string{"10.5.5.5, 10.6.6.6"}, "", "10.5.5.5"},
		{"garbage stops the walk", "10.1.2.3:80", []string{"1.2.3.4, nonsense, 10.6.6.6"}, "", "10.6.6.6"},
		{"entry with port", "10.1.2.3:80", []string{"198.51.100.1:4444"}, "", "198.51.100.1"},
		{"ipv6 entry", "10.1.2.3:80", []string{"2001:db8::1"}, "", "2001:db8::1"},
		{"bracketed ipv6 entry with port", "10.1.2.3:80", []string{"[2001:db8::1]:443"}, "", "2001:db8::1"},
		{"X-Real-IP from trusted", "10.1.2.3:80", nil, "198.51.100.1", "198.51.100.1"},
		{"X-Forwarded-For before X-Real-IP", "10.1.2.3:80", []string{"198.51.100.1"}, "198.51.100.2", "198.51.100.1"},
		{"trusted, no header", "10.1.2.3:80", nil, "", "10.1.2.3"},
		{"ipv6 sender", "[::1]:80", []string{"198.51.100.1"}, "", "198.51.100.1"},
		{"mapped ipv4 unmapped", "[::ffff:203.0.113.7]:80", nil, "", "203.0.113.7"},
		{"unparsable remote", "pipe", []string{"198.51.100.1"}, "", "invalid IP"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/x", nil)
			r.RemoteAddr = c.remote
			for _, v := range c.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			if c.realIP != "" {
				r.Header.Set("X-Real-IP", c.realIP)
			}
			if got := ClientIP(r, trusted).String(); got != c.want {
				t.Fatalf("got %s, want %s", got, c.want)
			}
		})
	}
}

func TestReferrerHost(t *testing.T) {
	cases := map[string]string{
		"":                                     "",
		"https://L.Instagram.com/":             "l.instagram.com",
		"https://www.tiktok.com:443/@jess?x":   "www.tiktok.com",
		"http://user:pw@Example.org#frag":      "example.org",
		"https://[2001:DB8::1]:8443/p":         "2001:db8::1",
		"android-app://com.google.android.gm/": "com.google.android.gm",
		"not a url":                            "",
		"https://t.co?amp=1":                   "t.co",
	}
	for in, want := range cases {
		if got := referrerHost(in); got != want {
			t.Errorf("referrerHost(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestVisitorKey(t *testing.T) {
	s := salts{secret: []byte("server secret")}
	day := time.Date(2025, 3, 14, 23, 59, 0, 0, time.UTC)
	ip := netip.MustParseAddr("203.0.113.7")
	k := visitorKey(s.forDay(day), ip, iPhoneUA)

	mac := hmac.New(sha256.New, []byte("server secret"))
	mac.Write([]byte("2025-03-14"))
	salt := mac.Sum(nil)
	a16 := ip.As16()
	sum := sha256.Sum256(append(append(salt, a16[:]...), iPhoneUA...))
	if want := hex.EncodeToString(sum[:16]); k != want {
		t.Fatalf("key %s, want %s", k, want)
	}
	if k2 := visitorKey(s.forDay(day.Add(-time.Hour)), ip, iPhoneUA); k2 != k {
		t.Fatal("same day, same visitor: keys differ")
	}
	if k2 := visitorKey(s.forDay(day.Add(2*time.Minute)), ip, iPhoneUA); k2 == k {
		t.Fatal("the salt did not change at midnight UTC")
	}
	if k2 := visitorKey(s.forDay(day), ip, desktopUA); k2 == k {
		t.Fatal("different user agents share a key")
	}
	long := string(make([]byte, 4000))
	if k1, k2 := visitorKey(s.forDay(day), ip, long), visitorKey(s.forDay(day), ip, long+"x"); k1 == k2 {
		t.Fatal("long user agents are truncated")
	}
}

func TestClickID(t *testing.T) {
	seen := map[string]bool{}
	re := regexp.MustCompile(`^[A-Za-z0-9_-]{22}$`)
	for range 1000 {
		id := newClickID()
		if !re.MatchString(id) || seen[id] {
			t.Fatalf("bad or repeated click id %q", id)
		}
		// Stripe's client_reference_id is taken for a click id only in
		// this shape.
		if !webhook.IsClickID(id) {
			t.Fatalf("webhook.IsClickID(%q) is false", id)
		}
		seen[id] = true
	}
}
