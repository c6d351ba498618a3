package store

import (
	"context"
	"database/sql"
	"hash/fnv"
	"strconv"
	"strings"
	"sync"
)

// engine is the database behind a store. The store's SQL is written once,
// in the subset both engines share, with ? placeholders; a pool speaks it
// to either engine. What cannot be shared (placeholders, booleans, the
// write lock, a handful of functions, the schema's types) is decided here
// and in the few places that ask s.eng, and nowhere outside this package.
type engine int

const (
	sqliteEngine engine = iota
	postgresEngine
)

func (e engine) String() string {
	if e == postgresEngine {
		return "postgres"
	}
	return "sqlite"
}

// isPostgres reports whether dsn names a PostgreSQL database.
func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// pool is one of a store's connection pools.
//
// On SQLite the write pool holds one connection, and a write transaction
// takes the database's write lock when it begins (BEGIN IMMEDIATE), so
// writers queue one behind another. On PostgreSQL a write transaction
// takes a transaction-scoped advisory lock (writeLock) as its first
// statement, so writers queue the same way across every connection and
// every node: the store's read-then-write steps (an upsert that reads the
// stored row, the links version, the sign-in limiter) are as atomic on
// both engines. Single statements outside a transaction take no lock.
type pool struct {
	db  *sql.DB
	eng engine
	// readOnly pools begin read-only snapshot transactions.
	readOnly bool
	// writeLock is the advisory lock key of write transactions
	// (PostgreSQL): derived from the schema, so two Lift databases in
	// two schemas of one PostgreSQL database do not queue on each other.
	writeLock int64
}

// rebound caches the PostgreSQL form of each query: the store has a few
// hundred distinct queries, and a click's statements run thousands of
// times a second.
var rebound sync.Map // string → string

// sql gives query in the engine's own form: on PostgreSQL every ?
// placeholder outside a quoted string becomes $1, $2, ….
func (e engine) sql(query string) string {
	if e != postgresEngine {
		return query
	}
	if q, ok := rebound.Load(query); ok {
		return q.(string)
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	var quote byte
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	q := b.String()
	rebound.Store(query, q)
	return q
}

// args gives args in the engine's own form: PostgreSQL's driver will not
// store a Go bool in an integer column, and the schema keeps flags as
// 0 and 1 on both engines.
func (e engine) args(args []any) []any {
	if e != postgresEngine {
		return args
	}
	copied := false
	for i, a := range args {
		if b, ok := a.(bool); ok {
			if !copied {
				// The caller's slice is left as it was.
				args, copied = append([]any(nil), args...), true
			}
			args[i] = int64(0)
			if b {
				args[i] = int64(1)
			}
		}
	}
	return args
}

func (p *pool) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return p.db.ExecContext(ctx, p.eng.sql(query), p.eng.args(args)...)
}

func (p *pool) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return p.db.QueryContext(ctx, p.eng.sql(query), p.eng.args(args)...)
}

func (p *pool) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return p.db.QueryRowContext(ctx, p.eng.sql(query), p.eng.args(args)...)
}

// Exec runs a statement with no deadline.
func (p *pool) Exec(query string, args ...any) (sql.Result, error) {
	return p.ExecContext(context.Background(), query, args...)
}

// Query runs a query with no deadline.
func (p *pool) Query(query string, args ...any) (*sql.Rows, error) {
	return p.QueryContext(context.Background(), query, args...)
}

// QueryRow runs a one-row query with no deadline.
func (p *pool) QueryRow(query string, args ...any) *sql.Row {
	return p.QueryRowContext(context.Background(), query, args...)
}

// Begin begins a transaction with no deadline (BeginTx).
func (p *pool) Begin() (*txn, error) { return p.BeginTx(context.Background()) }

// Close closes the pool.
func (p *pool) Close() error { return p.db.Close() }

// BeginTx begins a transaction: a write transaction on the write pool (on
// PostgreSQL it waits for the write lock first), a read-only snapshot on
// the read pool.
func (p *pool) BeginTx(ctx context.Context) (*txn, error) {
	var opts *sql.TxOptions
	if p.readOnly && p.eng == postgresEngine {
		// One snapshot for the whole transaction, as SQLite's WAL
		// readers have.
		opts = &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	tx, err := p.db.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	t := &txn{tx: tx, eng: p.eng}
	if p.eng == postgresEngine && !p.readOnly {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, p.writeLock); err != nil {
			tx.Rollback()
			return nil, err
		}
	}
	return t, nil
}

// beginOnConn begins a write transaction as BeginTx does, on a
// connection of its own that the caller closes after the transaction
// ends: what the driver offers beside database/sql (PostgreSQL's COPY)
// reaches the transaction through it.
func (p *pool) beginOnConn(ctx context.Context) (*sql.Conn, *txn, error) {
	conn, err := p.db.Conn(ctx)
	if err != nil {
		return nil, nil, err
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		conn.Close()
		return nil, nil, err
	}
	t := &txn{tx: tx, eng: p.eng}
	if p.eng == postgresEngine {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, p.writeLock); err != nil {
			tx.Rollback()
			conn.Close()
			return nil, nil, err
		}
	}
	return conn, t, nil
}

// beginFree begins a transaction without the write lock, for what must
// never queue behind an import: appending clicks to the log.
func (p *pool) beginFree(ctx context.Context) (*txn, error) {
	tx, err := p.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	return &txn{tx: tx, eng: p.eng}, nil
}

// txn is a transaction of a pool.
type txn struct {
	tx  *sql.Tx
	eng engine
}

func (t *txn) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(ctx, t.eng.sql(query), t.eng.args(args)...)
}

func (t *txn) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(ctx, t.eng.sql(query), t.eng.args(args)...)
}

func (t *txn) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(ctx, t.eng.sql(query), t.eng.args(args)...)
}

func (t *txn) PrepareContext(ctx context.Context, query string) (*stmt, error) {
	st, err := t.tx.PrepareContext(ctx, t.eng.sql(query))
	if err != nil {
		return nil, err
	}
	return &stmt{st: st, eng: t.eng}, nil
}

// Exec runs a statement in the transaction with no deadline.
func (t *txn) Exec(query string, args ...any) (sql.Result, error) {
	return t.ExecContext(context.Background(), query, args...)
}

func (t *txn) Commit() error   { return t.tx.Commit() }
func (t *txn) Rollback() error { return t.tx.Rollback() }

// stmt is a statement prepared in a transaction.
type stmt struct {
	st  *sql.Stmt
	eng engine
}

func (s *stmt) ExecContext(ctx context.Context, args ...any) (sql.Result, error) {
	return s.st.ExecContext(ctx, s.eng.args(args)...)
}

func (s *stmt) QueryRowContext(ctx context.Context, args ...any) *sql.Row {
	return s.st.QueryRowContext(ctx, s.eng.args(args)...)
}

func (s *stmt) QueryContext(ctx context.Context, args ...any) (*sql.Rows, error) {
	return s.st.QueryContext(ctx, s.eng.args(args)...)
}

// lockKey derives an advisory lock key from a name and the schema it
// guards.
func lockKey(schema, name string) int64 {
	h := fnv.New64a()
	h.Write([]byte(schema))
	h.Write([]byte{0})
	h.Write([]byte(name))
	return int64(h.Sum64())
}

// ddl gives a migration's text for the engine: the blocks marked for the
// other engine ("-- sqlite {" … "-- }", "-- postgres {" … "-- }": its
// triggers, pragmas, functions) left out, and in the engine's own types: {{pk}} is the
// row id (SQLite's rowid; an identity column on PostgreSQL, which also
// accepts the ids a copy brings), INTEGER is 64-bit and BLOB is bytes on
// both.
func (e engine) ddl(body string) string {
	body = e.ownBlocks(body)
	if e != postgresEngine {
		return strings.ReplaceAll(body, "{{pk}}", "INTEGER PRIMARY KEY")
	}
	body = strings.ReplaceAll(body, "{{pk}}", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY")
	body = strings.ReplaceAll(body, "INTEGER", "BIGINT")
	return strings.ReplaceAll(body, "BLOB", "BYTEA")
}

// joinLines is a subquery joining column's values over the rows of from
// (a FROM … WHERE … clause), sorted, one per line; NULL when there are
// none.
func (e engine) joinLines(column, from string) string {
	if e == postgresEngine {
		return "(SELECT string_agg(" + column + ", E'\\n' ORDER BY " + column + ") " + from + ")"
	}
	// SQLite's group_concat joins in the order it reads the rows.
	return "(SELECT group_concat(v, char(10)) FROM (SELECT " + column + " AS v " + from + " ORDER BY v))"
}

// tables is a query of the names (column name) of the store's tables,
// ending in a WHERE clause more conditions can follow.
func (e engine) tables() string {
	if e == postgresEngine {
		return `SELECT name FROM (SELECT table_name AS name FROM information_schema.tables
			WHERE table_schema = current_schema() AND table_type = 'BASE TABLE') t WHERE name <> 'click_log'`
	}
	return `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`
}

// ownBlocks drops the lines of a migration marked for the other engine.
func (e engine) ownBlocks(body string) string {
	var b strings.Builder
	skip := false
	for line := range strings.Lines(body) {
		switch strings.TrimSpace(line) {
		case "-- sqlite {":
			skip = e != sqliteEngine
			continue
		case "-- postgres {":
			skip = e != postgresEngine
			continue
		case "-- }":
			skip = false
			continue
		}
		if !skip {
			b.WriteString(line)
		}
	}
	return b.String()
}
