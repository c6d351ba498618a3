package store

import (
	"cmp"
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// ClickLog is where the redirect makes a click durable: a second SQLite
// file beside the database (its name plus "-clicks"), holding one
// unindexed append-only table. Its writes never wait for the database's
// write lock, so an import or a long write on the database cannot hold a
// redirect up. LoadClicks then moves logged clicks into the database in
// batches, where uniqueness is decided and the indexes are kept.
//
// Each log has an identity, and the database records, per identity, the
// sequence number of the last click it loaded, in the same transaction as
// the clicks: a restart resumes exactly there, so no click is lost and
// none is loaded twice. A log file that is deleted and made anew gets a
// new identity, and its sequence numbers start again without being taken
// for loaded ones.
//
// On PostgreSQL the log is a table of the database itself, click_log,
// shared by every node: a click appended through any node is durable
// there at once, and whichever node's loader holds the write lock moves
// it, deleting it from the log in the transaction that stores it. A node
// that dies leaves nothing behind but rows another node loads. Appends
// go through a small pool of the log's own and take no lock, so neither
// a held write lock nor a write pool whose every connection is taken
// (imports, the loader) holds a redirect up.
type ClickLog struct {
	db *sql.DB // appends and trims: one connection (SQLite)
	rd *sql.DB // the loader's reads and checkpoints (SQLite)
	// pg is the log's own pool of appendConns connections (PostgreSQL),
	// beside the store's: an append never waits for a connection that
	// an import or the loader holds.
	pg *pool
	// closed is set by Close (PostgreSQL; SQLite's closed pools refuse
	// by themselves): a closed log takes no more clicks.
	closed atomic.Bool
	st     *Store
	path   string
	id     string
}

// appendConns is the size of the click log's own pool on PostgreSQL: one
// writer appends, and a probe (while appends fail) may run beside it.
const appendConns = 2

// loadBatch is the most clicks one load transaction moves: large enough
// that a flood of clicks costs few commits, small enough that one load
// holds the database's write lock only briefly.
const loadBatch = 2048

// clickLogSchema is the log's whole schema. AUTOINCREMENT keeps sequence
// numbers from being reused once loaded rows are trimmed.
const clickLogSchema = `
CREATE TABLE IF NOT EXISTS log_identity (id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS clicks (
	seq          INTEGER PRIMARY KEY AUTOINCREMENT,
	workspace_id INTEGER NOT NULL,
	click_id     TEXT NOT NULL,
	link_id      INTEGER NOT NULL,
	time         INTEGER NOT NULL,
	visitor      TEXT NOT NULL,
	prev_visitor TEXT NOT NULL,
	referrer     TEXT NOT NULL,
	device       TEXT NOT NULL,
	bot          INTEGER NOT NULL
);`

// OpenClickLog opens (creating if needed) the database's click log. The
// log is committed like the database (WAL, synchronous NORMAL): a commit
// survives the process being killed. Until it is closed, ClickExists
// finds the clicks still waiting in it.
func (s *Store) OpenClickLog(ctx context.Context) (*ClickLog, error) {
	l, err := s.openClickLog(ctx)
	if err == nil {
		s.clog.Store(l)
	}
	return l, err
}

func (s *Store) openClickLog(ctx context.Context) (*ClickLog, error) {
	if s.eng == postgresEngine {
		db, err := sql.Open("pgx", s.pgURL)
		if err != nil {
			return nil, fmt.Errorf("open click log: %w", err)
		}
		db.SetMaxOpenConns(appendConns)
		db.SetMaxIdleConns(appendConns)
		// Connected now, so that the first redirect does not wait for
		// PostgreSQL to start a session.
		if err := db.PingContext(ctx); err != nil {
			db.Close()
			return nil, fmt.Errorf("open click log: %w", err)
		}
		return &ClickLog{pg: &pool{db: db, eng: postgresEngine}, st: s, path: "table click_log", id: "postgres"}, nil
	}
	path := s.path + "-clicks"
	// Appends and trims share one connection, so in this process they
	// take turns in Go instead of meeting SQLite's busy handler, which
	// sleeps. That connection never checkpoints (a checkpoint inside a
	// commit would make a redirect wait for it): the loader checkpoints
	// from its own connection, beside the appends (see TrimClickLog).
	db, err := sql.Open("sqlite", "file:"+path+sqlitePragmas+"&_pragma=wal_autocheckpoint(0)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open click log %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	rd, err := sql.Open("sqlite", "file:"+path+sqlitePragmas)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open click log %s: %w", path, err)
	}
	rd.SetMaxOpenConns(1)
	l := &ClickLog{db: db, rd: rd, st: s, path: path}
	if err := l.init(ctx); err != nil {
		l.Close()
		return nil, fmt.Errorf("open click log %s: %w", path, err)
	}
	return l, nil
}

// CatchUp loads the whole log, batch after batch, then trims what it
// loaded. It returns how many clicks it moved.
func (s *Store) CatchUp(ctx context.Context, l *ClickLog) (int, error) {
	total := 0
	for {
		n, err := s.LoadClicks(ctx, l, loadBatch)
		total += n
		if err != nil {
			return total, fmt.Errorf("load logged clicks: %w", err)
		}
		if n < loadBatch {
			return total, s.TrimClickLog(ctx, l)
		}
	}
}

// LoadClickLog loads every click waiting in the database's click log:
// what a server killed before its loader caught up left there. A running
// server does this by itself.
func (s *Store) LoadClickLog(ctx context.Context) error {
	l, err := s.openClickLog(ctx)
	if err != nil {
		return err
	}
	defer l.Close()
	_, err = s.CatchUp(ctx, l)
	return err
}

func (l *ClickLog) init(ctx context.Context) error {
	if _, err := l.db.ExecContext(ctx, clickLogSchema); err != nil {
		return err
	}
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	err = tx.QueryRowContext(ctx, `SELECT id FROM log_identity`).Scan(&l.id)
	if errors.Is(err, sql.ErrNoRows) {
		l.id = rand.Text()
		_, err = tx.ExecContext(ctx, `INSERT INTO log_identity (id) VALUES (?)`, l.id)
	}
	if err != nil {
		return err
	}
	return tx.Commit()
}

// Path is the log's file name.
func (l *ClickLog) Path() string { return l.path }

// Close closes the log.
func (l *ClickLog) Close() error {
	l.st.clog.CompareAndSwap(l, nil)
	if l.pg != nil {
		if l.closed.CompareAndSwap(false, true) {
			return l.pg.Close()
		}
		return nil
	}
	return errors.Join(l.rd.Close(), l.db.Close())
}

// logged reports whether the log holds a click of the workspace with this
// id that the database has not loaded yet. The log is small (loaded
// clicks are trimmed), so the unindexed scan is short.
func (l *ClickLog) logged(ctx context.Context, ws int64, clickID string) (bool, error) {
	var n int
	if l.pg != nil {
		err := l.st.rd.QueryRowContext(ctx, `SELECT count(*) FROM click_log WHERE workspace_id = ? AND click_id = ?`, ws, clickID).Scan(&n)
		return n > 0, err
	}
	err := l.rd.QueryRowContext(ctx, `SELECT count(*) FROM clicks WHERE workspace_id = ? AND click_id = ?`, ws, clickID).Scan(&n)
	return n > 0, err
}

// appendRows bounds the rows of one INSERT (9 parameters each, well
// under SQLite's limit of 32,766). The log keeps the visitor's key of the
// day before too, which uniqueness needs and the database never stores;
// it is trimmed from the log with its click once loaded.
const appendRows = 256

// Append makes clicks durable in one transaction: all of them or none.
func (l *ClickLog) Append(ctx context.Context, clicks []NewClick) error {
	tx, err := l.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	table := l.table()
	for len(clicks) > 0 {
		n := min(len(clicks), appendRows)
		args := make([]any, 0, 9*n)
		for _, c := range clicks[:n] {
			args = append(args, c.WorkspaceID, c.ClickID, c.LinkID, ms(c.Time), c.Visitor, c.PrevVisitor, c.Referrer, c.Device, c.Bot)
		}
		q := `INSERT INTO ` + table + ` (workspace_id, click_id, link_id, time, visitor, prev_visitor, referrer, device, bot) VALUES ` +
			strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?, ?, ?), ", n), ", ")
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return err
		}
		clicks = clicks[n:]
	}
	return tx.Commit()
}

// Probe tries the log's write path as an append does, without leaving a
// click: it inserts a row and deletes it in one committed transaction. A
// full disk, a read-only file or a held lock fail it as they fail an
// append; the loader never sees the row.
func (l *ClickLog) Probe(ctx context.Context) error {
	tx, err := l.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var seq int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO `+l.table()+` (workspace_id, click_id, link_id, time, visitor, prev_visitor, referrer, device, bot)
		VALUES (0, '', 0, 0, '', '', '', '', 0) RETURNING seq`).Scan(&seq); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM `+l.table()+` WHERE seq = ?`, seq); err != nil {
		return err
	}
	return tx.Commit()
}

// logTx is a transaction on the log.
type logTx interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	Commit() error
	Rollback() error
}

// begin starts a transaction on the log. On PostgreSQL it takes no write
// lock: an append never waits for an import.
func (l *ClickLog) begin(ctx context.Context) (logTx, error) {
	if l.pg != nil {
		if l.closed.Load() {
			return nil, errors.New("click log closed")
		}
		return l.pg.beginFree(ctx)
	}
	return l.db.BeginTx(ctx, nil)
}

// table is the log's table.
func (l *ClickLog) table() string {
	if l.pg != nil {
		return "click_log"
	}
	return "clicks"
}

// positionKey names the setting holding how far the database has loaded
// this log.
func (l *ClickLog) positionKey() string { return "click_log:" + l.id }

// LoadClicks moves up to max logged clicks, oldest first, into the
// database in one transaction that also records how far it got. It
// returns how many it moved; fewer than max means the log was caught up
// when it looked. Uniqueness is decided here, in log order.
func (s *Store) LoadClicks(ctx context.Context, l *ClickLog, max int) (int, error) {
	tx, err := s.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	if l.pg != nil {
		return tx.loadShared(ctx, max)
	}
	// The position is read under the write lock, so two loaders of one
	// log (two processes on one file) never load the same clicks.
	pos, err := tx.position(ctx, l.positionKey())
	if err != nil {
		return 0, err
	}
	clicks, last, err := l.after(ctx, pos, max)
	if err != nil || len(clicks) == 0 {
		return 0, err
	}
	kept, err := tx.linked(ctx, clicks)
	if err != nil {
		return 0, err
	}
	if err := tx.insertClicks(ctx, byTime(kept)); err != nil {
		return 0, err
	}
	if _, err := tx.exec(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, l.positionKey(), strconv.FormatInt(last, 10)); err != nil {
		return 0, err
	}
	return len(clicks), tx.Commit()
}

// loadShared moves up to max clicks from PostgreSQL's click_log, oldest
// first, deleting them from the log in the same transaction that stores
// them. The write lock, held from the transaction's start, makes this
// node's loader the only one moving clicks until it commits.
func (t *Tx) loadShared(ctx context.Context, max int) (int, error) {
	rows, err := t.tx.QueryContext(ctx, `DELETE FROM click_log WHERE seq IN
		(SELECT seq FROM click_log ORDER BY seq LIMIT ?)
		RETURNING seq, workspace_id, click_id, link_id, time, visitor, prev_visitor, referrer, device, bot`, max)
	if err != nil {
		return 0, err
	}
	type seqClick struct {
		seq int64
		c   NewClick
	}
	var got []seqClick
	for rows.Next() {
		var sc seqClick
		var at int64
		if err := rows.Scan(&sc.seq, &sc.c.WorkspaceID, &sc.c.ClickID, &sc.c.LinkID, &at, &sc.c.Visitor, &sc.c.PrevVisitor,
			&sc.c.Referrer, &sc.c.Device, &sc.c.Bot); err != nil {
			rows.Close()
			return 0, err
		}
		sc.c.Time = fromMS(at)
		got = append(got, sc)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(got) == 0 {
		return 0, err
	}
	// RETURNING gives no order; uniqueness is decided in log order.
	slices.SortFunc(got, func(a, b seqClick) int { return cmp.Compare(a.seq, b.seq) })
	clicks := make([]NewClick, len(got))
	for i, sc := range got {
		clicks[i] = sc.c
	}
	kept, err := t.linked(ctx, clicks)
	if err != nil {
		return 0, err
	}
	if err := t.insertClicks(ctx, byTime(kept)); err != nil {
		return 0, err
	}
	return len(clicks), t.Commit()
}

// byTime orders a batch of logged clicks by their time, keeping log order
// between clicks of the same millisecond: several nodes (or processes)
// log side by side, so log order may put a later click first.
func byTime(clicks []NewClick) []NewClick {
	slices.SortStableFunc(clicks, func(a, b NewClick) int { return a.Time.Compare(b.Time) })
	return clicks
}

func (t *Tx) position(ctx context.Context, key string) (int64, error) {
	var v string
	err := t.queryRow(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	return strconv.ParseInt(v, 10, 64)
}

// after reads up to max clicks logged after pos, in log order, and the
// sequence number of the last one. Sequence numbers are given under the
// log's write lock, so a reader sees every click up to the last one it
// sees: nothing committed later can take a smaller number.
func (l *ClickLog) after(ctx context.Context, pos int64, max int) ([]NewClick, int64, error) {
	rows, err := l.rd.QueryContext(ctx, `SELECT seq, workspace_id, click_id, link_id, time, visitor, prev_visitor, referrer, device, bot
		FROM clicks WHERE seq > ? ORDER BY seq LIMIT ?`, pos, max)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []NewClick
	var last int64
	for rows.Next() {
		var c NewClick
		var at int64
		if err := rows.Scan(&last, &c.WorkspaceID, &c.ClickID, &c.LinkID, &at, &c.Visitor, &c.PrevVisitor, &c.Referrer, &c.Device, &c.Bot); err != nil {
			return nil, 0, err
		}
		c.Time = fromMS(at)
		out = append(out, c)
	}
	return out, last, rows.Err()
}

// loaded reads how far the database has loaded the log.
func (s *Store) loaded(ctx context.Context, l *ClickLog) (int64, error) {
	var v string
	err := s.rd.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, l.positionKey()).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	return strconv.ParseInt(v, 10, 64)
}

// trimRows bounds the loaded clicks one statement deletes from the log:
// each delete holds the log's write lock, which appends need too, and
// shares their connection, so a trim of a long backlog goes in short
// steps with appends in between rather than in one long delete.
const trimRows = 512

// TrimClickLog deletes the logged clicks the database has loaded, so the
// log stays small, and checkpoints the log's WAL. A passive checkpoint
// takes no write lock: appends carry on meanwhile.
func (s *Store) TrimClickLog(ctx context.Context, l *ClickLog) error {
	if l.pg != nil {
		return nil // loaded clicks left the log as they were stored
	}
	pos, err := s.loaded(ctx, l)
	if err != nil {
		return err
	}
	for {
		res, err := l.db.ExecContext(ctx, `DELETE FROM clicks WHERE seq IN
			(SELECT seq FROM clicks WHERE seq <= ? ORDER BY seq LIMIT ?)`, pos, trimRows)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if n < trimRows {
			break
		}
	}
	_, err = l.rd.ExecContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`)
	return err
}

// ClickLogLag is how far the database is behind the click log: clicks
// logged but not yet loaded, and the time the oldest of them was made
// (zero when none wait).
func (s *Store) ClickLogLag(ctx context.Context, l *ClickLog) (waiting int64, oldest time.Time, err error) {
	var first sql.NullInt64
	if l.pg != nil {
		err = s.rd.QueryRowContext(ctx, `SELECT count(*), min(time) FROM click_log`).Scan(&waiting, &first)
	} else {
		var pos int64
		if pos, err = s.loaded(ctx, l); err != nil {
			return 0, time.Time{}, err
		}
		err = l.rd.QueryRowContext(ctx, `SELECT count(*), min(time) FROM clicks WHERE seq > ?`, pos).Scan(&waiting, &first)
	}
	if err != nil {
		return 0, time.Time{}, err
	}
	if first.Valid {
		oldest = fromMS(first.Int64)
	}
	return waiting, oldest, nil
}
