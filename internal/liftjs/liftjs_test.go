package liftjs

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"
)

func serve(method string, header map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, "/lift.js", nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	Handler().ServeHTTP(rec, req)
	return rec
}

func TestHandlerServesScript(t *testing.T) {
	rec := serve(http.MethodGet, nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("status = %d, want 200", rec.Code)
	}
	want := map[string]string{
		"Content-Type":  "text/javascript; charset=utf-8",
		"Cache-Control": "public, max-age=3600",
	}
	for k, v := range want {
		if got := rec.Header().Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if etag := rec.Header().Get("ETag"); !regexp.MustCompile(`^"[0-9a-f]{16}"$`).MatchString(etag) {
		t.Errorf("ETag = %q, want a quoted hex digest", etag)
	}
	if !bytes.Equal(rec.Body.Bytes(), Script) {
		t.Errorf("body is not the embedded script")
	}
	if len(Script) == 0 || !bytes.Contains(Script, []byte("lift_cid")) {
		t.Errorf("embedded script looks wrong: %d bytes", len(Script))
	}
}

func TestHandlerHead(t *testing.T) {
	rec := serve(http.MethodHead, nil)
	if rec.Code != http.StatusOK || rec.Body.Len() != 0 {
		t.Fatalf("HEAD: status %d, %d body bytes; want 200 and none", rec.Code, rec.Body.Len())
	}
	if rec.Header().Get("ETag") == "" {
		t.Errorf("HEAD: no ETag")
	}
}

func TestHandlerNotModified(t *testing.T) {
	etag := serve(http.MethodGet, nil).Header().Get("ETag")
	for _, inm := range []string{etag, "W/" + etag, `"other", ` + etag, "*"} {
		rec := serve(http.MethodGet, map[string]string{"If-None-Match": inm})
		if rec.Code != http.StatusNotModified {
			t.Errorf("If-None-Match %s: status = %d, want 304", inm, rec.Code)
		}
		if rec.Body.Len() != 0 {
			t.Errorf("If-None-Match %s: 304 with a body", inm)
		}
	}
	rec := serve(http.MethodGet, map[string]string{"If-None-Match": `"stale"`})
	if rec.Code != http.StatusOK || !bytes.Equal(rec.Body.Bytes(), Script) {
		t.Errorf("stale If-None-Match: status = %d, want 200 with the script", rec.Code)
	}
}

func TestHandlerRejectsOtherMethods(t *testing.T) {
	for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete} {
		rec := serve(m, nil)
		if rec.Code != http.StatusMethodNotAllowed {
			t.Errorf("%s: status = %d, want 405", m, rec.Code)
		}
		if got := rec.Header().Get("Allow"); got != "GET, HEAD" {
			t.Errorf("%s: Allow = %q", m, got)
		}
	}
}

func TestScriptIsSmall(t *testing.T) {
	// The script is on every page of the store; keep it cheap.
	if len(Script) > 3072 {
		t.Errorf("lift.js is %d bytes, want at most 3072", len(Script))
	}
}
