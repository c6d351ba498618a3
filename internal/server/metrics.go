package server

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
)

// metrics counts what the tracker does not: webhook outcomes.
type metrics struct {
	mu       sync.Mutex
	webhooks map[[2]string]int64 // provider, outcome
}

func newMetrics() *metrics { return &metrics{webhooks: map[[2]string]int64{}} }

func (m *metrics) webhook(provider, outcome string) {
	m.mu.Lock()
	m.webhooks[[2]string{provider, outcome}]++
	m.mu.Unlock()
}

// serveMetrics writes the Prometheus text format.
func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	var b strings.Builder
	st := s.cfg.Tracker.Stats()
	counter := func(name, help string, v int64) {
		fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s counter\n%s %d\n", name, help, name, name, v)
	}
	counter("lift_redirects_total", "Redirects answered with 302.", st.Redirects.Load())
	counter("lift_not_found_total", "Requests for unknown slugs.", st.NotFound.Load())
	counter("lift_clicks_stored_total", "Clicks committed to the click log (durable).", st.ClicksStored.Load())
	counter("lift_bot_clicks_total", "Clicks stored as bots (never counted).", st.Bots.Load())
	counter("lift_click_commit_errors_total", "Click batches that failed to commit.", st.CommitErrors.Load())
	fmt.Fprintf(&b, "# HELP lift_click_batch_size Clicks per committed batch.\n# TYPE lift_click_batch_size summary\n")
	fmt.Fprintf(&b, "lift_click_batch_size_sum %d\nlift_click_batch_size_count %d\n", st.BatchClicks.Load(), st.Batches.Load())
	fmt.Fprintf(&b, "# HELP lift_click_commit_seconds Time to commit a click batch.\n# TYPE lift_click_commit_seconds summary\n")
	fmt.Fprintf(&b, "lift_click_commit_seconds_sum %g\nlift_click_commit_seconds_count %d\n",
		float64(st.CommitNanos.Load())/1e9, st.Batches.Load())
	counter("lift_clicks_loaded_total", "Logged clicks loaded into the database.", st.ClicksLoaded.Load())
	counter("lift_click_load_errors_total", "Loads of logged clicks that failed (the clicks wait in the log).", st.LoadErrors.Load())
	if waiting, age, _, err := s.cfg.Tracker.LoaderLag(r.Context()); err == nil {
		gauge := func(name, help string, v float64) {
			fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s gauge\n%s %g\n", name, help, name, name, v)
		}
		gauge("lift_click_log_waiting", "Clicks committed to the click log, not yet loaded into the database.", float64(waiting))
		gauge("lift_click_log_lag_seconds", "Age of the oldest click waiting in the click log; 0 when none wait.", age.Seconds())
	}
	fmt.Fprintf(&b, "# HELP lift_webhooks_total Webhook deliveries by outcome.\n# TYPE lift_webhooks_total counter\n")
	s.metrics.mu.Lock()
	keys := make([][2]string, 0, len(s.metrics.webhooks))
	for k := range s.metrics.webhooks {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i][0]+keys[i][1] < keys[j][0]+keys[j][1] })
	for _, k := range keys {
		fmt.Fprintf(&b, "lift_webhooks_total{provider=%q,outcome=%q} %d\n", k[0], k[1], s.metrics.webhooks[k])
	}
	s.metrics.mu.Unlock()
	w.Write([]byte(b.String()))
}
