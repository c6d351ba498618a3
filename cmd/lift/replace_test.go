package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/liftmetrics/lift/internal/store"
	"github.com/liftmetrics/lift/internal/storetest"
)

// creatorNumbers reads clicks and revenue per creator from a JSON report.
func creatorNumbers(t *testing.T, db string) map[string][2]float64 {
	t.Helper()
	out, err := lift(t, "report", "--format", "json", "--db", db)
	if err != nil {
		t.Fatal(out, err)
	}
	var r struct {
		Rows []struct {
			Key     string  `json:"key"`
			Clicks  float64 `json:"clicks"`
			Revenue float64 `json:"revenue"`
		} `json:"rows"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err, out)
	}
	got := map[string][2]float64{}
	for _, row := range r.Rows {
		got[row.Key] = [2]float64{row.Clicks, row.Revenue}
	}
	return got
}

// A slug that changes hands keeps its clicks with the creator they were
// made for: in reports, in an order carrying an old click id, and when the
// clicks file is imported again after the change.
func TestLinkReplaceKeepsClickHistory(t *testing.T) {
	dir := t.TempDir()
	db := storetest.DSN(t)
	clicks := write(t, dir, "clicks.csv", "slug,clicked_at,click_id,visitor\n"+
		"ana,2026-03-05 10:00,c1,v1\nana,2026-03-05 11:00,c2,v2\nana,2026-03-06 09:00,c3,v3\n")
	for _, f := range [][2]string{
		{"campaigns", "name,starts,ends\nSpring,2026-03-01,2026-03-31\n"},
		{"creators", "handle,platform,followers\nana,instagram,1000\nben,tiktok,2000\n"},
		{"links", "slug,destination,creator,campaign\nana,https://shop.example/a,ana,Spring\n"},
		{"clicks", ""},
		{"orders", "order_id,created_at,revenue,click_id\no1,2026-03-06 12:00,50.00,c1\n"},
	} {
		path := clicks
		if f[0] != "clicks" {
			path = write(t, dir, f[0]+".csv", f[1])
		}
		if out, err := lift(t, "import", f[0], path, "--db", db); err != nil {
			t.Fatal(out, err)
		}
	}
	create := []string{"link", "create", "--slug", "ana", "--creator", "ben", "--campaign", "Spring",
		"--destination", "https://shop.example/b", "--db", db}
	_, err := lift(t, create...)
	if err == nil || !strings.Contains(err.Error(), `slug "ana" is already the link of creator ana (campaign Spring) to https://shop.example/a; add --replace`) {
		t.Fatalf("taken slug: %v", err)
	}
	out, err := lift(t, append(create, "--replace")...)
	want := "link /ana → https://shop.example/b (creator ben, campaign Spring)\n" +
		"replaced: creator ana → ben, destination https://shop.example/a → https://shop.example/b; the 3 clicks it had stay with creator ana, campaign Spring\n"
	if err != nil || out != want {
		t.Fatalf("replace: %v\n%s", err, out)
	}
	check := func(when string) {
		t.Helper()
		got := creatorNumbers(t, db)
		if got["ana"] != [2]float64{3, 50} || got["ben"][0] != 0 {
			t.Errorf("%s: clicks and revenue per creator = %v, want ana [3 50], ben no clicks", when, got)
		}
	}
	check("after the replace")
	// The same history imported again resolves each click to the link
	// that had the slug at its time: nothing moves.
	if out, err := lift(t, "import", "clicks", clicks, "--db", db); err != nil || !strings.Contains(out, "stored 0, updated 0, unchanged 3") {
		t.Fatalf("re-import: %v %s", err, out)
	}
	check("after re-importing the clicks")
	// Creating the same link again is not a change.
	if out, err := lift(t, create...); err != nil {
		t.Errorf("same link again: %v %s", err, out)
	}
	if out, _ := lift(t, "link", "list", "--db", db); !strings.Contains(out, "ana   ben") || !strings.Contains(out, "1 links") {
		t.Errorf("list:\n%s", out)
	}
	// A links file may not hand the slug back silently.
	back := write(t, dir, "back.csv", "slug,destination,creator,campaign\nana,https://shop.example/a,ana,Spring\n")
	if _, err := lift(t, "import", "links", back, "--db", db); err == nil ||
		!strings.Contains(err.Error(), `slug "ana" is already the link of creator ben (campaign Spring): give it to another creator, campaign or post with `+"`lift link create --slug ana --replace`") {
		t.Errorf("links file: %v", err)
	}
	// Redirects follow the new link only.
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	targets, err := st.LinkTargets(context.Background())
	if err != nil || len(targets) != 1 || targets[0].Slug != "ana" || targets[0].Creator != "ben" || targets[0].Destination != "https://shop.example/b" {
		t.Fatalf("redirect targets: %+v %v", targets, err)
	}
}

// Moving only where a link leads keeps the link and its clicks.
func TestLinkReplaceDestinationOnly(t *testing.T) {
	dir := t.TempDir()
	db := storetest.DSN(t)
	for kind, data := range map[string]string{
		"campaigns": "name,starts,ends\nSpring,2026-03-01,2026-03-31\n",
		"creators":  "handle,platform,followers\nana,instagram,1000\n",
	} {
		if out, err := lift(t, "import", kind, write(t, dir, kind+".csv", data), "--db", db); err != nil {
			t.Fatal(out, err)
		}
	}
	base := []string{"link", "create", "--slug", "ana", "--creator", "ana", "--campaign", "Spring", "--db", db}
	if out, err := lift(t, append(base, "--destination", "https://shop.example/a")...); err != nil {
		t.Fatal(out, err)
	}
	out, err := lift(t, append(base, "--destination", "https://shop.example/new", "--replace")...)
	if err != nil || !strings.Contains(out, "replaced: destination https://shop.example/a → https://shop.example/new; the 0 clicks it had stay with creator ana") {
		t.Fatalf("%v\n%s", err, out)
	}
	st := storetest.Open(t, db)
	counts, err := st.RowCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if n := counts["links"]; n != 1 {
		t.Errorf("%d link rows, want the one link updated in place", n)
	}
}
