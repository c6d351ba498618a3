package bench

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/liftmetrics/lift/internal/server"
	"github.com/liftmetrics/lift/internal/store"
	"github.com/liftmetrics/lift/internal/tracking"
	"github.com/liftmetrics/lift/internal/web"
)

// StallResult is how redirects fared while an import and the dashboard's
// heaviest page ran beside them.
type StallResult struct {
	BaseOrders    int     `json:"base_orders"`
	ImportOrders  int     `json:"import_orders"`
	ImportSeconds float64 `json:"import_s"`
	Pages         int     `json:"pages"`
	PageMaxMS     float64 `json:"page_max_ms"`
	Requests      int64   `json:"requests"`
	Failed        int64   `json:"failed"` // answered anything but 302
	P50           float64 `json:"p50_ms"`
	P99           float64 `json:"p99_ms"`
	Max           float64 `json:"max_ms"`
	Answered      int64   `json:"answered"`
	Stored        int64   `json:"stored"`
}

// Stall measures what a redirect waits for while the database is busy:
// in a fresh database (see Open), a workspace holding base orders is served by the full server (redirects
// and dashboard); conns clients send redirects in a loop on loopback while
// an orders file of n new rows is imported and the overview page (the
// heaviest: it builds the report once per goal) is fetched again and
// again. It returns the redirects' latencies and checks that every
// answered click was stored.
func Stall(ctx context.Context, dir, db string, base, n, conns int) (StallResult, error) {
	res := StallResult{BaseOrders: base, ImportOrders: n}
	st, ws, path, done, err := prepare(ctx, dir, db, max(base, n))
	if err != nil {
		return res, err
	}
	defer done()
	if err := importPart(ctx, st, ws, path, base, "B"); err != nil {
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
	cookie, err := signIn(ctx, st, ws)
	if err != nil {
		return res, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return res, err
	}
	srv := &http.Server{Handler: server.New(server.Config{Store: st, Tracker: tr, Logger: quiet, Web: dash})}
	go srv.Serve(ln)
	defer srv.Close()
	links, err := st.LinkTargets(ctx)
	if err != nil || len(links) == 0 {
		return res, fmt.Errorf("bench stall: no link to redirect through: %v", err)
	}
	before, err := st.CountClicks(ctx)
	if err != nil {
		return res, err
	}
	addr := "http://" + ln.Addr().String()
	load := startLoad(ctx, addr+"/"+links[0].Slug, conns)

	pagesDone := make(chan struct{})
	stopPages := make(chan struct{})
	var pageErr error
	go func() {
		defer close(pagesDone)
		res.Pages, res.PageMaxMS, pageErr = fetchUntil(ctx, addr+"/", cookie, stopPages)
	}()
	t0 := time.Now()
	ierr := importPart(ctx, st, ws, path, n, "C")
	res.ImportSeconds = time.Since(t0).Seconds()
	close(stopPages)
	<-pagesDone
	lat, failed, lerr := load.stop()
	if err := errors.Join(ierr, pageErr, lerr); err != nil {
		return res, err
	}
	if err := tr.Close(ctx); err != nil {
		return res, err
	}
	after, err := st.CountClicks(ctx)
	if err != nil {
		return res, err
	}
	res.Requests, res.Failed = int64(len(lat)), failed
	res.Answered, res.Stored = res.Requests-failed, after-before
	res.P50, res.P99 = pct(lat, 0.50), pct(lat, 0.99)
	if len(lat) > 0 {
		res.Max = float64(lat[len(lat)-1].Microseconds()) / 1000 // pct sorted it
	}
	return res, nil
}

// importPart imports the first n rows of the orders file at path with
// their order ids' leading letter set to prefix, so that one generated
// file gives two disjoint sets of orders.
func importPart(ctx context.Context, st *store.Store, ws store.Workspace, path string, n int, prefix string) error {
	part := path + "." + prefix
	if err := rewriteIDs(path, part, n, prefix); err != nil {
		return err
	}
	defer os.Remove(part)
	_, err := timeImport(ctx, st, ws, "orders", part, n, false)
	return err
}

func rewriteIDs(from, to string, n int, prefix string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(bufio.NewReaderSize(in, 1<<20))
	w := bufio.NewWriterSize(out, 1<<20)
	for i := 0; i <= n && sc.Scan(); i++ {
		line := sc.Bytes()
		if i > 0 {
			w.WriteString(prefix)
			line = line[1:]
		}
		w.Write(line)
		w.WriteByte('\n')
	}
	return errors.Join(sc.Err(), w.Flush(), out.Close())
}

// signIn makes a user of the workspace and a session for it, and returns
// the session cookie the dashboard reads.
func signIn(ctx context.Context, st *store.Store, ws store.Workspace) (*http.Cookie, error) {
	u, err := st.CreateUser(ctx, "bench@example.com", "-")
	if err != nil {
		return nil, err
	}
	if err := st.AddMember(ctx, u.ID, ws.ID); err != nil {
		return nil, err
	}
	token := rand.Text()
	sum := sha256.Sum256([]byte(token))
	err = st.CreateSession(ctx, store.Session{ID: hex.EncodeToString(sum[:]), UserID: u.ID, WorkspaceID: ws.ID,
		CSRF: rand.Text(), ExpiresAt: time.Now().Add(time.Hour)})
	return &http.Cookie{Name: "lift_session", Value: token}, err
}

// fetchUntil fetches url one request after another until stop is closed,
// and at least once; it returns how many pages it got and the slowest.
func fetchUntil(ctx context.Context, url string, cookie *http.Cookie, stop <-chan struct{}) (int, float64, error) {
	var pages int
	var slowest time.Duration
	for {
		req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
		req.AddCookie(cookie)
		t0 := time.Now()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return pages, 0, err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return pages, 0, fmt.Errorf("bench stall: GET %s: %s", url, resp.Status)
		}
		pages++
		slowest = max(slowest, time.Since(t0))
		select {
		case <-stop:
			return pages, float64(slowest.Microseconds()) / 1000, nil
		default:
		}
	}
}

// redirectLoad is conns clients sending one redirect after another.
type redirectLoad struct {
	halt   atomic.Bool
	wg     sync.WaitGroup
	mu     sync.Mutex
	lat    []time.Duration
	failed int64
	err    error
}

func startLoad(ctx context.Context, url string, conns int) *redirectLoad {
	l := &redirectLoad{}
	tr := &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns, DisableCompression: true}
	client := &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for i := range conns {
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			ua := fmt.Sprintf("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) stall/%d", i)
			var mine []time.Duration
			var failed int64
			var err error
			for !l.halt.Load() && ctx.Err() == nil {
				req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
				req.Header.Set("User-Agent", ua)
				t0 := time.Now()
				resp, e := client.Do(req)
				if e != nil {
					err = e
					break
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				mine = append(mine, time.Since(t0))
				if resp.StatusCode != http.StatusFound {
					failed++
				}
			}
			l.mu.Lock()
			l.lat, l.failed, l.err = append(l.lat, mine...), l.failed+failed, errors.Join(l.err, err)
			l.mu.Unlock()
		}()
	}
	return l
}

func (l *redirectLoad) stop() ([]time.Duration, int64, error) {
	l.halt.Store(true)
	l.wg.Wait()
	return l.lat, l.failed, l.err
}
