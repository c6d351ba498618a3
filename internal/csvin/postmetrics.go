package csvin

import (
	"fmt"
	"io"
	"math"
	"net/url"
	"strings"
)

// PostMetrics is one post's numbers from a platform's insights export. A
// nil number is one the export does not give (no such column, an empty
// field or "-"): it leaves the stored number alone.
type PostMetrics struct {
	Line     int
	PostID   string // the platform's id of the post; from a link, the id in it
	URL      string // the post's link when the export gives one beside its id (Instagram's Permalink)
	Platform string // instagram, tiktok or youtube: whose export the file is
	IDColumn string // the column the id came from, to name it in messages

	Impressions, Reach, Views, Likes, Comments, Shares, Saves, LinkClicks *int64
	ProductImpressions, ProductClicks, ProductOrders                      *int64
	WatchTimeHours                                                        *float64
}

func (m *PostMetrics) counts() [nMetrics]**int64 {
	return [nMetrics]**int64{&m.Impressions, &m.Reach, &m.Views, &m.Likes, &m.Comments, &m.Shares, &m.Saves,
		&m.LinkClicks, &m.ProductImpressions, &m.ProductClicks, &m.ProductOrders}
}

// The numbers of a post, in the order of PostMetrics.counts.
const (
	mImpressions = iota
	mReach
	mViews
	mLikes
	mComments
	mShares
	mSaves
	mLinkClicks
	mProductImpressions
	mProductClicks
	mProductOrders
	nMetrics
)

var metricNames = [nMetrics]string{"impressions", "reach", "views", "likes", "comments", "shares", "saves",
	"link clicks", "product impressions", "product clicks", "product orders"}

const (
	// Columns that name the post.
	pmPostID = iota
	pmVideoID
	pmVideoLink
	pmContent
	pmVideo
	pmPermalink
	// Columns read into a number.
	pmImpressions
	pmThumbnailImpressions
	pmViews
	pmVideoViews
	pmTotalViews
	pmReach
	pmLikes
	pmTotalLikes
	pmComments
	pmTotalComments
	pmCommentsAdded
	pmShares
	pmTotalShares
	pmSaves
	pmAddToFavorites
	pmLinkClicks
	pmProductImpressions
	pmProductClicks
	pmOrders
	pmSKUOrders
	pmWatchTime
	// Columns of the exports that Lift knows and does not read: the
	// summary line names only the columns nobody expected.
	pmAccountID
	pmAccountUsername
	pmAccountName
	pmDescription
	pmDurationSec
	pmPublishTime
	pmPostType
	pmDataComment
	pmDate
	pmFollows
	pmProfileVisits
	pmReplies
	pmNavigation
	pmStickerTaps
	pmVideoTitle
	pmPostTime
	pmVideoPublishTime
	pmTotalPlayTime
	pmAverageWatchTime
	pmWatchedFullVideo
	pmNewFollowers
	pmDuration
	pmSubscribers
	pmEstimatedRevenue
	pmImpressionsCTR
	pmThumbnailCTR
	pmAverageViewDuration
	pmAveragePercentageViewed
	pmStayedToWatch
	pmEngagedViews
	pmUniqueViewers
	pmNewViewers
	pmReturningViewers
)

var postMetricsColumns = []column{
	pmPostID:                  {"Post ID", false},
	pmVideoID:                 {"Video ID", false},
	pmVideoLink:               {"Video link", false},
	pmContent:                 {"Content", false},
	pmVideo:                   {"Video", false},
	pmPermalink:               {"Permalink", false},
	pmImpressions:             {"Impressions", false},
	pmThumbnailImpressions:    {"Thumbnail impressions", false},
	pmViews:                   {"Views", false},
	pmVideoViews:              {"Video views", false},
	pmTotalViews:              {"Total views", false},
	pmReach:                   {"Reach", false},
	pmLikes:                   {"Likes", false},
	pmTotalLikes:              {"Total likes", false},
	pmComments:                {"Comments", false},
	pmTotalComments:           {"Total comments", false},
	pmCommentsAdded:           {"Comments added", false},
	pmShares:                  {"Shares", false},
	pmTotalShares:             {"Total shares", false},
	pmSaves:                   {"Saves", false},
	pmAddToFavorites:          {"Add to favorites", false},
	pmLinkClicks:              {"Link clicks", false},
	pmProductImpressions:      {"Product impressions", false},
	pmProductClicks:           {"Product clicks", false},
	pmOrders:                  {"Orders", false},
	pmSKUOrders:               {"SKU orders", false},
	pmWatchTime:               {"Watch time (hours)", false},
	pmAccountID:               {"Account ID", false},
	pmAccountUsername:         {"Account username", false},
	pmAccountName:             {"Account name", false},
	pmDescription:             {"Description", false},
	pmDurationSec:             {"Duration (sec)", false},
	pmPublishTime:             {"Publish time", false},
	pmPostType:                {"Post type", false},
	pmDataComment:             {"Data comment", false},
	pmDate:                    {"Date", false},
	pmFollows:                 {"Follows", false},
	pmProfileVisits:           {"Profile visits", false},
	pmReplies:                 {"Replies", false},
	pmNavigation:              {"Navigation", false},
	pmStickerTaps:             {"Sticker taps", false},
	pmVideoTitle:              {"Video title", false},
	pmPostTime:                {"Post time", false},
	pmVideoPublishTime:        {"Video publish time", false},
	pmTotalPlayTime:           {"Total play time", false},
	pmAverageWatchTime:        {"Average watch time", false},
	pmWatchedFullVideo:        {"Watched full video", false},
	pmNewFollowers:            {"New followers", false},
	pmDuration:                {"Duration", false},
	pmSubscribers:             {"Subscribers", false},
	pmEstimatedRevenue:        {"Estimated revenue (USD)", false},
	pmImpressionsCTR:          {"Impressions click-through rate (%)", false},
	pmThumbnailCTR:            {"Thumbnail click-through rate (%)", false},
	pmAverageViewDuration:     {"Average view duration", false},
	pmAveragePercentageViewed: {"Average percentage viewed (%)", false},
	pmStayedToWatch:           {"Stayed to watch (%)", false},
	pmEngagedViews:            {"Engaged views", false},
	pmUniqueViewers:           {"Unique viewers", false},
	pmNewViewers:              {"New viewers", false},
	pmReturningViewers:        {"Returning viewers", false},
}

// postExport is what Lift reads of one platform's export.
type postExport struct {
	platform, name string
	ids            []int // the columns that may name the post, the first the file has winning
	url            int   // a link to the post beside its id, -1 when the export has none
	// metrics lists, for each of a post's numbers, the columns that may
	// give it, the first the file has winning.
	metrics [nMetrics][]int
	// expected are the numbers every file of this export has: a file
	// without a column for one of them has had it renamed or left out,
	// and is refused rather than read as if the number were not there.
	expected []int
	// markers in a header tell this export from the others.
	markers []int
	// others are the export's columns that Lift does not read.
	others []int
}

// postExports are tried in order: a YouTube Studio file has columns the
// others never have, and TikTok's columns Instagram's never has.
var postExports = []*postExport{
	{
		platform: "youtube", name: "YouTube Studio",
		ids: []int{pmContent, pmVideo, pmVideoID}, url: -1,
		// Studio renamed Impressions to Thumbnail impressions.
		metrics: [nMetrics][]int{
			mImpressions: {pmThumbnailImpressions, pmImpressions}, mViews: {pmViews}, mLikes: {pmLikes},
			mComments: {pmCommentsAdded, pmComments}, mShares: {pmShares},
		},
		expected: []int{mImpressions, mViews},
		markers:  []int{pmContent, pmWatchTime, pmCommentsAdded, pmThumbnailImpressions, pmImpressionsCTR, pmThumbnailCTR},
		others: []int{pmVideoTitle, pmVideoPublishTime, pmDuration, pmWatchTime, pmSubscribers, pmEstimatedRevenue,
			pmImpressionsCTR, pmThumbnailCTR, pmAverageViewDuration, pmAveragePercentageViewed, pmStayedToWatch,
			pmEngagedViews, pmUniqueViewers, pmNewViewers, pmReturningViewers},
	},
	{
		platform: "tiktok", name: "TikTok Studio",
		ids: []int{pmVideoLink, pmVideoID, pmPostID}, url: -1,
		// TikTok reports no impressions per video: every play is one.
		metrics: [nMetrics][]int{
			mImpressions: {pmImpressions, pmTotalViews, pmVideoViews, pmViews}, mReach: {pmReach},
			mViews: {pmTotalViews, pmVideoViews, pmViews}, mLikes: {pmTotalLikes, pmLikes},
			mComments: {pmTotalComments, pmComments}, mShares: {pmTotalShares, pmShares},
			mSaves: {pmAddToFavorites, pmSaves}, mLinkClicks: {pmLinkClicks},
			mProductImpressions: {pmProductImpressions}, mProductClicks: {pmProductClicks},
			mProductOrders: {pmOrders, pmSKUOrders},
		},
		expected: []int{mViews, mLikes, mComments, mShares},
		markers: []int{pmVideoLink, pmVideoID, pmVideoViews, pmTotalViews, pmTotalLikes, pmPostTime,
			pmProductImpressions, pmProductClicks, pmOrders, pmSKUOrders},
		others: []int{pmVideoTitle, pmPostTime, pmVideoPublishTime, pmDate, pmTotalPlayTime, pmAverageWatchTime,
			pmWatchedFullVideo, pmNewFollowers},
	},
	{
		platform: "instagram", name: "Instagram (Meta Business Suite)",
		ids: []int{pmPostID}, url: pmPermalink,
		// Instagram's newer exports count views where they counted
		// impressions.
		metrics: [nMetrics][]int{
			mImpressions: {pmImpressions, pmViews}, mReach: {pmReach}, mViews: {pmViews}, mLikes: {pmLikes},
			mComments: {pmComments}, mShares: {pmShares}, mSaves: {pmSaves}, mLinkClicks: {pmLinkClicks},
		},
		expected: []int{mImpressions, mReach},
		markers:  []int{pmPostID},
		others: []int{pmAccountID, pmAccountUsername, pmAccountName, pmDescription, pmDurationSec, pmPublishTime,
			pmPostType, pmDataComment, pmDate, pmFollows, pmProfileVisits, pmReplies, pmNavigation, pmStickerTaps},
	},
}

// ParsePostMetrics reads a post insights export of Instagram (Meta
// Business Suite), TikTok Studio (TikTok Shop's product columns included)
// or YouTube Studio, telling which by its header. A post appears once in a
// file; YouTube's "Total" row is skipped. Counts may have thousands
// separators or be abbreviated ("1.2K"); "-" or an empty field gives no
// number. The header's columns that the export does not have are handed to
// Options.Ignored.
func ParsePostMetrics(r io.Reader, o Options) ([]PostMetrics, []Error, error) {
	t, err := newTable(r, o, "post-metrics.csv", postMetricsColumns)
	if err != nil {
		return nil, nil, err
	}
	ex, err := t.postExport()
	if err != nil {
		return nil, nil, err
	}
	cols := t.metricColumns(ex)
	if err := t.expectMetrics(ex, cols); err != nil {
		return nil, nil, err
	}
	id := t.firstOf(ex.ids...)
	seen := map[string]int{}
	var out chunks[PostMetrics]
	for {
		more, err := t.next()
		if err != nil {
			return nil, nil, err
		}
		if !more {
			return out.all(), t.errs, nil
		}
		if ex.platform == "youtube" && strings.EqualFold(t.get(id), "total") {
			continue
		}
		start := len(t.errs)
		m := t.postRow(ex, id, cols, seen)
		t.sortRow(t.errs[start:])
		if !t.bad {
			out.add(m)
		}
	}
}

// metricColumns gives, for each of a post's numbers, the column the file
// gives it in, -1 when none.
func (t *table) metricColumns(ex *postExport) [nMetrics]int {
	var cols [nMetrics]int
	for i, cs := range ex.metrics {
		cols[i] = -1
		if len(cs) > 0 && t.has(t.firstOf(cs...)) {
			cols[i] = t.firstOf(cs...)
		}
	}
	return cols
}

// postRow reads one post's row: its id from column id and its numbers
// from cols.
func (t *table) postRow(ex *postExport, id int, cols [nMetrics]int, seen map[string]int) PostMetrics {
	m := PostMetrics{Line: t.line, Platform: ex.platform, IDColumn: t.cols[id].name}
	m.PostID = t.postKey(id, ex.platform)
	if m.PostID != "" {
		if first, dup := firstLine(seen, m.PostID, t.line); dup {
			t.failf(id, "duplicate post %q (first on line %d)", m.PostID, first)
		}
	}
	if ex.url >= 0 {
		m.URL = t.text(ex.url)
	}
	for i, dst := range m.counts() {
		if cols[i] >= 0 {
			*dst = t.metricCount(cols[i])
		}
	}
	if ex.platform == "youtube" {
		m.WatchTimeHours = t.hours(pmWatchTime)
	}
	return m
}

// postExport tells which platform's export the header is, and from then
// on treats the columns of the other exports as unknown.
func (t *table) postExport() (*postExport, error) {
	ex := t.whichExport()
	if ex == nil {
		return nil, t.missingColumns([]string{`"Post ID" (Instagram), "Video link" or "Video ID" (TikTok) or "Content" (YouTube Studio); ` +
			`the file is not a post insights export Lift knows`})
	}
	known := map[int]bool{ex.url: true}
	for _, cs := range append([][]int{ex.ids, ex.others}, ex.metrics[:]...) {
		for _, c := range cs {
			known[c] = true
		}
	}
	t.setIgnored(func(c int) bool { return known[c] })
	return ex, t.needColumns(t.firstOf(ex.ids...))
}

func (t *table) whichExport() *postExport {
	// Each of these columns is one platform's own: TikTok's content
	// export shares "Video publish time" with YouTube Studio.
	switch {
	case t.has(pmContent):
		return postExports[0]
	case t.has(pmVideoLink):
		return postExports[1]
	}
	for _, ex := range postExports {
		for _, c := range ex.markers {
			if t.has(c) {
				return ex
			}
		}
	}
	return nil
}

// expectMetrics refuses an export without a column for a number that
// every file of it has, naming the file's columns: a renamed column would
// otherwise leave that number silently at what it was.
func (t *table) expectMetrics(ex *postExport, cols [nMetrics]int) error {
	var missing []string
	for _, m := range ex.expected {
		if cols[m] >= 0 {
			continue
		}
		names := make([]string, len(ex.metrics[m]))
		for i, c := range ex.metrics[m] {
			names[i] = fmt.Sprintf("%q", t.cols[c].name)
		}
		missing = append(missing, metricNames[m]+" ("+strings.Join(names, " or ")+")")
	}
	if len(missing) == 0 {
		return nil
	}
	found := make([]string, 0, len(t.header))
	for _, h := range t.header {
		if h = headerName(h); h != "" {
			found = append(found, fmt.Sprintf("%q", h))
		}
	}
	line, _ := t.cr.FieldPos(0)
	return Error{File: t.file, Line: line, Problem: fmt.Sprintf("this %s export has no column for %s; its columns are %s (add the metric to the export, or name its column as Lift reads it)",
		ex.name, strings.Join(missing, ", "), strings.Join(found, ", "))}
}

// postKey reads the post's id from column c: the platform's id in a link
// to the post, or the field as it is.
func (t *table) postKey(c int, platform string) string {
	v, ok := t.value(c)
	if !ok {
		t.fail(c, "required field is empty")
		return ""
	}
	key, isLink := PostKey(platform, v)
	switch {
	case isLink && key == "":
		t.failf(c, "%q is a link without a %s post id in it", v, platform)
		return ""
	case roundedByASpreadsheet(v):
		t.failf(c, "%q is an id a spreadsheet turned into a rounded number: use the file as the platform exported it", v)
		return ""
	}
	return t.mem.keep(key)
}

// roundedByASpreadsheet reports an id such as "1.79123E+16": Excel shows
// and saves long numeric ids (Instagram's, TikTok's) that way, and the
// digits it dropped cannot be recovered.
func roundedByASpreadsheet(v string) bool {
	mant, exp, ok := strings.Cut(strings.ToUpper(v), "E+")
	whole, frac, _ := strings.Cut(mant, ".")
	return ok && allDigits(whole) && (frac == "" || allDigits(frac)) && allDigits(exp)
}

// PostKey returns the id that platform gives a post, read from v: from a
// link to the post (a TikTok video link holds the video's id, an Instagram
// permalink its shortcode or a story's id, a YouTube link the video id), or v itself when
// it is not a link. isLink reports a link, whose key is "" when it names
// no post.
func PostKey(platform, v string) (key string, isLink bool) {
	v = strings.TrimSpace(v)
	if !strings.Contains(v, "://") {
		// "www.tiktok.com/@h/video/1" is a link, "spring/ana-1" an id.
		host, _, path := strings.Cut(v, "/")
		if !path || !strings.Contains(host, ".") {
			return v, false
		}
		v = "https://" + v
	}
	u, err := url.Parse(v)
	if err != nil {
		return "", true
	}
	parts := strings.FieldsFunc(u.Path, func(r rune) bool { return r == '/' })
	after := func(names ...string) string {
		for i := 0; i+1 < len(parts); i++ {
			for _, n := range names {
				if parts[i] == n {
					return parts[i+1]
				}
			}
		}
		return ""
	}
	switch platform {
	case "tiktok":
		if id := after("video", "photo", "v"); allDigits(strings.TrimSuffix(id, ".html")) {
			return strings.TrimSuffix(id, ".html"), true
		}
		return "", true
	case "instagram":
		if len(parts) >= 3 && parts[0] == "stories" { // stories/<account>/<id>
			return parts[2], true
		}
		return after("p", "reel", "reels", "tv"), true
	case "youtube":
		if id := u.Query().Get("v"); id != "" {
			return id, true
		}
		if strings.EqualFold(strings.TrimPrefix(u.Hostname(), "www."), "youtu.be") && len(parts) > 0 {
			return parts[0], true
		}
		return after("shorts", "embed", "live", "v"), true
	}
	return "", true
}

// metricCount reads a count as insights exports write it; nil when the
// export gives none.
func (t *table) metricCount(c int) *int64 {
	v, ok := t.value(c)
	if !ok || noNumber(v) {
		return nil
	}
	n, problem := parseMetricCount(v)
	if problem != "" {
		t.fail(c, problem)
		return nil
	}
	return &n
}

// noNumber is how exports write a number they do not have.
func noNumber(v string) bool { return v == "-" || v == "–" || v == "—" }

// metricScales are the abbreviations exports write big counts with, and
// how many decimals each can carry and still be a whole number.
var metricScales = map[byte]struct {
	mult     int64
	decimals int
}{'K': {1_000, 3}, 'M': {1_000_000, 6}, 'B': {1_000_000_000, 9}}

// parseMetricCount reads "1234", "1,234" or an abbreviated count: "1.2K"
// is 1,200 and "3.4M" 3,400,000, read as written (the export rounded it).
func parseMetricCount(v string) (int64, string) {
	scale, ok := metricScales[v[len(v)-1]&^0x20]
	if !ok || len(v) < 2 {
		return parseCount(v)
	}
	whole, frac, _ := strings.Cut(v[:len(v)-1], ".")
	n, okWhole, overflow := wholeNumber(whole)
	switch {
	case !okWhole || (frac != "" && !allDigits(frac)) || strings.HasSuffix(v[:len(v)-1], "."):
		return 0, fmt.Sprintf("%q is not a count (write 1234, 1,234 or 1.2K)", v)
	case len(frac) > scale.decimals:
		return 0, fmt.Sprintf("%q is not a whole number", v)
	case overflow || n > math.MaxInt64/scale.mult:
		return 0, fmt.Sprintf("%q is too large", v)
	}
	n *= scale.mult
	if frac != "" {
		f, _, _ := wholeNumber(frac)
		for range scale.decimals - len(frac) {
			f *= 10
		}
		if n > math.MaxInt64-f {
			return 0, fmt.Sprintf("%q is too large", v)
		}
		n += f
	}
	return n, ""
}

// hours reads an optional non-negative decimal number of hours.
func (t *table) hours(c int) *float64 {
	v, ok := t.value(c)
	if !ok || noNumber(v) {
		return nil
	}
	h, ok := parseDecimal(v)
	switch {
	case !ok:
		t.failf(c, "%q is not a number of hours", v)
		return nil
	case h < 0:
		t.failf(c, "%q is negative", v)
		return nil
	}
	return &h
}
