package web

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"

	"github.com/liftmetrics/lift/internal/store"
	"github.com/liftmetrics/lift/internal/tracking"
)

// passwordCost is bcrypt's work factor; tests lower it.
var passwordCost = bcrypt.DefaultCost

// MinPassword is the shortest password accepted. bcrypt reads at most 72
// bytes, so longer ones are refused rather than silently cut.
const (
	MinPassword = 10
	maxPassword = 72
	maxEmail    = 254 // the longest address mail can carry
)

// HashPassword checks a new password and hashes it with bcrypt.
func HashPassword(password string) (string, error) {
	switch {
	case utf8.RuneCountInString(password) < MinPassword:
		return "", fmt.Errorf("password too short: use at least %d characters", MinPassword)
	case len(password) > maxPassword:
		return "", fmt.Errorf("password too long: use at most %d bytes", maxPassword)
	}
	b, err := bcrypt.GenerateFromPassword([]byte(password), passwordCost)
	return string(b), err
}

// CreateUser makes an account that may see workspace ws.
func CreateUser(ctx context.Context, st *store.Store, email, password string, ws store.Workspace) (store.User, error) {
	// Checked before normalising: lower-casing turns invalid bytes into U+FFFD.
	valid := utf8.ValidString(email)
	email = store.NormalEmail(email)
	if at := strings.IndexByte(email, '@'); at < 1 || at == len(email)-1 || len(email) > maxEmail || !valid || strings.ContainsFunc(email, func(r rune) bool { return r == ' ' || unicode.IsControl(r) }) {
		return store.User{}, fmt.Errorf("%q is not an e-mail address (at most %d bytes, no spaces or control characters)", email, maxEmail)
	}
	hash, err := HashPassword(password)
	if err != nil {
		return store.User{}, err
	}
	u, err := st.CreateUser(ctx, email, hash)
	if err != nil {
		return store.User{}, err
	}
	return u, st.AddMember(ctx, u.ID, ws.ID)
}

// Sign-in limits: failures counted per e-mail and per client address
// over a quarter of an hour, enough to stop guessing and short enough
// that a user who mistyped is not locked out for long.
const (
	failWindow   = 15 * time.Minute
	maxFailEmail = 5
	maxFailIP    = 20
)

// dummyHash is compared against when the e-mail is unknown, so that an
// unknown and a known e-mail take the same time to refuse.
var dummyHash = sync.OnceValue(func() []byte {
	b, _ := bcrypt.GenerateFromPassword([]byte("not a password of anyone"), passwordCost)
	return b
})

type loginView struct {
	Email string
	Next  string
	Error string
	Token string
}

const loginCookie = "lift_login"

func (h *Handler) loginPage(w http.ResponseWriter, r *http.Request) {
	if _, err := h.session(r); err == nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	h.showLogin(w, r, http.StatusOK, loginView{Next: safeNext(r.URL.Query().Get("next"))})
}

// showLogin renders the form with a fresh token: before a session there
// is nothing to tie a CSRF token to, so the form's token must match a
// cookie (double submit).
func (h *Handler) showLogin(w http.ResponseWriter, r *http.Request, status int, lv loginView) {
	lv.Token = newToken()
	http.SetCookie(w, &http.Cookie{Name: loginCookie, Value: lv.Token, Path: "/login", HttpOnly: true,
		Secure: h.secure(r), SameSite: http.SameSiteStrictMode, MaxAge: 3600})
	w.Header().Set("Cache-Control", "no-store")
	h.render(w, r, nil, status, "login", view{Title: "Sign in", Page: lv})
}

func (h *Handler) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		h.fail(w, r, nil, errBadRequest("The form could not be read."))
		return
	}
	lv := loginView{Email: strings.TrimSpace(r.PostFormValue("email")), Next: safeNext(r.PostFormValue("next"))}
	c, err := r.Cookie(loginCookie)
	if err != nil || !sameOrigin(r) || !equalTokens(r.PostFormValue("csrf"), c.Value) {
		lv.Error = "The sign-in form expired. Please sign in again."
		h.showLogin(w, r, http.StatusForbidden, lv)
		return
	}
	u, status, msg, err := h.authenticate(r, lv.Email, r.PostFormValue("password"))
	if err != nil {
		h.fail(w, r, nil, err)
		return
	}
	if msg != "" {
		lv.Error = msg
		h.showLogin(w, r, status, lv)
		return
	}
	if err := h.startSession(w, r, u); err != nil {
		h.fail(w, r, nil, err)
		return
	}
	h.clearCookie(w, r, loginCookie, "/login")
	h.setDeviceCookie(w, r, u.Email)
	next := lv.Next
	if next == "" {
		next = "/"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// authenticate checks the password within the sign-in limits; a refusal
// comes back as a status and a message for the form. The attempt is
// counted before bcrypt runs (ReserveLogin), so simultaneous guesses
// cannot all slip under the limit, and it is forgotten again only when
// the password is right.
func (h *Handler) authenticate(r *http.Request, email, password string) (store.User, int, string, error) {
	ctx := r.Context()
	emailKey := h.limiterKey("email", store.NormalEmail(email))
	var limits []store.LoginLimit
	// A browser that signed in to this account before is not held by the
	// account's limit, so that nobody can lock a user out by guessing at
	// their e-mail; the address limit still holds it.
	if !h.knownDevice(r, email) {
		limits = append(limits, store.LoginLimit{Key: emailKey, Max: maxFailEmail})
	}
	if ip := tracking.ClientIP(r, h.cfg.TrustedProxies); ip.IsValid() {
		limits = append(limits, store.LoginLimit{Key: h.limiterKey("ip", ip.String()), Max: maxFailIP})
	}
	now := h.now()
	ids, refused, oldest, err := h.st.ReserveLogin(ctx, limits, now.Add(-failWindow), now)
	if err != nil {
		return store.User{}, 0, "", err
	}
	if refused >= 0 {
		wait := max(time.Minute, oldest.Add(failWindow).Sub(now).Round(time.Minute))
		return store.User{}, http.StatusTooManyRequests,
			fmt.Sprintf("Too many failed sign-ins. Wait %d minutes and try again.", int(wait.Minutes())), nil
	}
	u, hash, err := h.st.UserByEmail(ctx, email)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return store.User{}, 0, "", err
	}
	if err != nil {
		hash = string(dummyHash())
	}
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) != nil || u.ID == 0 {
		return store.User{}, http.StatusUnauthorized, "That e-mail and password do not match an account.", nil
	}
	return u, 0, "", h.st.ReleaseLogin(ctx, ids, emailKey)
}

// limiterKey is what the sign-in limiter stores of an e-mail or address:
// an HMAC under a server secret, so that the stored keys cannot be
// reversed by hashing every address or a list of e-mails.
func (h *Handler) limiterKey(kind, value string) string {
	m := hmac.New(sha256.New, h.loginKey)
	m.Write([]byte(kind + ":" + value))
	return hex.EncodeToString(m.Sum(nil))
}

// deviceCookie marks a browser that signed in to an account: its value
// is the account's device key, which only the server can compute.
const (
	deviceCookie = "lift_device"
	deviceLife   = 365 * 24 * time.Hour
)

func (h *Handler) deviceKey(email string) string {
	return h.limiterKey("device", store.NormalEmail(email))
}

func (h *Handler) knownDevice(r *http.Request, email string) bool {
	c, err := r.Cookie(deviceCookie)
	return err == nil && hmac.Equal([]byte(c.Value), []byte(h.deviceKey(email)))
}

func (h *Handler) setDeviceCookie(w http.ResponseWriter, r *http.Request, email string) {
	http.SetCookie(w, &http.Cookie{Name: deviceCookie, Value: h.deviceKey(email), Path: "/login",
		MaxAge: int(deviceLife.Seconds()), HttpOnly: true, Secure: h.secure(r), SameSite: http.SameSiteStrictMode})
}

// startSession signs a user in to their first workspace.
func (h *Handler) startSession(w http.ResponseWriter, r *http.Request, u store.User) error {
	wss, err := h.st.UserWorkspaces(r.Context(), u.ID)
	if err != nil {
		return err
	}
	if len(wss) == 0 {
		return &httpError{http.StatusForbidden, "Your account belongs to no workspace yet. " +
			"Ask whoever runs Lift to add you: lift user grant --email " + u.Email + " --workspace NAME"}
	}
	if err := h.st.DeleteExpiredSessions(r.Context(), h.now()); err != nil {
		return err
	}
	token := newToken()
	expires := h.now().Add(sessionLife)
	se := store.Session{ID: tokenHash(token), UserID: u.ID, WorkspaceID: wss[0].ID, CSRF: newToken(), ExpiresAt: expires}
	if err := h.st.CreateSession(r.Context(), se); err != nil {
		return err
	}
	h.setSessionCookie(w, r, token)
	return nil
}

func (h *Handler) logout(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	if err := h.st.DeleteSession(r.Context(), rc.Session.ID); err != nil {
		return err
	}
	h.uploads.removeSession(rc.Session.ID)
	h.clearCookie(w, r, sessionCookie, "/")
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}

// safeNext keeps only paths on this site, so the sign-in page cannot be
// used to send someone elsewhere.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "/login") {
		return ""
	}
	// Browsers drop tabs and line breaks and read a backslash as a slash,
	// so "/\t/evil.example" would become "//evil.example": refuse them all.
	for _, r := range next {
		if r < 0x20 || r == 0x7f || r == '\\' {
			return ""
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || strings.HasPrefix(u.Path, "//") {
		return ""
	}
	return next
}
