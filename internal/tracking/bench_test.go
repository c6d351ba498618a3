package tracking

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// connections is the load the redirect path is sized for.
const connections = 64

// BenchmarkRedirect measures redirects over real HTTP on loopback at 64
// concurrent connections: a bare 302 handler as the ceiling, then the
// tracker answering after commit (sync) and before it (async).
func BenchmarkRedirect(b *testing.B) {
	b.Run("bare", func(b *testing.B) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Location", "https://shop.example/serum")
			w.WriteHeader(http.StatusFound)
		}))
		defer srv.Close()
		hammer(b, srv.URL+"/s")
	})
	for _, async := range []bool{false, true} {
		name := map[bool]string{false: "sync", true: "async"}[async]
		b.Run(name, func(b *testing.B) {
			// Behind a trusted proxy, so that every request can be a new
			// visitor, as real traffic is: one visitor repeating a link
			// thousands of times measures the unique-visitor lookup
			// instead of the redirect.
			loopback := []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
			e := newEnv(b, Options{Async: async, TrustedProxies: loopback}, map[string]string{"s": shop})
			hammer(b, e.srv.URL+"/s")
			s := e.tr.Stats().Snapshot()
			if s.Batches > 0 {
				b.ReportMetric(float64(s.BatchClicks)/float64(s.Batches), "clicks/batch")
			}
		})
	}
}

// hammer sends b.N browser GETs over 64 connections and reports the rate
// and latency percentiles.
func hammer(b *testing.B, url string) {
	client := &http.Client{
		CheckRedirect: noFollow.CheckRedirect,
		Transport:     &http.Transport{MaxIdleConnsPerHost: connections, MaxConnsPerHost: connections},
	}
	defer client.CloseIdleConnections()
	var mu sync.Mutex
	var visitors atomic.Uint32
	var lat []time.Duration
	b.SetParallelism((connections + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		var mine []time.Duration
		for pb.Next() {
			t0 := time.Now()
			if err := fetch(client, url, visitors.Add(1)); err != nil {
				b.Error(err)
				return
			}
			mine = append(mine, time.Since(t0))
		}
		mu.Lock()
		lat = append(lat, mine...)
		mu.Unlock()
	})
	elapsed := time.Since(start)
	b.StopTimer()
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "req/s")
	b.ReportMetric(ms(lat[len(lat)/2]), "p50-ms")
	b.ReportMetric(ms(lat[len(lat)*99/100]), "p99-ms")
}

func fetch(client *http.Client, url string, visitor uint32) error {
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("User-Agent", iPhoneUA)
	v := byte(visitor>>16) | 1<<7
	req.Header.Set("X-Forwarded-For", netip.AddrFrom4([4]byte{v, byte(visitor >> 8), byte(visitor), 1}).String())
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	// Drained, so that the connection is reused as a browser's would be.
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return nil
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
