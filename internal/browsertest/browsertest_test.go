package browsertest

import (
	"os"
	"path/filepath"
	"testing"
)

// recorder stands in for a test and records how Chromium ended it.
type recorder struct {
	testing.TB
	skipped, failed string
}

func (r *recorder) Helper()           {}
func (r *recorder) Skip(args ...any)  { r.skipped = args[0].(string) }
func (r *recorder) Fatal(args ...any) { r.failed = args[0].(string) }

func withoutBrowser(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	old := fallback
	fallback = filepath.Join(t.TempDir(), "chromium")
	t.Cleanup(func() { fallback = old })
}

func TestMissingBrowserSkipsWithHowTo(t *testing.T) {
	withoutBrowser(t)
	t.Setenv(Env, "")
	r := &recorder{}
	if p := Chromium(r); p != "" || r.failed != "" || r.skipped != Missing {
		t.Fatalf("path %q, failed %q, skipped %q", p, r.failed, r.skipped)
	}
}

func TestMissingBrowserFailsWhenRequired(t *testing.T) {
	withoutBrowser(t)
	t.Setenv(Env, "required")
	r := &recorder{}
	if p := Chromium(r); p != "" || r.skipped != "" || r.failed != Missing {
		t.Fatalf("path %q, failed %q, skipped %q", p, r.failed, r.skipped)
	}
}

func TestBrowserOnPathIsFound(t *testing.T) {
	withoutBrowser(t)
	dir := t.TempDir()
	t.Setenv("PATH", dir)
	exe := filepath.Join(dir, "chromium")
	if err := writeExecutable(exe); err != nil {
		t.Fatal(err)
	}
	r := &recorder{}
	if p := Chromium(r); p != exe || r.skipped != "" || r.failed != "" {
		t.Fatalf("path %q, failed %q, skipped %q", p, r.failed, r.skipped)
	}
}

func writeExecutable(path string) error {
	return os.WriteFile(path, []byte("#!/bin/sh\n"), 0o755)
}
