// Package storetest opens a fresh Lift store for a test, on the engine
// under test: SQLite by default, PostgreSQL when LIFT_TEST_POSTGRES holds
// a URL (see package testdb).
package storetest

import (
	"context"
	"testing"

	"github.com/liftmetrics/lift/internal/store"
	"github.com/liftmetrics/lift/internal/testdb"
)

// DSN returns the address of a fresh, empty database on the engine under
// test, usable with --db.
func DSN(t testing.TB) string { t.Helper(); return testdb.DSN(t) }

// Postgres reports whether the suite runs on PostgreSQL.
func Postgres() bool { return testdb.Postgres() }

// New opens a fresh store on the engine under test, closed when t ends.
func New(t testing.TB) *store.Store {
	t.Helper()
	return Open(t, DSN(t))
}

// Open opens the store at dsn, closed when t ends.
func Open(t testing.TB, dsn string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
