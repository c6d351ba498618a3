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

// RenameCreator gives the workspace's creator with the handle another
// handle, as the dashboard's edit form does: for tests of names that no
// import would take.
func RenameCreator(t testing.TB, st *store.Store, ws int64, handle, to string) {
	t.Helper()
	ctx := context.Background()
	creators, err := st.Creators(ctx, ws)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range creators {
		if c.Handle != handle {
			continue
		}
		c.Handle = to
		update(t, st, func(tx *store.Tx) (bool, error) { return tx.UpdateCreator(ctx, ws, c.ID, c) })
		return
	}
	t.Fatalf("rename creator: no creator %q", handle)
}

// RenameCampaign gives the workspace's campaign with the name another
// name, as the dashboard's edit form does.
func RenameCampaign(t testing.TB, st *store.Store, ws int64, name, to string) {
	t.Helper()
	ctx := context.Background()
	campaigns, err := st.Campaigns(ctx, ws)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range campaigns {
		if c.Name != name {
			continue
		}
		c.Name = to
		update(t, st, func(tx *store.Tx) (bool, error) { return tx.UpdateCampaign(ctx, ws, c.ID, c) })
		return
	}
	t.Fatalf("rename campaign: no campaign %q", name)
}

// update runs fn in a write transaction and commits it; fn reports
// whether it found its row.
func update(t testing.TB, st *store.Store, fn func(*store.Tx) (bool, error)) {
	t.Helper()
	tx, err := st.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if ok, err := fn(tx); err != nil || !ok {
		t.Fatalf("update: found %v, %v", ok, err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}
