package csvin

import (
	"strings"
	"testing"
	"time"
)

func TestParsePosts(t *testing.T) {
	in := excel(`Likes,caption,Post ID,creator,published_at,campaign,format,platform,impressions,url,followers,views,link_clicks,Product Orders
"1,200","Love this, so much
#ad",p1,@Ana,2024-06-02 18:00,Summer Launch,Reel,Instagram,"50,000",https://instagram.com/p/p1,12000,,35,4
3,,p2,ben_fit,2024-06-03T10:00:00-07:00,Summer Launch,video,tiktok,,,,400,,
0,,p3,ana,2024-06-04,Summer Launch,story,ig,,,0,,,
`)
	got, errs, err := ParsePosts(strings.NewReader(in), opts("posts.csv"))
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, errs)
	checkRecords(t, got, []Post{
		{Line: 2, PostID: "p1", Creator: "ana", Campaign: "Summer Launch", Platform: "instagram", Format: "reel",
			PublishedAt: ny(2024, 6, 2, 18, 0, 0), URL: "https://instagram.com/p/p1", Followers: 12000, HasFollowers: true,
			Impressions: 50000, Likes: 1200, LinkClicks: 35, ProductOrders: 4},
		{Line: 4, PostID: "p2", Creator: "ben_fit", Campaign: "Summer Launch", Platform: "tiktok", Format: "video",
			PublishedAt: time.Date(2024, 6, 3, 17, 0, 0, 0, time.UTC), Views: 400, Likes: 3},
		{Line: 5, PostID: "p3", Creator: "ana", Campaign: "Summer Launch", Platform: "instagram", Format: "story",
			PublishedAt: ny(2024, 6, 4, 0, 0, 0), HasFollowers: true},
	})
}

func TestParsePostsErrors(t *testing.T) {
	in := `post_id,creator,campaign,platform,format,published_at,likes,url
p1,ana,S,instagram,carousel,2024-06-02,5,
p2,ana,S,instagram,reel,yesterday,5,
p1,ana,S,instagram,reel,2024-06-02,5,
p3,ana,S,instagram,reel,2024-06-02,-1,
p4,ana,S,instagram,reel,2024-06-02,2,javascript:alert(1)
p5,ana,,myspace,reel,2024-06-02,2,
p6,ana,S,instagram,reel,2024-06-02,2,https://instagram.com/p/p6
`
	got, errs, err := ParsePosts(strings.NewReader(in), opts("posts.csv"))
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, errs,
		`posts.csv: line 2: format: "carousel" is not a post format (story, reel, post, short, video, live or pin)`,
		`posts.csv: line 3: published_at: "yesterday" is not a time (use RFC 3339 or YYYY-MM-DD[ HH:MM[:SS]])`,
		`posts.csv: line 4: post_id: duplicate post "p1" (first on line 2)`,
		`posts.csv: line 5: likes: "-1" is negative`,
		`posts.csv: line 6: url: "javascript:alert(1)" is not an absolute http or https URL`,
		`posts.csv: line 7: campaign: required field is empty`,
		`posts.csv: line 7: platform: "myspace" is not a platform (instagram, tiktok, youtube, pinterest, facebook or other)`,
	)
	checkRecords(t, got, []Post{{Line: 8, PostID: "p6", Creator: "ana", Campaign: "S", Platform: "instagram", Format: "reel",
		PublishedAt: ny(2024, 6, 2, 0, 0, 0), URL: "https://instagram.com/p/p6", Likes: 2}})
}

func TestParsePostsMissingColumn(t *testing.T) {
	got, errs, err := ParsePosts(strings.NewReader("post_id,creator,campaign,platform,published_at\n"), opts("posts.csv"))
	checkFatal(t, got, errs, err, `posts.csv: line 1: missing required column "format"`)
}
