package server

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/liftmetrics/lift/internal/importer"
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

// TestHealthzTellsWhenClicksCannotBeCommitted: a database that answers a
// ping but refuses writes makes /healthz unhealthy, with the reason,
// until clicks commit again.
func TestHealthzTellsWhenClicksCannotBeCommitted(t *testing.T) {
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
	if code, body := e.text(t, "GET", "/healthz", ""); code != http.StatusOK {
		t.Fatalf("healthy: %d %s", code, body)
	}
	// The pool holds one connection, shared with the click writer.
	if _, err := e.st.DB.Exec(`PRAGMA query_only = ON`); err != nil {
		t.Fatal(err)
	}
	if code, _ := e.text(t, "GET", "/h1", ""); code != http.StatusServiceUnavailable {
		t.Errorf("redirect with a read-only database: %d, want 503", code)
	}
	code, body := e.text(t, "GET", "/healthz", "")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "clicks cannot be committed") {
		t.Errorf("healthz while clicks fail: %d %q, want 503 with the reason", code, body)
	}
	if _, err := e.st.DB.Exec(`PRAGMA query_only = OFF`); err != nil {
		t.Fatal(err)
	}
	if code, _ := e.text(t, "GET", "/h1", ""); code != http.StatusFound {
		t.Errorf("redirect once writable: %d", code)
	}
	if code, body := e.text(t, "GET", "/healthz", ""); code != http.StatusOK {
		t.Errorf("healthz after a commit: %d %s", code, body)
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
