package tracking

import (
	"net/http"
	"strings"
	"time"

	"github.com/liftmetrics/lift/internal/store"
	"github.com/liftmetrics/lift/internal/useragent"
)

// Header values shared by every response. The slices are never modified,
// so sharing them saves an allocation per header per redirect.
var (
	// A cached redirect would send later visitors on without reaching
	// us, and their clicks would go uncounted.
	noStore        = []string{"no-store, max-age=0"}
	referrerPolicy = []string{"no-referrer-when-downgrade"}
	allowed        = []string{"GET, HEAD"}
	htmlType       = []string{"text/html; charset=utf-8"}
	textType       = []string{"text/plain; charset=utf-8"}
	retryAfter     = []string{"1"}
)

var (
	foundBody      = []byte("Found\n")
	notFoundBody   = []byte("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Link not found</title></head>\n<body><h1>This link does not exist</h1>\n<p>Check the address, or ask whoever shared it for a new one.</p></body></html>\n")
	unavailable    = []byte("The link could not be followed just now. Please try again.\n")
	methodNotAllow = []byte("Method not allowed\n")
)

// ServeHTTP handles GET and HEAD /{slug}. The slug is the whole path after
// "/"; anything with a further slash is not a link.
func (t *Tracker) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h := w.Header()
		h["Allow"] = allowed
		reply(w, http.StatusMethodNotAllowed, textType, methodNotAllow)
		return
	}
	rt, ok := t.links.get(slugOf(r))
	if !ok {
		t.stats.NotFound.Add(1)
		reply(w, http.StatusNotFound, htmlType, notFoundBody)
		return
	}
	c := t.click(r, &rt)
	if err := t.record(r.Context(), c); err != nil {
		if r.Context().Err() == nil {
			w.Header()["Retry-After"] = retryAfter
			reply(w, http.StatusServiceUnavailable, textType, unavailable)
		}
		return
	}
	t.redirect(w, rt.location(c.ClickID))
}

func slugOf(r *http.Request) string {
	slug := r.PathValue("slug")
	if slug == "" {
		slug = strings.TrimPrefix(r.URL.Path, "/")
	}
	if strings.IndexByte(slug, '/') >= 0 {
		return ""
	}
	return slug
}

// click describes this visit. The IP is used only inside the visitor key
// and goes no further.
func (t *Tracker) click(r *http.Request, rt *route) store.NewClick {
	now := time.Now()
	ua := r.Header.Get("User-Agent")
	ip := ClientIP(r, t.opt.TrustedProxies)
	// Device scans the header for the same bot tokens as IsBot, so its
	// answer stands in for a second scan; only an empty header differs
	// (a bot for IsBot, "unknown" for Device).
	device := useragent.Device(ua)
	bot := r.Method == http.MethodHead || device == useragent.Bot || strings.TrimSpace(ua) == ""
	return store.NewClick{
		WorkspaceID: rt.utm.ws,
		Click: store.Click{
			ClickID: newClickID(),
			LinkID:  rt.id,
			Time:    now,
			Visitor: visitorKey(t.salts.forDay(now), ip, ua),
			// Yesterday's key too, so a visit just after midnight UTC
			// is recognised as the repeat it is.
			PrevVisitor: visitorKey(t.salts.forDay(now.Add(-24*time.Hour)), ip, ua),
			Referrer:    referrerHost(r.Header.Get("Referer")),
			Device:      device,
			Bot:         bot,
		},
	}
}

func (t *Tracker) redirect(w http.ResponseWriter, loc string) {
	h := w.Header()
	h["Location"] = []string{loc}
	h["Referrer-Policy"] = referrerPolicy
	reply(w, http.StatusFound, textType, foundBody)
	t.stats.Redirects.Add(1)
}

// reply writes a fixed body. Every answer is no-store: a cached 404 would
// hide a link created a moment later, a cached 302 would hide clicks.
func reply(w http.ResponseWriter, status int, ctype []string, body []byte) {
	h := w.Header()
	h["Cache-Control"] = noStore
	h["Content-Type"] = ctype
	w.WriteHeader(status)
	w.Write(body)
}
