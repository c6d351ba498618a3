package csvin

import (
	"io"
	"time"
)

// Post is one row of posts.csv: a creator's post and its numbers.
type Post struct {
	Line         int
	PostID       string
	Creator      string // handle as in Creator.Handle
	Campaign     string
	Platform     string
	Format       string
	PublishedAt  time.Time
	URL          string
	Followers    int64 // followers at post time
	HasFollowers bool  // the file gave Followers (0 then means zero)

	Impressions, Reach, Views, Likes, Comments, Shares, Saves, LinkClicks int64
	ProductImpressions, ProductClicks, ProductOrders                      int64
}

const (
	poPostID = iota
	poCreator
	poCampaign
	poPlatform
	poFormat
	poPublishedAt
	poURL
	poFollowers
	poImpressions
	poReach
	poViews
	poLikes
	poComments
	poShares
	poSaves
	poLinkClicks
	poProductImpressions
	poProductClicks
	poProductOrders
)

var postColumns = []column{
	poPostID:             {"post_id", true},
	poCreator:            {"creator", true},
	poCampaign:           {"campaign", true},
	poPlatform:           {"platform", true},
	poFormat:             {"format", true},
	poPublishedAt:        {"published_at", true},
	poURL:                {"url", false},
	poFollowers:          {"followers", false},
	poImpressions:        {"impressions", false},
	poReach:              {"reach", false},
	poViews:              {"views", false},
	poLikes:              {"likes", false},
	poComments:           {"comments", false},
	poShares:             {"shares", false},
	poSaves:              {"saves", false},
	poLinkClicks:         {"link_clicks", false},
	poProductImpressions: {"product_impressions", false},
	poProductClicks:      {"product_clicks", false},
	poProductOrders:      {"product_orders", false},
}

// ParsePosts reads posts.csv: post_id, creator, campaign, platform, format,
// published_at and optionally url, followers and the post's counts (empty
// counts are 0). A post_id appears once in a file.
func ParsePosts(r io.Reader, o Options) ([]Post, []Error, error) {
	seen := map[string]int{}
	return parseAll(r, o, "posts.csv", postColumns, func(t *table) Post {
		p := Post{Line: t.line}
		if id, ok := t.value(poPostID); ok {
			p.PostID = t.mem.keep(id)
			if first, dup := firstLine(seen, p.PostID, t.line); dup {
				t.failf(poPostID, "duplicate post %q (first on line %d)", id, first)
			}
		}
		p.Creator, _ = t.creatorRef(poCreator)
		p.Campaign, _ = t.name(poCampaign)
		p.Platform, _ = t.oneOf(poPlatform, platforms)
		p.Format, _ = t.oneOf(poFormat, postFormats)
		p.PublishedAt, _, _ = t.when(poPublishedAt)
		p.URL = t.url(poURL)
		p.Followers, p.HasFollowers = t.count(poFollowers)
		t.postCounts(&p)
		return p
	})
}

func (t *table) postCounts(p *Post) {
	// In column order, from poImpressions on, so that problems come out in
	// the order the columns are listed.
	dst := [...]*int64{
		&p.Impressions, &p.Reach, &p.Views, &p.Likes, &p.Comments, &p.Shares,
		&p.Saves, &p.LinkClicks, &p.ProductImpressions, &p.ProductClicks, &p.ProductOrders,
	}
	for i, d := range dst {
		*d, _ = t.count(poImpressions + i)
	}
}

// url reads an optional link to something on the web.
func (t *table) url(c int) string {
	v, ok := t.value(c)
	if !ok {
		return ""
	}
	if err := CheckDestination(v); err != nil {
		t.fail(c, err.Error())
		return ""
	}
	return t.mem.keep(v)
}
