package importer

import (
	"context"
	"errors"
	"testing"

	"github.com/liftmetrics/lift/internal/store"
)

// A cost from a form is the same cost as the identical row of a costs
// file: adding it once and importing the file stores one. An edited cost
// takes the key of its new content, so the file's row is a cost again.
func TestFormCostsAndFiles(t *testing.T) {
	st, ws := seeded(t)
	ctx := context.Background()
	fee := Fields{"creator": "ana/instagram", "campaign": "Spring", "kind": "fee", "amount": "500", "date": "2026-03-02"}
	if err := SaveCost(ctx, st, ws, 0, fee); err != nil {
		t.Fatal(err)
	}
	res := mustImport(t, st, ws, "costs", "creator,campaign,kind,amount,date\nana/instagram,Spring,fee,500.00,2026-03-02\n")
	if res.Unchanged != 1 || count(t, st, "costs") != 1 {
		t.Fatalf("the file's row after the form's: %s, %d costs", res, count(t, st, "costs"))
	}
	var refused *RefusedError
	if err := SaveCost(ctx, st, ws, 0, fee); !errors.As(err, &refused) || refused.Errors[0].Column != "note" {
		t.Fatalf("the same cost again: %v", err)
	}
	costs, _ := st.Costs(ctx, ws.ID)
	id, key := costs[0].ID, costs[0].ContentKey
	if err := SaveCost(ctx, st, ws, id, fee); err != nil { // saved unchanged: keeps its key
		t.Fatal(err)
	}
	if costs, _ = st.Costs(ctx, ws.ID); costs[0].ContentKey != key {
		t.Fatalf("an unchanged edit moved the key")
	}
	fee["amount"] = "550"
	if err := SaveCost(ctx, st, ws, id, fee); err != nil {
		t.Fatal(err)
	}
	res = mustImport(t, st, ws, "costs", "creator,campaign,kind,amount,date\nana/instagram,Spring,fee,500.00,2026-03-02\n")
	if res.Stored != 1 || count(t, st, "costs") != 2 {
		t.Fatalf("the file's row after the edit: %s", res)
	}
	// Edited into the file's row, it is that row's second occurrence.
	fee["amount"] = "500"
	if err := SaveCost(ctx, st, ws, id, fee); err != nil {
		t.Fatal(err)
	}
	if costs, _ = st.Costs(ctx, ws.ID); costs[0].ContentKey == costs[1].ContentKey || costs[0].Amount != costs[1].Amount {
		t.Fatalf("two equal costs: %+v", costs)
	}
	if err := SaveCost(ctx, st, ws, 99999, fee); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("an unknown cost: %v", err)
	}
}

// Renaming keeps the campaign (its id), and a form never takes another
// campaign's or creator's name.
func TestFormRenames(t *testing.T) {
	st, ws := seeded(t)
	ctx := context.Background()
	cs, _ := st.Campaigns(ctx, ws.ID)
	if err := SaveCampaign(ctx, st, ws, cs[0].ID, Fields{"name": "Spring launch", "starts": "2026-03-01", "ends": "2026-03-31"}); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.Campaigns(ctx, ws.ID); len(got) != 1 || got[0].ID != cs[0].ID || got[0].Name != "Spring launch" {
		t.Fatalf("campaigns after the rename: %+v", got)
	}
	var refused *RefusedError
	err := SaveCreator(ctx, st, ws, 0, Fields{"handle": "ANA", "platform": "tiktok", "followers": "1"})
	if !errors.As(err, &refused) || refused.Errors[0].Column != "handle" {
		t.Fatalf("a taken handle: %v", err)
	}
	creators, _ := st.Creators(ctx, ws.ID)
	if err := SaveCreator(ctx, st, ws, creators[0].ID, Fields{"handle": creators[0].Handle, "platform": creators[0].Platform,
		"followers": "16000"}); err != nil {
		t.Fatalf("saving a creator under its own handle: %v", err)
	}
}
