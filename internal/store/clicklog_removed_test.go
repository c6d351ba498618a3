package store

import (
	"context"
	"testing"
	"time"
)

// A link removed while one of its clicks waits in the click log (or is
// clicked on a node that has not polled the removal yet) must not stop
// the loader: the clicks logged after it, on other links, still load.
func TestLoggedClickOfRemovedLinkDoesNotStopTheLoader(t *testing.T) {
	st := testStore(t)
	ctx := context.Background()
	ws, gone := clickLogLink(t, st)
	tx, err := st.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	old, err := st.In(tx).Links(ctx, ws)
	if err != nil || len(old) != 1 {
		t.Fatalf("links: %v %v", old, err)
	}
	_, kept, err := tx.PutLink(ctx, ws, Link{Slug: "ana2", Destination: "https://a.example/2", CreatorID: old[0].CreatorID, CampaignID: old[0].CampaignID})
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	l, err := st.OpenClickLog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	at := time.Now()
	if err := l.Append(ctx, []NewClick{
		{WorkspaceID: ws, Click: Click{ClickID: "c1", LinkID: gone, Time: at, Visitor: "v"}},
		{WorkspaceID: ws, Click: Click{ClickID: "c2", LinkID: kept, Time: at, Visitor: "v"}},
	}); err != nil {
		t.Fatal(err)
	}
	tx, err = st.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := tx.DeleteLink(ctx, ws, "ana1"); err != nil || !ok {
		t.Fatalf("delete: %v %v", ok, err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CatchUp(ctx, l); err != nil {
		t.Fatalf("a click of a removed link stops the loader: %v", err)
	}
	if got := clickFlags(t, st); got != "[c21]" {
		t.Errorf("loaded %s, want [c21] (c2, unique)", got)
	}
	if waiting, _, err := st.ClickLogLag(ctx, l); err != nil || waiting != 0 {
		t.Errorf("waiting %d, %v", waiting, err)
	}
}
