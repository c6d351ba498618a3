package web

import (
	"slices"
	"time"

	"github.com/liftmetrics/lift/internal/money"
	"github.com/liftmetrics/lift/internal/store"
)

// chart is a daily series of clicks and revenue with a marker on each
// post's day, as the page's script draws it. Days are the Unix seconds of
// local midnight in the workspace's zone, which the script also uses, so
// a day never shifts with the viewer's own zone.
type chart struct {
	Zone     string     `json:"zone"`
	Currency string     `json:"currency"`
	Days     []int64    `json:"days"`
	Clicks   []int64    `json:"clicks"`
	Revenue  []int64    `json:"revenue"` // cents
	Posts    []postMark `json:"posts"`
	// Prev is the previous period, day for day, when the chart can
	// compare with one.
	Prev *prevSeries `json:"prev,omitempty"`
}

// prevSeries is the previous period's clicks and revenue: its i-th day
// is the chart's i-th day, Days days earlier.
type prevSeries struct {
	Label   string  `json:"label"`
	Days    int     `json:"days"`
	Clicks  []int64 `json:"clicks"`
	Revenue []int64 `json:"revenue"` // cents
}

type postMark struct {
	Day   int64  `json:"day"`
	Label string `json:"label"`
}

// daily collects values by local day.
type daily struct {
	loc     *time.Location
	clicks  map[string]int64
	revenue map[string]money.Cents
	posts   []store.Post
	handles map[int64]string
}

func newDaily(loc *time.Location) *daily {
	return &daily{loc: loc, clicks: map[string]int64{}, revenue: map[string]money.Cents{}}
}

func (d *daily) day(t time.Time) string { return t.In(d.loc).Format(time.DateOnly) }

// chart lays the days out without gaps, from the first fact (or from) to
// the last (or to), so that a quiet day shows as zero, not as nothing.
func (d *daily) chart(from, to time.Time, currency string) *chart {
	var keys []string
	for k := range d.clicks {
		keys = append(keys, k)
	}
	for k := range d.revenue {
		keys = append(keys, k)
	}
	for _, p := range d.posts {
		keys = append(keys, d.day(p.PublishedAt))
	}
	if len(keys) == 0 {
		return nil
	}
	slices.Sort(keys)
	first, _ := time.ParseInLocation(time.DateOnly, keys[0], d.loc)
	last, _ := time.ParseInLocation(time.DateOnly, keys[len(keys)-1], d.loc)
	if !from.IsZero() {
		first = from.In(d.loc)
	}
	if !to.IsZero() {
		last = to.Add(-time.Nanosecond).In(d.loc)
	}
	c := &chart{Zone: d.loc.String(), Currency: currency, Posts: []postMark{}}
	// A year and more of days is still under 1,000 points; longer spans
	// are cut to their last 1,000 days rather than sent whole.
	if last.Sub(first) > 1000*24*time.Hour {
		first = last.AddDate(0, 0, -1000)
	}
	for t := midnight(first); !t.After(last); t = t.AddDate(0, 0, 1) {
		k := d.day(t)
		c.Days = append(c.Days, t.Unix())
		c.Clicks = append(c.Clicks, d.clicks[k])
		c.Revenue = append(c.Revenue, int64(d.revenue[k]))
	}
	for _, p := range d.posts {
		t := midnight(p.PublishedAt.In(d.loc))
		if len(c.Days) > 0 && t.Unix() >= c.Days[0] && t.Unix() <= c.Days[len(c.Days)-1] {
			c.Posts = append(c.Posts, postMark{Day: t.Unix(), Label: d.handles[p.CreatorID] + " · " + p.Format})
		}
	}
	return c
}

// overlay puts the previous period's days under the chart's: each day
// of the chart gets the day p.Days before it.
func (c *chart) overlay(prev *daily, p period) {
	c.Prev = &prevSeries{Label: p.Label(), Days: p.Days}
	for _, day := range c.Days {
		k := prev.day(time.Unix(day, 0).In(prev.loc).AddDate(0, 0, -p.Days))
		c.Prev.Clicks = append(c.Prev.Clicks, prev.clicks[k])
		c.Prev.Revenue = append(c.Prev.Revenue, int64(prev.revenue[k]))
	}
}

func midnight(t time.Time) time.Time {
	y, m, dd := t.Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, t.Location())
}

// table is the chart's numbers as a table, for readers without
// JavaScript and for download.
func (c *chart) table(loc *time.Location) *table {
	t := &table{Name: "daily", Cols: []column{{Key: "day", Head: "Day"}, {Key: "clicks", Head: "Clicks", Num: true},
		{Key: "revenue", Head: "Revenue", Num: true}, {Key: "posts", Head: "Posts"}},
		Empty: "No clicks, revenue or posts in this period yet."}
	if c == nil {
		return t
	}
	if c.Prev != nil {
		before := "the same day of the previous period, " + plural(int64(c.Prev.Days), "day", "days") + " earlier"
		t.Cols = append(t.Cols, column{Key: "previous_day", Head: "Day before", Title: before},
			column{Key: "previous_clicks", Head: "Clicks before", Title: before, Num: true},
			column{Key: "previous_revenue", Head: "Revenue before", Title: before, Num: true})
	}
	posts := map[int64][]string{}
	for _, p := range c.Posts {
		posts[p.Day] = append(posts[p.Day], p.Label)
	}
	for i, d := range c.Days {
		label := ""
		for j, s := range posts[d] {
			if j > 0 {
				label += ", "
			}
			label += s
		}
		cells := []cell{text(time.Unix(d, 0).In(loc).Format(time.DateOnly)), count(c.Clicks[i]), cash(money.Cents(c.Revenue[i]), c.Currency), text(label)}
		if p := c.Prev; p != nil {
			cells = append(cells, text(time.Unix(d, 0).In(loc).AddDate(0, 0, -p.Days).Format(time.DateOnly)),
				count(p.Clicks[i]), cash(money.Cents(p.Revenue[i]), c.Currency))
		}
		t.add(cells...)
	}
	return t
}
