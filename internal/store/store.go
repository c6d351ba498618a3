// Package store keeps Lift's data in SQLite (the embedded default) behind
// database/sql. Every method takes the workspace it works in; nothing
// crosses workspaces.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver (pure Go, no cgo)
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is an open Lift database, reached through two pools. DB, the
// write pool, holds one connection: SQLite admits one writer at a time,
// and one connection spares our own writers SQLITE_BUSY. rd, the read
// pool, holds several query-only connections: in WAL mode a reader never
// waits for the writer (it reads the last committed snapshot), so a long
// report or an import holding the write connection never stalls a read,
// and a long report never holds up a write.
type Store struct {
	DB     *sql.DB // the write pool; reads go through rd
	rd     *sql.DB
	path   string
	master []byte // see UseMasterSecret
	// clog is the click log this process opened last, if any: a click
	// still waiting there exists as much as a loaded one.
	clog atomic.Pointer[ClickLog]
	tx   *sql.Tx // set by In
}

// In returns a view of the store whose list reads (Campaigns, Creators,
// Posts, Codes, Links, …: those built on query) run inside t, so that
// they see what t has written but not yet committed (the read pool sees
// only committed data). Its other methods must not be used while t is
// open: they would wait for t's connection.
func (s *Store) In(t *Tx) *Store {
	v := &Store{DB: s.DB, rd: s.rd, path: s.path, master: s.master, tx: t.tx}
	v.clog.Store(s.clog.Load())
	return v
}

// readConns is the read pool's size: enough for the dashboard, the API
// and the links poller to read at once on a small machine, few enough
// that SQLite's page caches (64 MiB each at most) stay bounded.
const readConns = 4

// sqlitePragmas are set on every connection of both pools: the driver
// applies them per connection.
const sqlitePragmas = "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)" +
	"&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(ON)&_pragma=temp_store(MEMORY)" +
	"&_pragma=cache_size(-65536)"

// Open opens (creating if needed) the database named by dsn and applies
// any migration it lacks. dsn is a file path for SQLite.
func Open(ctx context.Context, dsn string) (*Store, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return nil, errors.New("open database: PostgreSQL is not supported by this build yet; use a SQLite file path")
	}
	if dsn == "" {
		return nil, errors.New("open database: no path given (use --db FILE or LIFT_DB)")
	}
	// A write transaction takes the write lock when it begins
	// (_txlock=immediate), so two writers queue instead of failing when
	// one of them upgrades a read to a write.
	db, err := sql.Open("sqlite", "file:"+dsn+sqlitePragmas+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", dsn, err)
	}
	db.SetMaxOpenConns(1)
	s := &Store{DB: db, path: dsn}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w", dsn, err)
	}
	// The read pool opens after the migrations, so that it never sees a
	// half-made schema; query_only makes a write through it an error
	// rather than a second writer.
	s.rd, err = sql.Open("sqlite", "file:"+dsn+sqlitePragmas+"&_pragma=query_only(1)")
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w", dsn, err)
	}
	s.rd.SetMaxOpenConns(readConns)
	s.rd.SetMaxIdleConns(readConns)
	return s, nil
}

// Close closes both pools.
func (s *Store) Close() error {
	return errors.Join(s.rd.Close(), s.DB.Close())
}

// Ping checks that the database answers a read. It goes through the read
// pool, so it answers while an import holds the write connection.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	return s.rd.QueryRowContext(ctx, `SELECT 1`).Scan(&one)
}

func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.DB.ExecContext(ctx,
		`CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		if err := s.apply(ctx, name); err != nil {
			return fmt.Errorf("migrate %s: %w", name, err)
		}
	}
	return nil
}

func (s *Store) apply(ctx context.Context, name string) error {
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE name = ?`, name).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	body, err := migrations.ReadFile(name)
	if err != nil {
		return err
	}
	ddl := strings.ReplaceAll(string(body), "{{pk}}", "INTEGER PRIMARY KEY")
	if _, err := tx.ExecContext(ctx, ddl); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)`,
		name, time.Now().UnixMilli()); err != nil {
		return err
	}
	return tx.Commit()
}

// ms converts a time to the stored Unix milliseconds.
func ms(t time.Time) int64 { return t.UnixMilli() }

// fromMS converts stored Unix milliseconds back to a UTC time.
func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }
