package csvin

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// parsePostFile reads a file of testdata/postmetrics as the importer does.
func parsePostFile(t *testing.T, name string) ([]PostMetrics, []Error, []string, error) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "postmetrics", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var ignored []string
	o := opts(name)
	o.Ignored = &ignored
	recs, errs, err := ParsePostMetrics(f, o)
	return recs, errs, ignored, err
}

// The exports as the platforms write them: each file's header is a real
// export's, with its quirks (BOM and CRLF, a caption with a comma and a
// line break, "120,500", "1.2M", "-" and "–" for none, YouTube's Total row
// and a video id that starts with "-").
func TestParsePostMetricsExports(t *testing.T) {
	for _, tc := range []struct {
		file string
		want []PostMetrics
	}{
		{"instagram.csv", []PostMetrics{
			{Line: 2, PostID: "17912345678901234", URL: "https://www.instagram.com/reel/DAbc123xyz/", Platform: "instagram", IDColumn: "Post ID",
				Impressions: ptr[int64](120500), Views: ptr[int64](120500), Reach: ptr[int64](80100), Likes: ptr[int64](4200),
				Shares: ptr[int64](150), Comments: ptr[int64](310), Saves: ptr[int64](95)},
			{Line: 4, PostID: "17912345678901299", URL: "https://www.instagram.com/p/DAbd456uvw/", Platform: "instagram", IDColumn: "Post ID",
				Impressions: ptr[int64](9870), Views: ptr[int64](9870), Reach: ptr[int64](7020), Likes: ptr[int64](611),
				Comments: ptr[int64](45), Saves: ptr[int64](120)},
		}},
		// Stories: link clicks are the sticker's, the number a creator's
		// story is judged by.
		{"instagram-stories.csv", []PostMetrics{
			{Line: 2, PostID: "17998765432100001", URL: "https://www.instagram.com/stories/ana.glow/3300000000000000001/", Platform: "instagram",
				IDColumn: "Post ID", Impressions: ptr[int64](6410), Views: ptr[int64](6410), Reach: ptr[int64](5980), Likes: ptr[int64](88),
				Shares: ptr[int64](4), LinkClicks: ptr[int64](412)},
			{Line: 3, PostID: "17998765432100002", URL: "https://www.instagram.com/stories/ana.glow/3300000000000000002/", Platform: "instagram",
				IDColumn: "Post ID", Impressions: ptr[int64](5002), Views: ptr[int64](5002), Reach: ptr[int64](4870)},
		}},
		{"tiktok.csv", []PostMetrics{
			{Line: 2, PostID: "7412345678901234567", Platform: "tiktok", IDColumn: "Video link",
				Impressions: ptr[int64](1200000), Views: ptr[int64](1200000), Likes: ptr[int64](31200), Comments: ptr[int64](820),
				Shares: ptr[int64](1204), Saves: ptr[int64](2100)},
			{Line: 3, PostID: "7412345678901234999", Platform: "tiktok", IDColumn: "Video link",
				Impressions: ptr[int64](45310), Views: ptr[int64](45310), Likes: ptr[int64](987), Shares: ptr[int64](12)},
		}},
		{"youtube.csv", []PostMetrics{
			{Line: 3, PostID: "dQw4w9WgXcQ", Platform: "youtube", IDColumn: "Content",
				Impressions: ptr[int64](700000), Views: ptr[int64](52000), Likes: ptr[int64](2500), Comments: ptr[int64](400),
				Shares: ptr[int64](140), WatchTimeHours: ptr(3900.2501)},
			{Line: 4, PostID: "-x9Yz_AbCdE", Platform: "youtube", IDColumn: "Content",
				Impressions: ptr[int64](100000), Views: ptr[int64](9000), Likes: ptr[int64](400), Shares: ptr[int64](10),
				WatchTimeHours: ptr(20.25)},
		}},
		{"youtube-old.csv", []PostMetrics{
			{Line: 3, PostID: "dQw4w9WgXcQ", Platform: "youtube", IDColumn: "Content",
				Impressions: ptr[int64](700000), Views: ptr[int64](52000), WatchTimeHours: ptr(3900.2501)},
			{Line: 4, PostID: "-x9Yz_AbCdE", Platform: "youtube", IDColumn: "Content",
				Impressions: ptr[int64](100000), Views: ptr[int64](9000), WatchTimeHours: ptr(20.25)},
		}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			got, errs, ignored, err := parsePostFile(t, tc.file)
			if err != nil {
				t.Fatal(err)
			}
			checkErrors(t, errs)
			checkRecords(t, got, tc.want)
			// Every column of these exports is one Lift knows.
			if ignored != nil {
				t.Errorf("ignored columns %q", ignored)
			}
		})
	}
}

// YouTube Studio renamed its impressions columns once: a file whose only
// impressions column has a name Lift does not know is refused, with the
// columns it has, instead of leaving every post's impressions at 0.
func TestParsePostMetricsRefusesAnExportWithoutAnExpectedMetric(t *testing.T) {
	got, errs, _, err := parsePostFile(t, "youtube-unknown-impressions.csv")
	checkFatal(t, got, errs, err, `youtube-unknown-impressions.csv: line 1: this YouTube Studio export has no column for impressions `+
		`("Thumbnail impressions" or "Impressions"); its columns are "Content", "Video title", "Video publish time", "Duration", `+
		`"Views", "Watch time (hours)", "Subscribers", "Impressions (thumbnail)" (add the metric to the export, or name its column as Lift reads it)`)
	for _, tc := range []struct{ in, want string }{
		{"Video link,Total views,Likes,Comments\nhttps://www.tiktok.com/@a/video/1,1,1,1\n",
			`insights.csv: line 1: this TikTok Studio export has no column for shares ("Total shares" or "Shares"); its columns are "Video link", "Total views", "Likes", "Comments" (add the metric to the export, or name its column as Lift reads it)`},
		{"Post ID,Plays,Accounts reached,Likes\n1,1,1,1\n",
			`insights.csv: line 1: this Instagram (Meta Business Suite) export has no column for impressions ("Impressions" or "Views"), reach ("Reach"); its columns are "Post ID", "Plays", "Accounts reached", "Likes" (add the metric to the export, or name its column as Lift reads it)`},
	} {
		got, errs, err := ParsePostMetrics(strings.NewReader(tc.in), opts("insights.csv"))
		checkFatal(t, got, errs, err, tc.want)
	}
}

// The columns a post-metrics file has that its export does not are
// ignored and named, even when another platform's export has them.
func TestParsePostMetricsIgnoredColumns(t *testing.T) {
	var ignored []string
	o := opts("ig.csv")
	o.Ignored = &ignored
	in := "Post ID,Views,Reach,Accounts engaged,Subscribers,Average watch time\n1,10,5,2,1,3s\n"
	got, errs, err := ParsePostMetrics(strings.NewReader(in), o)
	if err != nil || len(errs) > 0 {
		t.Fatal(err, errs)
	}
	if want := []string{"Accounts engaged", "Subscribers", "Average watch time"}; !slices.Equal(ignored, want) {
		t.Errorf("ignored %q, want %q", ignored, want)
	}
	checkRecords(t, got, []PostMetrics{{Line: 2, PostID: "1", Platform: "instagram", IDColumn: "Post ID",
		Impressions: ptr[int64](10), Views: ptr[int64](10), Reach: ptr[int64](5)}})
}

func TestParsePostMetricsOtherShapes(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []PostMetrics
	}{
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
			// TikTok's export shares "Video publish time" with YouTube's.
			name: "tiktok link with video publish time",
			in:   "Video title,Video link,Video publish time,Total views,Total likes,Total comments,Total shares\nA,https://www.tiktok.com/@x/video/7400000000000000001,2026-09-20 21:03:11,5000,400,20,30\n",
			want: []PostMetrics{{Line: 2, PostID: "7400000000000000001", Platform: "tiktok", IDColumn: "Video link",
				Impressions: ptr[int64](5000), Views: ptr[int64](5000), Likes: ptr[int64](400), Comments: ptr[int64](20), Shares: ptr[int64](30)}},
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
	in := `Content,Video title,Views,Impressions,Watch time (hours),Likes
v1,A,100,1K,1.5,3
v1,A,100,1K,1.5,3
,B,100,1K,1.5,3
v2,C,1.5,1.2345K,-2,x
v3,D,,-,,
`
	got, errs, err := ParsePostMetrics(strings.NewReader(in), opts("yt.csv"))
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, errs,
		`yt.csv: line 3: Content: duplicate post "v1" (first on line 2)`,
		`yt.csv: line 4: Content: required field is empty`,
		`yt.csv: line 5: Views: "1.5" is not a whole number`,
		`yt.csv: line 5: Impressions: "1.2345K" is not a whole number`,
		`yt.csv: line 5: Watch time (hours): "-2" is negative`,
		`yt.csv: line 5: Likes: "x" is not a whole number`,
	)
	checkRecords(t, got, []PostMetrics{
		{Line: 2, PostID: "v1", Platform: "youtube", IDColumn: "Content", Impressions: ptr[int64](1000), Views: ptr[int64](100),
			Likes: ptr[int64](3), WatchTimeHours: ptr(1.5)},
		{Line: 6, PostID: "v3", Platform: "youtube", IDColumn: "Content"},
	})
}

func TestParsePostMetricsLinks(t *testing.T) {
	in := "Video link,Total views,Total likes,Total comments,Total shares\n" +
		"https://www.tiktok.com/@ben/video/7412345678901234567?lang=en,1,1,1,1\n" +
		"www.tiktok.com/@ben/video/7412345678901234568/,1,1,1,1\n" +
		"7412345678901234569,1,1,1,1\n" +
		"https://vm.tiktok.com/ZMabcdef/,1,1,1,1\n" +
		"https://www.tiktok.com/@ben/video/7412345678901234567,1,1,1,1\n" +
		"7.41235E+18,1,1,1,1\n"
	got, errs, err := ParsePostMetrics(strings.NewReader(in), opts("tt.csv"))
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, errs,
		`tt.csv: line 5: Video link: "https://vm.tiktok.com/ZMabcdef/" is a link without a tiktok post id in it`,
		`tt.csv: line 6: Video link: duplicate post "7412345678901234567" (first on line 2)`,
		`tt.csv: line 7: Video link: "7.41235E+18" is an id a spreadsheet turned into a rounded number: use the file as the platform exported it`,
	)
	var ids []string
	for _, m := range got {
		ids = append(ids, m.PostID)
	}
	if want := []string{"7412345678901234567", "7412345678901234568", "7412345678901234569"}; !slices.Equal(ids, want) {
		t.Errorf("ids %q, want %q", ids, want)
	}
}

func TestPostKey(t *testing.T) {
	for _, tc := range []struct {
		platform, in, want string
		link               bool
	}{
		{"tiktok", "https://www.tiktok.com/@h/video/7412345678901234567", "7412345678901234567", true},
		{"tiktok", "https://m.tiktok.com/v/7412345678901234567.html", "7412345678901234567", true},
		{"tiktok", "https://www.tiktok.com/@h/photo/7412345678901234567?x=1", "7412345678901234567", true},
		{"tiktok", "https://www.tiktok.com/@h", "", true},
		{"tiktok", " 7412345678901234567 ", "7412345678901234567", false},
		{"instagram", "https://www.instagram.com/reel/DAbc123xyz/", "DAbc123xyz", true},
		{"instagram", "https://www.instagram.com/p/DAbd456uvw/?igsh=abc", "DAbd456uvw", true},
		{"instagram", "17912345678901234", "17912345678901234", false},
		{"instagram", "https://www.instagram.com/stories/ana.glow/3300000000000000001/", "3300000000000000001", true},
		{"youtube", "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=3s", "dQw4w9WgXcQ", true},
		{"youtube", "https://youtu.be/dQw4w9WgXcQ", "dQw4w9WgXcQ", true},
		{"youtube", "https://youtube.com/shorts/-x9Yz_AbCdE", "-x9Yz_AbCdE", true},
		{"youtube", "dQw4w9WgXcQ", "dQw4w9WgXcQ", false},
		{"tiktok", "www.tiktok.com/@h/video/7412345678901234567/", "7412345678901234567", true},
		{"tiktok", "spring/ben-1", "spring/ben-1", false},
		{"pinterest", "https://www.pinterest.com/pin/123/", "", true},
	} {
		got, link := PostKey(tc.platform, tc.in)
		if got != tc.want || link != tc.link {
			t.Errorf("PostKey(%s, %q) = %q, %v; want %q, %v", tc.platform, tc.in, got, link, tc.want, tc.link)
		}
	}
}

func TestParseMetricCount(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    int64
		problem string
	}{
		{"0", 0, ""}, {"1234", 1234, ""}, {"1,234,567", 1234567, ""},
		{"1.2K", 1200, ""}, {"1.2k", 1200, ""}, {"12.35K", 12350, ""}, {"1K", 1000, ""}, {"1,234.5K", 1234500, ""},
		{"3.4M", 3400000, ""}, {"1.35M", 1350000, ""}, {"1.234567M", 1234567, ""}, {"2B", 2000000000, ""},
		{"1.2345K", 0, `"1.2345K" is not a whole number`},
		{"1.5", 0, `"1.5" is not a whole number`},
		{"1,23", 0, `"1,23" is not a whole number`},
		{"K", 0, `"K" is not a whole number`},
		{".5K", 0, `".5K" is not a count (write 1234, 1,234 or 1.2K)`},
		{"1.K", 0, `"1.K" is not a count (write 1234, 1,234 or 1.2K)`},
		{"1.2X", 0, `"1.2X" is not a whole number`},
		{"-3", 0, `"-3" is negative`},
		{"9999999999B", 0, `"9999999999B" is too large`},
	} {
		got, problem := parseMetricCount(tc.in)
		if got != tc.want || problem != tc.problem {
			t.Errorf("parseMetricCount(%q) = %d, %q; want %d, %q", tc.in, got, problem, tc.want, tc.problem)
		}
	}
}

func TestParsePostMetricsUnknownExport(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Pin ID,Impressions,Saves\n", `insights.csv: line 1: missing required column "Post ID" (Instagram), "Video link" or "Video ID" (TikTok) or "Content" (YouTube Studio); the file is not a post insights export Lift knows (unknown columns in the file: "Pin ID")`},
		{"Video title,Views,Watch time (hours)\n", `insights.csv: line 1: missing required column "Content"`},
	} {
		got, errs, err := ParsePostMetrics(strings.NewReader(tc.in), opts("insights.csv"))
		checkFatal(t, got, errs, err, tc.want)
	}
}
