package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// DefaultWorkspace is the workspace every database has.
const DefaultWorkspace = "default"

// maxWorkspaceName bounds a workspace's name, as import files bound names.
const maxWorkspaceName = 256

// Workspace is one brand: everything else belongs to exactly one.
type Workspace struct {
	ID       int64
	Name     string
	Currency string
	Timezone string
	// Salt keys the hashes of customer e-mails and visitor ids, so that
	// the stored keys cannot be reversed by hashing guesses.
	Salt string
	Loc  *time.Location
	// CountPending counts pending orders as if paid (cash on delivery);
	// off by default (README, "Payment status").
	CountPending bool
}

// checkWorkspaceName refuses a name no workspace can have.
func checkWorkspaceName(name string) error {
	if len(name) > maxWorkspaceName || !utf8.ValidString(name) || strings.ContainsFunc(name, unicode.IsControl) {
		return fmt.Errorf("workspace name %q: at most %d bytes of UTF-8 text without control characters",
			name, maxWorkspaceName)
	}
	return nil
}

// ErrNoWorkspace is returned when a named workspace does not exist.
var ErrNoWorkspace = errors.New("no such workspace")

// Workspace returns the named workspace. The default workspace is created
// on first use; other names are created only when create is true.
func (s *Store) Workspace(ctx context.Context, name string, create bool) (Workspace, error) {
	if name == "" {
		name = DefaultWorkspace
	}
	w, err := s.FindWorkspace(ctx, name)
	if errors.Is(err, ErrNoWorkspace) && (create || name == DefaultWorkspace) {
		return s.CreateWorkspace(ctx, name, "")
	}
	return w, err
}

// FindWorkspace returns the named workspace and never creates one; an
// unknown name is ErrNoWorkspace, naming the workspaces there are.
func (s *Store) FindWorkspace(ctx context.Context, name string) (Workspace, error) {
	// PostgreSQL refuses text that is not UTF-8 even in a lookup.
	if err := checkWorkspaceName(name); err != nil {
		return Workspace{}, err
	}
	w, err := s.workspace(ctx, name)
	if errors.Is(err, sql.ErrNoRows) {
		names, _ := s.WorkspaceNames(ctx)
		list := strings.Join(names, ", ")
		if list == "" {
			list = "none yet"
		}
		return Workspace{}, fmt.Errorf("%w %q (workspaces: %s)", ErrNoWorkspace, name, list)
	}
	return w, err
}

func (s *Store) workspace(ctx context.Context, name string) (Workspace, error) {
	var w Workspace
	err := s.rd.QueryRowContext(ctx,
		`SELECT id, name, currency, timezone, salt, count_pending FROM workspaces WHERE name = ?`, name).
		Scan(&w.ID, &w.Name, &w.Currency, &w.Timezone, &w.Salt, &w.CountPending)
	if err != nil {
		return Workspace{}, err
	}
	w.Loc, err = time.LoadLocation(w.Timezone)
	if err != nil {
		return Workspace{}, fmt.Errorf("workspace %s: time zone %q: %w", name, w.Timezone, err)
	}
	return w, nil
}

// CreateWorkspace returns the named workspace, creating it if needed with
// the given salt (a random one when empty; the demo passes a fixed one so
// that its database is the same on every run).
func (s *Store) CreateWorkspace(ctx context.Context, name, salt string) (Workspace, error) {
	if err := checkWorkspaceName(name); err != nil {
		return Workspace{}, err
	}
	if salt == "" {
		b := make([]byte, 16)
		if _, err := rand.Read(b); err != nil {
			return Workspace{}, err
		}
		salt = hex.EncodeToString(b)
	}
	_, err := s.wr.ExecContext(ctx,
		`INSERT INTO workspaces (name, salt, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING`,
		name, salt, time.Now().UnixMilli())
	if err != nil {
		return Workspace{}, fmt.Errorf("create workspace %s: %w", name, err)
	}
	return s.workspace(ctx, name)
}

// WorkspaceNames lists the workspaces by name.
func (s *Store) WorkspaceNames(ctx context.Context) ([]string, error) {
	rows, err := s.rd.QueryContext(ctx, `SELECT name FROM workspaces ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		names = append(names, n)
	}
	return names, rows.Err()
}

// SetWorkspace changes a workspace's currency and/or time zone (empty
// values are left as they are). The currency cannot change once orders or
// costs are stored, because stored amounts would change meaning.
func (s *Store) SetWorkspace(ctx context.Context, w Workspace, currency, timezone string) error {
	if timezone != "" {
		if _, err := time.LoadLocation(timezone); err != nil {
			return fmt.Errorf("time zone %q is not known (use an IANA name such as Europe/Berlin)", timezone)
		}
		if err := s.setZone(ctx, w.ID, timezone); err != nil {
			return err
		}
	}
	if currency == "" || strings.EqualFold(currency, w.Currency) {
		return nil
	}
	currency = strings.ToUpper(currency)
	if len(currency) != 3 || strings.Trim(currency, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		return fmt.Errorf("currency %q is not a three-letter ISO code", currency)
	}
	var n int
	if err := s.wr.QueryRowContext(ctx,
		`SELECT (SELECT count(*) FROM orders WHERE workspace_id = ?) + (SELECT count(*) FROM costs WHERE workspace_id = ?)`,
		w.ID, w.ID).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("workspace %s already holds amounts in %s; its currency cannot change", w.Name, w.Currency)
	}
	_, err := s.wr.ExecContext(ctx, `UPDATE workspaces SET currency = ? WHERE id = ?`, currency, w.ID)
	return err
}

// setZone changes a workspace's time zone and, in the same transaction,
// sums its clicks anew by their dates and hours in the new zone (the
// click summaries).
func (s *Store) setZone(ctx context.Context, ws int64, timezone string) error {
	loc, err := time.LoadLocation(timezone)
	if err != nil {
		return err
	}
	tx, err := s.wr.BeginTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var was string
	if err := tx.QueryRowContext(ctx, `SELECT timezone FROM workspaces WHERE id = ?`, ws).Scan(&was); err != nil {
		return err
	}
	if was == timezone {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE workspaces SET timezone = ? WHERE id = ?`, timezone, ws); err != nil {
		return err
	}
	if err := rebuildClickSums(ctx, tx, ws, loc); err != nil {
		return fmt.Errorf("click summaries: %w", err)
	}
	return tx.Commit()
}

// Contents describes what the database holds besides its schema, its
// settings and empty workspaces, as "1982 orders, 12 creators, …" (tables
// by name); "" when it holds nothing.
func (s *Store) Contents(ctx context.Context) (string, error) {
	counts, err := s.RowCounts(ctx)
	if err != nil {
		return "", err
	}
	var held []string
	for _, t := range slices.Sorted(maps.Keys(counts)) {
		switch t {
		case "schema_migrations", "settings", "workspaces", "click_days", "click_facets":
			continue // the click summaries: no contents of their own
		}
		if n := counts[t]; n > 0 {
			held = append(held, fmt.Sprintf("%d %s", n, t))
		}
	}
	return strings.Join(held, ", "), nil
}

// RowCounts gives the rows of every table of the database, by table
// name, across all workspaces (on PostgreSQL the click log table apart:
// WaitingClicks counts it).
func (s *Store) RowCounts(ctx context.Context) (map[string]int64, error) {
	tables, err := s.tableNames(ctx)
	if err != nil {
		return nil, err
	}
	counts := make(map[string]int64, len(tables))
	for _, t := range tables {
		var n int64
		// The name comes from the catalogue, not from a user.
		if err := s.rd.QueryRowContext(ctx, `SELECT count(*) FROM `+quoteIdent(t)).Scan(&n); err != nil {
			return nil, err
		}
		counts[t] = n
	}
	return counts, nil
}

// tableNames lists the database's tables, by name.
func (s *Store) tableNames(ctx context.Context) ([]string, error) {
	var tables []string
	err := s.query(ctx, func(r *sql.Rows) error {
		var name string
		if err := r.Scan(&name); err != nil {
			return err
		}
		tables = append(tables, name)
		return nil
	}, s.eng.tables()+` ORDER BY name`)
	return tables, err
}
