package importer

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/liftmetrics/lift/internal/store"
)

// postsForMetrics are posts whose ids are the platforms' own, as the
// insights exports name them.
const postsForMetrics = "post_id,creator,campaign,platform,format,published_at,impressions,link_clicks\n" +
	"17900000000000001,ana/instagram,Spring,instagram,reel,2026-03-02,1000,35\n" +
	"7340000000000000001,ben,Spring,tiktok,video,2026-03-03,,\n" +
	"dQw4w9WgXcQ,cleo,Spring,youtube,video,2026-03-04,,\n"

func postNumbers(t *testing.T, st *store.Store, ws store.Workspace) map[string]store.Post {
	t.Helper()
	ps, err := st.Posts(context.Background(), ws.ID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]store.Post{}
	for _, p := range ps {
		p.ID, p.CreatorID, p.CampaignID, p.PublishedAt = 0, 0, 0, p.PublishedAt.UTC()
		out[p.PostID] = p
	}
	return out
}

func TestImportPostMetrics(t *testing.T) {
	st, ws := seeded(t)
	mustImport(t, st, ws, "posts", postsForMetrics)
	exports := []struct{ name, data string }{
		{"instagram", "Post ID,Account username,Publish time,Permalink,Date,Views,Reach,Likes,Shares,Comments,Saves\n" +
			"17900000000000001,ana,03/02/2026 10:00,https://www.instagram.com/reel/A1/,Lifetime,\"120,500\",80100,4200,150,310,95\n"},
		{"tiktok", "Video ID,Post time,Video views,Likes,Comments,Shares,Reach,Product impressions,Product clicks,Orders\n" +
			"7340000000000000001,2026-03-03 09:00,\"250,000\",31000,820,1200,190000,\"48,000\",2400,96\n"},
		{"youtube", "Content,Video title,Video publish time,Views,Watch time (hours),Impressions,Impressions click-through rate (%),Likes,Comments added,Shares\n" +
			"Total,,,52000,3900.25,700000,6.5,2500,400,140\n" +
			"dQw4w9WgXcQ,Spring glow routine,\"Mar 4, 2026\",52000,3900.25,700000,6.5,2500,400,140\n"},
	}
	for _, e := range exports {
		res := mustImport(t, st, ws, "post-metrics", e.data)
		if res.Read != 1 || res.Updated != 1 {
			t.Errorf("%s: %v", e.name, res)
		}
		if again := mustImport(t, st, ws, "post-metrics", e.data); again.Unchanged != 1 {
			t.Errorf("%s again: %v", e.name, again)
		}
	}
	got := postNumbers(t, st, ws)
	ig, tt, yt := got["17900000000000001"], got["7340000000000000001"], got["dQw4w9WgXcQ"]
	// Instagram's export has no Link clicks column: the 35 stay.
	if ig.Impressions != 120500 || ig.Views != 120500 || ig.Reach != 80100 || ig.Likes != 4200 || ig.Comments != 310 ||
		ig.Shares != 150 || ig.Saves != 95 || ig.LinkClicks != 35 {
		t.Errorf("instagram post: %+v", ig)
	}
	if tt.Impressions != 250000 || tt.Views != 250000 || tt.Likes != 31000 || tt.Comments != 820 || tt.Shares != 1200 ||
		tt.Reach != 190000 || tt.ProductImpressions != 48000 || tt.ProductClicks != 2400 || tt.ProductOrders != 96 {
		t.Errorf("tiktok post: %+v", tt)
	}
	if yt.Impressions != 700000 || yt.Views != 52000 || yt.Likes != 2500 || yt.Comments != 400 || yt.Shares != 140 {
		t.Errorf("youtube post: %+v", yt)
	}
	hours, err := st.WatchTimeHours(context.Background(), ws.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(hours) != 1 {
		t.Errorf("watch time: %v", hours)
	}
	for _, h := range hours {
		if h != 3900.25 {
			t.Errorf("watch time %v, want 3900.25", h)
		}
	}
}

func TestImportPostMetricsRefusals(t *testing.T) {
	st, ws := seeded(t)
	mustImport(t, st, ws, "posts", postsForMetrics)
	before := postNumbers(t, st, ws)
	in := "Video ID,Video views,Likes\n" +
		"7340000000000000001,100,10\n" +
		"7340000000000000099,100,10\n" +
		"dQw4w9WgXcQ,100,10\n" +
		"7340000000000000001,5,x\n"
	_, err := imp(t, st, ws, "post-metrics", in, Options{File: "tiktok.csv"})
	var refused *RefusedError
	if !errors.As(err, &refused) {
		t.Fatalf("err = %v, want a refusal", err)
	}
	var got []string
	for _, e := range refused.Errors {
		got = append(got, e.Error())
	}
	want := []string{
		"tiktok.csv: line 3: Video ID: unknown post \"7340000000000000099\" (import it with `lift import posts` first, with this id as its post_id)",
		`tiktok.csv: line 4: Video ID: post "dQw4w9WgXcQ" is a youtube post, but this is a tiktok export`,
		`tiktok.csv: line 5: Video ID: duplicate post "7340000000000000001" (first on line 2)`,
		`tiktok.csv: line 5: Likes: "x" is not a whole number`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("errors:\n got %q\nwant %q", got, want)
	}
	if after := postNumbers(t, st, ws); !reflect.DeepEqual(after, before) {
		t.Errorf("a refused file changed posts:\n%+v\n%+v", before, after)
	}
}
