package store

import (
	"context"
	"database/sql"
	"errors"
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

func TestLoginFailures(t *testing.T) {
	ctx := context.Background()
	st := testStore(t)
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for i := range 3 {
		if err := st.RecordLoginFailure(ctx, []string{"k", "ip"}, t0.Add(time.Duration(i)*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		key    string
		since  time.Time
		n      int
		oldest time.Time
	}{
		{"k", t0, 3, t0}, {"k", t0.Add(90 * time.Second), 1, t0.Add(2 * time.Minute)}, {"ip", t0, 3, t0}, {"other", t0, 0, time.Time{}},
	} {
		n, oldest, err := st.LoginFailures(ctx, tc.key, tc.since)
		if err != nil || n != tc.n || !oldest.Equal(tc.oldest) {
			t.Errorf("%s since %s: %d %s %v", tc.key, tc.since, n, oldest, err)
		}
	}
	if err := st.ClearLoginFailures(ctx, "k"); err != nil {
		t.Fatal(err)
	}
	if n, _, _ := st.LoginFailures(ctx, "k", t0); n != 0 {
		t.Errorf("after clearing: %d", n)
	}
	// Failures older than a day are forgotten on the next one.
	if err := st.RecordLoginFailure(ctx, []string{"new"}, t0.Add(25*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if n, _, _ := st.LoginFailures(ctx, "ip", time.Time{}); n != 0 {
		t.Errorf("failures a day old kept: %d", n)
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

func TestUploadsBelongToTheirSession(t *testing.T) {
	ctx := context.Background()
	st := testStore(t)
	a, _ := st.Workspace(ctx, "a", true)
	b, _ := st.Workspace(ctx, "b", true)
	if err := st.PutUpload(ctx, Upload{ID: "u1", SessionID: "s1", WorkspaceID: a.ID, Kind: "orders", File: "o.csv", Data: []byte("x,y\n")}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		session string
		ws      int64
		found   bool
	}{{"s1", a.ID, true}, {"s2", a.ID, false}, {"s1", b.ID, false}} {
		up, err := st.GetUpload(ctx, "u1", tc.session, tc.ws)
		if tc.found != (err == nil) || (tc.found && string(up.Data) != "x,y\n") {
			t.Errorf("session %s workspace %d: %+v %v", tc.session, tc.ws, up, err)
		}
	}
	if err := st.DeleteUpload(ctx, "u1"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.GetUpload(ctx, "u1", "s1", a.ID); !errors.Is(err, sql.ErrNoRows) {
		t.Errorf("deleted upload: %v", err)
	}
}
