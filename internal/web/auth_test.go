package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestSignIn(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name, email, pw, next string
		status                int
		loc                   string
	}{
		{"good", "ana@brand.com", password, "", http.StatusSeeOther, "/"},
		{"e-mail in another case", " Ana@Brand.com ", password, "", http.StatusSeeOther, "/"},
		{"back to the page asked for", "ana@brand.com", password, "/creators?tier=micro", http.StatusSeeOther, "/creators?tier=micro"},
		{"never to another site", "ana@brand.com", password, "//evil.example/x", http.StatusSeeOther, "/"},
		{"never to another site, backslash", "ana@brand.com", password, "/\\evil.example", http.StatusSeeOther, "/"},
		{"wrong password", "ana@brand.com", "not the password", "", http.StatusUnauthorized, ""},
		{"unknown e-mail", "who@brand.com", password, "", http.StatusUnauthorized, ""},
	}
	for _, tc := range tests {
		c := e.client(t)
		status, loc := c.login(tc.email, tc.pw, tc.next)
		if status != tc.status || loc != tc.loc {
			t.Errorf("%s: %d → %q, want %d → %q", tc.name, status, loc, tc.status, tc.loc)
		}
	}
	// Without the form's token (a page of another site posting the form).
	c := e.client(t)
	resp, body := c.post("/login", url.Values{"email": {"ana@brand.com"}, "password": {password}})
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("sign-in without token: %d, want 403", resp.StatusCode)
	}
	for _, ck := range resp.Cookies() {
		if ck.Name == sessionCookie {
			t.Error("sign-in without token started a session")
		}
	}
	contains(t, "sign-in without token", body, "expired")
}

func TestSignInIsRateLimited(t *testing.T) {
	e := newEnv(t)
	c := e.client(t)
	for i := 0; i < maxFailEmail; i++ {
		if status, _ := c.login("ana@brand.com", "guess", ""); status != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d", i+1, status)
		}
	}
	// Now even the right password waits: a guesser must not learn it.
	_, body := c.get("/login")
	form := url.Values{"csrf": {formToken(t, body)}, "email": {"ana@brand.com"}, "password": {password}}
	resp, body := c.post("/login", form)
	if resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("sixth attempt: %d, want 429", resp.StatusCode)
	}
	contains(t, "limited sign-in", body, "Too many failed sign-ins. Wait 15 minutes")
	// Another account from the same address is not locked by ana's.
	if status, _ := e.client(t).login("olly@other.com", password, ""); status != http.StatusSeeOther {
		t.Errorf("another user: %d", status)
	}
	// Guessing many accounts from one address stops at the address limit.
	for i := 0; i < maxFailIP; i++ {
		c.login("nobody"+string(rune('a'+i))+"@x.com", "guess", "")
	}
	if status, _ := e.client(t).login("agency@example.com", password, ""); status != http.StatusTooManyRequests {
		t.Errorf("after %d failures from one address: %d, want 429", maxFailIP+maxFailEmail, status)
	}
}

func TestSignOut(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(t, "ana@brand.com")
	resp, _ := c.post("/logout", url.Values{})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login" {
		t.Fatalf("logout: %d → %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if resp, _ := c.get("/creators"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("after logout: %d", resp.StatusCode)
	}
	var n int
	e.st.DB.QueryRow(`SELECT count(*) FROM sessions`).Scan(&n)
	if n != 0 {
		t.Errorf("%d sessions left after logout", n)
	}
}

func TestAUserSeesOnlyTheirWorkspaces(t *testing.T) {
	e := newEnv(t)
	olly := e.signedIn(t, "olly@other.com")
	_, body := olly.get("/creators?kpis=all")
	contains(t, "olly's creators", body, "No creator has posts")
	lacks(t, "olly's creators", body, ">ana<", ">ben<")
	_, body = olly.get("/links")
	contains(t, "olly's links", body, "zed (pinterest)", "Winter")
	lacks(t, "olly's links", body, "/ana1", "ANA10")
	for _, p := range []string{"/creators/ana", "/links/ana1/qr.png"} {
		if resp, _ := olly.get(p); resp.StatusCode != http.StatusNotFound {
			t.Errorf("olly GET %s: %d, want 404", p, resp.StatusCode)
		}
	}
	resp, _ := olly.post("/settings/switch", url.Values{"workspace": {"brand"}})
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("switch to a workspace not his: %d, want 403", resp.StatusCode)
	}
	lacks(t, "olly's page", body, `id="ws-switch"`)

	agency := e.signedIn(t, "agency@example.com")
	_, body = agency.get("/")
	contains(t, "agency", body, `id="ws-switch"`, `<option value="brand" selected>brand</option>`, `<option value="other" >other</option>`)
	resp, _ = agency.post("/settings/switch", url.Values{"workspace": {"other"}, "back": {"/creators/ana"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
		t.Errorf("switch: %d → %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, body = agency.get("/links")
	contains(t, "agency after the switch", body, "zed (pinterest)")

	// A user removed from the workspace the session is in moves to one
	// they still have, never stays.
	ctx := context.Background()
	u, _, _ := e.st.UserByEmail(ctx, "agency@example.com")
	if _, err := e.st.DB.Exec(`DELETE FROM user_workspaces WHERE user_id = ? AND workspace_id = ?`, u.ID, e.other.ID); err != nil {
		t.Fatal(err)
	}
	_, body = agency.get("/links")
	contains(t, "agency after removal", body, "/ana1")
	lacks(t, "agency after removal", body, "zed (pinterest)")
}

func TestCreateUser(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	for _, tc := range []struct{ email, pw, err string }{
		{"ANA@brand.com", password, "already exists"},
		{"short@brand.com", "short", "at least 10"},
		{"long@brand.com", strings.Repeat("x", 73), "at most 72"},
		{"not-an-address", password, "not an e-mail"},
	} {
		_, err := CreateUser(ctx, e.st, tc.email, tc.pw, e.brand)
		if err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("CreateUser(%q): %v, want %q", tc.email, err, tc.err)
		}
	}
	_, hash, err := e.st.UserByEmail(ctx, "ana@brand.com")
	if err != nil || !strings.HasPrefix(hash, "$2") || strings.Contains(hash, password) {
		t.Errorf("stored password %q: want a bcrypt hash", hash)
	}
	// A changed password signs out every session of the user.
	c := e.signedIn(t, "ana@brand.com")
	u, _, _ := e.st.UserByEmail(ctx, "ana@brand.com")
	h, _ := HashPassword("another long password")
	if err := e.st.SetPassword(ctx, u.ID, h); err != nil {
		t.Fatal(err)
	}
	if resp, _ := c.get("/"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("old session after a password change: %d", resp.StatusCode)
	}
}
