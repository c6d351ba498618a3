package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/liftmetrics/lift/internal/progress"
)

// CopyOptions tunes Copy.
type CopyOptions struct {
	// Progress counts the rows copied, against the rows in all; nil
	// counts nothing.
	Progress *progress.Counter
	// BatchRows bounds the rows of one INSERT (0: copyBatch). Each
	// statement also stays under copyParams parameters.
	BatchRows int
}

// CopyResult says what Copy did.
type CopyResult struct {
	// Tables are the tables copied, in the order they were written, with
	// the rows of each.
	Tables []TableRows
	// Rows is the rows copied in all.
	Rows int64
	// LoadedClicks is how many clicks were waiting in the source's click
	// log and were loaded into the source before it was read.
	LoadedClicks int
}

// TableRows is one table's row count.
type TableRows struct {
	Name string
	Rows int64
}

// copyBatch is the rows of one INSERT by default: a few hundred rows
// make a statement's round trip and parse cheap against its rows.
const copyBatch = 500

// copyParams bounds the parameters of one INSERT, under SQLite's limit
// (32,766) and PostgreSQL's (65,535).
const copyParams = 30000

// copyRows picks which rows of a table Copy takes: a WHERE condition, by
// table. The settings that record how far a database has loaded its
// click log (click_log:IDENTITY, see ClickLog) belong to the source's
// log, which the target never reads: the target's log starts afresh.
var copyRows = map[string]string{
	"settings": `substr(key, 1, 10) <> 'click_log:'`,
}

// copyHook, when set (by tests), runs after every batch Copy writes; an
// error it returns fails the copy there.
var copyHook func(table string) error

// Copy copies everything from holds into to, which must be empty: every
// workspace, user, session, API key, setting (server secrets included)
// and every fact of every table, ids kept so that every reference holds.
//
// The tables come from the schema itself (the catalogue of the source
// and the target, which must agree), not from a list here: a table a
// later migration adds is copied without a change to this code.
//
// Clicks still waiting in the source's click log are loaded into the
// source first, as a server does when it starts, so that the copy holds
// every answered click; the source is then read in one snapshot (a
// read-only transaction), so a copy taken while nodes still run is
// consistent, though what they write later is not in it.
//
// The target is written in ONE transaction: interrupted (a cancelled
// context, a lost connection, a killed process, an error), the
// transaction rolls back and the target is as it was, empty; committed,
// it is complete. Rows go in multi-row INSERTs on SQLite and in COPY
// FROM STDIN on PostgreSQL (about a third faster than the INSERTs there),
// in an order that writes every referenced row before the rows referring
// to it. On PostgreSQL
// the identity sequences are then moved past the copied ids, so later
// inserts do not collide, and the tables are analysed for the planner.
func Copy(ctx context.Context, from, to *Store, opt CopyOptions) (res CopyResult, err error) {
	defer func() {
		// A cancelled copy says so, whatever the driver made of the
		// cancellation (pgx closes the connection under a running COPY).
		if err != nil && ctx.Err() != nil && !errors.Is(err, ctx.Err()) {
			err = fmt.Errorf("%w (%v)", ctx.Err(), err)
		}
	}()
	if from == to || (from.eng == to.eng && from.dsn == to.dsn) {
		return res, errors.New("copy: the source and the target are the same database")
	}
	loaded, err := from.loadWaitingClicks(ctx)
	res.LoadedClicks = loaded
	if err != nil {
		return res, fmt.Errorf("copy: load the source's waiting clicks: %w", err)
	}
	if err := sameMigrations(ctx, from, to); err != nil {
		return res, err
	}
	if n, err := to.waitingClicks(ctx); err != nil {
		return res, fmt.Errorf("copy: the target's click log: %w", err)
	} else if n > 0 {
		return res, fmt.Errorf("copy: the target's click log holds %d clicks; copy into a new, empty database", n)
	}

	conn, dst, err := to.wr.beginOnConn(ctx)
	if err != nil {
		return res, fmt.Errorf("copy: begin on the target: %w", err)
	}
	defer conn.Close()
	defer dst.Rollback()
	src, err := from.rd.BeginTx(ctx)
	if err != nil {
		return res, fmt.Errorf("copy: begin on the source: %w", err)
	}
	defer src.Rollback()

	srcTables, err := from.eng.catalogue(ctx, src)
	if err != nil {
		return res, fmt.Errorf("copy: read the source's schema: %w", err)
	}
	dstTables, err := to.eng.catalogue(ctx, dst)
	if err != nil {
		return res, fmt.Errorf("copy: read the target's schema: %w", err)
	}
	if err := sameSchema(srcTables, dstTables); err != nil {
		return res, err
	}
	held, err := holds(ctx, dst, dstTables)
	if err != nil {
		return res, fmt.Errorf("copy: read the target: %w", err)
	}
	if held != "" {
		return res, fmt.Errorf("copy: the target already holds %s; copy into a new, empty database (freshly made, or migrated and nothing else)", held)
	}
	order, err := to.eng.copyOrder(ctx, dst, dstTables)
	if err != nil {
		return res, fmt.Errorf("copy: read the target's references: %w", err)
	}

	counts := map[string]int64{}
	var total int64
	for _, t := range order {
		n, err := countRows(ctx, src, t.name)
		if err != nil {
			return res, fmt.Errorf("copy: count %s: %w", t.name, err)
		}
		counts[t.name] = n
		total += n
	}
	opt.Progress.SetTotal(total)

	// The target's own settings rows (what its migrations wrote, such as
	// links_version 0) give way to the source's.
	if _, err := dst.ExecContext(ctx, `DELETE FROM settings`); err != nil {
		return res, fmt.Errorf("copy: clear the target's settings: %w", err)
	}
	for _, t := range order {
		var n int64
		if to.eng == postgresEngine {
			n, err = copyInto(ctx, src, conn, t, opt)
		} else {
			n, err = copyTable(ctx, src, dst, t, to.eng, opt)
		}
		if err != nil {
			return res, fmt.Errorf("copy: %s: %w", t.name, err)
		}
		if _, filtered := copyRows[t.name]; !filtered && n != counts[t.name] {
			return res, fmt.Errorf("copy: %s: read %d rows of the %d counted", t.name, n, counts[t.name])
		}
		res.Tables = append(res.Tables, TableRows{Name: t.name, Rows: n})
		res.Rows += n
	}
	if to.eng == postgresEngine {
		if err := resetIdentities(ctx, dst, order); err != nil {
			return res, fmt.Errorf("copy: reset the target's id sequences: %w", err)
		}
		if err := analyze(ctx, dst, order); err != nil {
			return res, fmt.Errorf("copy: analyze the target: %w", err)
		}
	}
	// What the target now holds, counted inside the transaction, must be
	// what was written: a trigger or a rule dropping rows would show here.
	for _, t := range res.Tables {
		n, err := countRows(ctx, dst, t.Name)
		if err != nil {
			return res, fmt.Errorf("copy: count %s on the target: %w", t.Name, err)
		}
		if n != t.Rows {
			return res, fmt.Errorf("copy: %s: the target holds %d rows after %d were written", t.Name, n, t.Rows)
		}
	}
	if err := dst.Commit(); err != nil {
		return res, fmt.Errorf("copy: commit on the target: %w", err)
	}
	return res, nil
}

// loadWaitingClicks loads into the database the clicks waiting in its
// click log, if it has one.
func (s *Store) loadWaitingClicks(ctx context.Context) (int, error) {
	l, err := s.existingClickLog(ctx)
	if l == nil || err != nil {
		return 0, err
	}
	defer l.Close()
	return s.CatchUp(ctx, l)
}

// waitingClicks counts the clicks waiting in the database's click log.
func (s *Store) waitingClicks(ctx context.Context) (int64, error) {
	l, err := s.existingClickLog(ctx)
	if l == nil || err != nil {
		return 0, err
	}
	defer l.Close()
	n, _, err := s.ClickLogLag(ctx, l)
	return n, err
}

// existingClickLog opens the database's click log, or gives nil when a
// SQLite database has none: a copy makes no log file where there was
// none.
func (s *Store) existingClickLog(ctx context.Context) (*ClickLog, error) {
	if s.eng != postgresEngine {
		if _, err := os.Stat(s.path + "-clicks"); errors.Is(err, os.ErrNotExist) {
			return nil, nil
		}
	}
	return s.openClickLog(ctx)
}

// sameMigrations checks that both databases have exactly the migrations
// this lift knows for their engine (Open applied the missing ones): a
// database a later version of lift migrated may hold what this one does
// not know how to copy.
func sameMigrations(ctx context.Context, from, to *Store) error {
	for _, s := range []*Store{from, to} {
		have, err := s.Migrations(ctx)
		if err != nil {
			return fmt.Errorf("copy: the migrations of %s: %w", Describe(s.dsn), err)
		}
		want, err := s.eng.migrationNames()
		if err != nil {
			return err
		}
		if !slices.Equal(have, want) {
			return fmt.Errorf("copy: %s has migrations this lift does not know (%s); copy with the lift that made them",
				Describe(s.dsn), strings.Join(unknown(have, want), ", "))
		}
	}
	return nil
}

// unknown lists the names of have that want lacks.
func unknown(have, want []string) []string {
	var out []string
	for _, h := range have {
		if !slices.Contains(want, h) {
			out = append(out, h)
		}
	}
	return out
}

// valueKind is how a column's values are handed to the target's driver.
type valueKind int

const (
	kindText valueKind = iota
	kindInt
	kindFloat
	kindBytes
)

// kindOf classifies a column's declared type (SQLite) or data type
// (PostgreSQL) by SQLite's affinity rules, which cover PostgreSQL's
// names too (bigint, double precision, bytea, text).
func kindOf(decl string) valueKind {
	d := strings.ToUpper(decl)
	switch {
	case strings.Contains(d, "INT"):
		return kindInt
	case strings.Contains(d, "CHAR"), strings.Contains(d, "TEXT"), strings.Contains(d, "CLOB"):
		return kindText
	case strings.Contains(d, "BLOB"), strings.Contains(d, "BYTEA"):
		return kindBytes
	case strings.Contains(d, "REAL"), strings.Contains(d, "FLOA"), strings.Contains(d, "DOUB"):
		return kindFloat
	}
	return kindText
}

// table is one table of the catalogue.
type table struct {
	name  string
	cols  []string
	kinds []valueKind
	pk    []string // primary key columns, in key order
	// refs are the tables this one references.
	refs []string
	// identity is PostgreSQL's identity column, if any.
	identity string
}

// catalogue reads the store's tables (schema_migrations aside: each side
// keeps its own), their columns and their primary keys.
func (e engine) catalogue(ctx context.Context, tx *txn) ([]*table, error) {
	names, err := scanStrings(ctx, tx, e.tables()+` AND name <> 'schema_migrations' ORDER BY name`)
	if err != nil {
		return nil, err
	}
	var out []*table
	for _, n := range names {
		t := &table{name: n}
		if err := e.columns(ctx, tx, t); err != nil {
			return nil, fmt.Errorf("%s: %w", n, err)
		}
		out = append(out, t)
	}
	return out, nil
}

// columns fills in t's columns, their kinds, its primary key and (on
// PostgreSQL) its identity column.
func (e engine) columns(ctx context.Context, tx *txn, t *table) error {
	if e == postgresEngine {
		rows, err := tx.QueryContext(ctx, `SELECT column_name, data_type, is_identity FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position`, t.name)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var name, typ, ident string
			if err := rows.Scan(&name, &typ, &ident); err != nil {
				return err
			}
			t.cols = append(t.cols, name)
			t.kinds = append(t.kinds, kindOf(typ))
			if ident == "YES" {
				t.identity = name
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
		t.pk, err = scanStrings(ctx, tx, `SELECT k.column_name FROM information_schema.table_constraints c
			JOIN information_schema.key_column_usage k ON k.constraint_schema = c.constraint_schema
				AND k.constraint_name = c.constraint_name AND k.table_name = c.table_name
			WHERE c.constraint_type = 'PRIMARY KEY' AND c.table_schema = current_schema() AND c.table_name = ?
			ORDER BY k.ordinal_position`, t.name)
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid`, t.name)
	if err != nil {
		return err
	}
	defer rows.Close()
	type keyCol struct {
		name string
		pos  int
	}
	var keys []keyCol
	for rows.Next() {
		var name, typ string
		var pk int
		if err := rows.Scan(&name, &typ, &pk); err != nil {
			return err
		}
		t.cols = append(t.cols, name)
		t.kinds = append(t.kinds, kindOf(typ))
		if pk > 0 {
			keys = append(keys, keyCol{name, pk})
		}
	}
	slices.SortFunc(keys, func(a, b keyCol) int { return cmp.Compare(a.pos, b.pos) })
	for _, k := range keys {
		t.pk = append(t.pk, k.name)
	}
	return rows.Err()
}

// references reads which table references which: pairs of (table,
// referenced table).
func (e engine) references(ctx context.Context, tx *txn) ([][2]string, error) {
	q := `SELECT m.name, f."table" FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table'`
	if e == postgresEngine {
		q = `SELECT t.relname, r.relname FROM pg_constraint c
			JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid
			WHERE c.contype = 'f' AND t.relnamespace = current_schema()::regnamespace`
	}
	rows, err := tx.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][2]string
	for rows.Next() {
		var p [2]string
		if err := rows.Scan(&p[0], &p[1]); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// copyOrder orders tables so that every table comes after the tables it
// references (ties by name, so the order is the same on every run).
func (e engine) copyOrder(ctx context.Context, tx *txn, tables []*table) ([]*table, error) {
	refs, err := e.references(ctx, tx)
	if err != nil {
		return nil, err
	}
	byName := map[string]*table{}
	for _, t := range tables {
		byName[t.name] = t
	}
	for _, r := range refs {
		if t, ok := byName[r[0]]; ok && r[0] != r[1] && !slices.Contains(t.refs, r[1]) {
			if _, known := byName[r[1]]; known {
				t.refs = append(t.refs, r[1])
			}
		}
	}
	done := map[string]bool{}
	var out []*table
	for len(out) < len(tables) {
		progressed := false
		for _, t := range tables { // by name
			if done[t.name] {
				continue
			}
			ready := true
			for _, r := range t.refs {
				ready = ready && done[r]
			}
			if ready {
				done[t.name], progressed = true, true
				out = append(out, t)
				break
			}
		}
		if !progressed {
			return nil, errors.New("the tables' references form a cycle")
		}
	}
	return out, nil
}

// sameSchema checks that the source and the target have the same tables
// with the same columns.
func sameSchema(src, dst []*table) error {
	cols := func(ts []*table) map[string][]string {
		m := map[string][]string{}
		for _, t := range ts {
			c := slices.Clone(t.cols)
			slices.Sort(c)
			m[t.name] = c
		}
		return m
	}
	a, b := cols(src), cols(dst)
	for name, c := range a {
		d, ok := b[name]
		if !ok {
			return fmt.Errorf("copy: the source has a table %s the target lacks", name)
		}
		if !slices.Equal(c, d) {
			return fmt.Errorf("copy: table %s has columns %s in the source and %s in the target",
				name, strings.Join(c, ","), strings.Join(d, ","))
		}
	}
	for name := range b {
		if _, ok := a[name]; !ok {
			return fmt.Errorf("copy: the target has a table %s the source lacks", name)
		}
	}
	return nil
}

// holds describes what the target holds, as "1 workspaces (default), 3
// users"; "" when it holds nothing but what its migrations wrote.
func holds(ctx context.Context, tx *txn, tables []*table) (string, error) {
	var held []string
	for _, t := range tables {
		switch t.name {
		case "settings":
			keys, err := scanStrings(ctx, tx, `SELECT key FROM settings WHERE NOT (key = 'links_version' AND value = '0') ORDER BY key`)
			if err != nil {
				return "", err
			}
			if len(keys) > 0 {
				held = append(held, "settings ("+strings.Join(keys, ", ")+")")
			}
		case "workspaces":
			names, err := scanStrings(ctx, tx, `SELECT name FROM workspaces ORDER BY name`)
			if err != nil {
				return "", err
			}
			if len(names) > 0 {
				held = append(held, fmt.Sprintf("%d workspaces (%s)", len(names), strings.Join(names, ", ")))
			}
		default:
			n, err := countRows(ctx, tx, t.name)
			if err != nil {
				return "", err
			}
			if n > 0 {
				held = append(held, fmt.Sprintf("%d %s", n, t.name))
			}
		}
	}
	return strings.Join(held, ", "), nil
}

// quoteIdent quotes a table or column name. Names come from the
// catalogue, never from a user.
func quoteIdent(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

func countRows(ctx context.Context, tx *txn, name string) (int64, error) {
	var n int64
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM `+quoteIdent(name)).Scan(&n)
	return n, err
}

func scanStrings(ctx context.Context, tx *txn, q string, args ...any) ([]string, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// copyTable copies one table's rows from src to dst in multi-row
// INSERTs (SQLite's way; on PostgreSQL, copyInto's COPY is faster), and
// returns how many it copied.
func copyTable(ctx context.Context, src, dst *txn, t *table, de engine, opt CopyOptions) (int64, error) {
	rows, err := readTable(ctx, src, t)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	cols := quoteIdents(t.cols)

	per := opt.BatchRows
	if per <= 0 {
		per = copyBatch
	}
	per = max(1, min(per, copyParams/len(cols)))
	insert := `INSERT INTO ` + quoteIdent(t.name) + ` (` + strings.Join(cols, ", ") + `) VALUES `
	full, err := dst.tx.PrepareContext(ctx, insert+de.valuesList(per, len(cols)))
	if err != nil {
		return 0, err
	}
	defer full.Close()

	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	args := make([]any, 0, per*len(cols))
	var n int64
	flush := func() error {
		k := len(args) / len(cols)
		if k == 0 {
			return nil
		}
		var err error
		if k == per {
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = dst.tx.ExecContext(ctx, insert+de.valuesList(k, len(cols)), args...)
		}
		if err != nil {
			return err
		}
		n += int64(k)
		opt.Progress.Add(int64(k))
		args = args[:0]
		if copyHook != nil {
			return copyHook(t.name)
		}
		return nil
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		for i, v := range vals {
			w, err := normalValue(v, t.kinds[i])
			if err != nil {
				return n, fmt.Errorf("column %s of the row after %d: %w", t.cols[i], n+int64(len(args)/len(cols)), err)
			}
			args = append(args, w)
		}
		if len(args) == per*len(cols) {
			if err := flush(); err != nil {
				return n, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	return n, flush()
}

func quoteIdents(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = quoteIdent(n)
	}
	return out
}

// readTable reads every row Copy takes of t, in primary key order (or
// every column's, for a table without one).
func readTable(ctx context.Context, src *txn, t *table) (*sql.Rows, error) {
	keys := t.pk
	if len(keys) == 0 {
		keys = t.cols
	}
	q := `SELECT ` + strings.Join(quoteIdents(t.cols), ", ") + ` FROM ` + quoteIdent(t.name)
	if w, ok := copyRows[t.name]; ok {
		q += ` WHERE ` + w
	}
	q += ` ORDER BY ` + strings.Join(quoteIdents(keys), ", ")
	// The query's text is built per table: straight to the driver, past
	// the pool's cache of rebound queries (it has no placeholder).
	return src.tx.QueryContext(ctx, q)
}

// copyInto copies one table's rows from src into PostgreSQL with COPY
// FROM STDIN, streamed, on the connection holding the target's
// transaction, and returns how many it copied.
func copyInto(ctx context.Context, src *txn, conn *sql.Conn, t *table, opt CopyOptions) (int64, error) {
	rows, err := readTable(ctx, src, t)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	every := opt.BatchRows
	if every <= 0 {
		every = copyBatch
	}
	cs := &copySource{rows: rows, t: t, every: int64(every), progress: opt.Progress,
		vals: make([]any, len(t.cols)), row: make([]any, len(t.cols))}
	cs.ptrs = make([]any, len(t.cols))
	for i := range cs.vals {
		cs.ptrs[i] = &cs.vals[i]
	}
	err = conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("the PostgreSQL driver's connection is a %T", dc)
		}
		n, err := c.Conn().CopyFrom(ctx, pgx.Identifier{t.name}, t.cols, cs)
		if err == nil && n != cs.n {
			err = fmt.Errorf("COPY took %d rows of the %d sent", n, cs.n)
		}
		return err
	})
	if cs.err != nil {
		// The source's own error, rather than the COPY it aborted.
		err = cs.err
	}
	opt.Progress.Add(cs.n - cs.counted)
	return cs.n, err
}

// copySource hands pgx's CopyFrom the rows of a table as they are read.
type copySource struct {
	rows      *sql.Rows
	t         *table
	vals, row []any
	ptrs      []any
	n         int64
	// every is how many rows go between two progress counts (and two
	// calls of copyHook); counted is the rows counted so far.
	every, counted int64
	progress       *progress.Counter
	err            error
}

func (c *copySource) Next() bool {
	if c.err != nil {
		return false
	}
	if c.n-c.counted >= c.every {
		c.progress.Add(c.n - c.counted)
		c.counted = c.n
		if copyHook != nil {
			if c.err = copyHook(c.t.name); c.err != nil {
				return false
			}
		}
	}
	if !c.rows.Next() {
		return false
	}
	if c.err = c.rows.Scan(c.ptrs...); c.err != nil {
		return false
	}
	for i, v := range c.vals {
		w, err := normalValue(v, c.t.kinds[i])
		if err != nil {
			c.err = fmt.Errorf("column %s of the row after %d: %w", c.t.cols[i], c.n, err)
			return false
		}
		c.row[i] = w
	}
	c.n++
	return true
}

// Values gives the current row; CopyFrom encodes it before the next.
func (c *copySource) Values() ([]any, error) { return c.row, nil }

func (c *copySource) Err() error {
	if c.err != nil {
		return c.err
	}
	return c.rows.Err()
}

// valuesList is the VALUES list of an INSERT of rows rows of cols
// columns, in the engine's own placeholders.
func (e engine) valuesList(rows, cols int) string {
	var b strings.Builder
	b.Grow(rows * cols * 5)
	p := 0
	for r := range rows {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for c := range cols {
			if c > 0 {
				b.WriteString(", ")
			}
			p++
			if e == postgresEngine {
				b.WriteByte('$')
				b.WriteString(strconv.Itoa(p))
			} else {
				b.WriteByte('?')
			}
		}
		b.WriteByte(')')
	}
	return b.String()
}

// normalValue gives a value read from one engine in the form the other's
// driver stores in a column of kind k. SQLite's columns take what they
// are given; PostgreSQL's want their own type, so an integer stored in a
// SQLite REAL column (as SQLite does with whole numbers) goes as a float,
// and a whole float in an integer column as an integer. A value that
// would change on the way is refused.
func normalValue(v any, k valueKind) (any, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case int64:
		switch k {
		case kindFloat:
			return float64(x), nil
		case kindText:
			return strconv.FormatInt(x, 10), nil
		case kindInt:
			return x, nil
		}
	case float64:
		switch k {
		case kindFloat:
			return x, nil
		case kindInt:
			if i := int64(x); float64(i) == x {
				return i, nil
			}
		case kindText:
			return strconv.FormatFloat(x, 'g', -1, 64), nil
		}
	case string:
		switch k {
		case kindText:
			return x, nil
		case kindBytes:
			return []byte(x), nil
		}
	case []byte:
		switch k {
		case kindBytes:
			return slices.Clone(x), nil
		case kindText:
			return string(x), nil
		}
	case bool:
		if k == kindInt {
			if x {
				return int64(1), nil
			}
			return int64(0), nil
		}
	}
	return nil, fmt.Errorf("value %v (%T) does not fit a column of kind %d", v, v, k)
}

// resetIdentities moves every identity sequence past the largest id
// copied, so the next row inserted takes a new id.
func resetIdentities(ctx context.Context, tx *txn, tables []*table) error {
	for _, t := range tables {
		if t.identity == "" {
			continue
		}
		q := `SELECT setval(pg_get_serial_sequence(?, ?), coalesce(max(` + quoteIdent(t.identity) + `), 0) + 1, false) FROM ` + quoteIdent(t.name)
		var v int64
		if err := tx.QueryRowContext(ctx, q, quoteIdent(t.name), t.identity).Scan(&v); err != nil {
			return fmt.Errorf("%s: %w", t.name, err)
		}
	}
	return nil
}

// analyze gathers the planner's statistics of the tables (PostgreSQL):
// without them it plans a report as if the tables it saw empty still
// were. ANALYZE runs inside the transaction and counts its rows.
func analyze(ctx context.Context, tx *txn, tables []*table) error {
	for _, t := range tables {
		if _, err := tx.ExecContext(ctx, `ANALYZE `+quoteIdent(t.name)); err != nil {
			return fmt.Errorf("%s: %w", t.name, err)
		}
	}
	return nil
}
