package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestUserCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	tests := []struct {
		name  string
		stdin string
		args  []string
		ok    bool
		want  string
	}{
		{"create", "a long enough password\n", []string{"user", "create", "--email", "Ana@Brand.com", "--password-stdin"}, true,
			"user ana@brand.com created; they can sign in to the dashboard and see workspace default"},
		{"create again", "a long enough password\n", []string{"user", "create", "--email", "ana@brand.com", "--password-stdin"}, false,
			"already exists: ana@brand.com (to let them see another workspace: lift user grant --email ana@brand.com --workspace NAME)"},
		{"short password", "short\n", []string{"user", "create", "--email", "ben@brand.com", "--password-stdin"}, false,
			"password too short"},
		{"no password", "", []string{"user", "create", "--email", "ben@brand.com", "--password-stdin"}, false,
			"no password on standard input"},
		{"not a terminal", "", []string{"user", "create", "--email", "ben@brand.com"}, false,
			"pass the password with --password-stdin"},
		{"no e-mail", "", []string{"user", "create"}, false, "--email is required"},
		{"grant unknown", "", []string{"user", "grant", "--email", "ana@brand.com", "--workspace", "acme"}, false,
			"lift workspace create acme"},
		{"make workspace", "", []string{"workspace", "create", "acme"}, true, "workspace acme created"},
		{"grant", "", []string{"user", "grant", "--email", "ana@brand.com", "--workspace", "acme"}, true,
			"user ana@brand.com can now see workspace acme"},
		{"grant to nobody", "", []string{"user", "grant", "--email", "who@brand.com", "--workspace", "acme"}, false,
			"no user who@brand.com"},
		{"password", "another long password\r\n", []string{"user", "password", "--email", "ana@brand.com", "--password-stdin"}, true,
			"password of ana@brand.com changed; their sessions are signed out"},
		{"list", "", []string{"user", "list"}, true, "ana@brand.com"},
		{"usage", "", []string{"user", "delete", "--email", "ana@brand.com"}, false, "usage: lift user create"},
	}
	for _, tc := range tests {
		stdin = strings.NewReader(tc.stdin)
		out, err := lift(t, append(tc.args, "--db", db)...)
		if (err == nil) != tc.ok {
			t.Errorf("%s: err = %v\n%s", tc.name, err, out)
		}
		got := out
		if err != nil {
			got += err.Error()
		}
		if !strings.Contains(got, tc.want) {
			t.Errorf("%s: %q lacks %q", tc.name, got, tc.want)
		}
	}
	out, _ := lift(t, "user", "list", "--db", db)
	if !strings.Contains(out, "acme, default") || !strings.Contains(out, "1 user\n") {
		t.Errorf("list: %s", out)
	}
}
