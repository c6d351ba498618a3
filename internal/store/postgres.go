package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strconv"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// openPostgres opens a store on PostgreSQL.
//
// The driver is pgx, through database/sql: the store's SQL is one body of
// code for both engines, and database/sql is what the SQLite driver
// speaks; pgx's own interface would have doubled every query for a speed
// the store does not need (a click is appended in batches, see ClickLog).
//
// The URL's search_path, if any, is the schema the store lives in; a
// pool_max_conns parameter sizes each pool (default pgConns).
func openPostgres(ctx context.Context, dsn string) (*Store, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return nil, errors.New("open database: the PostgreSQL URL does not parse")
	}
	conns := pgConns
	q := u.Query()
	if v := q.Get("pool_max_conns"); v != "" {
		n, err := strconv.Atoi(v)
		// Two at least: opening holds one connection for the migration
		// lock and migrates on another, so a pool of one would wait forever.
		if err != nil || n < 2 || n > 1000 {
			return nil, fmt.Errorf("open database: pool_max_conns=%q is not a number from 2 to 1000", v)
		}
		conns = n
		q.Del("pool_max_conns")
		u.RawQuery = q.Encode()
	}
	safe := redact(u)
	db, err := sql.Open("pgx", u.String())
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", safe, err)
	}
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	var schema string
	if err := db.QueryRowContext(ctx, `SELECT coalesce(current_schema(), '')`).Scan(&schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w", safe, err)
	}
	if schema == "" {
		db.Close()
		return nil, fmt.Errorf("open database %s: its search_path names no schema that exists", safe)
	}
	s := &Store{eng: postgresEngine, dsn: dsn, pgURL: u.String(), schema: schema,
		wr: &pool{db: db, eng: postgresEngine, writeLock: lockKey(schema, "write")}}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w", safe, err)
	}
	// The read pool's sessions are read-only: a write through it fails
	// instead of slipping past the write lock.
	q = u.Query()
	q.Set("default_transaction_read_only", "on")
	u.RawQuery = q.Encode()
	rd, err := sql.Open("pgx", u.String())
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w", safe, err)
	}
	rd.SetMaxOpenConns(conns)
	rd.SetMaxIdleConns(conns)
	s.rd = &pool{db: rd, eng: postgresEngine, readOnly: true}
	return s, nil
}

// redact gives the URL without its password, for messages.
func redact(u *url.URL) string {
	c := *u
	if c.User != nil {
		if _, ok := c.User.Password(); ok {
			c.User = url.UserPassword(c.User.Username(), "xxxxx")
		}
	}
	c.RawQuery = ""
	return c.String()
}

// Describe names the database at dsn for messages: a SQLite file's path,
// or a PostgreSQL URL without its password and parameters, and the
// schema its search_path names.
func Describe(dsn string) string {
	if !isPostgres(dsn) {
		return dsn
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "a PostgreSQL URL that does not parse"
	}
	d := redact(u)
	if schema := u.Query().Get("search_path"); schema != "" {
		d += " (schema " + schema + ")"
	}
	return d
}

// IsPostgres reports whether dsn names a PostgreSQL database rather than a
// SQLite file.
func IsPostgres(dsn string) bool { return isPostgres(dsn) }

// ScratchSchema makes a new, empty schema in the PostgreSQL database at
// dsn, for a benchmark that needs a fresh database there, and returns
// dsn with search_path set to it and a function that drops it with all it
// holds.
func ScratchSchema(ctx context.Context, dsn, prefix string) (string, func() error, error) {
	u, err := url.Parse(dsn)
	if err != nil || !isPostgres(dsn) {
		return "", nil, errors.New("scratch schema: not a postgres:// URL")
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return "", nil, fmt.Errorf("scratch schema on %s: %w", redact(u), err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	name := prefix + "_" + hex.EncodeToString(b)
	if _, err := db.ExecContext(ctx, `CREATE SCHEMA `+name); err != nil {
		db.Close()
		return "", nil, fmt.Errorf("scratch schema on %s: %w", redact(u), err)
	}
	drop := func() error {
		defer db.Close()
		_, err := db.ExecContext(context.Background(), `DROP SCHEMA `+name+` CASCADE`)
		return err
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String(), drop, nil
}
