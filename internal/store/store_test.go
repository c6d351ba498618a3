package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/liftmetrics/lift/internal/money"
	"github.com/liftmetrics/lift/internal/testdb"
)

// testStore opens a fresh database for one test, on the engine under
// test (package testdb).
func testStore(t *testing.T) *Store {
	t.Helper()
	st, err := Open(context.Background(), testdb.DSN(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestOpenAppliesMigrationsOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lift.db")
	for range 2 {
		st, err := Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		var n int
		if err := st.wr.QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		files, _ := st.eng.migrationNames()
		if n != len(files) {
			t.Fatalf("migrations applied: %d, want %d", n, len(files))
		}
		var mode string
		if err := st.wr.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
			t.Fatalf("journal_mode = %q, %v; want wal", mode, err)
		}
		st.Close()
	}
}

func TestDefaultWorkspaceAlwaysExists(t *testing.T) {
	st := testStore(t)
	ctx := context.Background()
	w, err := st.Workspace(ctx, "", false)
	if err != nil {
		t.Fatal(err)
	}
	if w.Name != DefaultWorkspace || w.Currency != "USD" || w.Timezone != "UTC" || len(w.Salt) != 32 {
		t.Fatalf("default workspace = %+v", w)
	}
	if _, err := st.Workspace(ctx, "acme", false); err == nil {
		t.Fatal("an unknown workspace was opened without create")
	}
	if _, err := st.Workspace(ctx, "acme", true); err != nil {
		t.Fatal(err)
	}
}

func TestSetWorkspace(t *testing.T) {
	st := testStore(t)
	ctx := context.Background()
	w, _ := st.Workspace(ctx, "", false)
	if err := st.SetWorkspace(ctx, w, "eur", "Europe/Berlin"); err != nil {
		t.Fatal(err)
	}
	w, _ = st.Workspace(ctx, "", false)
	if w.Currency != "EUR" || w.Loc.String() != "Europe/Berlin" {
		t.Fatalf("got %s %s", w.Currency, w.Loc)
	}
	if err := st.SetWorkspace(ctx, w, "", "Mars/Olympus"); err == nil {
		t.Fatal("unknown time zone accepted")
	}
	if err := st.SetWorkspace(ctx, w, "EURO", ""); err == nil {
		t.Fatal("bad currency accepted")
	}
	tx, _ := st.Begin(ctx)
	if _, _, err := tx.PutOrder(ctx, w.ID, Order{Source: "csv", ExternalID: "1", Time: time.Now(), Revenue: 100, Units: 1}); err != nil {
		t.Fatal(err)
	}
	tx.Commit()
	if err := st.SetWorkspace(ctx, w, "USD", ""); err == nil {
		t.Fatal("currency changed although orders are stored")
	}
}

func TestUpsertOutcomes(t *testing.T) {
	st := testStore(t)
	ctx := context.Background()
	w, _ := st.Workspace(ctx, "", false)
	rate := 0.1
	c := Creator{Handle: "ana", Platform: "instagram", Followers: 15000, CommissionRate: &rate}
	steps := []struct {
		change func()
		want   Outcome
	}{
		{func() {}, Stored},
		{func() {}, Unchanged},
		{func() { c.Followers = 16000 }, Updated},
		{func() { c.CommissionRate = nil }, Updated},
		{func() {}, Unchanged},
	}
	for i, s := range steps {
		s.change()
		tx, err := st.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got, _, err := tx.PutCreator(ctx, w.ID, c)
		if err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		if got != s.want {
			t.Fatalf("step %d: outcome %d, want %d", i, got, s.want)
		}
	}
	cs, _ := st.Creators(ctx, w.ID)
	if len(cs) != 1 || cs[0].Followers != 16000 || cs[0].CommissionRate != nil {
		t.Fatalf("creators = %+v", cs)
	}
}

func TestWorkspacesDoNotMix(t *testing.T) {
	st := testStore(t)
	ctx := context.Background()
	a, _ := st.Workspace(ctx, "a", true)
	b, _ := st.Workspace(ctx, "b", true)
	tx, _ := st.Begin(ctx)
	at := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	for _, ws := range []int64{a.ID, b.ID} {
		// The same external id in two workspaces is two orders.
		if o, _, err := tx.PutOrder(ctx, ws, Order{Source: "csv", ExternalID: "1001", Time: at, Revenue: money.Cents(ws * 100), Units: 1}); err != nil || o != Stored {
			t.Fatalf("put order: %v %v", o, err)
		}
	}
	tx.Commit()
	for _, ws := range []Workspace{a, b} {
		var got []Order
		st.EachOrder(ctx, ws.ID, func(o Order) error { got = append(got, o); return nil })
		if len(got) != 1 || got[0].Revenue != money.Cents(ws.ID*100) {
			t.Fatalf("workspace %s sees %+v", ws.Name, got)
		}
	}
}

func TestRollbackLeavesNothing(t *testing.T) {
	st := testStore(t)
	ctx := context.Background()
	w, _ := st.Workspace(ctx, "", false)
	tx, _ := st.Begin(ctx)
	tx.PutCreator(ctx, w.ID, Creator{Handle: "ana", Platform: "tiktok"})
	tx.Rollback()
	if cs, _ := st.Creators(ctx, w.ID); len(cs) != 0 {
		t.Fatalf("rolled back creator is stored: %+v", cs)
	}
}

func TestLinksVersionAndClicks(t *testing.T) {
	st := testStore(t)
	ctx := context.Background()
	w, _ := st.Workspace(ctx, "", false)
	v0, err := st.LinksVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tx, _ := st.Begin(ctx)
	_, cr, _ := tx.PutCreator(ctx, w.ID, Creator{Handle: "ana", Platform: "tiktok"})
	_, ca, _ := tx.PutCampaign(ctx, w.ID, Campaign{Name: "Spring", Starts: time.Now(), Ends: time.Now()})
	_, link, err := tx.PutLink(ctx, w.ID, Link{Slug: "ana1", Destination: "https://a.example/", CreatorID: cr, CampaignID: ca})
	if err != nil {
		t.Fatal(err)
	}
	tx.Commit()
	if v1, _ := st.LinksVersion(ctx); v1 == v0 {
		t.Fatal("creating a link did not change the links version")
	}
	targets, _ := st.LinkTargets(ctx)
	if len(targets) != 1 || targets[0].Platform != "tiktok" || targets[0].Campaign != "Spring" || targets[0].Creator != "ana" {
		t.Fatalf("targets = %+v", targets)
	}
	at := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	batch := []NewClick{
		{w.ID, Click{ClickID: "a", LinkID: link, Time: at, Visitor: "v1"}},
		{w.ID, Click{ClickID: "b", LinkID: link, Time: at.Add(time.Hour), Visitor: "v1"}},
		{w.ID, Click{ClickID: "c", LinkID: link, Time: at.Add(25 * time.Hour), Visitor: "v1"}},
		{w.ID, Click{ClickID: "d", LinkID: link, Time: at.Add(time.Hour), Visitor: "v2", Bot: true}},
		// Two clicks in the same millisecond: the first stored is the unique one.
		{w.ID, Click{ClickID: "f", LinkID: link, Time: at, Visitor: "v3"}},
		{w.ID, Click{ClickID: "e", LinkID: link, Time: at, Visitor: "v3"}},
	}
	if err := st.InsertClicks(ctx, batch); err != nil {
		t.Fatal(err)
	}
	if err := st.InsertClicks(ctx, batch[:1]); err != nil { // a retry stores nothing twice
		t.Fatal(err)
	}
	var got []string
	rows, _ := st.wr.Query(`SELECT click_id, is_unique FROM clicks ORDER BY click_id`)
	for rows.Next() {
		var id string
		var u int
		rows.Scan(&id, &u)
		got = append(got, fmt.Sprint(id, u))
	}
	rows.Close()
	if fmt.Sprint(got) != "[a1 b0 c1 d0 e0 f1]" {
		t.Fatalf("clicks = %v", got)
	}
	s1, _ := st.Secret(ctx, "visitor")
	s2, _ := st.Secret(ctx, "visitor")
	if len(s1) != 64 || s1 != s2 {
		t.Fatalf("secret %q then %q", s1, s2)
	}
}

// A visitor whose key changed at midnight is still the same visitor.
func TestUniqueAcrossMidnight(t *testing.T) {
	st := testStore(t)
	ctx := context.Background()
	w, _ := st.Workspace(ctx, "", false)
	tx, _ := st.Begin(ctx)
	_, cr, _ := tx.PutCreator(ctx, w.ID, Creator{Handle: "ana", Platform: "tiktok"})
	_, ca, _ := tx.PutCampaign(ctx, w.ID, Campaign{Name: "Spring", Starts: time.Now(), Ends: time.Now()})
	_, link, _ := tx.PutLink(ctx, w.ID, Link{Slug: "ana1", Destination: "https://a.example/", CreatorID: cr, CampaignID: ca})
	tx.Commit()
	late := time.Date(2026, 3, 1, 23, 59, 0, 0, time.UTC)
	if err := st.InsertClicks(ctx, []NewClick{
		{w.ID, Click{ClickID: "x1", LinkID: link, Time: late, Visitor: "key-mar1", PrevVisitor: "key-feb28"}},
		{w.ID, Click{ClickID: "x2", LinkID: link, Time: late.Add(2 * time.Minute), Visitor: "key-mar2", PrevVisitor: "key-mar1"}},
	}); err != nil {
		t.Fatal(err)
	}
	var unique int
	st.wr.QueryRow(`SELECT is_unique FROM clicks WHERE click_id = 'x2'`).Scan(&unique)
	if unique != 0 {
		t.Fatal("a click two minutes after the same visitor's, across midnight, counted as unique")
	}
}
