package main

import (
	"testing"
)

// TestImportOffATerminalPrintsOnlyItsSummary: with standard output and
// error captured (not a terminal) no progress line is drawn: the output
// is the summary line and nothing else.
func TestImportOffATerminalPrintsOnlyItsSummary(t *testing.T) {
	db := newDB(t)
	orders := write(t, t.TempDir(), "o.csv", "order_id,created_at,revenue\n1,2026-03-03,10.00\n2,2026-03-04,5.00\n")
	out, err := lift(t, "import", "orders", orders, "--db", db)
	if want := "orders o.csv: read 2, stored 2, updated 0, unchanged 0, refused 0\n"; err != nil || out != want {
		t.Fatalf("output %q (%v), want exactly %q", out, err, want)
	}
}
