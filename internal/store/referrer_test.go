package store

import (
	"context"
	"testing"
	"time"
)

func TestOrderReferrerRoundTrip(t *testing.T) {
	st := testStore(t)
	ctx := context.Background()
	w, _ := st.Workspace(ctx, "", false)
	at := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	put := func(ref string) Outcome {
		t.Helper()
		tx, err := st.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		out, _, err := tx.PutOrder(ctx, w.ID, Order{Source: "csv", ExternalID: "1", Time: at, Revenue: 1000, Units: 1, Referrer: ref})
		if err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	for _, step := range []struct {
		referrer string
		want     Outcome
	}{{"", Stored}, {"", Unchanged}, {"www.retailmenot.com", Updated}} {
		if got := put(step.referrer); got != step.want {
			t.Errorf("put referrer %q: %v, want %v", step.referrer, got, step.want)
		}
	}
	var got []string
	st.EachOrder(ctx, w.ID, func(o Order) error { got = append(got, o.Referrer); return nil })
	if len(got) != 1 || got[0] != "www.retailmenot.com" {
		t.Fatalf("referrers read back: %q", got)
	}
}
