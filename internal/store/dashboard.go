package store

import (
	"context"
	"database/sql"
	"strings"
	"time"
)

// Attribution returns a workspace's default attribution model and window
// as written by the user ("last-touch", "30d").
func (s *Store) Attribution(ctx context.Context, ws int64) (model, window string, err error) {
	err = s.rd.QueryRowContext(ctx, `SELECT attribution_model, attribution_window FROM workspaces WHERE id = ?`, ws).
		Scan(&model, &window)
	return model, window, err
}

// SetAttribution stores a workspace's default attribution model and
// window; the caller checks them.
func (s *Store) SetAttribution(ctx context.Context, ws int64, model, window string) error {
	_, err := s.wr.ExecContext(ctx, `UPDATE workspaces SET attribution_model = ?, attribution_window = ? WHERE id = ?`,
		model, window, ws)
	return err
}

// APIKeys lists a workspace's API keys, newest first, revoked ones too.
func (s *Store) APIKeys(ctx context.Context, ws int64) ([]APIKey, error) {
	var out []APIKey
	err := s.query(ctx, func(r *sql.Rows) error {
		var k APIKey
		var created int64
		var revoked sql.NullInt64
		if err := r.Scan(&k.ID, &k.WorkspaceID, &k.Name, &k.Prefix, &created, &revoked); err != nil {
			return err
		}
		k.CreatedAt, k.Revoked = fromMS(created), revoked.Valid
		out = append(out, k)
		return nil
	}, `SELECT id, workspace_id, name, prefix, created_at, revoked_at FROM api_keys
		WHERE workspace_id = ? ORDER BY created_at DESC, id DESC`, ws)
	return out, err
}

// RevokeAPIKey stops a key of the workspace from working; it reports
// false when the workspace has no such key. Revoking twice keeps the
// first time.
func (s *Store) RevokeAPIKey(ctx context.Context, ws, id int64) (bool, error) {
	res, err := s.wr.ExecContext(ctx, `UPDATE api_keys SET revoked_at = coalesce(revoked_at, ?)
		WHERE id = ? AND workspace_id = ?`, time.Now().UnixMilli(), id, ws)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// ImportRecord is one line of the import history.
type ImportRecord struct {
	Kind      string
	File      string
	At        time.Time
	Read      int64
	Stored    int64
	Updated   int64
	Unchanged int64
	Refused   int64
	Ignored   []string // the file's columns that its kind did not read
}

// Imports lists a workspace's latest imports, newest first.
func (s *Store) Imports(ctx context.Context, ws int64, limit int) ([]ImportRecord, error) {
	var out []ImportRecord
	err := s.query(ctx, func(r *sql.Rows) error {
		var x ImportRecord
		var at int64
		var ignored string
		if err := r.Scan(&x.Kind, &x.File, &at, &x.Read, &x.Stored, &x.Updated, &x.Unchanged, &x.Refused, &ignored); err != nil {
			return err
		}
		x.At = fromMS(at)
		if ignored != "" {
			x.Ignored = strings.Split(ignored, "\n")
		}
		out = append(out, x)
		return nil
	}, `SELECT kind, file, at, rows_read, stored, updated, unchanged, refused, ignored FROM imports
		WHERE workspace_id = ? ORDER BY at DESC, id DESC LIMIT ?`, ws, limit)
	return out, err
}
