// Package store keeps Lift's data in SQLite (the embedded default) or
// PostgreSQL, behind database/sql. Every method takes the workspace it works in; nothing
// crosses workspaces.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver (pure Go, no cgo)
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is an open Lift database, reached through two pools. wr is the
// write pool, rd the read pool.
//
// On SQLite, wr holds one connection: SQLite admits one writer at a time,
// and one connection spares our own writers SQLITE_BUSY. rd holds several
// query-only connections: in WAL mode a reader never waits for the writer
// (it reads the last committed snapshot), so a long report or an import
// holding the write connection never stalls a read, and a long report
// never holds up a write.
//
// On PostgreSQL both pools hold several connections (pgConns); write
// transactions queue on an advisory lock instead (see pool), and the read
// pool's connections are read-only.
type Store struct {
	wr     *pool // the write pool; reads go through rd
	rd     *pool
	eng    engine
	path   string // the SQLite file; "" on PostgreSQL
	dsn    string
	pgURL  string // PostgreSQL: dsn without the pool's size, for more pools
	schema string // PostgreSQL: the schema the store lives in
	master []byte // see UseMasterSecret
	// clog is the click log this process opened last, if any: a click
	// still waiting there exists as much as a loaded one.
	clog atomic.Pointer[ClickLog]
	tx   *txn // set by In
	// applied are the migrations this store applied (when it opened, or
	// by Migrate), in order.
	applied []string
}

// In returns a view of the store whose list reads (Campaigns, Creators,
// Posts, Codes, Links, …: those built on query) run inside t, so that
// they see what t has written but not yet committed (the read pool sees
// only committed data). Its other methods must not be used while t is
// open: they would wait for t's connection.
func (s *Store) In(t *Tx) *Store {
	v := &Store{wr: s.wr, rd: s.rd, eng: s.eng, path: s.path, dsn: s.dsn, pgURL: s.pgURL, schema: s.schema, master: s.master, tx: t.tx}
	v.clog.Store(s.clog.Load())
	return v
}

// Engine names the store's database engine: "sqlite" or "postgres".
func (s *Store) Engine() string { return s.eng.String() }

// readConns is the SQLite read pool's size: enough for the dashboard, the
// API and the links poller to read at once on a small machine, few enough
// that SQLite's page caches (64 MiB each at most) stay bounded.
const readConns = 4

// pgConns is the size of each PostgreSQL pool, unless the URL's
// pool_max_conns says otherwise: a node holds at most twice this many
// connections. Writers queue on the write lock, so more write
// connections would only wait; reads (reports, the dashboard) run side by
// side.
const pgConns = 8

// sqlitePragmas are set on every connection of both pools: the driver
// applies them per connection.
const sqlitePragmas = "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)" +
	"&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(ON)&_pragma=temp_store(MEMORY)" +
	"&_pragma=cache_size(-65536)"

// Open opens (creating if needed) the database named by dsn and applies
// any migration it lacks. dsn is a file path for SQLite, or a
// postgres:// URL.
func Open(ctx context.Context, dsn string) (*Store, error) {
	if dsn == "" {
		return nil, errors.New("open database: no path given (use --db FILE or LIFT_DB)")
	}
	if isPostgres(dsn) {
		return openPostgres(ctx, dsn)
	}
	// A write transaction takes the write lock when it begins
	// (_txlock=immediate), so two writers queue instead of failing when
	// one of them upgrades a read to a write.
	db, err := sql.Open("sqlite", "file:"+dsn+sqlitePragmas+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", dsn, err)
	}
	db.SetMaxOpenConns(1)
	s := &Store{wr: &pool{db: db}, path: dsn, dsn: dsn}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w", dsn, err)
	}
	// The read pool opens after the migrations, so that it never sees a
	// half-made schema; query_only makes a write through it an error
	// rather than a second writer.
	rd, err := sql.Open("sqlite", "file:"+dsn+sqlitePragmas+"&_pragma=query_only(1)")
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w", dsn, err)
	}
	rd.SetMaxOpenConns(readConns)
	rd.SetMaxIdleConns(readConns)
	s.rd = &pool{db: rd, readOnly: true}
	return s, nil
}

// Close closes both pools.
func (s *Store) Close() error {
	return errors.Join(s.rd.Close(), s.wr.Close())
}

// Ping checks that the database answers a read. It goes through the read
// pool, so it answers while an import holds the write connection.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	return s.rd.QueryRowContext(ctx, `SELECT 1`).Scan(&one)
}

// Migrate applies the migrations the database lacks. Open does it too;
// this is for a deployment that migrates once before it starts its nodes.
func (s *Store) Migrate(ctx context.Context) error { return s.migrate(ctx) }

// Applied lists the migrations this store applied itself, in order: none
// when the database was up to date when it opened. Of several processes
// opening one new database at once, one applies them all and the others
// none (see migrate).
func (s *Store) Applied() []string { return slices.Clone(s.applied) }

// Migrations lists the migrations applied to the database, in order.
func (s *Store) Migrations(ctx context.Context) ([]string, error) {
	var out []string
	err := s.query(ctx, func(r *sql.Rows) error {
		var name string
		if err := r.Scan(&name); err != nil {
			return err
		}
		out = append(out, name)
		return nil
	}, `SELECT name FROM schema_migrations ORDER BY name`)
	return out, err
}

// migrationNames lists the embedded migrations of the engine in order. A
// migration's lines between "-- sqlite {" or "-- postgres {" and "-- }"
// are that engine's alone (see engine.ddl); a NAME.pg.sql file is a
// migration of PostgreSQL's alone (its click log), recorded as NAME.sql.
func (e engine) migrationNames() ([]string, error) {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []string
	for _, n := range names {
		if pg := strings.TrimSuffix(n, ".pg.sql"); pg != n {
			if e != postgresEngine {
				continue
			}
			n = pg + ".sql"
		}
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out, nil
}

// migrationFile is the embedded file of the named migration: NAME.sql, or
// NAME.pg.sql for one of PostgreSQL's alone.
func (e engine) migrationFile(name string) string {
	if _, err := migrations.ReadFile(name); err != nil && e == postgresEngine {
		return strings.TrimSuffix(name, ".sql") + ".pg.sql"
	}
	return name
}

func (s *Store) migrate(ctx context.Context) error {
	if s.eng == postgresEngine {
		// One process migrates at a time: ten nodes starting at once
		// queue here, and the nine that follow find nothing to do. The
		// lock is a session lock, held on one connection for the whole
		// run and released when it ends.
		conn, err := s.wr.db.Conn(ctx)
		if err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		defer conn.Close()
		key := lockKey(s.schema, "migrate")
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, key); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, key)
	}
	if _, err := s.wr.ExecContext(ctx,
		`CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	names, err := s.eng.migrationNames()
	if err != nil {
		return err
	}
	for _, name := range names {
		done, err := s.apply(ctx, name)
		if err != nil {
			return fmt.Errorf("migrate %s: %w", name, err)
		}
		if done {
			s.applied = append(s.applied, name)
		}
	}
	return nil
}

// apply applies one migration unless the database has it, and reports
// whether it did.
func (s *Store) apply(ctx context.Context, name string) (bool, error) {
	tx, err := s.wr.BeginTx(ctx)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE name = ?`, name).Scan(&n); err != nil {
		return false, err
	}
	if n > 0 {
		return false, nil
	}
	body, err := migrations.ReadFile(s.eng.migrationFile(name))
	if err != nil {
		return false, err
	}
	// Straight to the driver: a migration is several statements and no
	// parameters (PostgreSQL's driver runs it in the simple protocol).
	if _, err := tx.tx.ExecContext(ctx, s.eng.ddl(string(body))); err != nil {
		return false, err
	}
	if then := migrationSteps[name]; then != nil {
		if err := then(ctx, tx); err != nil {
			return false, err
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)`,
		name, time.Now().UnixMilli()); err != nil {
		return false, err
	}
	return true, tx.Commit()
}

// migrationSteps are what a migration does beyond its SQL, in Go, in the
// migration's transaction: what SQL alone cannot do on both engines.
var migrationSteps = map[string]func(context.Context, *txn) error{
	// The summaries of the clicks already stored, by their dates in each
	// workspace's time zone.
	"migrations/0020_click_days.sql": func(ctx context.Context, t *txn) error {
		return rebuildAll(ctx, t, rebuildClickDays)
	},
	"migrations/0021_click_facets.sql": func(ctx context.Context, t *txn) error {
		return rebuildAll(ctx, t, rebuildClickFacets)
	},
	// The credits of the orders already stored (credits.go).
	"migrations/0020_order_credits.sql": func(ctx context.Context, t *txn) error {
		tx := &Tx{tx: t, stmts: map[string]*stmt{}, ctx: ctx}
		ids := map[int64]bool{}
		if err := tx.scanIDs(ctx, ids, `SELECT id FROM workspaces`); err != nil {
			return err
		}
		for ws := range ids {
			tx.allChanged(ws)
		}
		return tx.keepCredits(ctx)
	},
}

// ms converts a time to the stored Unix milliseconds.
func ms(t time.Time) int64 { return t.UnixMilli() }

// fromMS converts stored Unix milliseconds back to a UTC time.
func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }
