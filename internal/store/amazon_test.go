package store

import (
	"context"
	"testing"
	"time"
)

func TestBRBRate(t *testing.T) {
	st := testStore(t)
	ctx := context.Background()
	ws, err := st.Workspace(ctx, "", false)
	if err != nil {
		t.Fatal(err)
	}
	if r, err := st.BRBRate(ctx, ws.ID); err != nil || r != DefaultBRBRate {
		t.Fatalf("new workspace rate = %v, %v; want %v", r, err, DefaultBRBRate)
	}
	for _, tc := range []struct {
		rate float64
		ok   bool
	}{{0.12, true}, {0, true}, {1, true}, {-0.1, false}, {1.5, false}} {
		err := st.SetBRBRate(ctx, ws.ID, tc.rate)
		if (err == nil) != tc.ok {
			t.Errorf("SetBRBRate(%v) = %v", tc.rate, err)
		}
	}
	if r, _ := st.BRBRate(ctx, ws.ID); r != 1 {
		t.Errorf("rate after refused values = %v, want 1", r)
	}
}

func TestAmazonDayAndPostMetrics(t *testing.T) {
	st := testStore(t)
	ctx := context.Background()
	ws, _ := st.Workspace(ctx, "", false)
	tx, err := st.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	_, ca, _ := tx.PutCampaign(ctx, ws.ID, Campaign{Name: "S", Starts: time.Unix(0, 0), Ends: time.Unix(86400, 0)})
	_, cr, _ := tx.PutCreator(ctx, ws.ID, Creator{Handle: "ana", Platform: "youtube"})
	_, post, err := tx.PutPost(ctx, ws.ID, Post{PostID: "v1", CreatorID: cr, CampaignID: ca, Platform: "youtube",
		Format: "video", PublishedAt: time.Unix(0, 0), Likes: 7, LinkClicks: 3})
	if err != nil {
		t.Fatal(err)
	}
	day := AmazonDay{Date: "2026-03-02", Source: AmazonAttribution, Tag: "g", CreatorID: cr, CampaignID: ca, Purchases: 2, Sales: 5000}
	for _, want := range []Outcome{Stored, Unchanged} {
		if o, _, err := tx.PutAmazonDay(ctx, ws.ID, day); err != nil || o != want {
			t.Fatalf("PutAmazonDay = %v, %v; want %v", o, err, want)
		}
	}
	day.Sales = 6000
	if o, _, err := tx.PutAmazonDay(ctx, ws.ID, day); err != nil || o != Updated {
		t.Fatalf("revised day = %v, %v", o, err)
	}
	views, hours := int64(900), 12.5
	m := PostMetrics{Views: &views, WatchTimeHours: &hours}
	for _, want := range []Outcome{Updated, Unchanged} {
		if o, err := tx.UpdatePostMetrics(ctx, ws.ID, post, m); err != nil || o != want {
			t.Fatalf("UpdatePostMetrics = %v, %v; want %v", o, err, want)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	posts, _ := st.Posts(ctx, ws.ID)
	// Numbers the export did not give stay as they were.
	if p := posts[0]; p.Views != 900 || p.Likes != 7 || p.LinkClicks != 3 {
		t.Errorf("post after metrics: %+v", p)
	}
	if h, _ := st.WatchTimeHours(ctx, ws.ID); h[post] != 12.5 {
		t.Errorf("watch time = %v", h)
	}
	if days, _ := st.AmazonDays(ctx, ws.ID); len(days) != 1 || days[0].Sales != 6000 {
		t.Errorf("days = %+v", days)
	}
}
