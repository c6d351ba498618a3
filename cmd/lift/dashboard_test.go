package main

import (
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

// lift serve shows the dashboard at / behind its sign-in page, while short
// links keep working beside it.
func TestServeShowsTheDashboard(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	workspaceFiles(t, db)
	s := startServe(t, db, []string{"LIFT_SHOPIFY_WEBHOOK_SECRET=shh"}, "--public-url", "https://go.brand.com")
	for _, tc := range []struct {
		path   string
		status int
		loc    string
	}{
		{"/", http.StatusSeeOther, "/login"},
		{"/creators", http.StatusSeeOther, "/login?next=%2Fcreators"},
		{"/login", http.StatusOK, ""},
		{"/static/app.css", http.StatusOK, ""},
		{"/ana1", http.StatusFound, "https://shop.example.com/p?"},
		{"/healthz", http.StatusOK, ""},
	} {
		resp := get(t, s.base+tc.path, browser)
		if resp.StatusCode != tc.status || !strings.HasPrefix(resp.Header.Get("Location"), tc.loc) {
			t.Errorf("GET %s: %d → %q, want %d → %q", tc.path, resp.StatusCode, resp.Header.Get("Location"), tc.status, tc.loc)
		}
		if tc.path == "/login" {
			for _, c := range resp.Cookies() {
				if !c.Secure {
					t.Errorf("with an https public URL, cookie %s must be Secure", c.Name)
				}
			}
		}
	}
}
