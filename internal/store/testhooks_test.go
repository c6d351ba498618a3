package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// The reads of testhooks.go give what is stored, on both engines: every
// order (the void one too), every click with its visitor, bot and
// uniqueness, the rows of each table, whole tables, and the limiter's
// keys.
func TestTestHooksReadWhatIsStored(t *testing.T) {
	st := testStore(t)
	ctx := context.Background()
	w, _ := st.Workspace(ctx, "", false)
	other, err := st.CreateWorkspace(ctx, "other", "salt-other")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	tx, _ := st.Begin(ctx)
	_, cr, _ := tx.PutCreator(ctx, w.ID, Creator{Handle: "ana", Platform: "tiktok"})
	_, ca, _ := tx.PutCampaign(ctx, w.ID, Campaign{Name: "Spring", Starts: at, Ends: at})
	_, link, err := tx.PutLink(ctx, w.ID, Link{Slug: "ana1", Destination: "https://a.example/", CreatorID: cr, CampaignID: ca})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range []Order{
		{Source: "orders", ExternalID: "1", Time: at.Add(2 * time.Hour), Revenue: 1000, Payment: "void", Codes: []string{"A", "B"}},
		{Source: "orders", ExternalID: "2", Time: at.Add(time.Hour), Revenue: 2500, Refunded: 500, ClickID: "c1", Customer: "h1"},
	} {
		if _, _, err := tx.PutOrder(ctx, w.ID, o); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := tx.PutOrder(ctx, other.ID, Order{Source: "orders", ExternalID: "3", Time: at, Revenue: 1}); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := st.InsertClicks(ctx, []NewClick{
		{w.ID, Click{ClickID: "c2", LinkID: link, Time: at.Add(time.Minute), Visitor: "v1", Referrer: "t.co", Device: "mobile"}},
		{w.ID, Click{ClickID: "c1", LinkID: link, Time: at, Visitor: "v1"}},
		{w.ID, Click{ClickID: "c3", LinkID: link, Time: at.Add(time.Hour), Visitor: "v2", Bot: true}},
	}); err != nil {
		t.Fatal(err)
	}

	orders, err := st.Orders(ctx, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range orders {
		got = append(got, fmt.Sprintf("%s:%d-%d:%s:%v:%s:%s", o.ExternalID, o.Revenue, o.Refunded, o.Payment, o.Codes, o.ClickID, o.Customer))
	}
	if s := strings.Join(got, " "); s != "2:2500-500:paid:[]:c1:h1 1:1000-0:void:[A B]::" {
		t.Errorf("orders = %s", s)
	}
	clicks, err := st.Clicks(ctx, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	got = got[:0]
	for _, c := range clicks {
		got = append(got, fmt.Sprintf("%s:%s:%s:%s:%v:%v:%d", c.ClickID, c.Visitor, c.Referrer, c.Device, c.Bot, c.Unique, c.Time.Sub(at)/time.Minute))
	}
	if s := strings.Join(got, " "); s != "c1:v1:::false:true:0 c2:v1:t.co:mobile:false:false:1 c3:v2:::true:false:60" {
		t.Errorf("clicks = %s", s)
	}
	counts, err := st.RowCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if counts["orders"] != 3 || counts["clicks"] != 3 || counts["links"] != 1 || counts["workspaces"] != 2 || counts["refunds"] != 0 {
		t.Errorf("row counts = %v", counts)
	}
	if _, ok := counts["login_attempts"]; !ok {
		t.Errorf("row counts leave out an empty table: %v", counts)
	}
	var dump strings.Builder
	if err := st.Dump(ctx, &dump, "links", "campaigns"); err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(strings.TrimSpace(dump.String()), "\n"); len(lines) != 2 ||
		!strings.HasPrefix(lines[0], "links [") || !strings.Contains(lines[0], "https://a.example/") || !strings.HasPrefix(lines[1], "campaigns [") {
		t.Errorf("dump:\n%s", dump.String())
	}
	if err := st.Dump(ctx, &dump, "links; DROP TABLE links"); err == nil {
		t.Error("dump of a table the database lacks")
	}

	now := time.Now()
	if _, refused, _, err := st.ReserveLogin(ctx, []LoginLimit{{"k2", 5}, {"k1", 5}}, now.Add(-time.Hour), now); err != nil || refused != -1 {
		t.Fatal(refused, err)
	}
	st.ReserveLogin(ctx, []LoginLimit{{"k1", 5}}, now.Add(-time.Hour), now)
	if keys, err := st.LoginAttemptKeys(ctx); err != nil || strings.Join(keys, ",") != "k1,k2" {
		t.Errorf("login keys %v, %v", keys, err)
	}
}

func TestRemoveMember(t *testing.T) {
	st := testStore(t)
	ctx := context.Background()
	w, _ := st.Workspace(ctx, "", false)
	u, err := st.CreateUser(ctx, "ana@brand.com", "hash")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.AddMember(ctx, u.ID, w.ID); err != nil {
		t.Fatal(err)
	}
	for i, want := range []bool{true, false} {
		if was, err := st.RemoveMember(ctx, u.ID, w.ID); err != nil || was != want {
			t.Errorf("removal %d: %v, %v; want %v", i+1, was, err, want)
		}
	}
	if in, _ := st.IsMember(ctx, u.ID, w.ID); in {
		t.Error("still a member after removal")
	}
}

// RefuseWrites makes a write fail, then lets it through again; on
// PostgreSQL it says it cannot.
func TestRefuseWrites(t *testing.T) {
	st := testStore(t)
	ctx := context.Background()
	w, _ := st.Workspace(ctx, "", false)
	if st.eng == postgresEngine {
		if err := st.RefuseWrites(ctx, true); !errors.Is(err, errSQLiteOnly) {
			t.Fatalf("RefuseWrites on PostgreSQL: %v", err)
		}
		return
	}
	if err := st.RefuseWrites(ctx, true); err != nil {
		t.Fatal(err)
	}
	if err := st.SetAttribution(ctx, w.ID, "first-touch", "7d"); err == nil {
		t.Fatal("a write went through a store refusing writes")
	}
	if err := st.RefuseWrites(ctx, false); err != nil {
		t.Fatal(err)
	}
	if err := st.SetAttribution(ctx, w.ID, "first-touch", "7d"); err != nil {
		t.Fatalf("a write once writes are taken again: %v", err)
	}
}
