package importer

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/liftmetrics/lift/internal/store"
	"github.com/liftmetrics/lift/internal/storetest"
)

// dryCase is a kind's first file, imported for real, and a second file
// holding rows new, changed and unchanged against it (and, where the kind
// allows, a key twice in the file).
type dryCase struct {
	kind, first, second string
	opt                 Options
}

var dryCases = []dryCase{
	{kind: "campaigns",
		first:  "name,starts,ends\nSummer,2026-06-01,2026-06-30\nFall,2026-09-01,2026-09-30\n",
		second: "name,starts,ends\nSummer,2026-06-01,2026-06-30\nFall,2026-09-01,2026-10-15\nWinter,2026-12-01,2026-12-31\n"},
	{kind: "creators",
		first:  "handle,platform,followers\ndan,instagram,1000\neve,tiktok,2000\n",
		second: "handle,platform,followers\ndan,instagram,1000\neve,tiktok,2500\nfay,youtube,300\n"},
	{kind: "codes",
		first:  "code,creator,campaign\nANA10,ana/instagram,Spring\nBEN15,ben,Spring\n",
		second: "code,creator,campaign\nANA10,ana/instagram,Spring\nBEN15,ben,Spring\nCLEO5,cleo,Spring\n"},
	{kind: "costs",
		first:  "creator,campaign,kind,amount\nben,Spring,fee,100\n",
		second: "creator,campaign,kind,amount\nben,Spring,fee,100\nben,Spring,fee,100\ncleo,Spring,fee,40\n"},
	{kind: "posts",
		first:  "post_id,creator,campaign,platform,format,published_at\np1,ana/instagram,Spring,instagram,reel,2026-03-02\np2,ben,Spring,tiktok,video,2026-03-02\n",
		second: "post_id,creator,campaign,platform,format,published_at\np1,ana/instagram,Spring,instagram,reel,2026-03-02\np2,ben,Spring,tiktok,video,2026-03-05\np3,cleo,Spring,youtube,video,2026-03-06\n"},
	{kind: "daily-sales",
		first:  "date,revenue,orders,sku\n2025-03-01,100.00,2,A\n2025-03-01,50.00,1,B\n",
		second: "date,revenue,orders,sku\n2025-03-01,100.00,2,A\n2025-03-01,55.00,1,B\n2025-03-02,80.00,2,A\n"},
	{kind: "orders",
		first:  "order_id,created_at,revenue\n1,2026-03-03,10.00\n2,2026-03-03,12.50\n",
		second: "order_id,created_at,revenue\n1,2026-03-03,10.00\n2,2026-03-03,13.50\n3,2026-03-04,7.25\n"},
	{kind: "orders", opt: Options{KeepRefunds: true},
		first:  "order_id,created_at,revenue,refunded\n1,2026-03-03,10.00,4.00\n2,2026-03-03,12.50,0\n",
		second: "order_id,created_at,revenue,refunded\n1,2026-03-03,10.00,0\n2,2026-03-03,12.50,2.50\n3,2026-03-04,7.25,0\n"},
}

// The dry run of a file says what the real import of it then does: the
// same rows stored, updated and unchanged, for every kind whose dry run
// reads only; and it writes nothing.
func TestDryRunCountsLikeTheImport(t *testing.T) {
	for i, c := range dryCases {
		t.Run(fmt.Sprint(i, "-", c.kind), func(t *testing.T) {
			st, ws := seeded(t)
			if _, err := imp(t, st, ws, c.kind, c.first, c.opt); err != nil {
				t.Fatal(err)
			}
			res := checkDryRun(t, st, ws, c.kind, c.second, c.opt)
			// Costs are keyed by content: a changed cost is a new one.
			if res.Stored == 0 || res.Unchanged == 0 || (res.Updated == 0 && c.kind != "codes" && c.kind != "costs") {
				t.Fatalf("the second file should store, update and leave rows: %v", res)
			}
			checkDryRun(t, st, ws, c.kind, c.second, c.opt) // all unchanged now
		})
	}
	t.Run("shopify-orders", func(t *testing.T) {
		st, ws := seeded(t)
		mustImport(t, st, ws, "codes", "code,creator,campaign\nANA10,ana/instagram,Spring\nBEN15,ben,Spring\n")
		for _, f := range []string{"orders_export.csv", "orders_export_sites.csv", "orders_export.csv"} {
			checkDryRun(t, st, ws, "shopify-orders", shopifyFile(t, f), Options{File: f})
		}
	})
}

// checkDryRun dry-runs data, checks it changed nothing, imports it for
// real and compares the two summaries.
func checkDryRun(t *testing.T, st *store.Store, ws store.Workspace, kind, data string, opt Options) Result {
	t.Helper()
	before := tableCounts(t, st)
	dryOpt := opt
	dryOpt.DryRun = true
	dry, err := imp(t, st, ws, kind, data, dryOpt)
	if err != nil {
		t.Fatalf("dry run: %v", err)
	}
	if after := tableCounts(t, st); !reflect.DeepEqual(before, after) {
		t.Fatalf("dry run changed the database: %v, then %v", before, after)
	}
	real, err := imp(t, st, ws, kind, data, opt)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	if real.Stored+real.Updated+real.Unchanged == 0 {
		t.Fatalf("import wrote no row: %v", real)
	}
	dry.DryRun = false
	if !reflect.DeepEqual(dry, real) {
		t.Fatalf("dry run said %v, the import did %v", dry, real)
	}
	return real
}

func tableCounts(t *testing.T, st *store.Store) map[string]int {
	out := map[string]int{}
	for _, table := range []string{"campaigns", "creators", "posts", "codes", "costs", "orders", "daily_sales", "imports"} {
		out[table] = count(t, st, table)
	}
	return out
}

// A dry run of a lock-free kind completes while another store holds
// the database's write lock (a long import, say): it reads only. Were it
// to wait for the lock, it would fail with the busy timeout (SQLite) or
// wait for ever (PostgreSQL).
func TestDryRunTakesNoWriteLock(t *testing.T) {
	ctx := context.Background()
	dsn := storetest.DSN(t)
	st := storetest.Open(t, dsn)
	ws, err := st.Workspace(ctx, "", false)
	if err != nil {
		t.Fatal(err)
	}
	mustImport(t, st, ws, "campaigns", campaigns)
	mustImport(t, st, ws, "creators", creators)
	mustImport(t, st, ws, "orders", dryCases[6].first)

	// A write transaction takes the write lock when it begins.
	hold, err := storetest.Open(t, dsn).Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer hold.Rollback()

	for _, c := range []dryCase{dryCases[0], dryCases[1], dryCases[6]} {
		res, err := imp(t, st, ws, c.kind, c.second, Options{DryRun: true})
		if err != nil {
			t.Fatalf("%s dry run while the write lock is held: %v", c.kind, err)
		}
		if res.Read != 3 || res.Stored+res.Updated+res.Unchanged != 3 {
			t.Fatalf("%s dry run: %v", c.kind, res)
		}
	}
	// The lock is really held: the holding transaction still writes.
	if _, _, err := hold.PutCampaign(ctx, ws.ID, store.Campaign{Name: "Held"}); err != nil {
		t.Fatalf("the holding transaction cannot write: %v", err)
	}
}
