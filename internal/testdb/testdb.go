// Package testdb gives tests the address of a fresh, empty database on
// the engine under test (storetest opens a store on it).
//
// By default that is a SQLite file in the test's temporary directory.
// When LIFT_TEST_POSTGRES holds a PostgreSQL URL
// (postgres://user@host:5432/db), every test gets instead a schema of its
// own in that database, made for it and dropped when it ends, so the
// whole suite runs on PostgreSQL: `LIFT_TEST_POSTGRES=postgres://… go
// test ./...`. CI runs the suite once each way.
package testdb

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
)

// Env names the variable that selects PostgreSQL.
const Env = "LIFT_TEST_POSTGRES"

// Postgres reports whether the suite runs on PostgreSQL.
func Postgres() bool { return os.Getenv(Env) != "" }

var announce sync.Once

// DSN returns the address of a fresh, empty database for t on the engine
// under test: a file path or a postgres:// URL, usable with --db.
func DSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv(Env)
	if base == "" {
		announce.Do(func() {
			fmt.Fprintf(os.Stderr, "testdb: tests run on SQLite only; set %s=postgres://… to run them on PostgreSQL\n", Env)
		})
		return SQLite(t)
	}
	return schema(t, base)
}

// SQLite returns a fresh SQLite file path, whatever the engine under
// test: for tests of what only SQLite has (its click log file, WAL).
func SQLite(t testing.TB) string {
	t.Helper()
	return filepath.Join(t.TempDir(), "lift.db")
}

// PostgresDSN returns a fresh PostgreSQL schema's URL, or skips t with one
// loud line when LIFT_TEST_POSTGRES is not set: for tests of what only
// PostgreSQL has (several nodes, advisory locks, copying between engines).
func PostgresDSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv(Env)
	if base == "" {
		t.Skipf("SKIP (needs PostgreSQL): set %s=postgres://… to run this test", Env)
	}
	return schema(t, base)
}

// schema makes a schema of its own for t in the database at base and
// returns base with search_path set to it; the schema is dropped when t
// ends.
func schema(t testing.TB, base string) string {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("testdb: %s: %v", Env, err)
	}
	defer conn.Close(ctx)
	name := "t_" + strings.ToLower(rand.Text()[:16])
	if _, err := conn.Exec(ctx, `CREATE SCHEMA `+name); err != nil {
		t.Fatalf("testdb: create schema on %s: %v", Env, err)
	}
	t.Cleanup(func() {
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Errorf("testdb: drop schema %s: %v", name, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, `DROP SCHEMA `+name+` CASCADE`); err != nil {
			t.Errorf("testdb: drop schema %s: %v", name, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("testdb: %s: %v", Env, err)
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String()
}
