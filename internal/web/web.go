// Package web is the dashboard that `lift serve` shows at /: the pages a
// brand manager reads every morning (overview, creators, platforms), and
// the forms that get data in (import, links and codes, settings).
//
// Pages are rendered on the server with html/template and work without
// JavaScript; a small embedded script adds charts (uPlot, vendored) and
// copy buttons. Every page needs a signed-in user, and a user sees only
// the workspaces they belong to.
package web

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/netip"
	"slices"
	"time"

	"github.com/liftmetrics/lift/internal/store"
)

// Webhook says whether one webhook's signing secret is set in the
// server's environment, never its value. A secret stored in the database
// (set on the settings page or with lift webhook secret set) wins over
// it; the page reads those itself.
type Webhook struct {
	Provider string // "shopify"
	Name     string // "Shopify"
	Env      string // the environment variable that may hold the secret
	Set      bool   // Env is set
}

// Config wires the dashboard.
type Config struct {
	Store     *store.Store
	PublicURL string // base of short links; empty: the request's own host
	// Webhooks tells, for a workspace, whether each webhook's secret is
	// set in the server's environment.
	Webhooks       func(workspace string) []Webhook
	TrustedProxies []netip.Prefix // whose X-Forwarded-For names the client, for the sign-in limit
	// SecureCookies marks the session cookie Secure even on plain HTTP,
	// for a server behind a proxy that terminates TLS. Under TLS the
	// cookie is always Secure.
	SecureCookies bool
	Logger        *slog.Logger
	Now           func() time.Time
	// LinksChanged is called after the dashboard creates a link (the
	// tracker's Reload), so it redirects at once.
	LinksChanged func(context.Context) error
	// UploadTTL is how long a previewed import file waits for its
	// import; zero means an hour.
	UploadTTL time.Duration
}

// Handler serves the dashboard.
type Handler struct {
	cfg   Config
	st    *store.Store
	mux   *router
	pages map[string]*template.Template
	log   *slog.Logger
	now   func() time.Time
	// loginKey keys the sign-in limiter's hashes (see limiterKey).
	loginKey []byte
	uploads  *uploads
}

// New builds the dashboard's handler.
func New(cfg Config) (*Handler, error) {
	if cfg.Store == nil {
		return nil, errors.New("web: no store")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	pages, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	key, err := cfg.Store.Secret(context.Background(), "login")
	if err != nil {
		return nil, fmt.Errorf("web: sign-in secret: %w", err)
	}
	h := &Handler{cfg: cfg, st: cfg.Store, mux: &router{ServeMux: http.NewServeMux()}, pages: pages, log: cfg.Logger, now: cfg.Now,
		loginKey: []byte(key), uploads: newUploads(cfg.UploadTTL)}
	h.routes()
	return h, nil
}

// router is the dashboard's mux, which keeps the list of its routes.
type router struct {
	*http.ServeMux
	routes []string
}

func (m *router) Handle(pattern string, h http.Handler) {
	m.routes = append(m.routes, pattern)
	m.ServeMux.Handle(pattern, h)
}

func (m *router) HandleFunc(pattern string, f func(http.ResponseWriter, *http.Request)) {
	m.routes = append(m.routes, pattern)
	m.ServeMux.HandleFunc(pattern, f)
}

// Routes lists every route of the dashboard as registered ("GET
// /campaigns/{id}"), method first, in the order they were registered.
func (h *Handler) Routes() []string { return slices.Clone(h.mux.routes) }

// Patterns are the paths the dashboard serves, for the server to route to
// it. Every top-level name is a reserved slug, so no short link can
// shadow a page.
func (h *Handler) Patterns() []string {
	return append([]string{"/{$}", "/login", "/logout", "/static/", "/favicon.ico", "/creators", "/creators/",
		"/campaigns", "/campaigns/", "/platforms", "/links", "/links/", "/codes", "/import", "/import/", "/settings", "/settings/"}, insightPatterns...)
}

func (h *Handler) routes() {
	h.mux.Handle("GET /static/", staticHandler())
	h.mux.Handle("GET /favicon.ico", faviconHandler())
	h.mux.HandleFunc("GET /login", h.loginPage)
	h.mux.HandleFunc("POST /login", h.login)
	h.mux.Handle("POST /logout", h.app(h.logout))
	h.mux.Handle("GET /{$}", h.app(h.overview))
	h.mux.Handle("GET /creators", h.app(h.creators))
	h.mux.Handle("GET /creators/{key...}", h.app(h.creatorRoute))
	h.mux.Handle("POST /creators/{key...}", h.app(h.creatorRoute))
	h.mux.Handle("GET /campaigns", h.app(h.setup))
	for _, p := range []string{"/campaigns/new", "/campaigns/{id}/edit"} {
		h.mux.Handle("GET "+p, h.app(h.campaignPage))
		h.mux.Handle("POST "+p, h.app(h.campaignPage))
	}
	for _, p := range []string{"/campaigns/costs/new", "/campaigns/costs/{id}/edit"} {
		h.mux.Handle("GET "+p, h.app(h.costPage))
		h.mux.Handle("POST "+p, h.app(h.costPage))
	}
	h.mux.Handle("GET /platforms", h.app(h.platforms))
	h.mux.Handle("GET /campaigns/{id}", h.app(h.campaign))
	h.mux.Handle("GET /links", h.app(h.links))
	h.mux.Handle("POST /links", h.app(h.createLink))
	h.mux.Handle("GET /links/{slug}/qr.png", h.app(h.linkQR))
	h.mux.Handle("GET /codes", h.app(h.codesRedirect))
	h.mux.Handle("POST /codes", h.app(h.generateCodes))
	h.mux.Handle("GET /import", h.app(h.importPage))
	h.mux.Handle("POST /import", h.app(h.importPreview))
	h.mux.Handle("POST /import/confirm", h.app(h.importConfirm))
	h.mux.Handle("POST /import/cancel", h.app(h.importCancel))
	h.mux.Handle("GET /import/errors", h.app(h.importErrors))
	h.mux.Handle("GET /settings", h.app(h.settings))
	h.mux.Handle("POST /settings/attribution", h.app(h.setAttribution))
	h.mux.Handle("POST /settings/workspace", h.app(h.setWorkspace))
	h.mux.Handle("POST /settings/switch", h.app(h.switchWorkspace))
	h.mux.Handle("POST /settings/webhooks/{provider}", h.app(h.setWebhookSecret))
	h.mux.Handle("POST /settings/webhooks/{provider}/remove", h.app(h.removeWebhookSecret))
	h.mux.Handle("POST /settings/apikeys", h.app(h.createAPIKey))
	h.mux.Handle("POST /settings/apikeys/{id}/revoke", h.app(h.revokeAPIKey))
	h.insightRoutes()
}

// ServeHTTP serves a dashboard request with headers that keep the pages
// out of frames and other sites' scripts.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; "+
		"script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("X-Frame-Options", "DENY")
	hd.Set("Referrer-Policy", "same-origin")
	if _, pat := h.mux.Handler(r); pat == "" && !h.otherMethod(r) {
		// An unknown path under the dashboard's names (say /links/x) gets
		// the dashboard's own page, not the mux's plain-text 404.
		h.app(h.unknownPage).ServeHTTP(w, r)
		return
	}
	h.mux.ServeHTTP(w, r)
}

// otherMethod says whether the path is served for another method: that
// is a 405, which the mux answers with its Allow header.
func (h *Handler) otherMethod(r *http.Request) bool {
	for _, m := range []string{http.MethodGet, http.MethodPost} {
		if m == r.Method {
			continue
		}
		r2 := r.Clone(r.Context())
		r2.Method = m
		if _, pat := h.mux.Handler(r2); pat != "" {
			return true
		}
	}
	return false
}

func (h *Handler) unknownPage(http.ResponseWriter, *http.Request, *reqCtx) error {
	return errNotFound("There is no such page. Check the address, or find your way from the menu.")
}

// httpError is an error a page answers with its own status and message.
type httpError struct {
	status int
	msg    string
}

func (e *httpError) Error() string { return e.msg }

func errNotFound(msg string) error   { return &httpError{http.StatusNotFound, msg} }
func errBadRequest(msg string) error { return &httpError{http.StatusBadRequest, msg} }

// fail renders an error as a page; errors without a status are logged
// and shown as a plain internal error.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, rc *reqCtx, err error) {
	var he *httpError
	if !errors.As(err, &he) {
		if errors.Is(err, context.Canceled) {
			return
		}
		h.log.Error("dashboard request failed", "path", r.URL.Path, "err", err)
		he = &httpError{http.StatusInternalServerError, "Something went wrong on our side. The error is in the server's log."}
	}
	h.render(w, r, rc, he.status, "error", view{Title: http.StatusText(he.status), Page: he.msg})
}
