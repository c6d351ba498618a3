package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// Outcome says what an upsert did with one row.
type Outcome int

// The outcomes of an upsert.
const (
	Unchanged Outcome = iota
	Stored
	Updated
)

// Tx is one import's transaction. Statements are prepared once per shape
// and reused for every row.
type Tx struct {
	tx    *txn
	stmts map[string]*stmt
	// linksVersion is the links version this transaction gives the links
	// it changes; 0 until it changes one.
	linksVersion int64
	// zones are the time zones of the workspaces whose clicks this
	// transaction summed (see zone).
	zones map[int64]*time.Location
	// dry is set on a transaction made by BeginDry: upserts write here,
	// by table and key, what they would have written, so that a later row
	// with the same key is compared with it as with a written row.
	dry map[string][]any
	// ctx is the context the transaction began with (Commit has none).
	ctx context.Context
	// dirty is what the transaction changed that kept credits depend
	// on, by workspace; Commit recomputes them (credits.go).
	dirty map[int64]*creditsDirty
	// prev holds the values an update by upsert replaced, in the order
	// of the row's set columns, until the next upsert.
	prev []any
	// analyzed are the tables this transaction had PostgreSQL analyse
	// (heldMany).
	analyzed map[string]bool
}

// Begin starts a write transaction.
func (s *Store) Begin(ctx context.Context) (*Tx, error) {
	tx, err := s.wr.BeginTx(ctx)
	if err != nil {
		return nil, err
	}
	return &Tx{tx: tx, stmts: map[string]*stmt{}, ctx: ctx}, nil
}

// BeginDry starts a read-only transaction on the read pool for a dry run:
// it takes no write lock, so clicks and imports carry on meanwhile. Its
// upserts (PutOrder…) read the stored row by key and say what they would
// do, writing nothing; any other write fails (the read pool is
// query-only). It reads one snapshot: what was committed when it began.
func (s *Store) BeginDry(ctx context.Context) (*Tx, error) {
	tx, err := s.rd.BeginTx(ctx)
	if err != nil {
		return nil, err
	}
	return &Tx{tx: tx, stmts: map[string]*stmt{}, dry: map[string][]any{}}, nil
}

// Commit commits the transaction, after recomputing the kept credits its
// changes reach (credits.go).
func (t *Tx) Commit() error {
	if len(t.dirty) > 0 {
		if err := t.keepCredits(t.ctx); err != nil {
			return err
		}
	}
	return t.tx.Commit()
}

// Rollback abandons the transaction; after Commit it does nothing.
func (t *Tx) Rollback() error { return t.tx.Rollback() }

func (t *Tx) stmt(ctx context.Context, query string) (*stmt, error) {
	if st, ok := t.stmts[query]; ok {
		return st, nil
	}
	st, err := t.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("prepare %q: %w", query, err)
	}
	t.stmts[query] = st
	return st, nil
}

// exec runs a statement inside the transaction.
func (t *Tx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := t.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

// queryRow runs a one-row query inside the transaction.
func (t *Tx) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := t.stmt(ctx, query)
	if err != nil {
		// Surface the prepare error through Scan.
		return t.tx.QueryRowContext(ctx, query, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

// row is one record to upsert: the columns that identify it within the
// workspace, and the columns it sets. Table and column names come from
// code, never from input; every value is a parameter.
type row struct {
	table string
	key   []col
	set   []col
}

type col struct {
	name string
	val  any
}

// upsert inserts r, or updates the stored row with the same key when any
// of its columns differ, and says which it did. The insert is tried first:
// a new row, the common case of a large import, then costs one statement.
func (t *Tx) upsert(ctx context.Context, ws int64, r row) (Outcome, int64, error) {
	if t.dry != nil {
		return t.dryUpsert(ctx, ws, r)
	}
	t.prev = nil
	id, err := t.insert(ctx, ws, r)
	if err == nil {
		return Stored, id, nil
	}
	if err != sql.ErrNoRows {
		return 0, 0, fmt.Errorf("%s: %w", r.table, err)
	}
	id, got, err := t.held(ctx, ws, r)
	if err != nil {
		// No row with our key in this workspace, yet the insert
		// conflicted: the key is unique beyond the workspace (a slug).
		return 0, 0, fmt.Errorf("%s: %w", r.table, err)
	}
	if same(got, r.set) {
		return Unchanged, id, nil
	}
	t.prev = got
	sets := make([]string, len(r.set))
	uargs := make([]any, 0, len(r.set)+1)
	for i, c := range r.set {
		sets[i] = c.name + " = ?"
		uargs = append(uargs, c.val)
	}
	uargs = append(uargs, id)
	if _, err := t.exec(ctx, "UPDATE "+r.table+" SET "+strings.Join(sets, ", ")+" WHERE id = ?", uargs...); err != nil {
		return 0, 0, fmt.Errorf("%s: %w", r.table, err)
	}
	return Updated, id, nil
}

// dryUpsert says what upsert would do with r, by reads only: Stored when
// no row (written or would-be) has its key, Unchanged when that row holds
// r's values, Updated otherwise. The id is 0 for a row not yet stored.
func (t *Tx) dryUpsert(ctx context.Context, ws int64, r row) (Outcome, int64, error) {
	key := dryKey(ws, r.table, r.key)
	vals := make([]any, len(r.set))
	for i, c := range r.set {
		vals[i] = canon(c.val)
	}
	got, ok := t.dry[key]
	var id int64
	if !ok {
		var err error
		id, got, err = t.held(ctx, ws, r)
		if err == sql.ErrNoRows {
			t.dry[key] = vals
			return Stored, 0, nil
		}
		if err != nil {
			return 0, 0, fmt.Errorf("%s: %w", r.table, err)
		}
	}
	t.dry[key] = vals
	if same(got, r.set) {
		return Unchanged, id, nil
	}
	return Updated, id, nil
}

// dryKey names a row of a dry run by table and key.
func dryKey(ws int64, table string, key []col) string {
	k := fmt.Sprint(ws, "\x00", table)
	for _, c := range key {
		k += fmt.Sprint("\x00", canon(c.val))
	}
	return k
}

// dryValue is the value a dry run would have written in column name of
// the row table/key, if it would have written one.
func (t *Tx) dryValue(ws int64, r row, name string) (any, bool) {
	got, ok := t.dry[dryKey(ws, r.table, r.key)]
	if !ok {
		return nil, false
	}
	for i, c := range r.set {
		if c.name == name {
			return got[i], true
		}
	}
	return nil, false
}

// held reads the stored row with r's key: its id and the values of r's
// columns.
func (t *Tx) held(ctx context.Context, ws int64, r row) (int64, []any, error) {
	where := []string{"workspace_id = ?"}
	args := []any{ws}
	for _, k := range r.key {
		where = append(where, k.name+" = ?")
		args = append(args, k.val)
	}
	names := make([]string, len(r.set))
	for i, c := range r.set {
		names[i] = c.name
	}
	q := "SELECT id, " + strings.Join(names, ", ") + " FROM " + r.table + " WHERE " + strings.Join(where, " AND ")
	got := make([]any, len(r.set)+1)
	ptrs := make([]any, len(got))
	for i := range got {
		ptrs[i] = &got[i]
	}
	if err := t.queryRow(ctx, q, args...).Scan(ptrs...); err != nil {
		return 0, nil, err
	}
	return got[0].(int64), got[1:], nil
}

func same(stored []any, set []col) bool {
	for i, c := range set {
		if canon(stored[i]) != canon(c.val) {
			return false
		}
	}
	return true
}

// insert adds r unless a row with its key exists, in which case it
// returns sql.ErrNoRows.
func (t *Tx) insert(ctx context.Context, ws int64, r row) (int64, error) {
	names := []string{"workspace_id"}
	args := []any{ws}
	for _, c := range append(append([]col{}, r.key...), r.set...) {
		names = append(names, c.name)
		args = append(args, c.val)
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(names)), ", ")
	var id int64
	err := t.queryRow(ctx, "INSERT INTO "+r.table+" ("+strings.Join(names, ", ")+") VALUES ("+marks+
		") ON CONFLICT DO NOTHING RETURNING id", args...).Scan(&id)
	return id, err
}

// canon brings a scanned or provided value to one comparable form.
func canon(v any) any {
	switch x := v.(type) {
	case nil:
		return nil
	case int:
		return int64(x)
	case int64:
		return x
	case bool:
		if x {
			return int64(1)
		}
		return int64(0)
	case float64:
		return x
	case []byte:
		return string(x)
	case string:
		return x
	case *float64:
		if x == nil {
			return nil
		}
		return *x
	case *int64:
		if x == nil {
			return nil
		}
		return *x
	default:
		return fmt.Sprint(x)
	}
}
