package tracking

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func deleteLink(t *testing.T, e *env, slug string) {
	t.Helper()
	ctx := context.Background()
	tx, err := e.st.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if ok, err := tx.DeleteLink(ctx, e.ws, slug); err != nil || !ok {
		t.Fatalf("delete %s: %v %v", slug, ok, err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// A poll reads only the links changed or removed since the table's
// version: of 300 links, a changed one, a new one and a removed one cost
// two rows and one slug, and each is served as it now is.
func TestPollReadsOnlyWhatChanged(t *testing.T) {
	links := map[string]string{}
	for i := range 300 {
		links[fmt.Sprintf("s%03d", i)] = fmt.Sprintf("https://shop.example/p?n=%d", i)
	}
	e := newEnv(t, Options{}, links)
	// The test polls itself: the background poller could otherwise pick
	// up some of the changes below and leave the rest to this poll.
	e.tr.pollStop()
	<-e.tr.pollDone
	if e.tr.reloaded != 300 {
		t.Fatalf("first load read %d links, want 300", e.tr.reloaded)
	}
	addLink(t, e.st, e.ws, "s007", "https://other.example/seven")
	addLink(t, e.st, e.ws, "fresh", shop)
	deleteLink(t, e, "s042")
	addLink(t, e.st, e.ws, "s100", "https://shop.example/p?n=100") // unchanged: no new version
	if err := e.tr.pollOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	if e.tr.reloaded != 2 {
		t.Errorf("poll read %d links, want 2 (the changed and the new one)", e.tr.reloaded)
	}
	if loc := e.do(t, "HEAD", "/s007").Header.Get("Location"); !strings.HasPrefix(loc, "https://other.example/seven?utm_source=instagram&") {
		t.Errorf("changed link redirects to %q", loc)
	}
	if code := e.do(t, "HEAD", "/fresh").StatusCode; code != http.StatusFound {
		t.Errorf("new link: %d", code)
	}
	if code := e.do(t, "HEAD", "/s042").StatusCode; code != http.StatusNotFound {
		t.Errorf("removed link: %d, want 404", code)
	}
	if loc := e.do(t, "HEAD", "/s199").Header.Get("Location"); !strings.HasPrefix(loc, "https://shop.example/p?n=199&utm_source=") {
		t.Errorf("untouched link redirects to %q", loc)
	}
	// Nothing changed: the poll reads nothing.
	if err := e.tr.pollOnce(context.Background()); err != nil || e.tr.reloaded != 2 {
		t.Errorf("idle poll: read %d, %v", e.tr.reloaded, err)
	}
	// A removed slug taken again redirects again.
	addLink(t, e.st, e.ws, "s042", "https://other.example/again")
	if err := e.tr.pollOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	if loc := e.do(t, "HEAD", "/s042").Header.Get("Location"); !strings.HasPrefix(loc, "https://other.example/again?") {
		t.Errorf("slug taken again redirects to %q", loc)
	}
}

// A second tracker on the same database (another node) learns of a
// removal from the database alone.
func TestRemovedLinkLeavesEveryNode(t *testing.T) {
	e := newEnv(t, Options{}, map[string]string{"gone": shop, "kept": shop})
	other, err := New(context.Background(), e.st, Options{Logger: e.tr.log})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close(context.Background())
	deleteLink(t, e, "gone")
	if err := other.pollOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, ok := other.Lookup("gone"); ok {
		t.Error("the other node still serves a removed link")
	}
	if l, ok := other.Lookup("kept"); !ok || l.Destination != shop || l.Creator != "glowbyjess" || l.Campaign != "Spring Glow" {
		t.Errorf("kept: %+v %v", l, ok)
	}
}

// The table finds every slug it holds and none it does not, through
// edits that remove, replace and add in one go, the last word on a slug
// winning.
func TestLinkTableEdits(t *testing.T) {
	var lt linkTable
	u := &utm{ws: 1}
	mk := func(slug string, id int64) route { return route{id: id, s: slug + shop, n: uint16(len(slug)), utm: u} }
	ed := lt.edit()
	for i := range 10000 {
		ed.put(mk(fmt.Sprintf("s%d", i), int64(i)))
	}
	ed.publish()
	ed = lt.edit()
	for i := 0; i < 10000; i += 2 {
		ed.remove(fmt.Sprintf("s%d", i))
	}
	ed.put(mk("s4", 40000)) // removed, then put: held
	ed.put(mk("s5", 50000)) // replaced
	ed.remove("s7")         // put before, removed now
	ed.put(mk("new", 1))    // added
	ed.remove("never")      // not held: nothing
	ed.put(mk("both", 2))   // put, then removed in the same edit
	ed.remove("both")
	ed.publish()
	for i := range 10000 {
		r, ok := lt.get(fmt.Sprintf("s%d", i))
		want := i%2 == 1 && i != 7 || i == 4
		if ok != want {
			t.Fatalf("s%d held %v, want %v", i, ok, want)
		}
		if wantID := map[int]int64{4: 40000, 5: 50000}[i]; ok && wantID != 0 && r.id != wantID {
			t.Errorf("s%d id %d, want %d", i, r.id, wantID)
		}
	}
	if r, ok := lt.get("new"); !ok || r.slug() != "new" || r.target().Destination != shop {
		t.Errorf("new: %+v %v", r, ok)
	}
	for _, gone := range []string{"never", "both", ""} {
		if _, ok := lt.get(gone); ok {
			t.Errorf("%q held", gone)
		}
	}
}
