package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
)

// maxParams bounds the parameters of one batched statement, below
// SQLite's limit (32,766) and PostgreSQL's (65,535).
const maxParams = 30000

// PutOrders upserts orders as PutOrder does each of them, in a few
// statements per batch instead of one to three per order, and gives each
// order's outcome in the order given. An order id may appear twice in
// orders; the later one then updates the earlier, as two PutOrder calls
// would.
func (t *Tx) PutOrders(ctx context.Context, ws int64, orders []Order) ([]Outcome, error) {
	rows := make([]row, len(orders))
	for i, o := range orders {
		rows[i] = orderRow(o)
	}
	out, changed, err := t.upsertBatch(ctx, ws, rows)
	if err != nil || len(rows) == 0 {
		return out, err
	}
	customer := slices.IndexFunc(rows[0].set, func(c col) bool { return c.name == "customer" })
	for i, c := range changed {
		if out[i] == Unchanged || c.id == 0 {
			continue
		}
		var old string
		if c.prev != nil {
			old, _ = canon(c.prev[customer]).(string)
		}
		t.orderChanged(ws, c.id, old)
	}
	return out, nil
}

// rowChange is what upsertBatch wrote of one row: its id, and the values
// an update replaced (nil for a new row).
type rowChange struct {
	id   int64
	prev []any
}

// upsertBatch upserts rows of one table and one shape (the same columns
// in the same order) as upsert does each of them: one multi-row INSERT …
// ON CONFLICT DO NOTHING stores the new ones; the others are read back in
// one query, compared and updated one by one where they differ.
func (t *Tx) upsertBatch(ctx context.Context, ws int64, rows []row) ([]Outcome, []rowChange, error) {
	out := make([]Outcome, len(rows))
	changed := make([]rowChange, len(rows))
	if len(rows) == 0 {
		return out, changed, nil
	}
	per := 1 + len(rows[0].key) + len(rows[0].set)
	step := max(1, maxParams/per)
	for lo := 0; lo < len(rows); lo += step {
		hi := min(len(rows), lo+step)
		if err := t.upsertChunk(ctx, ws, rows[lo:hi], out[lo:hi], changed[lo:hi]); err != nil {
			return out, changed, fmt.Errorf("%s: %w", rows[0].table, err)
		}
	}
	return out, changed, nil
}

func (t *Tx) upsertChunk(ctx context.Context, ws int64, rows []row, out []Outcome, changed []rowChange) error {
	// rest are the rows that a stored row's key already held: their
	// indexes in rows.
	var rest []int
	if t.dry != nil {
		rest = make([]int, 0, len(rows))
		for i := range rows {
			rest = append(rest, i)
		}
	} else {
		inserted, err := t.insertMany(ctx, ws, rows)
		if err != nil {
			return err
		}
		for i := range rows {
			if inserted[i] != 0 {
				out[i] = Stored
				changed[i].id = inserted[i]
			} else {
				rest = append(rest, i)
			}
		}
	}
	if len(rest) == 0 {
		return nil
	}
	held, err := t.heldMany(ctx, ws, rows, rest)
	if err != nil {
		return err
	}
	for _, i := range rest {
		r := rows[i]
		k := keyOf(r.key)
		if t.dry != nil {
			if got, ok := t.dry[dryKey(ws, r.table, r.key)]; ok {
				held[k] = heldRow{vals: got}
			}
		}
		h, ok := held[k]
		switch {
		case !ok && t.dry != nil:
			out[i] = Stored
			// A later row of the batch with this key compares with this one.
			held[k] = heldRow{vals: canonSet(r.set)}
			continue
		case !ok:
			// No row with our key in this workspace, yet the insert
			// conflicted: the key is unique beyond the workspace.
			return sql.ErrNoRows
		case same(h.vals, r.set):
			out[i] = Unchanged
			continue
		}
		out[i] = Updated
		changed[i] = rowChange{id: h.id, prev: h.vals}
		held[k] = heldRow{id: h.id, vals: canonSet(r.set)}
		if t.dry != nil {
			continue
		}
		if err := t.updateID(ctx, r, h.id); err != nil {
			return err
		}
	}
	return nil
}

type heldRow struct {
	id   int64
	vals []any
}

func canonSet(set []col) []any {
	vals := make([]any, len(set))
	for i, c := range set {
		vals[i] = canon(c.val)
	}
	return vals
}

// keyOf is one string for a row's key values, to match rows with what
// the database returns.
func keyOf(key []col) string {
	if len(key) == 1 {
		return fmt.Sprint(canon(key[0].val))
	}
	var b strings.Builder
	for _, c := range key {
		fmt.Fprint(&b, canon(c.val), "\x00")
	}
	return b.String()
}

// insertMany inserts rows in one statement, skipping those whose key is
// held, and says which it inserted: the new row's id, 0 for one not
// inserted. The first of two rows with one key is the one inserted.
func (t *Tx) insertMany(ctx context.Context, ws int64, rows []row) ([]int64, error) {
	r0 := rows[0]
	names := []string{"workspace_id"}
	keys := make([]string, len(r0.key))
	for i, c := range r0.key {
		names = append(names, c.name)
		keys[i] = c.name
	}
	for _, c := range r0.set {
		names = append(names, c.name)
	}
	marks := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(names)), ", ") + ")"
	var q strings.Builder
	q.WriteString("INSERT INTO " + r0.table + " (" + strings.Join(names, ", ") + ") VALUES ")
	args := make([]any, 0, len(rows)*len(names))
	for i, r := range rows {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString(marks)
		args = append(args, ws)
		for _, c := range r.key {
			args = append(args, c.val)
		}
		for _, c := range r.set {
			args = append(args, c.val)
		}
	}
	q.WriteString(" ON CONFLICT DO NOTHING RETURNING id, " + strings.Join(keys, ", "))
	st, err := t.stmt(ctx, q.String())
	if err != nil {
		return nil, err
	}
	rs, err := st.QueryContext(ctx, args...)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	// Rows by key, first occurrence first.
	pending := make(map[string][]int, len(rows))
	for i, r := range rows {
		k := keyOf(r.key)
		pending[k] = append(pending[k], i)
	}
	inserted := make([]int64, len(rows))
	var id int64
	got := make([]any, len(keys))
	ptrs := make([]any, 1+len(keys))
	ptrs[0] = &id
	for i := range got {
		ptrs[1+i] = &got[i]
	}
	key := make([]col, len(keys))
	for rs.Next() {
		if err := rs.Scan(ptrs...); err != nil {
			return nil, err
		}
		for i := range key {
			key[i] = col{keys[i], got[i]}
		}
		k := keyOf(key)
		if at := pending[k]; len(at) > 0 {
			inserted[at[0]] = id
			pending[k] = at[1:]
		}
	}
	return inserted, rs.Err()
}

// heldMany reads the stored rows with the keys of rows[at…]: their ids
// and the values of their set columns, by keyOf. Rows are asked by their
// last key column, grouped by the others, so that each query seeks the
// table's unique index.
func (t *Tx) heldMany(ctx context.Context, ws int64, rows []row, at []int) (map[string]heldRow, error) {
	r0 := rows[at[0]]
	nk := len(r0.key)
	cols := make([]string, 0, nk+len(r0.set))
	for _, c := range r0.key {
		cols = append(cols, c.name)
	}
	for _, c := range r0.set {
		cols = append(cols, c.name)
	}
	groups := map[string][]int{}
	var order []string
	for _, i := range at {
		g := keyOf(rows[i].key[:nk-1])
		if _, ok := groups[g]; !ok {
			order = append(order, g)
		}
		groups[g] = append(groups[g], i)
	}
	if t.tx.eng == postgresEngine && t.dry == nil && !t.analyzed[r0.table] {
		// Without statistics (a table just filled, which autovacuum has
		// not analysed yet) PostgreSQL's planner takes the workspace and
		// source to match 2 rows, seeks them alone and filters the ids:
		// it reads every order of the workspace for every batch (30 s a
		// batch at 160,000 orders). Once analysed it seeks each id.
		if _, err := t.tx.ExecContext(ctx, `ANALYZE `+r0.table); err != nil {
			return nil, err
		}
		if t.analyzed == nil {
			t.analyzed = map[string]bool{}
		}
		t.analyzed[r0.table] = true
	}
	held := make(map[string]heldRow, len(at))
	for _, g := range order {
		members := groups[g]
		first := rows[members[0]]
		where := []string{"workspace_id = ?"}
		args := []any{ws}
		for _, c := range first.key[:nk-1] {
			where = append(where, c.name+" = ?")
			args = append(args, c.val)
		}
		for _, i := range members {
			args = append(args, rows[i].key[nk-1].val)
		}
		q := "SELECT id, " + strings.Join(cols, ", ") + " FROM " + first.table + " WHERE " + strings.Join(where, " AND ") +
			" AND " + first.key[nk-1].name + " IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(members)), ", ") + ")"
		if err := t.readHeld(ctx, q, args, first, held); err != nil {
			return nil, err
		}
	}
	return held, nil
}

func (t *Tx) readHeld(ctx context.Context, q string, args []any, r row, held map[string]heldRow) error {
	// Not prepared: the number of keys varies from query to query.
	rs, err := t.tx.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rs.Close()
	nk := len(r.key)
	for rs.Next() {
		got := make([]any, 1+nk+len(r.set))
		ptrs := make([]any, len(got))
		for i := range got {
			ptrs[i] = &got[i]
		}
		if err := rs.Scan(ptrs...); err != nil {
			return err
		}
		key := make([]col, nk)
		for i := range key {
			key[i] = col{r.key[i].name, got[1+i]}
		}
		held[keyOf(key)] = heldRow{id: got[0].(int64), vals: got[1+nk:]}
	}
	return rs.Err()
}

// updateID writes r's set columns into the stored row id.
func (t *Tx) updateID(ctx context.Context, r row, id int64) error {
	sets := make([]string, len(r.set))
	args := make([]any, 0, len(r.set)+1)
	for i, c := range r.set {
		sets[i] = c.name + " = ?"
		args = append(args, c.val)
	}
	args = append(args, id)
	_, err := t.exec(ctx, "UPDATE "+r.table+" SET "+strings.Join(sets, ", ")+" WHERE id = ?", args...)
	return err
}

// InsertOrders adds orders with plain multi-row INSERTs, no conflict
// handling and no outcome: the floor `lift bench import` measures
// imports against. An order already held fails the statement.
func (t *Tx) InsertOrders(ctx context.Context, ws int64, orders []Order) error {
	if len(orders) == 0 {
		return nil
	}
	r0 := orderRow(orders[0])
	names := []string{"workspace_id"}
	for _, c := range append(append([]col{}, r0.key...), r0.set...) {
		names = append(names, c.name)
	}
	step := maxParams / len(names)
	marks := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(names)), ", ") + ")"
	for lo := 0; lo < len(orders); lo += step {
		part := orders[lo:min(len(orders), lo+step)]
		args := make([]any, 0, len(part)*len(names))
		for _, o := range part {
			r := orderRow(o)
			args = append(args, ws)
			for _, c := range append(r.key, r.set...) {
				args = append(args, c.val)
			}
		}
		q := "INSERT INTO orders (" + strings.Join(names, ", ") + ") VALUES " +
			strings.TrimSuffix(strings.Repeat(marks+", ", len(part)), ", ")
		if _, err := t.exec(ctx, q, args...); err != nil {
			return fmt.Errorf("orders: %w", err)
		}
	}
	return nil
}
