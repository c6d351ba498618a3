package web

import "testing"

func TestSafeNextRefusesOtherSites(t *testing.T) {
	for next, want := range map[string]string{
		"/creators?campaign=Spring": "/creators?campaign=Spring",
		"/":                         "/",
		"//evil.example":            "",
		"/\\evil.example":           "",
		"/\t/evil.example":          "",
		"/%09/evil.example":         "/%09/evil.example", // stays a path: the browser does not decode it into a host
		"/\r\nSet-Cookie: x":        "",
		"https://evil.example/":     "",
		"evil.example":              "",
		"/login?next=/x":            "",
	} {
		if got := safeNext(next); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", next, got, want)
		}
	}
}
