package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// User is a person who signs in to the dashboard.
type User struct {
	ID        int64
	Email     string
	CreatedAt time.Time
}

// ErrUserExists is returned when an e-mail already has an account.
var ErrUserExists = errors.New("a user with this e-mail already exists")

// NormalEmail is how e-mails are compared and stored: trimmed, lower case.
func NormalEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// CreateUser stores a new user with a password hash.
func (s *Store) CreateUser(ctx context.Context, email, hash string) (User, error) {
	u := User{Email: NormalEmail(email), CreatedAt: time.Now().UTC().Truncate(time.Millisecond)}
	err := s.wr.QueryRowContext(ctx, `INSERT INTO users (email, password_hash, created_at) VALUES (?, ?, ?)
		ON CONFLICT (email) DO NOTHING RETURNING id`, u.Email, hash, ms(u.CreatedAt)).Scan(&u.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, fmt.Errorf("%w: %s", ErrUserExists, u.Email)
	}
	return u, err
}

// UserByEmail returns a user and their password hash.
func (s *Store) UserByEmail(ctx context.Context, email string) (User, string, error) {
	var u User
	var hash string
	var created int64
	err := s.rd.QueryRowContext(ctx, `SELECT id, email, password_hash, created_at FROM users WHERE email = ?`,
		NormalEmail(email)).Scan(&u.ID, &u.Email, &hash, &created)
	u.CreatedAt = fromMS(created)
	return u, hash, err
}

// SetPassword replaces a user's password hash and ends their sessions,
// so that a changed password locks out whoever knew the old one.
func (s *Store) SetPassword(ctx context.Context, userID int64, hash string) error {
	tx, err := s.wr.BeginTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, hash, userID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID); err != nil {
		return err
	}
	return tx.Commit()
}

// AddMember lets a user see a workspace; adding twice changes nothing.
func (s *Store) AddMember(ctx context.Context, userID, workspaceID int64) error {
	_, err := s.wr.ExecContext(ctx, `INSERT INTO user_workspaces (user_id, workspace_id) VALUES (?, ?)
		ON CONFLICT DO NOTHING`, userID, workspaceID)
	return err
}

// IsMember reports whether a user may see a workspace.
func (s *Store) IsMember(ctx context.Context, userID, workspaceID int64) (bool, error) {
	var n int
	err := s.rd.QueryRowContext(ctx, `SELECT count(*) FROM user_workspaces WHERE user_id = ? AND workspace_id = ?`,
		userID, workspaceID).Scan(&n)
	return n > 0, err
}

// UserWorkspaces lists the workspaces a user belongs to, by name.
func (s *Store) UserWorkspaces(ctx context.Context, userID int64) ([]Workspace, error) {
	var names []string
	err := s.query(ctx, func(r *sql.Rows) error {
		var n string
		if err := r.Scan(&n); err != nil {
			return err
		}
		names = append(names, n)
		return nil
	}, `SELECT w.name FROM workspaces w JOIN user_workspaces m ON m.workspace_id = w.id
		WHERE m.user_id = ? ORDER BY w.name`, userID)
	if err != nil {
		return nil, err
	}
	out := make([]Workspace, 0, len(names))
	for _, n := range names {
		w, err := s.workspace(ctx, n)
		if err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, nil
}

// UserListing is a user with the names of their workspaces.
type UserListing struct {
	User
	Workspaces []string
}

// Users lists every user by e-mail with their workspaces.
func (s *Store) Users(ctx context.Context) ([]UserListing, error) {
	var out []UserListing
	err := s.query(ctx, func(r *sql.Rows) error {
		var u UserListing
		var created int64
		var names sql.NullString
		if err := r.Scan(&u.ID, &u.Email, &created, &names); err != nil {
			return err
		}
		u.CreatedAt = fromMS(created)
		if names.String != "" {
			u.Workspaces = strings.Split(names.String, "\n")
		}
		out = append(out, u)
		return nil
	}, `SELECT u.id, u.email, u.created_at,
		`+s.eng.joinLines("w.name", `FROM workspaces w
			JOIN user_workspaces m ON m.workspace_id = w.id WHERE m.user_id = u.id`)+`
		FROM users u ORDER BY u.email`)
	return out, err
}

// Session is a signed-in browser. ID is the SHA-256 of the cookie's
// token; the token itself is never stored.
type Session struct {
	ID          string
	UserID      int64
	Email       string
	WorkspaceID int64
	CSRF        string
	ExpiresAt   time.Time
}

// CreateSession stores a session.
func (s *Store) CreateSession(ctx context.Context, se Session) error {
	_, err := s.wr.ExecContext(ctx, `INSERT INTO sessions (id, user_id, workspace_id, csrf, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?)`, se.ID, se.UserID, se.WorkspaceID, se.CSRF, time.Now().UnixMilli(), ms(se.ExpiresAt))
	return err
}

// SessionByID returns a session that has not expired at now.
func (s *Store) SessionByID(ctx context.Context, id string, now time.Time) (Session, error) {
	var se Session
	var exp int64
	err := s.rd.QueryRowContext(ctx, `SELECT s.id, s.user_id, u.email, s.workspace_id, s.csrf, s.expires_at
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ? AND s.expires_at > ?`, id, ms(now)).
		Scan(&se.ID, &se.UserID, &se.Email, &se.WorkspaceID, &se.CSRF, &exp)
	se.ExpiresAt = fromMS(exp)
	return se, err
}

// SetSessionWorkspace switches the workspace a session works in.
func (s *Store) SetSessionWorkspace(ctx context.Context, id string, workspaceID int64) error {
	_, err := s.wr.ExecContext(ctx, `UPDATE sessions SET workspace_id = ? WHERE id = ?`, workspaceID, id)
	return err
}

// DeleteSession ends a session.
func (s *Store) DeleteSession(ctx context.Context, id string) error {
	_, err := s.wr.ExecContext(ctx, `DELETE FROM sessions WHERE id = ?`, id)
	return err
}

// DeleteExpiredSessions removes sessions that ended before now.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) error {
	_, err := s.wr.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, ms(now))
	return err
}

// LoginLimit is one sign-in limit: at most Max failures counted against
// Key in the window.
type LoginLimit struct {
	Key string
	Max int
}

// ReserveLogin counts one attempt against every limit's key before the
// password is checked, unless a key already holds its maximum since
// `since`. The count and the record are one write transaction (BEGIN
// IMMEDIATE), so concurrent guesses, on this node or any other sharing
// the database, cannot all pass the check before any is recorded. It
// returns the reserved rows (to release after a good password), or the
// index of the limit that refused and its oldest attempt in the window.
func (s *Store) ReserveLogin(ctx context.Context, limits []LoginLimit, since, now time.Time) (ids []int64, refused int, oldest time.Time, err error) {
	tx, err := s.wr.BeginTx(ctx)
	if err != nil {
		return nil, -1, time.Time{}, err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM login_attempts WHERE at < ?`, ms(now.Add(-24*time.Hour))); err != nil {
		return nil, -1, time.Time{}, err
	}
	for i, l := range limits {
		var n int
		var first sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT count(*), min(at) FROM login_attempts WHERE key = ? AND at >= ?`,
			l.Key, ms(since)).Scan(&n, &first); err != nil {
			return nil, -1, time.Time{}, err
		}
		if n >= l.Max {
			return nil, i, fromMS(first.Int64), nil
		}
	}
	for _, l := range limits {
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO login_attempts (key, at) VALUES (?, ?) RETURNING id`,
			l.Key, ms(now)).Scan(&id); err != nil {
			return nil, -1, time.Time{}, err
		}
		ids = append(ids, id)
	}
	return ids, -1, time.Time{}, tx.Commit()
}

// ReleaseLogin forgets attempts reserved by ReserveLogin once the
// password proved right, with the earlier failures of clearKey.
func (s *Store) ReleaseLogin(ctx context.Context, ids []int64, clearKey string) error {
	tx, err := s.wr.BeginTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_attempts WHERE id = ?`, id); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM login_attempts WHERE key = ?`, clearKey); err != nil {
		return err
	}
	return tx.Commit()
}
