package main

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/liftmetrics/lift/internal/testdb"
)

// everyReport runs every report and list of every workspace of db, by
// command line.
func everyReport(t *testing.T, db string) map[string]string {
	t.Helper()
	var runs [][]string
	for _, ws := range []string{"default", "second"} {
		for _, by := range []string{"creator", "platform", "campaign", "post", "tier", "day"} {
			runs = append(runs, []string{"report", "--by", by, "--format", "json", "--workspace", ws})
		}
		runs = append(runs,
			[]string{"report", "--rank", "--format", "json", "--workspace", ws},
			[]string{"report", "--with-brb", "--model", "linear", "--format", "json", "--workspace", ws},
			[]string{"report", "--by", "post", "--campaign", "Spring Glow", "--from", "2026-03-01", "--to", "2026-03-20", "--format", "csv", "--workspace", ws},
			[]string{"customers", "--format", "json", "--workspace", ws},
			[]string{"uplift", "--format", "json", "--workspace", ws},
			[]string{"leaks", "--format", "json", "--workspace", ws},
			[]string{"goals", "--format", "json", "--workspace", ws},
			[]string{"link", "list", "--workspace", ws},
			[]string{"code", "list", "--workspace", ws},
			[]string{"apikey", "list", "--workspace", ws},
			[]string{"benchmarks", "list", "--format", "json", "--workspace", ws},
		)
	}
	runs = append(runs, []string{"workspace", "list"})
	// goals says when it was asked.
	now := regexp.MustCompile(`"now": "[^"]*"`)
	out := map[string]string{}
	for _, args := range runs {
		got, err := lift(t, append(args, "--db", db)...)
		if err != nil {
			// The empty workspace has no campaign to name; the error is
			// compared as the output is.
			if !slices.Contains(args, "second") {
				t.Fatalf("lift %s: %v\n%s", strings.Join(args, " "), err, got)
			}
			got += "error: " + err.Error()
		}
		out[strings.Join(args, " ")] = now.ReplaceAllString(got, `"now": ""`)
	}
	return out
}

func sameReports(t *testing.T, where string, want, got map[string]string) {
	t.Helper()
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: lift %s differs:\nbefore:\n%s\nafter:\n%s", where, k, w, got[k])
		}
	}
}

// copyDB runs lift db copy and checks its summary.
func copyDB(t *testing.T, from, to string) {
	t.Helper()
	out, err := lift(t, "db", "copy", "--from", from, "--to", to)
	if err != nil || !strings.Contains(out, "in one transaction") {
		t.Fatalf("lift db copy --from %s --to %s: %v\n%s", from, to, err, out)
	}
}

// TestDBCopyKeepsEveryReport: the demo workspace, with a second
// workspace, an API key, a benchmark of its own and a replaced link
// beside it, copied SQLite → SQLite, and SQLite → PostgreSQL →
// PostgreSQL → SQLite, gives byte for byte the same reports and lists in
// every database it passes through.
func TestDBCopyKeepsEveryReport(t *testing.T) {
	src := testdb.SQLite(t)
	for _, args := range [][]string{
		{"demo"},
		{"workspace", "create", "second"},
		{"apikey", "create", "--name", "shop"},
		{"apikey", "create", "--name", "second", "--workspace", "second"},
		{"benchmarks", "set", "--metric", "ctr", "--low", "0.02", "--high", "0.04", "--source", "our own"},
		{"link", "create", "--slug", "moved", "--destination", "https://shop.example.com/a", "--creator", "jayadler", "--campaign", "Spring Glow"},
		{"link", "create", "--slug", "moved", "--replace", "--destination", "https://shop.example.com/b", "--creator", "sam.style", "--campaign", "Spring Glow"},
	} {
		if out, err := lift(t, append(args, "--db", src)...); err != nil {
			t.Fatalf("lift %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	want := everyReport(t, src)
	if !strings.Contains(want["report --by creator --format json --workspace default"], `"key": "jayadler"`) {
		t.Fatalf("the demo's report names no creator:\n%s", want["report --by creator --format json --workspace default"])
	}

	t.Run("sqlite to sqlite", func(t *testing.T) {
		dst := testdb.SQLite(t)
		copyDB(t, src, dst)
		sameReports(t, "SQLite copy", want, everyReport(t, dst))
		// A second copy into it is refused: it is no longer empty.
		out, err := lift(t, "db", "copy", "--from", src, "--to", dst)
		if err == nil || !strings.Contains(err.Error(), "already holds") || !strings.Contains(err.Error(), "2 workspaces (default, second)") {
			t.Errorf("a second copy into the same target: %v\n%s", err, out)
		}
	})
	t.Run("sqlite to postgres to postgres to sqlite", func(t *testing.T) {
		pg := testdb.PostgresDSN(t)
		copyDB(t, src, pg)
		sameReports(t, "PostgreSQL copy", want, everyReport(t, pg))
		pg2 := testdb.PostgresDSN(t)
		copyDB(t, pg, pg2)
		sameReports(t, "PostgreSQL copy of the PostgreSQL copy", want, everyReport(t, pg2))
		back := testdb.SQLite(t)
		copyDB(t, pg2, back)
		sameReports(t, "SQLite copy of the PostgreSQL copies", want, everyReport(t, back))
		// Writes after the copy take new ids on PostgreSQL too.
		if out, err := lift(t, "apikey", "create", "--name", "after", "--db", pg); err != nil {
			t.Fatalf("a key made after the copy: %v\n%s", err, out)
		}
	})
}
