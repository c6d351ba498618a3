package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/liftmetrics/lift/internal/store"
)

const (
	sessionCookie = "lift_session"
	sessionLife   = 14 * 24 * time.Hour
	// maxForm bounds a request body; uploads are the largest.
	maxForm = 64 << 20
	// maxPlainForm bounds a form without a file: Go's own 10 MB cap on
	// such forms is off once the body is a MaxBytesReader, and the whole
	// form is held in memory.
	maxPlainForm = 1 << 20
)

// reqCtx is what a signed-in request carries: who, in which workspace.
type reqCtx struct {
	Session    store.Session
	WS         store.Workspace
	Workspaces []store.Workspace
}

// appHandler is a dashboard page that needs a signed-in user.
type appHandler func(http.ResponseWriter, *http.Request, *reqCtx) error

// app serves a page only to a signed-in user in one of their workspaces,
// and a form only with the session's CSRF token.
func (h *Handler) app(fn appHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		rc, err := h.session(r)
		if errors.Is(err, errNoSession) {
			h.toLogin(w, r)
			return
		}
		if err != nil {
			h.fail(w, r, nil, err)
			return
		}
		if r.Method == http.MethodPost {
			if err := h.checkForm(w, r, rc); err != nil {
				h.fail(w, r, rc, err)
				return
			}
		}
		if r.Method == http.MethodGet {
			r = r.WithContext(withSharedFacts(r.Context(), rc.WS))
		}
		if err := fn(w, r, rc); err != nil {
			h.fail(w, r, rc, err)
		}
	})
}

var errNoSession = errors.New("not signed in")

// session loads the request's session and the workspace it works in. A
// session whose user lost the workspace moves to another of theirs.
func (h *Handler) session(r *http.Request) (*reqCtx, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil, errNoSession
	}
	se, err := h.st.SessionByID(r.Context(), tokenHash(c.Value), h.now())
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNoSession
	}
	if err != nil {
		return nil, err
	}
	wss, err := h.st.UserWorkspaces(r.Context(), se.UserID)
	if err != nil {
		return nil, err
	}
	rc := &reqCtx{Session: se, Workspaces: wss}
	for _, ws := range wss {
		if ws.ID == se.WorkspaceID {
			rc.WS = ws
		}
	}
	if rc.WS.ID == 0 {
		if len(wss) == 0 {
			return nil, &httpError{http.StatusForbidden, "Your account belongs to no workspace yet. " +
				"Ask whoever runs Lift to add you: lift user grant --email " + se.Email + " --workspace NAME"}
		}
		rc.WS = wss[0]
		if err := h.st.SetSessionWorkspace(r.Context(), se.ID, rc.WS.ID); err != nil {
			return nil, err
		}
	}
	return rc, nil
}

// toLogin sends a visitor without a session to the sign-in page, to come
// back to the page they asked for.
func (h *Handler) toLogin(w http.ResponseWriter, r *http.Request) {
	target := "/login"
	if r.Method == http.MethodGet && r.URL.Path != "/" {
		target += "?next=" + url.QueryEscape(r.URL.RequestURI())
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// checkForm refuses a form that does not carry the session's CSRF token,
// or that another site's page sent.
func (h *Handler) checkForm(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	forbidden := &httpError{http.StatusForbidden, "This form has expired or did not come from this page. Go back, reload the page and send it again."}
	if !sameOrigin(r) {
		return forbidden
	}
	multipart := isMultipart(r)
	limit := int64(maxPlainForm)
	if multipart {
		limit = maxForm
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	if err := parseForm(r, multipart); err != nil {
		var mbe *http.MaxBytesError
		switch {
		case errors.As(err, &mbe) && multipart:
			return &httpError{http.StatusRequestEntityTooLarge, "The file is larger than 64 MiB. Split it into smaller files and import them one after the other."}
		case errors.As(err, &mbe):
			return &httpError{http.StatusRequestEntityTooLarge, "The form is larger than 1 MiB."}
		}
		return errBadRequest("The form could not be read: " + err.Error())
	}
	if !equalTokens(r.PostFormValue("csrf"), rc.Session.CSRF) {
		return forbidden
	}
	return nil
}

func isMultipart(r *http.Request) bool {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return ct == "multipart/form-data"
}

func parseForm(r *http.Request, multipart bool) error {
	if multipart {
		return r.ParseMultipartForm(8 << 20)
	}
	return r.ParseForm()
}

// sameOrigin refuses requests a browser marks as coming from another
// site. Browsers that send neither header fall back on the token alone.
func sameOrigin(r *http.Request) bool {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" {
		return site == "same-origin" || site == "none"
	}
	origin := r.Header.Get("Origin")
	if origin == "" || origin == "null" {
		return origin == ""
	}
	u, err := url.Parse(origin)
	return err == nil && strings.EqualFold(u.Host, r.Host)
}

func equalTokens(a, b string) bool {
	return a != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// newToken returns 256 random bits, URL-safe.
func newToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// tokenHash is what is stored of a token. Tokens are 256 random bits, so
// a fast hash is enough: there is nothing to guess.
func tokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// secure says whether cookies must be marked Secure.
func (h *Handler) secure(r *http.Request) bool {
	return h.cfg.SecureCookies || r.TLS != nil
}

// setSessionCookie gives the browser the session's token. The browser
// keeps it as long as the session lasts; the server checks the expiry.
func (h *Handler) setSessionCookie(w http.ResponseWriter, r *http.Request, token string) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", MaxAge: int(sessionLife.Seconds()),
		HttpOnly: true, Secure: h.secure(r), SameSite: http.SameSiteLaxMode})
}

func (h *Handler) clearCookie(w http.ResponseWriter, r *http.Request, name, path string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: path, MaxAge: -1,
		HttpOnly: true, Secure: h.secure(r), SameSite: http.SameSiteLaxMode})
}

// noticeURL is path with a success message for the page to show. The
// message travels signed with the session's own secret (its CSRF token),
// so a link made elsewhere cannot put words in the dashboard's mouth.
func (h *Handler) noticeURL(rc *reqCtx, path, msg string) string {
	path, frag, _ := strings.Cut(path, "#")
	u := path + "?notice=" + url.QueryEscape(msg) + "&sig=" + noticeSig(rc, msg)
	if frag != "" {
		u += "#" + frag
	}
	return u
}

// notice is the page's success message, when its signature holds.
func (h *Handler) notice(r *http.Request, rc *reqCtx) string {
	q := r.URL.Query()
	msg := q.Get("notice")
	if msg == "" || !hmac.Equal([]byte(q.Get("sig")), []byte(noticeSig(rc, msg))) {
		return ""
	}
	return msg
}

func noticeSig(rc *reqCtx, msg string) string {
	m := hmac.New(sha256.New, []byte(rc.Session.CSRF))
	m.Write([]byte("notice:" + msg))
	return hex.EncodeToString(m.Sum(nil))
}
