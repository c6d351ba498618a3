package web

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/liftmetrics/lift/internal/storetest"
)

// sampleEmail is a customer's e-mail in an uploaded orders file: it must
// never reach the database file or its WAL.
const sampleEmail = "zoe.sample@example.org"

// TestUploadsNeverReachTheDatabase greps the database and its WAL for a
// customer's e-mail after a preview, an import, a cancel and an expiry,
// and checks that each of them leaves no file behind.
func TestUploadsNeverReachTheDatabase(t *testing.T) {
	// The kept files go to a directory of this test alone, so that the
	// expiry below can watch it without asking the handler (whose timer
	// may already have run) where the file was.
	if storetest.Postgres() {
		t.Skip("reads SQLite's database and WAL files; PostgreSQL's schema has no table for uploads")
	}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	e := newEnv(t)
	dbPath := e.dsn
	holds := func(s string) bool {
		for _, p := range []string{dbPath, dbPath + "-wal"} {
			b, err := os.ReadFile(p)
			if err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			if bytes.Contains(b, []byte(s)) {
				return true
			}
		}
		return false
	}
	noEmail := func(when string) {
		t.Helper()
		if holds(sampleEmail) {
			t.Errorf("after %s the database or its WAL holds the customer's e-mail", when)
		}
	}
	file := "order_id,created_at,revenue,customer_id\nz1,2026-03-11 10:00,20.00," + sampleEmail + "\n"
	c := e.signedIn(t, "ana@brand.com")
	preview := func(c *client, h *Handler) (string, string) {
		t.Helper()
		_, body := c.upload("orders", "zoe.csv", file, true)
		m := uploadToken.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no token in the preview:\n%s", body)
		}
		up, _, err := h.uploads.get(tokenHash(m[1]), sessionOf(t, e, c), e.brand.ID)
		if err != nil {
			t.Fatalf("the preview kept no file: %v", err)
		}
		return m[1], up.path
	}
	gone := func(when, path string) {
		t.Helper()
		if _, err := os.Stat(path); !os.IsNotExist(err) {
			t.Errorf("after %s the upload is still at %s (%v)", when, path, err)
		}
	}

	tok, path := preview(c, e.h)
	noEmail("a preview")
	if resp, _ := c.post("/import/confirm", url.Values{"token": {tok}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("import: %d", resp.StatusCode)
	}
	noEmail("the import")
	if !holds("zoe.csv") { // the history names the file: the grep sees what is written
		t.Error("the import's history is not in the database files")
	}
	gone("the import", path)

	tok, path = preview(c, e.h)
	if resp, _ := c.post("/import/cancel", url.Values{"token": {tok}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("cancel: %d", resp.StatusCode)
	}
	gone("a cancel", path)
	if resp, _ := c.post("/import/confirm", url.Values{"token": {tok}}); resp.StatusCode != http.StatusGone {
		t.Errorf("import after cancel: %d, want 410", resp.StatusCode)
	}

	_, path = preview(c, e.h)
	if resp, _ := c.post("/logout", url.Values{}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout: %d", resp.StatusCode)
	}
	gone("signing out", path)

	// Expiry: a dashboard whose files wait a moment; the timer deletes
	// them without anyone uploading again. The timer may run before the
	// preview's answer is read, so the test does not ask the handler for
	// the file: a token in the preview means a file was kept in tmp.
	kept := func() []string {
		t.Helper()
		m, err := filepath.Glob(filepath.Join(tmp, uploadPattern))
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	if k := kept(); len(k) != 0 {
		t.Fatalf("files left before the expiry test: %v", k)
	}
	h, err := New(Config{Store: e.st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), UploadTTL: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	e2 := &env{st: e.st, h: h, srv: srv}
	if _, body := e2.signedIn(t, "ana@brand.com").upload("orders", "zoe.csv", file, true); uploadToken.FindStringSubmatch(body) == nil {
		t.Fatalf("no token in the preview:\n%s", body)
	}
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline) && len(kept()) > 0; time.Sleep(10 * time.Millisecond) {
	}
	if k := kept(); len(k) != 0 {
		t.Errorf("after its expiry the upload is still at %v", k)
	}
	h.uploads.mu.Lock()
	if n := len(h.uploads.m); n != 0 {
		t.Errorf("%d uploads remembered after expiry", n)
	}
	h.uploads.mu.Unlock()
	noEmail("an expiry")
}

// sessionOf is the stored id of a client's session.
func sessionOf(t *testing.T, e *env, c *client) string {
	t.Helper()
	u, _ := url.Parse(c.base)
	for _, ck := range c.hc.Jar.Cookies(u) {
		if ck.Name == sessionCookie {
			return tokenHash(ck.Value)
		}
	}
	t.Fatal("not signed in")
	return ""
}

// TestUploadSweepSparesLiveFiles starts a dashboard whose files wait a
// moment next to the files of other processes: it deletes only those
// older than any live process keeps them.
func TestUploadSweepSparesLiveFiles(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	now := time.Now()
	aged := func(name string, age time.Duration) string {
		p := filepath.Join(tmp, name)
		if err := os.WriteFile(p, []byte("order_id\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, now.Add(-age), now.Add(-age)); err != nil {
			t.Fatal(err)
		}
		return p
	}
	orphan := aged("lift-upload-1.csv", uploadTTL+time.Minute)
	live := aged("lift-upload-2.csv", time.Minute) // another process's preview
	other := aged("notes.csv", 2*uploadTTL)
	if _, err := New(Config{Store: newEnv(t).st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), UploadTTL: 50 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(orphan); !os.IsNotExist(err) {
		t.Errorf("the orphan upload is still there (%v)", err)
	}
	for _, p := range []string{live, other} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("the sweep deleted %s: %v", p, err)
		}
	}
}

// A binary file on the import page is named as not a CSV file, with
// no garbled preview and nothing kept; a Latin-1 CSV is still read as
// text and refused line by line.
func TestBinaryUploadIsNotCSV(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(t, "ana@brand.com")
	for _, f := range []struct{ name, data, want string }{
		{"orders.xlsx", "PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00b\xee\x9dh^\x01\x00\x00", "Excel workbook"},
		{"logo.png", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "Export or save it as CSV"},
	} {
		resp, body := c.upload("orders", f.name, f.data, true)
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422", f.name, resp.StatusCode)
		}
		contains(t, f.name, body, f.name+" is not a CSV file", f.want)
		if uploadToken.MatchString(body) {
			t.Errorf("%s: a binary file was kept for import", f.name)
		}
	}
	_, body := c.upload("creators", "creators.csv", "handle,platform,followers,name\nzoe,instagram,1200,Zo\xe9\n", true)
	if strings.Contains(body, "not a CSV file") {
		t.Errorf("a Latin-1 CSV was called binary:\n%s", body)
	}
	contains(t, "latin-1", body, "not UTF-8")
}
