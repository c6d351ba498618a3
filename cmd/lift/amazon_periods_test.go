package main

import (
	"strings"
	"testing"

	"github.com/liftmetrics/lift/internal/storetest"
)

// An Associates summary without dates is imported for the days --from
// and --to name, refused without them, and shown whole in a report
// covering those days.
func TestImportAssociatesSummaryPeriod(t *testing.T) {
	dir := t.TempDir()
	db := storetest.DSN(t)
	for _, f := range []struct{ kind, data string }{
		{"campaigns", "name,starts,ends\nFall,2026-10-01,2026-10-31\n"},
		{"creators", "handle,platform,followers\nana,instagram,15000\n"},
	} {
		if out, err := lift(t, "import", f.kind, write(t, dir, f.kind+".csv", f.data), "--db", db); err != nil {
			t.Fatal(out, err)
		}
	}
	if out, err := lift(t, "link", "create", "--amazon-tag", "ana-20", "--creator", "ana", "--campaign", "Fall", "--db", db); err != nil {
		t.Fatal(out, err)
	}
	summary := write(t, dir, "earnings.csv", "Tracking Id,Clicks,Items Ordered,Ordered Revenue,Items Shipped,Items Returned,Items Shipped Revenue,Items Returned Revenue,Total Earnings,Bonus\n"+
		"ana-20,\"1,204\",31,\"1,085.40\",28,2,980.10,59.98,39.45,-\n")
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, "earnings.csv: line 1: this summary has no dates: say which days it covers with --from and --to"},
		{[]string{"--from", "2026-10-01"}, "import amazon-associates: give both --from and --to"},
		{[]string{"--from", "10/01/2026", "--to", "2026-10-31"}, `import amazon-associates: --from "10/01/2026" is not a day (use YYYY-MM-DD)`},
	} {
		out, err := lift(t, append([]string{"import", "amazon-associates", summary, "--db", db}, c.args...)...)
		if err == nil || !strings.Contains(out+err.Error(), c.want) {
			t.Errorf("import %v: %s%v, want %q", c.args, out, err, c.want)
		}
	}
	if out, err := lift(t, "import", "orders", write(t, dir, "o.csv", "order_id,created_at,revenue\n1,2026-10-02,10\n"), "--from", "2026-10-01", "--to", "2026-10-31", "--db", db); err == nil ||
		!strings.Contains(err.Error(), "--from and --to are only for amazon-associates") {
		t.Errorf("orders with a period: %s%v", out, err)
	}
	for _, want := range []string{"stored 1, updated 0, unchanged 0", "stored 0, updated 0, unchanged 1"} {
		out, err := lift(t, "import", "amazon-associates", summary, "--from", "2026-10-01", "--to", "2026-10-31", "--db", db)
		if err != nil || !strings.Contains(out, "amazon-associates earnings.csv: read 1, "+want) {
			t.Errorf("import: %s%v, want %q", out, err, want)
		}
	}
	out, err := lift(t, "report", "--from", "2026-10-05", "--to", "2026-10-31", "--db", db)
	if err != nil || !strings.Contains(out, "ana-20 2026-10-01 to 2026-10-31: left out: the report's dates cover only part of it") {
		t.Errorf("report over part of the period: %s%v", out, err)
	}
	// $1,085.40 ordered less $59.98 returned.
	out, err = lift(t, "report", "--format", "csv", "--from", "2026-10-01", "--to", "2026-10-31", "--db", db)
	if err != nil || !strings.Contains(out, "\nana,instagram,") || !strings.Contains(out, ",1025.42,") {
		t.Errorf("report over the period: %s%v", out, err)
	}
}
