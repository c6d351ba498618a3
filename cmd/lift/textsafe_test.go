package main

import (
	"context"
	"strings"
	"testing"

	"github.com/liftmetrics/lift/internal/storetest"
)

// hostileNames stores a creator and a campaign whose names carry a
// terminal escape and a spreadsheet formula, as data written before the
// imports refused them (or by another tool) could.
func hostileNames(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	db := storetest.DSN(t)
	for _, f := range []struct{ kind, data string }{
		{"campaigns", "name,starts,ends\nSpring,2026-03-01,2026-03-31\n"},
		{"creators", "handle,platform,followers\nana,instagram,1000\n"},
		{"costs", "creator,campaign,kind,amount\nana,Spring,fee,500.00\n"},
		{"codes", "code,creator,campaign\nANA10,ana,Spring\n"},
		{"links", "slug,destination,creator,campaign\nana1,https://shop.example.com/p,ana,Spring\n"},
		{"orders", "order_id,created_at,revenue,discount_code\no1,2026-03-05,100.00,ANA10\n"},
	} {
		if out, err := lift(t, "import", f.kind, write(t, dir, f.kind+".csv", f.data), "--db", db); err != nil {
			t.Fatal(out, err)
		}
	}
	st := storetest.Open(t, db)
	ws, err := st.Workspace(context.Background(), "", false)
	if err != nil {
		t.Fatal(err)
	}
	storetest.RenameCreator(t, st, ws.ID, "ana", "=HYPERLINK(\"http://evil.example\")\x1b]0;pwned\x07")
	storetest.RenameCampaign(t, st, ws.ID, "Spring", "Spring\x1b[2J\u009b31m")
	return db
}

func TestTablesEscapeControlCharacters(t *testing.T) {
	db := hostileNames(t)
	for _, args := range [][]string{{"report"}, {"report", "--by", "campaign"}, {"link", "list"}, {"code", "list"}} {
		out, err := lift(t, append(args, "--db", db)...)
		if err != nil {
			t.Fatalf("lift %v: %v\n%s", args, err, out)
		}
		if strings.ContainsAny(out, "\x1b\x07\u009b") {
			t.Errorf("lift %v prints control characters raw:\n%q", args, out)
		}
		if !strings.Contains(out, `\x1b`) {
			t.Errorf("lift %v does not show the escaped name:\n%s", args, out)
		}
	}
}

func TestCSVDownloadsDoNotRunFormulas(t *testing.T) {
	db := hostileNames(t)
	out, err := lift(t, "report", "--format", "csv", "--db", db)
	if err != nil {
		t.Fatal(out, err)
	}
	lines := strings.Split(out, "\n")
	head := strings.Split(lines[0], ",")
	var row []string
	for _, l := range lines[1:] {
		if strings.Contains(l, "HYPERLINK") {
			row = strings.Split(l, ",")
		}
	}
	if row == nil || !strings.HasPrefix(row[0], `"'=HYPERLINK(`) {
		t.Fatalf("the creator's cell is not neutralised:\n%s", out)
	}
	// ana cost 500 and earned 100: ROI -0.8 stays a number.
	for i, h := range head {
		if h == "roi" && (i >= len(row) || row[i] != "-0.8") {
			t.Errorf("roi cell %q, want -0.8 as a number\n%s", row[min(i, len(row)-1)], out)
		}
	}
}
