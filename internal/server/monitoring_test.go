package server

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/liftmetrics/lift/internal/importer"
	"github.com/liftmetrics/lift/internal/storetest"
)

const operatorToken = "the operator's metrics token"

func (e *env) text(t *testing.T, method, path, token string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, e.srv.URL+path, strings.NewReader("{}"))
	req.Header.Set("User-Agent", "Mozilla/5.0 (iPhone)")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// TestHealthzTellsTheClickLoadersLag: a database that answers reads but
// refuses writes no longer stops redirects, whose clicks are committed to
// the click log; /healthz stays healthy and says that the loader fails
// and how many clicks wait, and /metrics has the same gauges. Once the
// database takes writes again, the waiting clicks are loaded.
func TestHealthzTellsTheClickLoadersLag(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	ws, _ := e.st.Workspace(ctx, "a", false)
	if _, err := importer.Import(ctx, e.st, ws, "links", strings.NewReader(
		"slug,destination,creator,campaign\nh1,https://shop.example.com/,ana,Spring\n"), importer.Options{File: "links"}); err != nil {
		t.Fatal(err)
	}
	if err := e.tr.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	if code, body := e.text(t, "GET", "/healthz", ""); code != http.StatusOK || !strings.Contains(body, "click log: 0 clicks waiting") {
		t.Fatalf("healthy: %d %s", code, body)
	}
	// The store's write pool holds one connection, the one the loader
	// writes through.
	if storetest.Postgres() {
		t.Skip("the loader's failure is made with a SQLite pragma")
	}
	if err := e.st.RefuseWrites(ctx, true); err != nil {
		t.Fatal(err)
	}
	if code, _ := e.text(t, "GET", "/h1", ""); code != http.StatusFound {
		t.Errorf("redirect with a read-only database: %d, want 302", code)
	}
	body := waitFor(t, e, "/healthz", "click loader failing")
	if !strings.Contains(body, "click log: 1 clicks waiting") {
		t.Errorf("healthz while the loader fails: %q", body)
	}
	code, metrics := e.text(t, "GET", "/metrics", operatorToken)
	if code != http.StatusOK || !strings.Contains(metrics, "lift_click_log_waiting 1\n") ||
		!strings.Contains(metrics, "lift_click_log_lag_seconds ") {
		t.Errorf("metrics while the loader fails: %d %s", code, metrics)
	}
	if err := e.st.RefuseWrites(ctx, false); err != nil {
		t.Fatal(err)
	}
	if code, _ := e.text(t, "GET", "/h1", ""); code != http.StatusFound {
		t.Errorf("redirect once writable: %d", code)
	}
	waitFor(t, e, "/healthz", "click log: 0 clicks waiting")
	if n, err := e.st.CountClicks(ctx); err != nil || n != 2 {
		t.Errorf("clicks loaded once writable: %d, %v", n, err)
	}
}

// waitFor fetches path until its body holds want: the loader works in the
// background, a moment after each redirect.
func waitFor(t *testing.T, e *env, path, want string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, body := e.text(t, "GET", path, "")
		if strings.Contains(body, want) {
			return body
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never said %q; last: %q", path, want, body)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestMetricsNeedTheOperatorAndKeepTheirLabels: a workspace's API key
// does not read /metrics, and webhook paths of unknown providers never
// become labels.
func TestMetricsNeedTheOperatorAndKeepTheirLabels(t *testing.T) {
	e := newEnv(t)
	for _, p := range []string{"/webhooks/label-one", "/webhooks/label-two/a", "/webhooks/label-three/nope"} {
		if code, _ := e.text(t, "POST", p, ""); code != http.StatusNotFound {
			t.Errorf("POST %s: %d, want 404", p, code)
		}
	}
	for _, key := range []string{"", e.keyA, "lift_wrong"} {
		if code, _ := e.text(t, "GET", "/metrics", key); code != http.StatusUnauthorized {
			t.Errorf("metrics with %q: %d, want 401", key, code)
		}
	}
	code, body := e.text(t, "GET", "/metrics", operatorToken)
	if code != http.StatusOK || !strings.Contains(body, "lift_redirects_total") {
		t.Fatalf("metrics with the operator's token: %d\n%s", code, body)
	}
	if strings.Contains(body, "label-") {
		t.Errorf("a webhook path became a metric label:\n%s", body)
	}
	if !strings.Contains(body, `lift_webhooks_total{provider="unknown",outcome="unknown_provider"} 3`) {
		t.Errorf("unknown providers not counted under one label:\n%s", body)
	}
}
