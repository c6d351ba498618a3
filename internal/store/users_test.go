package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestUsersAndSessions(t *testing.T) {
	ctx := context.Background()
	st := testStore(t)
	a, _ := st.Workspace(ctx, "a", true)
	b, _ := st.Workspace(ctx, "b", true)
	u, err := st.CreateUser(ctx, " Ana@Brand.COM ", "hash-1")
	if err != nil || u.Email != "ana@brand.com" {
		t.Fatalf("create: %+v %v", u, err)
	}
	if _, err := st.CreateUser(ctx, "ana@brand.com", "hash-2"); !errors.Is(err, ErrUserExists) {
		t.Errorf("second user with the same e-mail: %v", err)
	}
	if _, hash, err := st.UserByEmail(ctx, "ANA@brand.com"); err != nil || hash != "hash-1" {
		t.Errorf("by e-mail: %q %v", hash, err)
	}
	for range 2 {
		if err := st.AddMember(ctx, u.ID, b.ID); err != nil {
			t.Fatal(err)
		}
	}
	if in, _ := st.IsMember(ctx, u.ID, a.ID); in {
		t.Error("member of a workspace never granted")
	}
	wss, err := st.UserWorkspaces(ctx, u.ID)
	if err != nil || len(wss) != 1 || wss[0].Name != "b" {
		t.Errorf("workspaces: %+v %v", wss, err)
	}

	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	se := Session{ID: "h1", UserID: u.ID, WorkspaceID: b.ID, CSRF: "c", ExpiresAt: now.Add(time.Hour)}
	if err := st.CreateSession(ctx, se); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		at   time.Time
		live bool
	}{{now, true}, {now.Add(59 * time.Minute), true}, {now.Add(time.Hour), false}} {
		got, err := st.SessionByID(ctx, "h1", tc.at)
		if tc.live != (err == nil) || (tc.live && got.Email != "ana@brand.com") {
			t.Errorf("session at %s: %+v %v", tc.at, got, err)
		}
	}
	// A new password ends every session of the user.
	if err := st.SetPassword(ctx, u.ID, "hash-3"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SessionByID(ctx, "h1", now); !errors.Is(err, sql.ErrNoRows) {
		t.Errorf("session after a new password: %v", err)
	}
}

func TestReserveLogin(t *testing.T) {
	ctx := context.Background()
	st := testStore(t)
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	limits := []LoginLimit{{"k", 3}, {"ip", 5}}
	var last []int64
	for i := range 3 {
		ids, refused, _, err := st.ReserveLogin(ctx, limits, t0.Add(-time.Hour), t0.Add(time.Duration(i)*time.Minute))
		if err != nil || refused != -1 || len(ids) != 2 {
			t.Fatalf("attempt %d: %v %d %v", i+1, ids, refused, err)
		}
		last = ids
	}
	// The fourth attempt on k is refused and names k's oldest attempt.
	ids, refused, oldest, err := st.ReserveLogin(ctx, limits, t0.Add(-time.Hour), t0.Add(3*time.Minute))
	if err != nil || ids != nil || refused != 0 || !oldest.Equal(t0) {
		t.Fatalf("fourth: %v %d %s %v", ids, refused, oldest, err)
	}
	// Outside the window the attempts no longer count.
	if _, refused, _, _ := st.ReserveLogin(ctx, limits, t0.Add(90*time.Second), t0.Add(4*time.Minute)); refused != -1 {
		t.Errorf("window: refused by %d", refused)
	}
	// A good password releases its own reservation and k's failures, but
	// not the address's earlier ones.
	if err := st.ReleaseLogin(ctx, last, "k"); err != nil {
		t.Fatal(err)
	}
	var nk, nip int
	st.wr.QueryRow(`SELECT count(*) FROM login_attempts WHERE key = 'k'`).Scan(&nk)
	st.wr.QueryRow(`SELECT count(*) FROM login_attempts WHERE key = 'ip'`).Scan(&nip)
	if nk != 0 || nip != 3 {
		t.Errorf("after release: k %d, ip %d; want 0 and 3", nk, nip)
	}
	// Attempts older than a day are forgotten on the next one.
	if _, _, _, err := st.ReserveLogin(ctx, []LoginLimit{{"new", 1}}, t0, t0.Add(25*time.Hour)); err != nil {
		t.Fatal(err)
	}
	st.wr.QueryRow(`SELECT count(*) FROM login_attempts WHERE key = 'ip'`).Scan(&nip)
	if nip != 0 {
		t.Errorf("attempts a day old kept: %d", nip)
	}
}

func TestRevokeAPIKeyStaysInItsWorkspace(t *testing.T) {
	ctx := context.Background()
	st := testStore(t)
	a, _ := st.Workspace(ctx, "a", true)
	b, _ := st.Workspace(ctx, "b", true)
	id, err := st.PutAPIKey(ctx, a.ID, "shop", "lift_abcd", "hash")
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := st.RevokeAPIKey(ctx, b.ID, id); ok || err != nil {
		t.Errorf("revoked from another workspace: %v %v", ok, err)
	}
	if _, err := st.APIKeyByHash(ctx, "hash"); err != nil {
		t.Fatalf("key stopped working: %v", err)
	}
	for range 2 {
		if ok, err := st.RevokeAPIKey(ctx, a.ID, id); !ok || err != nil {
			t.Errorf("revoke: %v %v", ok, err)
		}
	}
	keys, err := st.APIKeys(ctx, a.ID)
	if err != nil || len(keys) != 1 || !keys[0].Revoked || keys[0].Name != "shop" {
		t.Errorf("keys: %+v %v", keys, err)
	}
	if _, err := st.APIKeyByHash(ctx, "hash"); !errors.Is(err, sql.ErrNoRows) {
		t.Errorf("revoked key: %v", err)
	}
}

// TestMasterSecretStaysOutOfTheDatabase: with a master secret the server
// secrets derive from it, differ by name, and nothing is stored.
func TestMasterSecretStaysOutOfTheDatabase(t *testing.T) {
	ctx := context.Background()
	st := testStore(t)
	st.UseMasterSecret([]byte("0123456789abcdef0123456789abcdef"))
	v1, err := st.Secret(ctx, "visitor")
	if err != nil {
		t.Fatal(err)
	}
	v2, _ := st.Secret(ctx, "visitor")
	l, _ := st.Secret(ctx, "login")
	if v1 != v2 || v1 == l || len(v1) != 64 {
		t.Errorf("derived secrets: %q %q %q", v1, v2, l)
	}
	var n int
	st.wr.QueryRow(`SELECT count(*) FROM settings WHERE key LIKE 'secret:%'`).Scan(&n)
	if n != 0 {
		t.Errorf("%d secrets stored in the database", n)
	}
}

func TestWorkspaceNamesAreBounded(t *testing.T) {
	ctx := context.Background()
	st := testStore(t)
	for _, name := range []string{strings.Repeat("w", 257), "acme\x1b[2J", "caf\xe9"} {
		if _, err := st.Workspace(ctx, name, true); err == nil || !strings.Contains(err.Error(), "at most 256 bytes") {
			t.Errorf("workspace %q: %v", name, err)
		}
	}
	if _, err := st.Workspace(ctx, strings.Repeat("w", 256), true); err != nil {
		t.Errorf("a 256-byte name: %v", err)
	}
}
