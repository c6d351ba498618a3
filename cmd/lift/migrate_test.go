package main

import (
	"context"
	"path"
	"strings"
	"testing"

	"github.com/liftmetrics/lift/internal/store"
	"github.com/liftmetrics/lift/internal/storetest"
)

// TestMigrate: lift migrate on a new database applies every migration and
// names each; run again, it applies none and says the database is up to
// date. lift help lists it.
func TestMigrate(t *testing.T) {
	db := storetest.DSN(t)
	out, err := lift(t, "migrate", "--db", db)
	if err != nil {
		t.Fatal(out, err)
	}
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	all, err := st.Migrations(context.Background())
	st.Close()
	if err != nil || len(all) < 10 {
		t.Fatalf("migrations after lift migrate: %v %v", all, err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != len(all)+1 {
		t.Fatalf("lift migrate on a new database printed %d lines for %d migrations:\n%s", len(lines), len(all), out)
	}
	for i, name := range all {
		if want := "applied " + path.Base(name); lines[i] != want {
			t.Errorf("line %d: %q, want %q", i+1, lines[i], want)
		}
	}
	if !strings.Contains(lines[len(all)], "up to date") {
		t.Errorf("last line %q does not say the database is up to date", lines[len(all)])
	}
	out, err = lift(t, "migrate", "--db", db)
	if err != nil || strings.Contains(out, "applied") || !strings.HasPrefix(out, "up to date") {
		t.Errorf("lift migrate again: %q %v, want up to date and nothing applied", out, err)
	}
	if out, err := lift(t, "help"); err != nil || !strings.Contains(out, "lift migrate") {
		t.Errorf("lift help does not list lift migrate: %v", err)
	}
}
