package store

import (
	"context"
	"slices"
	"strings"
	"time"
)

// day is the uniqueness window in stored milliseconds.
const day = int64(24 * time.Hour / time.Millisecond)

// stmtRows bounds the rows (or keys) of one statement the loader builds:
// 512 clicks of 9 parameters are 4,608, far under SQLite's limit of
// 32,766 and PostgreSQL's of 65,535.
const stmtRows = 512

// InsertClicks stores a batch of clicks in one transaction, in time order
// (see insertClicks). The redirect logs its clicks instead (see
// ClickLog).
func (s *Store) InsertClicks(ctx context.Context, clicks []NewClick) error {
	tx, err := s.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := tx.insertClicks(ctx, byTime(slices.Clone(clicks))); err != nil {
		return err
	}
	return tx.Commit()
}

// visitorLink is one visitor key's clicks on one link.
type visitorLink struct {
	ws, link int64
	visitor  string
}

// insertClicks stores clicks, which come in time order, marking each
// unique when its visitor did not click the same link in the 24 hours
// before (earlier clicks of the batch included; of clicks in the same
// millisecond, the first). A click id already stored is left as it is,
// and only the first of a click id repeated in the batch is stored.
//
// Clicks need not come after the clicks stored before them: several
// nodes log clicks side by side, and a click may be loaded after a later
// click of the same visitor that another node logged first. A click
// stored so takes the uniqueness of that visitor's later clicks on the
// link within 24 hours, as if it had come first; the write lock keeps two
// loaders from deciding at once. Only the later clicks of the same day's
// visitor key are found so: the database never holds the key of the
// next day.
//
// The result is the one of storing the clicks one after another, each
// asking the database whether its visitor was seen (the test
// TestBatchUniquenessMatchesOneByOne holds the two side by side), but the
// whole batch asks at once: clicks the batch itself decides are decided
// in memory, the others' keys are asked in statements of up to stmtRows
// keys, and the clicks go in with multi-row inserts.
func (t *Tx) insertClicks(ctx context.Context, clicks []NewClick) error {
	clicks, err := t.fresh(ctx, clicks)
	if err != nil || len(clicks) == 0 {
		return err
	}
	probes := decideInBatch(clicks)
	seen, err := t.seenBefore(ctx, probes)
	if err != nil {
		return err
	}
	for _, i := range seen {
		clicks[i].Unique = false
	}
	// What the batch changes in the click summaries, written with it.
	sums := newClickSums()
	// Before the batch is in, so that only clicks stored earlier are
	// found (the batch's own later clicks were decided above).
	if err := t.unmarkLater(ctx, laterWindows(clicks), sums); err != nil {
		return err
	}
	if err := t.insertRows(ctx, clicks); err != nil {
		return err
	}
	// Every click left is stored: fresh dropped those stored before.
	for _, c := range clicks {
		if err := t.countClick(ctx, sums, c.WorkspaceID, clickRow{c.LinkID, c.Time, c.Bot, c.Unique, c.Device, c.Referrer}, 1); err != nil {
			return err
		}
	}
	for _, c := range clicks {
		t.clickChanged(c.WorkspaceID, c.ClickID) // the orders carrying it may gain it (credits.go)
	}
	return t.addClickSummaries(ctx, sums)
}

// decideInBatch marks each click unique unless it is a bot or an earlier
// click of the batch (not a bot) has one of its visitor keys on the same
// link in the 24 hours before. It returns what is left to ask the
// database: each key of the clicks still unique that have a visitor.
func decideInBatch(clicks []NewClick) []visitorProbe {
	last := map[visitorLink]int64{} // latest click of the batch so far
	var probes []visitorProbe
	for i := range clicks {
		c := &clicks[i]
		c.Unique = !c.Bot
		if c.Bot || c.Visitor == "" {
			continue
		}
		at := ms(c.Time)
		keys := visitorKeys(c.Click)
		for _, k := range keys {
			if prev, ok := last[visitorLink{c.WorkspaceID, c.LinkID, k}]; ok && prev > at-day {
				c.Unique = false
			}
		}
		if c.Unique {
			for _, k := range keys {
				probes = append(probes, visitorProbe{i, visitorLink{c.WorkspaceID, c.LinkID, k}, at - day, at})
			}
		}
		last[visitorLink{c.WorkspaceID, c.LinkID, c.Visitor}] = at
	}
	return probes
}

// visitorProbe asks whether a stored click (not a bot) of a visitor key on
// a link was made after lo and at or before hi (stored milliseconds): the
// click at index i of its batch is then not unique. A stored click in
// the same millisecond as a click not stored yet came first.
type visitorProbe struct {
	i int
	visitorLink
	lo, hi int64
}

// seenBefore returns the batch indexes of the probes that found a stored
// click.
func (t *Tx) seenBefore(ctx context.Context, probes []visitorProbe) ([]int, error) {
	keys := make([][]any, len(probes))
	for j, p := range probes {
		keys[j] = []any{p.ws, p.link, p.visitor, p.lo, p.hi}
	}
	found, err := t.matching(ctx, keys, visitorWindow, visitorAfter+` AND +c.time <= k.hi AND c.bot = 0`)
	for j, n := range found {
		found[j] = probes[n].i
	}
	return found, err
}

// visitorWindow are the values of a visitorProbe for matching, and the
// condition they put on a click: the visitor key on the link after lo.
// The caller adds the window's end, as +c.time … k.hi: an expression, so
// that it bounds no index scan. Given "time <= hi" as well, PostgreSQL
// without statistics on clicks finds the window as narrow on clicks_time
// (every click of the workspace, by time) as on clicks_visitor, and takes
// the smaller index, which holds every visitor's clicks of the window.
var visitorWindow = []string{"ws BIGINT", "link BIGINT", "visitor TEXT", "lo BIGINT", "hi BIGINT"}

const visitorAfter = `c.workspace_id = k.ws AND c.link_id = k.link AND c.visitor = k.visitor AND c.time > k.lo`

// matching asks, for each of keys (the values of cols, each "name TYPE",
// in that order), whether a stored click c matches cond, which names the
// key's values k.name, and returns the indexes of the keys that found
// one. A statement asks up to stmtRows keys, given as a VALUES list, and
// each key's EXISTS is kept a subquery run once per key, seeking an
// index, whatever the engine knows of the table: OFFSET 0 keeps
// PostgreSQL from making it a join (or a hashed subquery) that, without
// statistics on clicks, it plans as a scan of every click.
func (t *Tx) matching(ctx context.Context, keys [][]any, cols []string, cond string) ([]int, error) {
	names, row := []string{"n"}, []string{"CAST(? AS BIGINT)"}
	for _, c := range cols {
		name, typ, _ := strings.Cut(c, " ")
		names, row = append(names, name), append(row, "CAST(? AS "+typ+")")
	}
	index := make([]int, len(keys))
	for j := range index {
		index[j] = j
	}
	var found []int
	err := inChunks(index, stmtRows, func(chunk []int) error {
		args := make([]any, 0, len(row)*len(chunk))
		for _, j := range chunk {
			args = append(args, j)
			args = append(args, keys[j]...)
		}
		q := `WITH k (` + strings.Join(names, ", ") + `) AS (VALUES ` + valueRows(len(chunk), "("+strings.Join(row, ", ")+")") + `)
			SELECT n FROM k WHERE EXISTS (SELECT 1 FROM clicks c WHERE ` + cond + ` LIMIT 1 OFFSET 0)`
		rows, err := t.tx.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var j int
			if err := rows.Scan(&j); err != nil {
				return err
			}
			found = append(found, j)
		}
		return rows.Err()
	})
	// A chunk filled up with its last key finds that key more than once.
	slices.Sort(found)
	return slices.Compact(found), err
}

// laterWindows gives, per visitor key and link, the times after the
// batch's clicks (not bots) within 24 hours, as open intervals (lo, hi)
// with the overlapping ones merged: a stored click there is no longer
// unique once the batch is in.
func laterWindows(clicks []NewClick) []visitorProbe {
	var out []visitorProbe
	open := map[visitorLink]int{} // the key's latest interval in out
	for _, c := range clicks {
		if c.Bot || c.Visitor == "" {
			continue
		}
		at, k := ms(c.Time), visitorLink{c.WorkspaceID, c.LinkID, c.Visitor}
		if j, ok := open[k]; ok && at < out[j].hi {
			out[j].hi = at + day // clicks come in time order: at ≥ out[j].lo
			continue
		}
		open[k] = len(out)
		out = append(out, visitorProbe{visitorLink: k, lo: at, hi: at + day})
	}
	return out
}

// unmarkLater clears the unique flag of the stored clicks inside the
// windows. Such clicks are rare (a click loaded after a later one of the
// same visitor), so the windows holding one are found first, and only
// those are updated, one statement each.
func (t *Tx) unmarkLater(ctx context.Context, windows []visitorProbe, sums *clickSums) error {
	keys := make([][]any, len(windows))
	for j, w := range windows {
		keys[j] = []any{w.ws, w.link, w.visitor, w.lo, w.hi}
	}
	found, err := t.matching(ctx, keys, visitorWindow, visitorAfter+` AND +c.time < k.hi AND c.is_unique = 1`)
	if err != nil {
		return err
	}
	for _, j := range found {
		w := windows[j]
		unmarked, err := t.unmark(ctx, w)
		if err != nil {
			return err
		}
		for _, at := range unmarked {
			if err := t.unmarkUnique(ctx, sums, w.ws, w.link, fromMS(at)); err != nil {
				return err
			}
		}
	}
	return nil
}

// unmark clears the unique flag of the stored clicks inside one window
// and returns their times.
func (t *Tx) unmark(ctx context.Context, w visitorProbe) ([]int64, error) {
	st, err := t.stmt(ctx, `UPDATE clicks SET is_unique = 0 WHERE workspace_id = ? AND link_id = ? AND visitor = ?
		AND time > ? AND time < ? AND is_unique = 1 RETURNING time`)
	if err != nil {
		return nil, err
	}
	rows, err := st.QueryContext(ctx, w.ws, w.link, w.visitor, w.lo, w.hi)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var at int64
		if err := rows.Scan(&at); err != nil {
			return nil, err
		}
		out = append(out, at)
	}
	return out, rows.Err()
}

// fresh drops the clicks whose id is stored already and the repeats of a
// click id in clicks, keeping the first.
func (t *Tx) fresh(ctx context.Context, clicks []NewClick) ([]NewClick, error) {
	keys := make([][]any, len(clicks))
	for j, c := range clicks {
		keys[j] = []any{c.WorkspaceID, c.ClickID}
	}
	found, err := t.matching(ctx, keys, []string{"ws BIGINT", "id TEXT"}, `c.workspace_id = k.ws AND c.click_id = k.id`)
	if err != nil {
		return nil, err
	}
	type key struct {
		ws int64
		id string
	}
	taken := map[key]bool{}
	for _, j := range found {
		taken[key{clicks[j].WorkspaceID, clicks[j].ClickID}] = true
	}
	out := clicks[:0:0]
	for _, c := range clicks {
		k := key{c.WorkspaceID, c.ClickID}
		if !taken[k] {
			taken[k] = true
			out = append(out, c)
		}
	}
	return out, nil
}

// insertRows inserts clicks with their unique flags, in order, in
// statements of stmtRows rows and then of the powers of two that make
// up the rest, so that there are few statement shapes to prepare.
func (t *Tx) insertRows(ctx context.Context, clicks []NewClick) error {
	for len(clicks) > 0 {
		n := stmtRows
		for n > len(clicks) {
			n /= 2
		}
		args := make([]any, 0, 9*n)
		for _, c := range clicks[:n] {
			args = append(args, c.WorkspaceID, c.ClickID, c.LinkID, ms(c.Time), c.Visitor, c.Referrer, c.Device, c.Bot, c.Unique)
		}
		if _, err := t.tx.ExecContext(ctx, `INSERT INTO clicks (workspace_id, click_id, link_id, time, visitor, referrer, device, bot, is_unique)
			VALUES `+valueRows(n, "(?, ?, ?, ?, ?, ?, ?, ?, ?)")+` ON CONFLICT DO NOTHING`, args...); err != nil {
			return err
		}
		clicks = clicks[n:]
	}
	return nil
}

// linked keeps the clicks whose link still exists. A link removed while
// one of its clicks waited in the log (or clicked on a node that had not
// yet polled the removal) leaves that click nothing to reference; storing
// it would fail the whole batch on every try and hold every later click
// in the log for good, so it is dropped instead.
func (t *Tx) linked(ctx context.Context, clicks []NewClick) ([]NewClick, error) {
	exists := map[int64]bool{}
	var ids []any
	for _, c := range clicks {
		if _, ok := exists[c.LinkID]; !ok {
			exists[c.LinkID] = false
			ids = append(ids, c.LinkID)
		}
	}
	err := inChunks(ids, stmtRows, func(chunk []any) error {
		return t.scanIDs(ctx, exists, `SELECT id FROM links WHERE id IN (`+marks(len(chunk))+`)`, chunk...)
	})
	if err != nil {
		return nil, err
	}
	kept := clicks[:0:0]
	for _, c := range clicks {
		if exists[c.LinkID] {
			kept = append(kept, c)
		}
	}
	return kept, nil
}

// inChunks calls fn with items in chunks of up to most, each filled
// up to a power of two by repeating its last item (harmless in an IN
// list or a list of keys to look up): a statement built per chunk then
// takes one of ten shapes, which the driver prepares once each.
func inChunks[T any](items []T, most int, fn func([]T) error) error {
	for len(items) > 0 {
		n := min(len(items), most)
		size := 1
		for size < n {
			size *= 2
		}
		size = min(size, most)
		chunk := items[:n:n]
		for len(chunk) < size {
			chunk = append(chunk, items[n-1])
		}
		if err := fn(chunk); err != nil {
			return err
		}
		items = items[n:]
	}
	return nil
}

// valueRows repeats a VALUES row n times.
func valueRows(n int, row string) string {
	return strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
}

// marks is n placeholders for an IN list.
func marks(n int) string { return valueRows(n, "?") }
