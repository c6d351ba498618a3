package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/liftmetrics/lift/internal/store"
	"github.com/liftmetrics/lift/internal/storetest"
)

func lift(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, &out, &errOut)
	return out.String() + errOut.String(), err
}

// newDB makes a database with only its default workspace.
func newDB(t *testing.T) string {
	t.Helper()
	db := storetest.DSN(t)
	if out, err := lift(t, "workspace", "set", "--db", db); err != nil {
		t.Fatal(out, err)
	}
	return db
}

func write(t *testing.T, dir, name, data string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestFlagsMayStandAnywhere(t *testing.T) {
	dir := t.TempDir()
	db := storetest.DSN(t)
	camp := write(t, dir, "c.csv", "name,starts,ends\nSpring,2026-03-01,2026-03-31\n")
	orders := write(t, dir, "o.csv", "order_id,created_at,revenue\n1,2026-03-03,10.00\n")
	if out, err := lift(t, "import", "campaigns", camp, "--db", db); err != nil {
		t.Fatal(out, err)
	}
	out, err := lift(t, "import", "--db", db, "orders", orders)
	if err != nil || !strings.Contains(out, "orders o.csv: read 1, stored 1") {
		t.Fatalf("%s %v", out, err)
	}
	t.Setenv("LIFT_DB", db)
	out, err = lift(t, "report", "--format", "json")
	if err != nil {
		t.Fatal(out, err)
	}
	var r struct {
		Unattributed struct{ Orders int } `json:"unattributed"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil || r.Unattributed.Orders != 1 {
		t.Fatalf("LIFT_DB report: %v %s", err, out)
	}
}

func TestErrorsExitNonZero(t *testing.T) {
	dir := t.TempDir()
	db := storetest.DSN(t)
	bad := write(t, dir, "o.csv", "order_id,created_at,revenue\n1,2026-03-03,ten\n")
	for _, args := range [][]string{
		{"import", "orders", bad, "--db", db},
		{"import", "orders", filepath.Join(dir, "missing.csv"), "--db", db},
		{"import", "tweets", bad, "--db", db},
		{"report", "--by", "week", "--db", db},
		{"report", "--model", "best", "--db", db},
		{"report", "--window", "3y", "--db", db},
		{"report", "--from", "yesterday", "--db", db},
		{"report", "--workspace", "nope", "--db", db},
		{"frobnicate"},
		{},
	} {
		if out, err := lift(t, args...); err == nil {
			t.Errorf("lift %v succeeded: %s", args, out)
		}
	}
	_, err := lift(t, "import", "orders", bad, "--db", db)
	if err == nil || !strings.Contains(err.Error(), `o.csv: line 2: revenue: "ten"`) {
		t.Errorf("bad row error: %v", err)
	}
}

func TestDemoIsDeterministic(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	out, err := lift(t, "demo", "--db", a)
	if err != nil {
		t.Fatal(out, err)
	}
	if !strings.Contains(out, "total") || !strings.Contains(out, "unattributed:") {
		t.Errorf("demo did not print the report:\n%s", out)
	}
	if _, err := lift(t, "demo", "--db", b); err != nil {
		t.Fatal(err)
	}
	if da, db := dump(t, a), dump(t, b); da != db {
		t.Fatal("two demo runs gave different databases")
	}
}

// The demo goes only into a database without data: run on one that holds
// data (its own, or a brand's), it is refused and changes nothing.
func TestDemoRefusesADatabaseWithData(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.db")
	if out, err := lift(t, "demo", "--db", a); err != nil {
		t.Fatal(out, err)
	}
	before := dump(t, a)
	_, err := lift(t, "demo", "--db", a, "--seed", "7")
	if err == nil || !strings.Contains(err.Error(), a+" already holds data (") ||
		!strings.Contains(err.Error(), " orders, ") || !strings.Contains(err.Error(), "lift demo --db demo.db") {
		t.Fatalf("second demo: %v", err)
	}
	if after := dump(t, a); after != before {
		t.Fatal("a refused demo changed the database")
	}
	// A brand's database with one campaign in another workspace.
	b := filepath.Join(dir, "b.db")
	camp := write(t, dir, "c.csv", "name,starts,ends\nSpring,2026-03-01,2026-03-31\n")
	lift(t, "workspace", "create", "acme", "--db", b)
	if out, err := lift(t, "import", "campaigns", camp, "--db", b, "--workspace", "acme"); err != nil {
		t.Fatal(out, err)
	}
	_, err = lift(t, "demo", "--db", b)
	if err == nil || !strings.Contains(err.Error(), "(1 campaigns, 1 imports)") {
		t.Fatalf("demo into a brand's database: %v", err)
	}
	if out, _ := lift(t, "workspace", "list", "--db", b); out != "acme\tUSD\tUTC\tpaid orders only\n" {
		t.Errorf("refused demo left a workspace: %q", out)
	}
	// A database that exists but holds nothing takes the demo.
	c := newDB(t)
	if out, err := lift(t, "demo", "--db", c); err != nil || !strings.Contains(out, "orders orders.csv: read 2432, stored 2432") {
		t.Fatalf("demo into an empty database: %v\n%s", err, out)
	}
}

// dump prints every table but the import history, without the moments
// rows were written.
func dump(t *testing.T, path string) string {
	t.Helper()
	st, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	var b strings.Builder
	if err := st.Dump(ctx, &b, "campaigns", "creators", "posts", "costs", "codes", "links", "clicks", "orders"); err != nil {
		t.Fatal(err)
	}
	ws, err := st.Workspace(ctx, "", false)
	if err != nil {
		t.Fatal(err)
	}
	b.WriteString(ws.Salt)
	return b.String()
}

func TestVersionAndHelp(t *testing.T) {
	if out, err := lift(t, "version"); err != nil || !strings.HasPrefix(out, "lift ") {
		t.Errorf("%q %v", out, err)
	}
	if out, err := lift(t, "help"); err != nil || !strings.Contains(out, "shopify-orders") {
		t.Errorf("%q %v", out, err)
	}
}

func TestWorkspaceSet(t *testing.T) {
	db := storetest.DSN(t)
	out, err := lift(t, "workspace", "set", "--currency", "EUR", "--timezone", "Europe/Berlin", "--db", db)
	if err != nil || !strings.Contains(out, "currency EUR, time zone Europe/Berlin") {
		t.Fatalf("%s %v", out, err)
	}
	if out, err := lift(t, "workspace", "list", "--db", db); err != nil || !strings.Contains(out, "default\tEUR\tEurope/Berlin\tpaid orders only") {
		t.Fatalf("%s %v", out, err)
	}
	out, err = lift(t, "workspace", "set", "--count-pending", "yes", "--db", db)
	if err != nil || !strings.Contains(out, "pending orders counted") {
		t.Fatalf("%s %v", out, err)
	}
	if out, err := lift(t, "report", "--db", db); err != nil || !strings.Contains(out, "· pending orders counted") {
		t.Fatalf("report header: %s %v", out, err)
	}
	if _, err := lift(t, "workspace", "set", "--count-pending", "maybe", "--db", db); err == nil ||
		err.Error() != `workspace set: --count-pending: "maybe" is not yes or no` {
		t.Fatalf("bad --count-pending: %v", err)
	}
}

// The terminal uses the workspace's attribution settings unless told.
func TestReportUsesWorkspaceAttribution(t *testing.T) {
	db := newDB(t)
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ws, err := st.Workspace(ctx, "", false)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetAttribution(ctx, ws.ID, "first-touch", "7d"); err != nil {
		t.Fatal(err)
	}
	st.Close()
	out, err := lift(t, "report", "--format", "json", "--db", db)
	if err != nil || !strings.Contains(out, `"model": "first-touch"`) || !strings.Contains(out, `"window": "7d"`) {
		t.Fatalf("workspace settings not used: %v\n%s", err, out[:min(200, len(out))])
	}
	out, _ = lift(t, "report", "--format", "json", "--model", "linear", "--db", db)
	if !strings.Contains(out, `"model": "linear"`) || !strings.Contains(out, `"window": "7d"`) {
		t.Fatalf("--model did not win:\n%s", out[:min(200, len(out))])
	}
}
