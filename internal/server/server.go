// Package server is `lift serve`: redirects, the JSON API, webhooks,
// /lift.js, health and metrics on one http.Handler.
package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"github.com/liftmetrics/lift/internal/liftjs"
	"github.com/liftmetrics/lift/internal/store"
	"github.com/liftmetrics/lift/internal/tracking"
)

// Secrets are the webhook signing secrets; an empty one disables that
// webhook (it answers 503, never accepts unsigned data).
type Secrets struct {
	Shopify     string
	Stripe      string
	WooCommerce string
}

// Config wires a server.
type Config struct {
	Store   *store.Store
	Tracker *tracking.Tracker
	Secrets Secrets // of the default workspace
	// WorkspaceSecrets gives another workspace's secrets; nil means only
	// the default workspace takes webhooks.
	WorkspaceSecrets func(workspace string) Secrets
	TrustedProxies   []netip.Prefix
	PublicURL        string  // base of short links in API answers and QR codes; empty: the request's host
	RateLimit        float64 // API and webhook requests per second per client IP
	RateBurst        int
	Logger           *slog.Logger
	Now              func() time.Time
	Web              Dashboard // the web dashboard; nil: a plain text index at /
	// MetricsToken is the operator's bearer token for /metrics
	// (LIFT_METRICS_TOKEN); empty: /metrics is off.
	MetricsToken string
}

// Dashboard is the web UI: a handler that names the paths it serves.
type Dashboard interface {
	http.Handler
	Patterns() []string
}

// Server is Lift's HTTP handler.
type Server struct {
	cfg     Config
	mux     *http.ServeMux
	limiter *limiter
	metrics *metrics
	log     *slog.Logger
	// building holds a token per report being built (maxReports).
	building chan struct{}
}

// New builds the handler.
func New(cfg Config) *Server {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.RateLimit <= 0 {
		cfg.RateLimit, cfg.RateBurst = 20, 100
	}
	s := &Server{cfg: cfg, mux: http.NewServeMux(), log: cfg.Logger,
		limiter: newLimiter(cfg.RateLimit, cfg.RateBurst, cfg.Now), metrics: newMetrics(),
		building: make(chan struct{}, maxReports)}
	s.routes()
	return s
}

func (s *Server) routes() {
	limited := func(h http.Handler) http.Handler { return s.limit(h) }
	s.mux.HandleFunc("GET /healthz", s.healthz)
	// Metrics cover every workspace, so they need the operator's token
	// (Prometheus sends it as a bearer token), not a workspace's API key.
	s.mux.Handle("GET /metrics", limited(s.handle(s.operator(s.serveMetrics))))
	s.mux.Handle("GET /lift.js", liftjs.Handler())
	s.mux.Handle("POST /webhooks/{provider}", limited(s.handle(s.webhook)))
	s.mux.Handle("POST /webhooks/{provider}/{workspace}", limited(s.handle(s.webhook)))
	for _, rt := range s.apiRoutes() {
		s.mux.Handle(rt.pattern, s.route(rt))
	}
	s.mux.Handle("/api/", limited(s.handle(func(w http.ResponseWriter, r *http.Request) error {
		return errNotFound("no such API endpoint")
	})))
	if s.cfg.Web != nil {
		for _, p := range s.cfg.Web.Patterns() {
			s.mux.Handle(p, s.cfg.Web)
		}
	} else {
		s.mux.HandleFunc("GET /{$}", s.index)
	}
	// Redirects are never rate limited: a creator's audience arrives all at once.
	s.mux.Handle("/{slug}", s.cfg.Tracker)
}

// ServeHTTP logs every request (never its IP or query) and serves it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	s.mux.ServeHTTP(rec, r)
	s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
		slog.String("method", r.Method), slog.String("path", r.URL.Path),
		slog.Int("status", rec.status), slog.Duration("took", time.Since(start)))
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.cfg.Store.Ping(ctx); err != nil {
		http.Error(w, "unhealthy: database unavailable", http.StatusServiceUnavailable)
		return
	}
	// The reason names the database's complaint (a full disk, a read-only
	// file), never a secret or a visitor.
	if err := s.cfg.Tracker.Health(); err != nil {
		http.Error(w, "unhealthy: "+err.Error(), http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
	// Redirects are healthy while the click log takes clicks; how far
	// reports lag behind it is told, not judged: an import holding the
	// database's write lock delays the loader, and the node should keep
	// taking clicks meanwhile.
	waiting, age, failure, err := s.cfg.Tracker.LoaderLag(ctx)
	if err != nil {
		fmt.Fprintf(w, "click log: lag unknown: %v\n", err)
		return
	}
	fmt.Fprintf(w, "click log: %d clicks waiting to be loaded, oldest %.1f s\n", waiting, age.Seconds())
	if failure != nil {
		fmt.Fprintf(w, "click loader failing: %v\n", failure)
	}
}

func (s *Server) index(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("Lift is running. Short links answer at /{slug}; the API is at /api/v1.\n"))
}

// httpError is an error with the status it answers.
type httpError struct {
	status int
	msg    string
	detail any
}

func (e *httpError) Error() string { return e.msg }

func errBadRequest(msg string, detail any) error {
	return &httpError{http.StatusBadRequest, msg, detail}
}
func errNotFound(msg string) error { return &httpError{http.StatusNotFound, msg, nil} }

// handle adapts a handler that returns an error: the one place errors
// become statuses.
func (s *Server) handle(h func(http.ResponseWriter, *http.Request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		var he *httpError
		var mbe *http.MaxBytesError
		switch {
		case errors.As(err, &he):
		case errors.As(err, &mbe):
			he = &httpError{http.StatusRequestEntityTooLarge, "body larger than 1 MiB", nil}
		default:
			s.log.Error("request failed", "path", r.URL.Path, "err", err)
			he = &httpError{http.StatusInternalServerError, "internal error", nil}
		}
		writeJSON(w, he.status, map[string]any{"error": he.msg, "details": he.detail})
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

// Serve runs the handler on addr until ctx ends, then stops taking
// requests, lets those under way finish and commits every queued click,
// all within 5 seconds.
func Serve(ctx context.Context, addr string, h http.Handler, tr *tracking.Tracker, ready func(addr string)) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      15 * time.Second,
		IdleTimeout:       60 * time.Second,
	}
	ln, err := listen(addr)
	if err != nil {
		return err
	}
	if ready != nil {
		ready(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	stop, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err = srv.Shutdown(stop)
	if cerr := tr.Close(stop); err == nil {
		err = cerr
	}
	return err
}
