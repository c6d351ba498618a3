package bench

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/liftmetrics/lift/internal/importer"
	"github.com/liftmetrics/lift/internal/server"
	"github.com/liftmetrics/lift/internal/store"
	"github.com/liftmetrics/lift/internal/tracking"
)

// RedirectResult compares Lift's redirect with a bare 302 handler under
// the same load.
type RedirectResult struct {
	Connections int     `json:"connections"`
	Seconds     float64 `json:"seconds_each"`
	Durability  string  `json:"durability"`
	BareRPS     float64 `json:"bare_rps"`
	BareP50     float64 `json:"bare_p50_ms"`
	BareP99     float64 `json:"bare_p99_ms"`
	LiftRPS     float64 `json:"lift_rps"`
	LiftP50     float64 `json:"lift_p50_ms"`
	LiftP99     float64 `json:"lift_p99_ms"`
	Ratio       float64 `json:"ratio"`
	Answered    int64   `json:"answered"`
	Stored      int64   `json:"stored"`
	AllStored   bool    `json:"all_stored"`
	AvgBatch    float64 `json:"avg_batch"`
}

// Redirect drives a bare net/http handler answering 302 and then Lift's
// redirect with click logging, each for d with conns connections on
// loopback, and checks that Lift stored one click per 302 it answered.
func Redirect(ctx context.Context, dir, db string, d time.Duration, conns int, async bool) (RedirectResult, error) {
	res := RedirectResult{Connections: conns, Seconds: d.Seconds(), Durability: "sync"}
	if async {
		res.Durability = "async"
	}
	bare := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", "https://shop.example.com/p?utm_source=tiktok")
		w.WriteHeader(http.StatusFound)
	})
	n, lat, err := drive(ctx, bare, d, conns)
	if err != nil {
		return res, err
	}
	res.BareRPS, res.BareP50, res.BareP99 = float64(n)/d.Seconds(), pct(lat, 0.50), pct(lat, 0.99)

	st, done, err := Open(ctx, dir, "redirect.db", db)
	if err != nil {
		return res, err
	}
	defer done()
	if err := oneLink(ctx, st); err != nil {
		return res, err
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	tr, err := tracking.New(ctx, st, tracking.Options{Async: async, Logger: quiet})
	if err != nil {
		return res, err
	}
	h := server.New(server.Config{Store: st, Tracker: tr, Logger: quiet})
	n, lat, err = drive(ctx, h, d, conns)
	if err != nil {
		return res, err
	}
	if err := tr.Close(ctx); err != nil {
		return res, err
	}
	res.LiftRPS, res.LiftP50, res.LiftP99 = float64(n)/d.Seconds(), pct(lat, 0.50), pct(lat, 0.99)
	res.Ratio = res.LiftRPS / res.BareRPS
	res.Answered = n
	if res.Stored, err = st.CountClicks(ctx); err != nil {
		return res, err
	}
	res.AllStored = res.Stored == res.Answered
	s := tr.Stats().Snapshot()
	if s.Batches > 0 {
		res.AvgBatch = float64(s.BatchClicks) / float64(s.Batches)
	}
	return res, nil
}

func oneLink(ctx context.Context, st *store.Store) error {
	ws, err := st.Workspace(ctx, "", false)
	if err != nil {
		return err
	}
	for _, f := range []struct{ kind, data string }{
		{"campaigns", "name,starts,ends\nSpring,2026-01-01,2026-12-31\n"},
		{"creators", "handle,platform,followers\nana,tiktok,15000\n"},
		{"links", "slug,destination,creator,campaign\nana1,https://shop.example.com/p,ana,Spring\n"},
	} {
		if _, err := importer.Import(ctx, st, ws, f.kind, strings.NewReader(f.data), importer.Options{File: f.kind}); err != nil {
			return err
		}
	}
	return nil
}

// drive serves h on a loopback port and sends GET /ana1 from conns
// keep-alive connections for d. It returns the 302s answered and every
// request's latency.
func drive(ctx context.Context, h http.Handler, d time.Duration, conns int) (int64, []time.Duration, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, nil, err
	}
	srv := &http.Server{Handler: h}
	go srv.Serve(ln)
	defer srv.Close()
	url := "http://" + ln.Addr().String() + "/ana1"
	tr := &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	deadline := time.Now().Add(d)
	var mu sync.Mutex
	var all []time.Duration
	var answered int64
	var firstErr error
	var wg sync.WaitGroup
	for i := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ua := fmt.Sprintf("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) bench/%d", i)
			var mine []time.Duration
			var n int64
			for time.Now().Before(deadline) && ctx.Err() == nil {
				req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
				req.Header.Set("User-Agent", ua)
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					mu.Lock()
					firstErr = err
					mu.Unlock()
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				mine = append(mine, time.Since(t0))
				if resp.StatusCode == http.StatusFound {
					n++
				}
			}
			mu.Lock()
			all = append(all, mine...)
			answered += n
			mu.Unlock()
		}()
	}
	wg.Wait()
	return answered, all, firstErr
}

// pct returns the p-th latency percentile in milliseconds.
func pct(lat []time.Duration, p float64) float64 {
	if len(lat) == 0 {
		return 0
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	i := int(float64(len(lat)-1) * p)
	return float64(lat[i].Microseconds()) / 1000
}
