package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"slices"
)

// This file holds what tests outside this package need to read or
// arrange in a database and no command or page does: every stored order
// and click with the columns no report shows, the sign-in limiter's keys,
// whole tables written out, and ways to make writes fail. Production code
// calls none of it; it is here, and not in the tests, so that the tests
// hold no SQL (see TestNoSQLOutsideStore).

// Orders lists every order of the workspace, void ones too, oldest
// first (EachOrder leaves void orders out).
func (s *Store) Orders(ctx context.Context, ws int64) ([]Order, error) {
	var out []Order
	err := s.query(ctx, func(r *sql.Rows) error {
		o, err := scanOrder(r)
		if err == nil {
			out = append(out, o)
		}
		return err
	}, `SELECT `+orderColumns+` FROM orders WHERE workspace_id = ? ORDER BY time, id`, ws)
	return out, err
}

// Clicks lists the clicks stored in the workspace, oldest first, as
// stored: with the visitor's key, bots and uniqueness. Clicks still
// waiting in the click log are not there yet (LoadClickLog moves them).
func (s *Store) Clicks(ctx context.Context, ws int64) ([]Click, error) {
	var out []Click
	err := s.query(ctx, func(r *sql.Rows) error {
		var c Click
		var at int64
		if err := r.Scan(&c.ClickID, &c.LinkID, &at, &c.Visitor, &c.Referrer, &c.Device, &c.Bot, &c.Unique); err != nil {
			return err
		}
		c.Time = fromMS(at)
		out = append(out, c)
		return nil
	}, `SELECT click_id, link_id, time, visitor, referrer, device, bot, is_unique FROM clicks
		WHERE workspace_id = ? ORDER BY time, id`, ws)
	return out, err
}

// WaitingClicks counts the clicks waiting in the database's click log,
// not yet loaded into the database.
func (s *Store) WaitingClicks(ctx context.Context) (int64, error) { return s.waitingClicks(ctx) }

// LoginAttemptKeys lists the distinct keys under which the sign-in
// limiter recorded attempts (see ReserveLogin), sorted.
func (s *Store) LoginAttemptKeys(ctx context.Context) ([]string, error) {
	var keys []string
	err := s.query(ctx, func(r *sql.Rows) error {
		var k string
		if err := r.Scan(&k); err != nil {
			return err
		}
		keys = append(keys, k)
		return nil
	}, `SELECT DISTINCT key FROM login_attempts ORDER BY key`)
	return keys, err
}

// RemoveMember takes a user out of a workspace (AddMember's reverse); a
// session of that user in that workspace stays, for the dashboard to
// move. It reports whether the user was a member.
func (s *Store) RemoveMember(ctx context.Context, userID, workspaceID int64) (bool, error) {
	res, err := s.wr.ExecContext(ctx, `DELETE FROM user_workspaces WHERE user_id = ? AND workspace_id = ?`, userID, workspaceID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// Dump writes every row of each named table to w, by id, one line a row:
// the table's name and its values in column order, as the driver gives
// them. Two databases of one engine whose dumps are equal hold the same
// rows.
func (s *Store) Dump(ctx context.Context, w io.Writer, tables ...string) error {
	known, err := s.tableNames(ctx)
	if err != nil {
		return err
	}
	for _, t := range tables {
		if !slices.Contains(known, t) {
			return fmt.Errorf("dump: no table %q", t)
		}
		rows, err := s.rd.QueryContext(ctx, `SELECT * FROM `+quoteIdent(t)+` ORDER BY id`)
		if err != nil {
			return err
		}
		err = dumpRows(w, t, rows)
		rows.Close()
		if err != nil {
			return fmt.Errorf("dump %s: %w", t, err)
		}
	}
	return nil
}

func dumpRows(w io.Writer, table string, rows *sql.Rows) error {
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		if _, err := fmt.Fprintln(w, table, vals); err != nil {
			return err
		}
	}
	return rows.Err()
}

// errSQLiteOnly refuses a hook that fails writes the way only SQLite can.
var errSQLiteOnly = errors.New("only on SQLite")

// RefuseWrites makes every write through the store's write connection
// fail (on) or succeed again (off), as a database turned read-only
// would: for tests of how writers report a database that refuses them.
// SQLite only: its write pool is one connection, turned query-only.
func (s *Store) RefuseWrites(ctx context.Context, on bool) error {
	if s.eng == postgresEngine {
		return fmt.Errorf("refuse writes: %w", errSQLiteOnly)
	}
	q := `PRAGMA query_only = OFF`
	if on {
		q = `PRAGMA query_only = ON`
	}
	_, err := s.wr.ExecContext(ctx, q)
	return err
}

// RefuseWrites makes every click appended to the log fail with "database
// or disk is full" (on), or be taken again (off): for tests of a full
// disk. SQLite only (the log's own file takes a trigger).
func (l *ClickLog) RefuseWrites(ctx context.Context, on bool) error {
	if l.pg != nil {
		return fmt.Errorf("refuse click log writes: %w", errSQLiteOnly)
	}
	q := `DROP TRIGGER IF EXISTS refuse_writes`
	if on {
		q = `CREATE TRIGGER refuse_writes BEFORE INSERT ON clicks BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`
	}
	_, err := l.db.ExecContext(ctx, q)
	return err
}
