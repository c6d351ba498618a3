package bench

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/liftmetrics/lift/internal/progress"
	"github.com/liftmetrics/lift/internal/server"
	"github.com/liftmetrics/lift/internal/store"
	"github.com/liftmetrics/lift/internal/tracking"
	"github.com/liftmetrics/lift/internal/web"
)

// PageTiming is one dashboard page's time, measured in the server from
// the request's arrival to the last byte written.
type PageTiming struct {
	Route  string  `json:"route"` // as the dashboard registers it
	Path   string  `json:"path"`  // what was fetched
	Status int     `json:"status"`
	Bytes  int64   `json:"bytes"`
	FirstS float64 `json:"first_s"` // the first fetch, in a freshly opened store
	AgainS float64 `json:"again_s"` // the same page fetched again
	// AgainCPUS is the process's CPU time while it served the page again
	// (pages are fetched one at a time): on a machine other work keeps
	// busy, the wall time waits for cores, the CPU time less.
	AgainCPUS float64 `json:"again_cpu_s"`
}

// PagesResult is what `lift bench pages` prints.
type PagesResult struct {
	Orders  int64        `json:"orders"`
	Pages   []PageTiming `json:"pages"`
	Slowest PageTiming   `json:"slowest"`
}

// skipped are GET routes that are no page of their own: files, the
// sign-in form and catch-alls that only say there is no such page.
var skipped = map[string]bool{"/static/": true, "/favicon.ico": true, "/login": true, "/dashboard/": true}

// Pages serves the dashboard on loopback, through the same server `lift
// serve` runs, on the database at path (its demo workspace), and fetches
// every page the dashboard's router serves to GET, twice, timing each in
// the server. A route's wildcard is filled with the workspace's first
// creator, campaign, cost or link. It signs in as a user it makes for
// the purpose (bench@lift.invalid), whose session it deletes at the end.
func Pages(ctx context.Context, path string, counter *progress.Counter) (PagesResult, error) {
	var res PagesResult
	st, ws, err := openDemo(ctx, path)
	if err != nil {
		return res, err
	}
	defer st.Close()
	if res.Orders, err = st.CountOrders(ctx, ws.ID); err != nil {
		return res, err
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	tr, err := tracking.New(ctx, st, tracking.Options{Logger: quiet})
	if err != nil {
		return res, err
	}
	defer tr.Close(context.Background())
	dash, err := web.New(web.Config{Store: st, LinksChanged: tr.Reload, Logger: quiet})
	if err != nil {
		return res, err
	}
	cookie, session, err := benchSession(ctx, st, ws)
	if err != nil {
		return res, err
	}
	defer st.DeleteSession(context.Background(), session)
	fill, err := wildcards(ctx, st, ws)
	if err != nil {
		return res, err
	}
	var paths []PageTiming
	for _, route := range dash.Routes() {
		p, ok := strings.CutPrefix(route, "GET ")
		if !ok || skipped[p] {
			continue
		}
		p = strings.TrimSuffix(p, "{$}")
		for _, kv := range fill {
			p = strings.ReplaceAll(p, kv[0], kv[1])
		}
		paths = append(paths, PageTiming{Route: route, Path: p})
	}
	counter.SetTotal(int64(2 * len(paths)))

	timer := &serverTimer{}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return res, err
	}
	srv := &http.Server{Handler: timer.wrap(server.New(server.Config{Store: st, Tracker: tr, Logger: quiet, Web: dash}))}
	go srv.Serve(ln)
	defer srv.Close()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	base := "http://" + ln.Addr().String()
	for pass := range 2 {
		for i := range paths {
			p := &paths[i]
			req, _ := http.NewRequestWithContext(ctx, "GET", base+p.Path, nil)
			req.AddCookie(cookie)
			resp, err := client.Do(req)
			if err != nil {
				return res, fmt.Errorf("GET %s: %w", p.Path, err)
			}
			n, _ := io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			d, cpu := timer.last()
			if pass == 0 {
				p.FirstS, p.Status, p.Bytes = d.Seconds(), resp.StatusCode, n
			} else {
				p.AgainS, p.AgainCPUS = d.Seconds(), cpu.Seconds()
			}
			if resp.StatusCode >= 500 {
				return res, fmt.Errorf("GET %s: %s", p.Path, resp.Status)
			}
			counter.Add(1)
		}
	}
	res.Pages = paths
	for _, p := range paths {
		if max(p.FirstS, p.AgainS) > max(res.Slowest.FirstS, res.Slowest.AgainS) {
			res.Slowest = p
		}
	}
	return res, nil
}

// serverTimer times each request in the server, from its arrival to the
// handler's return (the response written).
type serverTimer struct {
	mu     sync.Mutex
	d, cpu time.Duration
}

func (t *serverTimer) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cpu0, t0 := cpuTime(), time.Now()
		h.ServeHTTP(w, r)
		d, cpu := time.Since(t0), cpuTime()-cpu0
		t.mu.Lock()
		t.d, t.cpu = d, cpu
		t.mu.Unlock()
	})
}

// last is the time of the last request served: requests go one at a
// time, and the client has read the whole answer, so the handler has
// returned.
func (t *serverTimer) last() (wall, cpu time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.d, t.cpu
}

// wildcards gives a value for each wildcard of the dashboard's routes.
func wildcards(ctx context.Context, st *store.Store, ws store.Workspace) ([][2]string, error) {
	creators, err := st.Creators(ctx, ws.ID)
	if err != nil || len(creators) == 0 {
		return nil, fmt.Errorf("no creator in the workspace: %v", err)
	}
	campaigns, err := st.Campaigns(ctx, ws.ID)
	if err != nil || len(campaigns) == 0 {
		return nil, fmt.Errorf("no campaign in the workspace: %v", err)
	}
	costs, err := st.Costs(ctx, ws.ID)
	if err != nil || len(costs) == 0 {
		return nil, fmt.Errorf("no cost in the workspace: %v", err)
	}
	links, err := st.Links(ctx, ws.ID)
	if err != nil || len(links) == 0 {
		return nil, fmt.Errorf("no link in the workspace: %v", err)
	}
	// /campaigns/costs/{id}/edit is a cost's, /campaigns/{id} a campaign's:
	// the longer one first.
	return [][2]string{
		{"{key...}", (&url.URL{Path: creators[0].Handle}).EscapedPath()},
		{"{slug}", url.PathEscape(links[0].Slug)},
		{"costs/{id}", "costs/" + strconv.FormatInt(costs[0].ID, 10)},
		{"{id}", strconv.FormatInt(campaigns[0].ID, 10)},
	}, nil
}

// benchSession signs in as the benchmark's own user, made once per
// database, and returns the session's cookie and id.
func benchSession(ctx context.Context, st *store.Store, ws store.Workspace) (*http.Cookie, string, error) {
	const email = "bench@lift.invalid"
	u, _, err := st.UserByEmail(ctx, email)
	if err != nil {
		if u, err = st.CreateUser(ctx, email, "-"); err != nil {
			return nil, "", err
		}
	}
	if err := st.AddMember(ctx, u.ID, ws.ID); err != nil {
		return nil, "", err
	}
	token := rand.Text()
	sum := sha256.Sum256([]byte(token))
	id := hex.EncodeToString(sum[:])
	err = st.CreateSession(ctx, store.Session{ID: id, UserID: u.ID, WorkspaceID: ws.ID,
		CSRF: rand.Text(), ExpiresAt: time.Now().Add(time.Hour)})
	return &http.Cookie{Name: "lift_session", Value: token}, id, err
}
