package importer

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/liftmetrics/lift/internal/csvin"
	"github.com/liftmetrics/lift/internal/store"
)

// postsForMetrics are the posts the exports in csvin's testdata are
// about: some by the platform's id, others by their link, as the posts
// file or the post's url.
const postsForMetrics = "post_id,creator,campaign,platform,format,published_at,url,impressions,link_clicks\n" +
	"17912345678901234,ana/instagram,Spring,instagram,reel,2026-03-02,,1000,35\n" +
	"ana-carousel,ana/instagram,Spring,instagram,post,2026-03-04,https://www.instagram.com/p/DAbd456uvw/,,\n" +
	"ana-story-1,ana/instagram,Spring,instagram,story,2026-03-06,https://www.instagram.com/stories/ana.glow/3300000000000000001/,,\n" +
	"17998765432100002,ana/instagram,Spring,instagram,story,2026-03-06,,,\n" +
	"7412345678901234567,ben,Spring,tiktok,video,2026-03-03,,,\n" +
	"ben-routine,ben,Spring,tiktok,video,2026-03-05,https://www.tiktok.com/@ben.tok/video/7412345678901234999,,\n" +
	"dQw4w9WgXcQ,cleo,Spring,youtube,video,2026-03-04,,,\n" +
	"https://youtube.com/shorts/-x9Yz_AbCdE,cleo,Spring,youtube,short,2026-03-05,,,\n"

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

func exportFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "csvin", "testdata", "postmetrics", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// counts are a post's numbers in the order impressions, reach, views,
// likes, comments, shares, saves, link clicks.
func counts(p store.Post) [8]int64 {
	return [8]int64{p.Impressions, p.Reach, p.Views, p.Likes, p.Comments, p.Shares, p.Saves, p.LinkClicks}
}

// Each platform's real export goes onto the posts it names; importing it
// again changes nothing; a later export with new numbers updates the posts
// whose numbers moved, and only those.
func TestImportPostMetricsExports(t *testing.T) {
	st, ws := seeded(t)
	mustImport(t, st, ws, "posts", postsForMetrics)
	steps := []struct {
		file               string
		updated, unchanged int
		want               map[string][8]int64
	}{
		// The reel keeps its 35 link clicks: the export has no such column.
		{file: "instagram.csv", updated: 2, want: map[string][8]int64{
			"17912345678901234": {120500, 80100, 120500, 4200, 310, 150, 95, 35},
			"ana-carousel":      {9870, 7020, 9870, 611, 45, 0, 120, 0}}},
		{file: "instagram.csv", unchanged: 2},
		{file: "instagram-later.csv", updated: 1, unchanged: 1, want: map[string][8]int64{
			"17912345678901234": {131020, 86400, 131020, 4460, 322, 171, 104, 35},
			"ana-carousel":      {9870, 7020, 9870, 611, 45, 0, 120, 0}}},
		{file: "instagram-later.csv", unchanged: 2},
		{file: "instagram-stories.csv", updated: 2, want: map[string][8]int64{
			"ana-story-1":       {6410, 5980, 6410, 88, 0, 4, 0, 412},
			"17998765432100002": {5002, 4870, 5002, 0, 0, 0, 0, 0}}},
		{file: "instagram-stories.csv", unchanged: 2},
		// 1.2M views, 31.2K likes, 2.1K favorites; "-" leaves a number alone.
		{file: "tiktok.csv", updated: 2, want: map[string][8]int64{
			"7412345678901234567": {1200000, 0, 1200000, 31200, 820, 1204, 2100, 0},
			"ben-routine":         {45310, 0, 45310, 987, 0, 12, 0, 0}}},
		{file: "tiktok.csv", unchanged: 2},
		{file: "tiktok-later.csv", updated: 1, unchanged: 1, want: map[string][8]int64{
			"7412345678901234567": {1350000, 0, 1350000, 33050, 901, 1377, 2400, 0},
			"ben-routine":         {45310, 0, 45310, 987, 0, 12, 0, 0}}},
		{file: "tiktok-later.csv", unchanged: 2},
		{file: "youtube.csv", updated: 2, want: map[string][8]int64{
			"dQw4w9WgXcQ":                            {700000, 0, 52000, 2500, 400, 140, 0, 0},
			"https://youtube.com/shorts/-x9Yz_AbCdE": {100000, 0, 9000, 400, 0, 10, 0, 0}}},
		// The older export's Impressions are the same numbers.
		{file: "youtube-old.csv", unchanged: 2},
		{file: "youtube-later.csv", updated: 1, unchanged: 1, want: map[string][8]int64{
			"dQw4w9WgXcQ":                            {781000, 0, 58250, 2780, 452, 161, 0, 0},
			"https://youtube.com/shorts/-x9Yz_AbCdE": {100000, 0, 9000, 400, 0, 10, 0, 0}}},
		{file: "youtube-later.csv", unchanged: 2},
	}
	for i, s := range steps {
		res := mustImport(t, st, ws, "post-metrics", exportFile(t, s.file))
		if res.Read != 2 || res.Stored != 0 || res.Updated != s.updated || res.Unchanged != s.unchanged || res.Ignored != nil {
			t.Errorf("step %d, %s: %v", i, s.file, res)
		}
		got := postNumbers(t, st, ws)
		for id, want := range s.want {
			if c := counts(got[id]); c != want {
				t.Errorf("step %d, %s: post %s: %v, want %v", i, s.file, id, c, want)
			}
		}
	}
	hours, err := st.WatchTimeHours(context.Background(), ws.ID)
	if err != nil {
		t.Fatal(err)
	}
	var all []float64
	for _, h := range hours {
		all = append(all, h)
	}
	if len(all) != 2 || all[0]+all[1] != 4280.5+20.25 {
		t.Errorf("watch time: %v", hours)
	}
}

func TestImportPostMetricsRefusals(t *testing.T) {
	st, ws := seeded(t)
	mustImport(t, st, ws, "posts", postsForMetrics+
		"twin-a,ben,Spring,tiktok,video,2026-03-06,https://www.tiktok.com/@ben.tok/video/7400000000000000042,,\n"+
		"twin-b,ben,Spring,tiktok,video,2026-03-07,https://www.tiktok.com/@ben.tok/video/7400000000000000042,,\n"+
		"spring/ben-9,ben,Spring,tiktok,video,2026-03-08,,,\n")
	before := postNumbers(t, st, ws)
	in := "Video link,Total views,Total likes,Total comments,Total shares\n" +
		"https://www.tiktok.com/@ben.tok/video/7412345678901234567,100,10,1,1\n" +
		"https://www.tiktok.com/@ben.tok/video/7340000000000000099,100,10,1,1\n" +
		"dQw4w9WgXcQ,100,10,1,1\n" +
		"https://www.tiktok.com/@ben.tok/video/7412345678901234567,5,x,1,1\n" +
		"ben-routine,100,10,1,1\n" +
		"https://www.tiktok.com/@ben.tok/video/7412345678901234999,100,10,1,1\n" +
		"https://www.tiktok.com/@ben.tok/video/7400000000000000042,100,10,1,1\n" +
		"spring/ben-9,100,10,1,1\n" // an id with a slash is no link
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
		"tiktok.csv: line 3: Video link: unknown post \"7340000000000000099\" (import it with `lift import posts` first, with this id as its post_id or its link as its url)",
		`tiktok.csv: line 4: Video link: post "dQw4w9WgXcQ" is a youtube post, but this is a tiktok export`,
		`tiktok.csv: line 5: Video link: duplicate post "7412345678901234567" (first on line 2)`,
		`tiktok.csv: line 5: Total likes: "x" is not a whole number`,
		`tiktok.csv: line 7: Video link: "7412345678901234999" is post "ben-routine", already on line 6`,
		`tiktok.csv: line 8: Video link: "7400000000000000042" names several posts (twin-a, twin-b): give each its own link`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("errors:\n got %q\nwant %q", got, want)
	}
	if after := postNumbers(t, st, ws); !reflect.DeepEqual(after, before) {
		t.Errorf("a refused file changed posts:\n%+v\n%+v", before, after)
	}
}

// A YouTube export whose impressions column Lift does not know is refused
// whole, naming its columns, and changes nothing.
func TestImportPostMetricsUnknownImpressions(t *testing.T) {
	st, ws := seeded(t)
	mustImport(t, st, ws, "posts", postsForMetrics)
	before := postNumbers(t, st, ws)
	_, err := imp(t, st, ws, "post-metrics", exportFile(t, "youtube-unknown-impressions.csv"), Options{File: "yt.csv"})
	var e csvin.Error
	if !errors.As(err, &e) || !strings.Contains(err.Error(), `no column for impressions ("Thumbnail impressions" or "Impressions"); its columns are "Content",`) ||
		!strings.Contains(err.Error(), `"Impressions (thumbnail)"`) {
		t.Fatalf("err = %v", err)
	}
	if after := postNumbers(t, st, ws); !reflect.DeepEqual(after, before) {
		t.Errorf("a refused file changed posts")
	}
}
