package csvin

import (
	"io"
	"strings"
)

// PostMetrics is one post's numbers from a platform's insights export. A
// nil number is one the export does not give (no such column, or an
// empty field): it leaves the stored number alone.
type PostMetrics struct {
	Line     int
	PostID   string
	Platform string // instagram, tiktok or youtube: whose export the file is
	IDColumn string // the column the id came from, to name it in messages

	Impressions, Reach, Views, Likes, Comments, Shares, Saves, LinkClicks *int64
	ProductImpressions, ProductClicks, ProductOrders                      *int64
	WatchTimeHours                                                        *float64
}

const (
	pmPostID = iota
	pmVideoID
	pmContent
	pmVideo
	pmImpressions
	pmViews
	pmVideoViews
	pmReach
	pmLikes
	pmComments
	pmCommentsAdded
	pmShares
	pmSaves
	pmLinkClicks
	pmProductImpressions
	pmProductClicks
	pmOrders
	pmSKUOrders
	pmWatchTime
	// Columns that are not read but tell the exports apart.
	pmPublishTime
	pmPostTime
	pmVideoPublishTime
	pmImpressionsCTR
)

var postMetricsColumns = []column{
	pmPostID:             {"Post ID", false},
	pmVideoID:            {"Video ID", false},
	pmContent:            {"Content", false},
	pmVideo:              {"Video", false},
	pmImpressions:        {"Impressions", false},
	pmViews:              {"Views", false},
	pmVideoViews:         {"Video views", false},
	pmReach:              {"Reach", false},
	pmLikes:              {"Likes", false},
	pmComments:           {"Comments", false},
	pmCommentsAdded:      {"Comments added", false},
	pmShares:             {"Shares", false},
	pmSaves:              {"Saves", false},
	pmLinkClicks:         {"Link clicks", false},
	pmProductImpressions: {"Product impressions", false},
	pmProductClicks:      {"Product clicks", false},
	pmOrders:             {"Orders", false},
	pmSKUOrders:          {"SKU orders", false},
	pmWatchTime:          {"Watch time (hours)", false},
	pmPublishTime:        {"Publish time", false},
	pmPostTime:           {"Post time", false},
	pmVideoPublishTime:   {"Video publish time", false},
	pmImpressionsCTR:     {"Impressions click-through rate (%)", false},
}

// postExport is what Lift reads of one platform's export: the columns
// that may hold the post's id, and for each of a post's numbers (in the
// order of PostMetrics.counts) the columns that may give it, the first
// the file has winning.
type postExport struct {
	platform string
	id       []int
	counts   [11][]int
	markers  []int // any of these in the header says the file is this export
}

// postExports are tried in order: YouTube's markers are columns the
// others never have, and TikTok's columns Instagram's never has.
var postExports = []postExport{
	{
		platform: "youtube",
		id:       []int{pmContent, pmVideo, pmVideoID},
		counts: [11][]int{
			{pmImpressions}, nil, {pmViews}, {pmLikes}, {pmCommentsAdded, pmComments}, {pmShares},
			nil, nil, nil, nil, nil,
		},
		markers: []int{pmContent, pmWatchTime, pmVideoPublishTime, pmCommentsAdded, pmImpressionsCTR},
	},
	{
		platform: "tiktok",
		id:       []int{pmVideoID, pmPostID},
		// TikTok reports no impressions per video: every play is one.
		counts: [11][]int{
			{pmImpressions, pmVideoViews, pmViews}, {pmReach}, {pmVideoViews, pmViews}, {pmLikes}, {pmComments},
			{pmShares}, {pmSaves}, {pmLinkClicks}, {pmProductImpressions}, {pmProductClicks}, {pmOrders, pmSKUOrders},
		},
		markers: []int{pmVideoID, pmVideoViews, pmPostTime, pmProductImpressions, pmProductClicks, pmOrders, pmSKUOrders},
	},
	{
		platform: "instagram",
		id:       []int{pmPostID},
		// Instagram's newer exports count views where they counted
		// impressions.
		counts: [11][]int{
			{pmImpressions, pmViews}, {pmReach}, {pmViews}, {pmLikes}, {pmComments}, {pmShares}, {pmSaves},
			{pmLinkClicks}, nil, nil, nil,
		},
		markers: []int{pmPostID},
	},
}

func (m *PostMetrics) counts() [11]**int64 {
	return [11]**int64{&m.Impressions, &m.Reach, &m.Views, &m.Likes, &m.Comments, &m.Shares, &m.Saves,
		&m.LinkClicks, &m.ProductImpressions, &m.ProductClicks, &m.ProductOrders}
}

// ParsePostMetrics reads a post insights export of Instagram, TikTok
// (TikTok Shop's product columns included) or YouTube Studio, telling
// which by its header. A post appears once in a file; YouTube's "Total"
// row is skipped.
func ParsePostMetrics(r io.Reader, o Options) ([]PostMetrics, []Error, error) {
	t, err := newTable(r, o, "post-metrics.csv", postMetricsColumns)
	if err != nil {
		return nil, nil, err
	}
	ex, err := t.postExport()
	if err != nil {
		return nil, nil, err
	}
	id := t.firstOf(ex.id...)
	var cols [11]int
	for i, cs := range ex.counts {
		cols[i] = -1
		if len(cs) > 0 && t.has(t.firstOf(cs...)) {
			cols[i] = t.firstOf(cs...)
		}
	}
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
		m := PostMetrics{Line: t.line, Platform: ex.platform, IDColumn: t.cols[id].name}
		v := t.get(id)
		if ex.platform == "youtube" && strings.EqualFold(v, "total") {
			continue
		}
		start := len(t.errs)
		if v == "" {
			t.fail(id, "required field is empty")
		} else {
			m.PostID = t.mem.keep(v)
			if first, dup := firstLine(seen, m.PostID, t.line); dup {
				t.failf(id, "duplicate post %q (first on line %d)", v, first)
			}
		}
		for i, dst := range m.counts() {
			if cols[i] >= 0 {
				*dst = t.optCount(cols[i])
			}
		}
		if ex.platform == "youtube" {
			m.WatchTimeHours = t.hours(pmWatchTime)
		}
		t.sortRow(t.errs[start:])
		if !t.bad {
			out.add(m)
		}
	}
}

// postExport tells which platform's export the header is.
func (t *table) postExport() (postExport, error) {
	for _, ex := range postExports {
		for _, c := range ex.markers {
			if t.has(c) {
				return ex, t.needColumns(t.firstOf(ex.id...))
			}
		}
	}
	return postExport{}, t.missingColumns([]string{`"Post ID" (Instagram), "Video ID" (TikTok) or "Content" (YouTube Studio); ` +
		`the file is not a post insights export Lift knows`})
}

// optCount reads a count that may be empty, nil then.
func (t *table) optCount(c int) *int64 {
	n, ok := t.count(c)
	if !ok {
		return nil
	}
	return &n
}

// hours reads an optional non-negative decimal number of hours.
func (t *table) hours(c int) *float64 {
	v, ok := t.value(c)
	if !ok {
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
