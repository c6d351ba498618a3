// Package browsertest finds the headless Chromium that the browser tests
// drive, and decides what a machine without one does: skip with a line
// saying how to run them, or fail when LIFT_BROWSER_TESTS=required (CI).
package browsertest

import (
	"os"
	"os/exec"
	"testing"
)

// Env names the variable that makes a missing browser a failure.
const Env = "LIFT_BROWSER_TESTS"

// Missing is what a test says when no browser is found.
const Missing = "SKIPPING BROWSER TEST: chromium not found (looked in PATH and /usr/bin/chromium); " +
	"install it with `apt-get install chromium` to run the browser tests (" + Env + "=required makes this a failure)"

// Chromium returns the path of the browser. Without one it skips the test,
// or fails it when LIFT_BROWSER_TESTS=required, so CI cannot pass without
// running it.
func Chromium(t testing.TB) string {
	t.Helper()
	if p := Find(); p != "" {
		return p
	}
	if os.Getenv(Env) == "required" {
		t.Fatal(Missing)
	} else {
		t.Skip(Missing)
	}
	return ""
}

// fallback is where Debian's package puts the browser, for a PATH that
// lacks /usr/bin.
var fallback = "/usr/bin/chromium"

// Find returns the browser's path, or "" when there is none.
func Find() string {
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	if _, err := os.Stat(fallback); err == nil {
		return fallback
	}
	return ""
}
