package csvin

import (
	"strings"
	"testing"
)

func TestParsePostMetrics(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []PostMetrics
	}{
		{
			// Meta Business Suite's content export: "Date" says Lifetime,
			// newer files count Views instead of Impressions.
			name: "instagram",
			in: `Post ID,Account ID,Account username,Account name,Description,Duration (sec),Publish time,Permalink,Post type,Data comment,Date,Views,Reach,Likes,Shares,Follows,Comments,Saves,Link clicks
17900000000000001,1784,ana,Ana,"Spring glow, day 1",15,03/02/2026 10:00,https://www.instagram.com/reel/A1/,IG reel,,Lifetime,"120,500",80100,4200,150,12,310,95,
17900000000000002,1784,ana,Ana,Story,0,03/03/2026 09:00,https://www.instagram.com/stories/ana/2/,IG story,,Lifetime,9000,7000,,,,,,420
`,
			want: []PostMetrics{
				{Line: 2, PostID: "17900000000000001", Platform: "instagram", IDColumn: "Post ID",
					Impressions: ptr[int64](120500), Reach: ptr[int64](80100), Views: ptr[int64](120500), Likes: ptr[int64](4200),
					Comments: ptr[int64](310), Shares: ptr[int64](150), Saves: ptr[int64](95)},
				{Line: 3, PostID: "17900000000000002", Platform: "instagram", IDColumn: "Post ID",
					Impressions: ptr[int64](9000), Reach: ptr[int64](7000), Views: ptr[int64](9000), LinkClicks: ptr[int64](420)},
			},
		},
		{
			name: "instagram with impressions",
			in:   "Post ID,Publish time,Impressions,Views,Reach,Likes\nig1,2026-03-02,5000,7000,4000,300\n",
			want: []PostMetrics{{Line: 2, PostID: "ig1", Platform: "instagram", IDColumn: "Post ID",
				Impressions: ptr[int64](5000), Views: ptr[int64](7000), Reach: ptr[int64](4000), Likes: ptr[int64](300)}},
		},
		{
			// TikTok Studio's per-video export with TikTok Shop's product
			// columns.
			name: "tiktok shop",
			in: `Video ID,Post time,Video title,Video views,Likes,Comments,Shares,Reach,Product impressions,Product clicks,Orders,SKU orders
7340000000000000001,2026-03-03 09:00,"Glow serum, honest review","250,000",31000,820,1200,190000,"48,000",2400,96,101
`,
			want: []PostMetrics{{Line: 2, PostID: "7340000000000000001", Platform: "tiktok", IDColumn: "Video ID",
				Impressions: ptr[int64](250000), Views: ptr[int64](250000), Likes: ptr[int64](31000), Comments: ptr[int64](820),
				Shares: ptr[int64](1200), Reach: ptr[int64](190000), ProductImpressions: ptr[int64](48000),
				ProductClicks: ptr[int64](2400), ProductOrders: ptr[int64](96)}},
		},
		{
			name: "tiktok by post id",
			in:   "Post ID,Date,Video views,Likes,SKU orders\ntt1,2026-03-03,100,10,2\n",
			want: []PostMetrics{{Line: 2, PostID: "tt1", Platform: "tiktok", IDColumn: "Post ID",
				Impressions: ptr[int64](100), Views: ptr[int64](100), Likes: ptr[int64](10), ProductOrders: ptr[int64](2)}},
		},
		{
			// YouTube Studio's "Table data.csv": a Total row first.
			name: "youtube",
			in: `Content,Video title,Video publish time,Duration,Views,Watch time (hours),Subscribers,Impressions,Impressions click-through rate (%),Likes,Comments added,Shares
Total,,,,"61,000",4120.5,310,"800,000",6.1,2900,410,150
dQw4w9WgXcQ,Spring glow routine,"Mar 4, 2026",612,"52,000",3900.2501,300,"700,000",6.5,2500,400,140
aBcDeFgHiJk,Short,"Mar 5, 2026",45,9000,220.25,10,"100,000",4.2,400,10,10
`,
			want: []PostMetrics{
				{Line: 3, PostID: "dQw4w9WgXcQ", Platform: "youtube", IDColumn: "Content",
					Impressions: ptr[int64](700000), Views: ptr[int64](52000), Likes: ptr[int64](2500), Comments: ptr[int64](400),
					Shares: ptr[int64](140), WatchTimeHours: ptr(3900.2501)},
				{Line: 4, PostID: "aBcDeFgHiJk", Platform: "youtube", IDColumn: "Content",
					Impressions: ptr[int64](100000), Views: ptr[int64](9000), Likes: ptr[int64](400), Comments: ptr[int64](10),
					Shares: ptr[int64](10), WatchTimeHours: ptr(220.25)},
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, errs, err := ParsePostMetrics(strings.NewReader(excel(tc.in)), opts("insights.csv"))
			if err != nil {
				t.Fatal(err)
			}
			checkErrors(t, errs)
			checkRecords(t, got, tc.want)
		})
	}
}

func TestParsePostMetricsErrors(t *testing.T) {
	in := `Content,Video title,Views,Watch time (hours),Likes
v1,A,100,1.5,3
v1,A,100,1.5,3
,B,100,1.5,3
v2,C,1.5,-2,x
v3,D,,,
`
	got, errs, err := ParsePostMetrics(strings.NewReader(in), opts("yt.csv"))
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, errs,
		`yt.csv: line 3: Content: duplicate post "v1" (first on line 2)`,
		`yt.csv: line 4: Content: required field is empty`,
		`yt.csv: line 5: Views: "1.5" is not a whole number`,
		`yt.csv: line 5: Watch time (hours): "-2" is negative`,
		`yt.csv: line 5: Likes: "x" is not a whole number`,
	)
	checkRecords(t, got, []PostMetrics{
		{Line: 2, PostID: "v1", Platform: "youtube", IDColumn: "Content", Views: ptr[int64](100), Likes: ptr[int64](3), WatchTimeHours: ptr(1.5)},
		{Line: 6, PostID: "v3", Platform: "youtube", IDColumn: "Content"},
	})
}

func TestParsePostMetricsUnknownExport(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Pin ID,Impressions,Saves\n", `insights.csv: line 1: missing required column "Post ID" (Instagram), "Video ID" (TikTok) or "Content" (YouTube Studio); the file is not a post insights export Lift knows (unknown columns in the file: "Pin ID")`},
		{"Video title,Views,Watch time (hours)\n", `insights.csv: line 1: missing required column "Content" (unknown columns in the file: "Video title")`},
	} {
		got, errs, err := ParsePostMetrics(strings.NewReader(tc.in), opts("insights.csv"))
		checkFatal(t, got, errs, err, tc.want)
	}
}
