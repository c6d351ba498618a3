package tracking

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/liftmetrics/lift/internal/store"
	"github.com/liftmetrics/lift/internal/storetest"
)

const (
	iPhoneUA  = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1.2 Mobile/15E148 Safari/604.1"
	desktopUA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"
)

// env is a tracker on a fresh database behind a real HTTP server.
type env struct {
	st  *store.Store
	tr  *Tracker
	srv *httptest.Server
	ws  int64
}

func newStore(t testing.TB) (*store.Store, int64) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, storetest.DSN(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	w, err := st.Workspace(ctx, "", false)
	if err != nil {
		t.Fatal(err)
	}
	return st, w.ID
}

// newEnv starts a tracker with the given links (slug → destination)
// already stored.
func newEnv(t testing.TB, opt Options, links map[string]string) *env {
	t.Helper()
	st, ws := newStore(t)
	for slug, dest := range links {
		addLink(t, st, ws, slug, dest)
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	tr, err := New(context.Background(), st, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tr.Close(context.Background()) })
	srv := httptest.NewServer(tr)
	t.Cleanup(srv.Close)
	return &env{st: st, tr: tr, srv: srv, ws: ws}
}

// addLink stores a link of creator "glowbyjess" on Instagram in campaign
// "Spring Glow" through an ordinary store transaction, as the CLI does.
func addLink(t testing.TB, st *store.Store, ws int64, slug, dest string) int64 {
	t.Helper()
	ctx := context.Background()
	tx, err := st.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	_, cr, err := tx.PutCreator(ctx, ws, store.Creator{Handle: "glowbyjess", Platform: "instagram"})
	if err != nil {
		t.Fatal(err)
	}
	_, ca, err := tx.PutCampaign(ctx, ws, store.Campaign{Name: "Spring Glow"})
	if err != nil {
		t.Fatal(err)
	}
	_, id, err := tx.PutLink(ctx, ws, store.Link{Slug: slug, Destination: dest, CreatorID: cr, CampaignID: ca})
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return id
}

// noFollow is a client that reports redirects instead of following them.
var noFollow = &http.Client{
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	Transport:     &http.Transport{MaxIdleConnsPerHost: 128},
}

// do sends one request; headers are name, value pairs. An empty
// User-Agent value sends no User-Agent header at all.
func (e *env) do(t testing.TB, method, path string, headers ...string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(method, e.srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("User-Agent", iPhoneUA)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := noFollow.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

// get sends a browser's GET; unlike do it may run on any goroutine.
func get(url string) (*http.Response, error) {
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", iPhoneUA)
	resp, err := noFollow.Do(req)
	if err != nil {
		return nil, err
	}
	io.Copy(io.Discard, resp.Body)
	return resp, resp.Body.Close()
}

// clickID reads lift_cid from a redirect's Location.
func clickID(t testing.TB, resp *http.Response) string {
	t.Helper()
	id := cid(resp)
	if id == "" {
		t.Fatalf("no %s in Location %q", ClickParam, resp.Header.Get("Location"))
	}
	return id
}

// cid is clickID for goroutines other than the test's: "" when missing.
func cid(resp *http.Response) string {
	u, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		return ""
	}
	return u.Query().Get(ClickParam)
}

// loadLog moves what waits in the click log into the database, as the
// tracker's loader does a moment after each commit (or the next start
// after a kill), so that the database holds every answered click.
func (e *env) loadLog(t testing.TB) {
	t.Helper()
	if err := e.st.LoadClickLog(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// click loads the click log and returns the stored click with the id.
func (e *env) click(t testing.TB, id string) (store.Click, bool) {
	t.Helper()
	c, ok := e.clicks(t)[id]
	return c, ok
}

// clicks loads the click log and returns the stored clicks by id.
func (e *env) clicks(t testing.TB) map[string]store.Click {
	t.Helper()
	e.loadLog(t)
	clicks, err := e.st.Clicks(context.Background(), e.ws)
	if err != nil {
		t.Fatal(err)
	}
	byID := make(map[string]store.Click, len(clicks))
	for _, c := range clicks {
		byID[c.ClickID] = c
	}
	return byID
}

// clickCount loads the click log and counts the stored clicks.
func (e *env) clickCount(t testing.TB) int {
	t.Helper()
	e.loadLog(t)
	n, err := e.st.CountClicks(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}
