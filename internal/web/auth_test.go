package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/crypto/bcrypt"
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

// TestSignInLimitHoldsUnderConcurrency sends 150 guesses at once from
// one address at one account: only the account's limit of them may be
// checked against the password, every other one is refused unchecked.
func TestSignInLimitHoldsUnderConcurrency(t *testing.T) {
	e := newEnv(t)
	// The real cost, so that the check takes as long as it does in use:
	// long enough for every guess to arrive while the first is checked.
	u, _, err := e.st.UserByEmail(context.Background(), "ana@brand.com")
	if err != nil {
		t.Fatal(err)
	}
	hash, _ := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err := e.st.SetPassword(context.Background(), u.ID, string(hash)); err != nil {
		t.Fatal(err)
	}
	c := e.client(t)
	resp, page := c.get("/login")
	token := formToken(t, page)
	form := url.Values{"csrf": {token}, "email": {"ana@brand.com"}, "password": {"a wrong guess"}}.Encode()
	var cookie *http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Name == loginCookie {
			cookie = ck
		}
	}
	const guesses = 150
	statuses := make(chan int, guesses)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for range guesses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			req, _ := http.NewRequest("POST", e.srv.URL+"/login", strings.NewReader(form))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.AddCookie(cookie) // each answer sets a new form token: no cookie jar
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				statuses <- 0
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			statuses <- resp.StatusCode
		}()
	}
	close(start)
	wg.Wait()
	close(statuses)
	got := map[int]int{}
	for s := range statuses {
		got[s]++
	}
	if got[http.StatusUnauthorized] != maxFailEmail || got[http.StatusTooManyRequests] != guesses-maxFailEmail {
		t.Errorf("150 simultaneous guesses: %v; want %d checked (401) and the rest refused (429)", got, maxFailEmail)
	}
	if n := e.rows(t)["login_attempts"]; n != 2*maxFailEmail {
		t.Errorf("%d attempts recorded, want %d (one per e-mail and one per address for each checked guess)", n, 2*maxFailEmail)
	}
}

// TestGuessesCannotLockOutAUsersBrowser: a browser that signed in to an
// account before keeps signing in while someone else exhausts the
// account's limit; the limiter stores no e-mail or address in a form
// that a list of them could reverse.
func TestGuessesCannotLockOutAUsersBrowser(t *testing.T) {
	e := newEnv(t)
	ana := e.signedIn(t, "ana@brand.com")
	if resp, _ := ana.post("/logout", url.Values{}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout: %d", resp.StatusCode)
	}
	guesser := e.client(t)
	for i := 0; i <= maxFailEmail; i++ {
		guesser.login("ana@brand.com", "guess", "")
	}
	if status, _ := guesser.login("ana@brand.com", password, ""); status != http.StatusTooManyRequests {
		t.Fatalf("the guesser with the right password: %d, want 429", status)
	}
	// A device cookie of one account does not free another account.
	for i := 0; i < maxFailEmail; i++ {
		ana.login("olly@other.com", "guess", "")
	}
	if status, _ := ana.login("olly@other.com", password, ""); status != http.StatusTooManyRequests {
		t.Errorf("ana's browser on olly's account after %d failures: %d, want 429", maxFailEmail, status)
	}
	if status, loc := ana.login("ana@brand.com", password, ""); status != http.StatusSeeOther || loc != "/" {
		t.Errorf("ana's own browser: %d → %q, want 303 → /", status, loc)
	}
	keys, err := e.st.LoginAttemptKeys(context.Background())
	if err != nil || len(keys) == 0 {
		t.Fatalf("login attempt keys %v, %v", keys, err)
	}
	for _, plain := range []string{"email:ana@brand.com", "ip:127.0.0.1", "email:olly@other.com"} {
		sum := sha256.Sum256([]byte(plain))
		if slices.Contains(keys, hex.EncodeToString(sum[:])) {
			t.Errorf("the limiter stores the plain SHA-256 of %q", plain)
		}
	}
	if len(keys) != 2 {
		t.Errorf("%d limiter keys, want 2 (olly's account and the address; ana's went with her sign-in)", len(keys))
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
	if n := e.rows(t)["sessions"]; n != 0 {
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
	contains(t, "olly's links", body, `<option value="zed/pinterest">`, "Winter")
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
	contains(t, "agency after the switch", body, `<option value="zed/pinterest">`)

	// A user removed from the workspace the session is in moves to one
	// they still have, never stays.
	ctx := context.Background()
	u, _, _ := e.st.UserByEmail(ctx, "agency@example.com")
	if was, err := e.st.RemoveMember(ctx, u.ID, e.other.ID); err != nil || !was {
		t.Fatalf("remove agency from other: %v, %v", was, err)
	}
	_, body = agency.get("/links")
	contains(t, "agency after removal", body, "/ana1")
	lacks(t, "agency after removal", body, `<option value="zed/pinterest">`)
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

func TestAccountEmailsAreBounded(t *testing.T) {
	e := newEnv(t)
	for _, email := range []string{strings.Repeat("a", 250) + "@b.com", "ana\x00@brand.com", "ana\u0085@brand.com", "an\xe9@brand.com"} {
		if _, err := CreateUser(context.Background(), e.st, email, password, e.brand); err == nil || !strings.Contains(err.Error(), "at most 254 bytes") {
			t.Errorf("e-mail %q: %v", email, err)
		}
	}
}
