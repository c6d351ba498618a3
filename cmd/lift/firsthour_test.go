package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/liftmetrics/lift/internal/storetest"
)

// liftSplit runs a command line and returns stdout and stderr apart.
func liftSplit(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, &out, &errOut)
	return out.String(), errOut.String(), err
}

// Every command answers --help with its usage and flags, on stdout.
func TestEveryCommandHasHelp(t *testing.T) {
	for _, c := range commands {
		if c.run == nil {
			continue
		}
		for _, args := range [][]string{{c.name, "--help"}, {c.name, "-h"}, {"help", c.name}} {
			out, errOut, err := liftSplit(t, args...)
			first := strings.SplitN(c.usage, "\n", 2)[0]
			if err != nil || errOut != "" || !strings.HasPrefix(out, "Usage:\n  "+first) ||
				!strings.Contains(out, "Flags:") || !strings.Contains(out, "-workspace") {
				t.Errorf("lift %v: err %v, stderr %q, stdout:\n%s", args, err, errOut, out)
			}
		}
	}
	out, _, err := liftSplit(t, "report", "--help")
	if err != nil || !strings.Contains(out, "-by string") || !strings.Contains(out, `(default "creator")`) {
		t.Errorf("report --help does not list its flags:\n%s", out)
	}
}

// lift help lists every command, bench redirect too.
func TestHelpListsEveryCommand(t *testing.T) {
	out, _, err := liftSplit(t, "help")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"lift bench    redirect", "lift bench    import", "lift apikey   create",
		"lift workspace create NAME", "lift version", "--replace"} {
		if !strings.Contains(out, want) {
			t.Errorf("lift help lacks %q", want)
		}
	}
	for _, c := range commands {
		if !strings.Contains(out, "  lift "+c.name) {
			t.Errorf("lift help lacks the command %s", c.name)
		}
	}
}

func TestMistypedCommandOrFlagSuggestsTheClosest(t *testing.T) {
	db := newDB(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"reprot"}, `unknown command "reprot"; did you mean "report"?`},
		{[]string{"upflit"}, `did you mean "uplift"?`},
		{[]string{"benchmark", "list"}, `did you mean "benchmarks"?`},
		{[]string{"report", "--fromm", "2026-01-01", "--db", db}, `flag provided but not defined: -fromm; did you mean "--from"?`},
		{[]string{"report", "--formt", "json", "--db", db}, `did you mean "--format"?`},
		{[]string{"import", "--dryrun", "orders", "x.csv", "--db", db}, `did you mean "--dry-run"?`},
		{[]string{"apikey", "lsit", "--db", db}, `did you mean "list"?`},
		{[]string{"workspace", "creat", "acme", "--db", db}, `did you mean "create"?`},
	} {
		_, _, err := liftSplit(t, tc.args...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("lift %v: %v, want %q", tc.args, err, tc.want)
		}
	}
	if _, _, err := liftSplit(t, "xyzzy"); err == nil || strings.Contains(err.Error(), "did you mean") {
		t.Errorf("xyzzy: %v, want no suggestion", err)
	}
}

// A command that only reads refuses a database that is not there, and
// leaves no file behind.
func TestReadCommandsRefuseAMissingDatabase(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "typo.db")
	orders := write(t, dir, "o.csv", "order_id,created_at,revenue\n1,2026-03-03,10.00\n")
	for _, args := range [][]string{
		{"report"}, {"uplift"}, {"customers"}, {"leaks"}, {"goals"},
		{"link", "list"}, {"code", "list"}, {"apikey", "list"}, {"workspace", "list"},
		{"user", "list"}, {"benchmarks", "list"}, {"import", "orders", orders, "--dry-run"},
	} {
		_, _, err := liftSplit(t, append(args, "--db", db)...)
		if err == nil || !strings.Contains(err.Error(), "no database at "+db) {
			t.Errorf("lift %v: %v", args, err)
		}
		if _, err := os.Stat(db); err == nil {
			t.Fatalf("lift %v created %s", args, db)
		}
	}
}

// A command that writes refuses a workspace nobody created; lift
// workspace create makes one.
func TestWritesRefuseAnUnknownWorkspace(t *testing.T) {
	dir := t.TempDir()
	db := storetest.DSN(t)
	camp := write(t, dir, "c.csv", "name,starts,ends\nSpring,2026-03-01,2026-03-31\n")
	if out, err := lift(t, "workspace", "create", "acme", "--db", db); err != nil || !strings.Contains(out, "workspace acme created") {
		t.Fatal(out, err)
	}
	for _, args := range [][]string{
		{"import", "campaigns", camp}, {"link", "create", "--destination", "https://shop.example/", "--creator", "ana", "--campaign", "Spring"},
		{"code", "generate", "--creator", "ana", "--campaign", "Spring"}, {"apikey", "create"}, {"workspace", "set", "--currency", "EUR"},
		{"benchmarks", "set", "--metric", "ctr", "--low", "1%", "--high", "2%"}, {"report"},
	} {
		_, _, err := liftSplit(t, append(args, "--db", db, "--workspace", "acmee")...)
		want := `no such workspace "acmee" (workspaces: acme); did you mean "acme"?; create it with ` + "`lift workspace create acmee`"
		if err == nil || err.Error() != want {
			t.Errorf("lift %v: %v", args, err)
		}
	}
	if out, err := lift(t, "workspace", "list", "--db", db); err != nil || out != "acme\tUSD\tUTC\tpaid orders only\n" {
		t.Errorf("a refused command made a workspace: %q %v", out, err)
	}
	if out, err := lift(t, "import", "campaigns", camp, "--db", db, "--workspace", "acme"); err != nil || !strings.Contains(out, "stored 1") {
		t.Errorf("%s %v", out, err)
	}
	if _, err := lift(t, "workspace", "create", "acme", "--db", db); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("second create: %v", err)
	}
	// The default workspace needs no creating.
	if out, err := lift(t, "import", "campaigns", camp, "--db", db); err != nil || !strings.Contains(out, "stored 1") {
		t.Errorf("%s %v", out, err)
	}
}

// KEY=$(lift apikey create) holds the key alone; list and revoke manage it.
func TestAPIKeyCreateListRevoke(t *testing.T) {
	db := newDB(t)
	key, errOut, err := liftSplit(t, "apikey", "create", "--name", "shop", "--db", db)
	if err != nil || !regexp.MustCompile(`^lift_[0-9A-Za-z]{32}\n$`).MatchString(key) ||
		!strings.Contains(errOut, "shown once, stored only as a hash") {
		t.Fatalf("stdout %q, stderr %q, %v", key, errOut, err)
	}
	prefix := key[:9]
	out, _, err := liftSplit(t, "apikey", "list", "--db", db)
	if err != nil || !regexp.MustCompile(`(?m)^1 +`+prefix+`… +shop +\S+ \S+ +active$`).MatchString(out) || strings.Contains(out, key[:20]) {
		t.Fatalf("list: %v\n%s", err, out)
	}
	if out, _, err := liftSplit(t, "apikey", "revoke", "1", "--db", db); err != nil || !strings.Contains(out, "API key 1 ("+prefix+`…, "shop") revoked`) {
		t.Fatalf("revoke: %v %s", err, out)
	}
	if out, _, _ := liftSplit(t, "apikey", "list", "--db", db); !strings.Contains(out, "revoked") {
		t.Errorf("list after revoke:\n%s", out)
	}
	second, _, _ := liftSplit(t, "apikey", "create", "--db", db)
	if out, _, err := liftSplit(t, "apikey", "revoke", second[:9]+"…", "--db", db); err != nil || !strings.Contains(out, "API key 2") {
		t.Errorf("revoke by prefix: %v %s", err, out)
	}
	if _, _, err := liftSplit(t, "apikey", "revoke", "7", "--db", db); err == nil || !strings.Contains(err.Error(), `no API key "7"`) {
		t.Errorf("revoke unknown: %v", err)
	}
	if _, _, err := liftSplit(t, "apikey", "revoke", "--db", db); err == nil || !strings.Contains(err.Error(), "usage") {
		t.Errorf("revoke without id: %v", err)
	}
}

// A pattern without placeholders is one code, exactly as written.
func TestCodeGenerateLiteralPattern(t *testing.T) {
	dir := t.TempDir()
	db := storetest.DSN(t)
	for kind, data := range map[string]string{
		"campaigns": "name,starts,ends\nSpring,2026-03-01,2026-03-31\n",
		"creators":  "handle,platform,followers\nana,instagram,1000\nben,tiktok,2000\n",
	} {
		if out, err := lift(t, "import", kind, write(t, dir, kind+".csv", data), "--db", db); err != nil {
			t.Fatal(out, err)
		}
	}
	out, err := lift(t, "code", "generate", "--creator", "ana", "--campaign", "Spring", "--pattern", "ana20", "--db", db)
	if err != nil || out != "ANA20\n1 codes generated for ana in Spring\n" {
		t.Fatalf("%q %v", out, err)
	}
	_, err = lift(t, "code", "generate", "--creator", "ben", "--campaign", "Spring", "--pattern", "ANA20", "--db", db)
	if err == nil || !strings.Contains(err.Error(), "code ANA20 already exists (creator ana, campaign Spring)") {
		t.Errorf("taken code: %v", err)
	}
	_, err = lift(t, "code", "generate", "--creator", "ana", "--campaign", "Spring", "--pattern", "ANA30", "--count", "3", "--db", db)
	if err == nil || !strings.Contains(err.Error(), "--count must be 1") {
		t.Errorf("literal with count 3: %v", err)
	}
	_, err = lift(t, "code", "generate", "--creator", "ana", "--campaign", "Spring", "--pattern", "ANA 30!", "--db", db)
	if err == nil || !strings.Contains(err.Error(), "is not a code") {
		t.Errorf("bad literal: %v", err)
	}
	out, _ = lift(t, "code", "list", "--db", db)
	if !strings.Contains(out, "ANA20") || !strings.Contains(out, "1 codes") {
		t.Errorf("list:\n%s", out)
	}
}

// --db and --workspace may also stand before the command.
func TestGlobalFlagsBeforeTheCommand(t *testing.T) {
	dir := t.TempDir()
	db := storetest.DSN(t)
	camp := write(t, dir, "c.csv", "name,starts,ends\nSpring,2026-03-01,2026-03-31\n")
	if out, err := lift(t, "--db", db, "workspace", "create", "acme"); err != nil || !strings.Contains(out, "workspace acme created") {
		t.Fatal(out, err)
	}
	if out, err := lift(t, "--db="+db, "--workspace", "acme", "import", "campaigns", camp); err != nil || !strings.Contains(out, "stored 1") {
		t.Fatal(out, err)
	}
	if out, err := lift(t, "-db", db, "import", "--workspace", "acme", "campaigns", camp); err != nil || !strings.Contains(out, "unchanged 1") {
		t.Fatal(out, err)
	}
	if _, err := lift(t, "--db", db, "--workspace", "acme", "nosuch"); err == nil || !strings.Contains(err.Error(), `unknown command "nosuch"`) {
		t.Errorf("unknown command after global flags: %v", err)
	}
}
