package store

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/liftmetrics/lift/internal/testdb"
)

// clickLogLink makes a link to click through.
func clickLogLink(t *testing.T, st *Store) (ws, link int64) {
	t.Helper()
	ctx := context.Background()
	w, _ := st.Workspace(ctx, "", false)
	tx, _ := st.Begin(ctx)
	_, cr, _ := tx.PutCreator(ctx, w.ID, Creator{Handle: "ana", Platform: "tiktok"})
	_, ca, _ := tx.PutCampaign(ctx, w.ID, Campaign{Name: "Spring", Starts: time.Now(), Ends: time.Now()})
	_, link, err := tx.PutLink(ctx, w.ID, Link{Slug: "ana1", Destination: "https://a.example/", CreatorID: cr, CampaignID: ca})
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return w.ID, link
}

func clickFlags(t *testing.T, st *Store) string {
	t.Helper()
	var got []string
	rows, err := st.wr.Query(`SELECT click_id, is_unique FROM clicks ORDER BY click_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var u int
		rows.Scan(&id, &u)
		got = append(got, fmt.Sprint(id, u))
	}
	return fmt.Sprint(got)
}

// TestClickLogLoadsEachClickOnce: clicks logged are loaded in log order,
// a few at a time, with uniqueness decided as they come (the visitor's
// key of the day before included); a loader that stops half-way and a
// log reopened later resume where the database says, so every click is
// loaded once; the loaded part is trimmed; the lag says what waits.
func TestClickLogLoadsEachClickOnce(t *testing.T) {
	st := testStore(t)
	ctx := context.Background()
	ws, link := clickLogLink(t, st)
	l, err := st.OpenClickLog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 1, 23, 59, 0, 0, time.UTC)
	clicks := []NewClick{
		{ws, Click{ClickID: "a", LinkID: link, Time: at, Visitor: "k1"}},
		{ws, Click{ClickID: "b", LinkID: link, Time: at.Add(time.Minute), Visitor: "k1"}},
		// After midnight the key changed; the day before's key finds a.
		{ws, Click{ClickID: "c", LinkID: link, Time: at.Add(2 * time.Minute), Visitor: "k2", PrevVisitor: "k1"}},
		{ws, Click{ClickID: "d", LinkID: link, Time: at.Add(3 * time.Minute), Visitor: "k3", Bot: true}},
		{ws, Click{ClickID: "e", LinkID: link, Time: at.Add(4 * time.Minute), Visitor: "k3"}},
	}
	if err := l.Append(ctx, clicks[:3]); err != nil {
		t.Fatal(err)
	}
	if err := l.Append(ctx, clicks[3:]); err != nil {
		t.Fatal(err)
	}
	waiting, oldest, err := st.ClickLogLag(ctx, l)
	if err != nil || waiting != 5 || !oldest.Equal(at) {
		t.Fatalf("lag before loading: %d, %v, %v", waiting, oldest, err)
	}
	if ok, err := st.ClickExists(ctx, ws, "e"); err != nil || !ok {
		t.Fatalf("a logged click does not exist: %v %v", ok, err)
	}
	if n, err := st.LoadClicks(ctx, l, 2); err != nil || n != 2 {
		t.Fatalf("first load: %d, %v", n, err)
	}
	if err := st.TrimClickLog(ctx, l); err != nil {
		t.Fatal(err)
	}
	// The process stops here; a new one opens the same log.
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if err := st.LoadClickLog(ctx); err != nil {
		t.Fatal(err)
	}
	if got := clickFlags(t, st); got != "[a1 b0 c0 d0 e1]" {
		t.Fatalf("clicks = %v", got)
	}
	l, err = st.OpenClickLog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if n, err := st.LoadClicks(ctx, l, 100); err != nil || n != 0 {
		t.Fatalf("loading a loaded log again: %d, %v", n, err)
	}
	var left int
	if l.pg != nil {
		st.wr.QueryRow(`SELECT count(*) FROM click_log`).Scan(&left)
	} else {
		l.db.QueryRow(`SELECT count(*) FROM clicks`).Scan(&left)
	}
	if waiting, oldest, err := st.ClickLogLag(ctx, l); err != nil || waiting != 0 || !oldest.IsZero() || left != 0 {
		t.Fatalf("after loading: %d waiting since %v (%v), %d rows left in the log", waiting, oldest, err, left)
	}
}

// TestNewClickLogStartsAfresh: a log file deleted and made anew numbers
// its clicks from 1 again; they are not taken for the old log's loaded
// ones.
func TestNewClickLogStartsAfresh(t *testing.T) {
	st := testStore(t)
	ctx := context.Background()
	ws, link := clickLogLink(t, st)
	at := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	for i, id := range []string{"a", "b"} {
		l, err := st.OpenClickLog(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := l.Append(ctx, []NewClick{{ws, Click{ClickID: id, LinkID: link, Time: at, Visitor: fmt.Sprint(i)}}}); err != nil {
			t.Fatal(err)
		}
		if _, err := st.CatchUp(ctx, l); err != nil {
			t.Fatal(err)
		}
		l.Close()
		for _, f := range []string{"", "-wal", "-shm"} {
			os.Remove(l.Path() + f)
		}
	}
	if got := clickFlags(t, st); got != "[a1 b1]" {
		t.Fatalf("clicks = %v", got)
	}
}

// TestTrimDeletesInSteps: a trim of more loaded clicks than one delete
// takes (trimRows) deletes every loaded click, in several statements, and
// none that waits to be loaded.
func TestTrimDeletesInSteps(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, testdb.SQLite(t))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ws, link := clickLogLink(t, st)
	l, err := st.OpenClickLog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	var clicks []NewClick
	for i := range 2*trimRows + 300 {
		clicks = append(clicks, NewClick{ws, Click{ClickID: fmt.Sprint("c", i), LinkID: link, Time: at.Add(time.Duration(i) * time.Second), Visitor: "v"}})
	}
	if err := l.Append(ctx, clicks); err != nil {
		t.Fatal(err)
	}
	loaded := 2*trimRows + 100
	if n, err := st.LoadClicks(ctx, l, loaded); err != nil || n != loaded {
		t.Fatalf("loaded %d: %v", n, err)
	}
	if err := st.TrimClickLog(ctx, l); err != nil {
		t.Fatal(err)
	}
	var left, first int
	if err := l.db.QueryRow(`SELECT count(*), min(seq) FROM clicks`).Scan(&left, &first); err != nil {
		t.Fatal(err)
	}
	if left != 200 || first != loaded+1 {
		t.Fatalf("after the trim the log holds %d clicks from seq %d; want the 200 not loaded, from %d", left, first, loaded+1)
	}
}
