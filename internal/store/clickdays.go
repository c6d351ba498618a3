package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The click_days table sums a workspace's clicks per link and day (the
// click's date in the workspace's time zone): counted clicks, unique
// clicks and bots. It is written in the transaction that writes the
// clicks it sums — the loader's batches, imports of clicks — and rebuilt
// in the transaction that changes the workspace's time zone, so that it
// never disagrees with the clicks. Reports count clicks from it; a
// period that does not begin and end at the zone's midnights counts its
// part-days from the clicks themselves.

// dayNumber is t's date in loc, as days since 1970-01-01.
func dayNumber(t time.Time, loc *time.Location) int64 {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// dayStart is when day n (days since 1970-01-01) begins in loc.
func dayStart(n int64, loc *time.Location) time.Time {
	return time.Date(1970, 1, 1+int(n), 0, 0, 0, 0, loc)
}

// clickDay is one row of click_days.
type clickDay struct{ ws, day, link int64 }

// clickTally is what click_days holds of a row, or a change to it.
type clickTally struct{ clicks, unique, bots int64 }

// clickFacet is one row of click_facets.
type clickFacet struct {
	ws    int64
	facet string
	day   int64
	link  int64
	value string
}

// facetTally is what click_facets holds of a row, or a change to it.
type facetTally struct{ clicks, bots int64 }

// The facets of click_facets, and the value of each a click has.
var facets = []struct {
	name  string
	value func(c clickRow, loc *time.Location) string
}{
	{"device", func(c clickRow, _ *time.Location) string { return c.device }},
	{"referrer", func(c clickRow, _ *time.Location) string { return c.referrer }},
	{"hour", func(c clickRow, loc *time.Location) string { return strconv.Itoa(c.at.In(loc).Hour()) }},
}

// clickSums are the changes a transaction makes to click_days and
// click_facets, gathered per row before they are written
// (addClickSummaries).
type clickSums struct {
	days   map[clickDay]clickTally
	facets map[clickFacet]facetTally
}

func newClickSums() *clickSums {
	return &clickSums{days: map[clickDay]clickTally{}, facets: map[clickFacet]facetTally{}}
}

// zone is the workspace's time zone, read once per transaction: the
// write lock the transaction holds keeps it from changing meanwhile.
func (t *Tx) zone(ctx context.Context, ws int64) (*time.Location, error) {
	if loc, ok := t.zones[ws]; ok {
		return loc, nil
	}
	var name string
	if err := t.queryRow(ctx, `SELECT timezone FROM workspaces WHERE id = ?`, ws).Scan(&name); err != nil {
		return nil, fmt.Errorf("workspace %d: %w", ws, err)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("workspace %d: time zone %q: %w", ws, name, err)
	}
	if t.zones == nil {
		t.zones = map[int64]*time.Location{}
	}
	t.zones[ws] = loc
	return loc, nil
}

// countClick adds one stored click to sums (sign 1) or takes one away
// (-1).
func (t *Tx) countClick(ctx context.Context, sums *clickSums, ws int64, c clickRow, sign int64) error {
	loc, err := t.zone(ctx, ws)
	if err != nil {
		return err
	}
	day := dayNumber(c.at, loc)
	k := clickDay{ws, day, c.link}
	v := sums.days[k]
	if c.bot {
		v.bots += sign
	} else {
		v.clicks += sign
		if c.unique {
			v.unique += sign
		}
	}
	sums.days[k] = v
	for _, f := range facets {
		k := clickFacet{ws, f.name, day, c.link, f.value(c, loc)}
		v := sums.facets[k]
		if c.bot {
			v.bots += sign
		} else {
			v.clicks += sign
		}
		sums.facets[k] = v
	}
	return nil
}

// unmarkUnique records that a stored click stopped being unique.
func (t *Tx) unmarkUnique(ctx context.Context, sums *clickSums, ws, link int64, at time.Time) error {
	loc, err := t.zone(ctx, ws)
	if err != nil {
		return err
	}
	k := clickDay{ws, dayNumber(at, loc), link}
	v := sums.days[k]
	v.unique--
	sums.days[k] = v
	return nil
}

// sumRows bounds the rows of one click_days upsert (6 parameters each).
const sumRows = 500

// addClickSummaries writes sums into click_days and click_facets, in
// the caller's transaction. A row a removal leaves with no clicks and no
// bots is deleted.
func (t *Tx) addClickSummaries(ctx context.Context, sums *clickSums) error {
	days := make([]clickDay, 0, len(sums.days))
	for k, v := range sums.days {
		if v != (clickTally{}) {
			days = append(days, k)
		}
	}
	slices.SortFunc(days, func(a, b clickDay) int {
		return cmp.Or(cmp.Compare(a.ws, b.ws), cmp.Compare(a.day, b.day), cmp.Compare(a.link, b.link))
	})
	for len(days) > 0 {
		n := min(len(days), sumRows)
		args := make([]any, 0, 6*n)
		for _, k := range days[:n] {
			v := sums.days[k]
			args = append(args, k.ws, k.day, k.link, v.clicks, v.unique, v.bots)
		}
		if _, err := t.exec(ctx, `INSERT INTO click_days (workspace_id, day, link_id, clicks, unique_clicks, bots) VALUES `+
			strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?), ", n), ", ")+`
			ON CONFLICT (workspace_id, day, link_id) DO UPDATE SET clicks = click_days.clicks + excluded.clicks,
			unique_clicks = click_days.unique_clicks + excluded.unique_clicks, bots = click_days.bots + excluded.bots`,
			args...); err != nil {
			return fmt.Errorf("click summaries: %w", err)
		}
		days = days[n:]
	}
	fs := make([]clickFacet, 0, len(sums.facets))
	for k, v := range sums.facets {
		if v != (facetTally{}) {
			fs = append(fs, k)
		}
	}
	slices.SortFunc(fs, func(a, b clickFacet) int {
		return cmp.Or(cmp.Compare(a.ws, b.ws), cmp.Compare(a.facet, b.facet), cmp.Compare(a.day, b.day),
			cmp.Compare(a.link, b.link), cmp.Compare(a.value, b.value))
	})
	for len(fs) > 0 {
		n := min(len(fs), sumRows)
		args := make([]any, 0, 7*n)
		for _, k := range fs[:n] {
			v := sums.facets[k]
			args = append(args, k.ws, k.facet, k.day, k.link, k.value, v.clicks, v.bots)
		}
		if _, err := t.exec(ctx, `INSERT INTO click_facets (workspace_id, facet, day, link_id, value, clicks, bots) VALUES `+
			strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?), ", n), ", ")+`
			ON CONFLICT (workspace_id, facet, day, link_id, value) DO UPDATE SET clicks = click_facets.clicks + excluded.clicks,
			bots = click_facets.bots + excluded.bots`, args...); err != nil {
			return fmt.Errorf("click summaries: %w", err)
		}
		fs = fs[n:]
	}
	for k, v := range sums.days {
		if v.clicks < 0 || v.bots < 0 {
			if _, err := t.exec(ctx, `DELETE FROM click_days WHERE workspace_id = ? AND day = ? AND link_id = ?
				AND clicks = 0 AND bots = 0`, k.ws, k.day, k.link); err != nil {
				return fmt.Errorf("click summaries: %w", err)
			}
		}
	}
	for k, v := range sums.facets {
		if v.clicks < 0 || v.bots < 0 {
			if _, err := t.exec(ctx, `DELETE FROM click_facets WHERE workspace_id = ? AND facet = ? AND day = ? AND link_id = ?
				AND value = ? AND clicks = 0 AND bots = 0`, k.ws, k.facet, k.day, k.link, k.value); err != nil {
				return fmt.Errorf("click summaries: %w", err)
			}
		}
	}
	return nil
}

// clickRow is what the summaries need of a stored click.
type clickRow struct {
	link             int64
	at               time.Time
	bot, unique      bool
	device, referrer string
}

// storedClick reads the click with this id, if the workspace has one.
func (t *Tx) storedClick(ctx context.Context, ws int64, clickID string) (clickRow, bool, error) {
	var r clickRow
	var at int64
	err := t.queryRow(ctx, `SELECT link_id, time, bot, is_unique, device, referrer FROM clicks WHERE workspace_id = ? AND click_id = ?`,
		ws, clickID).Scan(&r.link, &at, &r.bot, &r.unique, &r.device, &r.referrer)
	if err == sql.ErrNoRows {
		return r, false, nil
	}
	r.at = fromMS(at)
	return r, err == nil, err
}

// execQuerier is a transaction the rebuild runs in.
type execQuerier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// rebuildClickDays sums the workspace's clicks into click_days anew, by
// their dates in loc, in one statement.
func rebuildClickDays(ctx context.Context, q execQuerier, ws int64, loc *time.Location) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM click_days WHERE workspace_id = ?`, ws); err != nil {
		return err
	}

	var lo, hi sql.NullInt64
	if err := q.QueryRowContext(ctx, `SELECT min(time), max(time) FROM clicks WHERE workspace_id = ?`, ws).Scan(&lo, &hi); err != nil {
		return err
	}
	if !lo.Valid {
		return nil
	}
	offset, args := zoneOffset(zoneSpans(loc, fromMS(lo.Int64), fromMS(hi.Int64)))
	_, err := q.ExecContext(ctx, `INSERT INTO click_days (workspace_id, day, link_id, clicks, unique_clicks, bots)
		SELECT workspace_id, d, link_id, sum(1 - bot), sum(is_unique * (1 - bot)), sum(bot) FROM
		(SELECT c.workspace_id, (c.time + `+offset+`) / 86400000 AS d, c.link_id, c.bot, c.is_unique
			FROM clicks c WHERE c.workspace_id = ?) x
		GROUP BY workspace_id, d, link_id`, append(args, ws)...)
	return err
}

// rebuildClickFacets sums the workspace's clicks into click_facets anew,
// by their dates and hours in loc.
func rebuildClickFacets(ctx context.Context, q execQuerier, ws int64, loc *time.Location) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM click_facets WHERE workspace_id = ?`, ws); err != nil {
		return err
	}
	var lo, hi sql.NullInt64
	if err := q.QueryRowContext(ctx, `SELECT min(time), max(time) FROM clicks WHERE workspace_id = ?`, ws).Scan(&lo, &hi); err != nil {
		return err
	}
	if !lo.Valid {
		return nil
	}
	offset, args := zoneOffset(zoneSpans(loc, fromMS(lo.Int64), fromMS(hi.Int64)))
	for _, f := range []struct{ name, value string }{
		{"device", "c.device"}, {"referrer", "c.referrer"},
		{"hour", "CAST(((c.time + " + offset + ") / 3600000) % 24 AS TEXT)"},
	} {
		var vargs []any
		if f.name == "hour" {
			vargs = args
		}
		if _, err := q.ExecContext(ctx, `INSERT INTO click_facets (workspace_id, facet, day, link_id, value, clicks, bots)
			SELECT workspace_id, '`+f.name+`', d, link_id, v, sum(1 - bot), sum(bot) FROM
			(SELECT c.workspace_id, (c.time + `+offset+`) / 86400000 AS d, c.link_id, `+f.value+` AS v, c.bot
				FROM clicks c WHERE c.workspace_id = ?) x
			GROUP BY workspace_id, d, link_id, v`, slices.Concat(vargs, args, []any{ws})...); err != nil {
			return err
		}
	}
	return nil
}

// rebuildClickSums sums the workspace's clicks anew into every summary.
func rebuildClickSums(ctx context.Context, q execQuerier, ws int64, loc *time.Location) error {
	if err := rebuildClickDays(ctx, q, ws, loc); err != nil {
		return err
	}
	return rebuildClickFacets(ctx, q, ws, loc)
}

// rebuildAll runs rebuild for every workspace: what a migration that
// adds a summary does with the clicks already stored.
func rebuildAll(ctx context.Context, q execQuerier, rebuild func(context.Context, execQuerier, int64, *time.Location) error) error {
	rows, err := q.QueryContext(ctx, `SELECT id, timezone FROM workspaces ORDER BY id`)
	if err != nil {
		return err
	}
	type wsZone struct {
		id   int64
		zone string
	}
	var all []wsZone
	for rows.Next() {
		var w wsZone
		if err := rows.Scan(&w.id, &w.zone); err != nil {
			rows.Close()
			return err
		}
		all = append(all, w)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, w := range all {
		loc, err := time.LoadLocation(w.zone)
		if err != nil {
			return fmt.Errorf("workspace %d: time zone %q: %w", w.id, w.zone, err)
		}
		if err := rebuild(ctx, q, w.id, loc); err != nil {
			return fmt.Errorf("workspace %d: %w", w.id, err)
		}
	}
	return nil
}

// ClickCount is the number of counted (non-bot) clicks of a link in one
// day, or in the whole period.
type ClickCount struct {
	LinkID int64
	Bucket time.Time // when the day begins in the workspace's zone; the Unix epoch for a period's total
	Clicks int64
	Unique int64
}

// ClickCounts counts the workspace's non-bot clicks per link in [from,
// to): per day in the workspace's time zone when perDay is set, else one
// count per link. Whole days are read from click_days; a period that
// begins or ends inside a day counts that part-day from the clicks
// themselves. Everything is read in one snapshot.
func (s *Store) ClickCounts(ctx context.Context, ws int64, from, to time.Time, perDay bool) ([]ClickCount, error) {
	var q execQuerier = s.tx
	if s.tx == nil {
		tx, err := s.rd.BeginTx(ctx)
		if err != nil {
			return nil, err
		}
		defer tx.Rollback()
		q = tx
	}
	var zone string
	if err := q.QueryRowContext(ctx, `SELECT timezone FROM workspaces WHERE id = ?`, ws).Scan(&zone); err != nil {
		return nil, fmt.Errorf("click counts: %w", err)
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return nil, fmt.Errorf("click counts: time zone %q: %w", zone, err)
	}
	type key struct{ link, day int64 }
	counts := map[key]*ClickCount{}
	add := func(link, day, clicks, unique int64) {
		if !perDay {
			day = 0
		}
		k := key{link, day}
		c := counts[k]
		if c == nil {
			c = &ClickCount{LinkID: link, Bucket: fromMS(0)}
			if perDay {
				c.Bucket = dayStart(day, loc)
			}
			counts[k] = c
		}
		c.Clicks += clicks
		c.Unique += unique
	}
	raw := func(from, to time.Time) error {
		rows, err := q.QueryContext(ctx, `SELECT link_id, time, is_unique FROM clicks
			WHERE workspace_id = ? AND bot = 0 AND time >= ? AND time < ?`, ws, ms(from), ms(to))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var link, at, unique int64
			if err := rows.Scan(&link, &at, &unique); err != nil {
				return err
			}
			add(link, dayNumber(fromMS(at), loc), 1, unique)
		}
		return rows.Err()
	}
	first, last := dayNumber(from, loc), dayNumber(to, loc)
	if !dayStart(first, loc).Equal(from) {
		first++ // from's own day is counted in part, from the clicks
	}
	if first >= last {
		if from.Before(to) {
			if err := raw(from, to); err != nil {
				return nil, fmt.Errorf("click counts: %w", err)
			}
		}
	} else {
		if start := dayStart(first, loc); from.Before(start) {
			if err := raw(from, start); err != nil {
				return nil, fmt.Errorf("click counts: %w", err)
			}
		}
		if end := dayStart(last, loc); end.Before(to) {
			if err := raw(end, to); err != nil {
				return nil, fmt.Errorf("click counts: %w", err)
			}
		}
		query := `SELECT link_id, day, clicks, unique_clicks FROM click_days
			WHERE workspace_id = ? AND day >= ? AND day < ? AND clicks > 0`
		if !perDay {
			query = `SELECT link_id, 0, sum(clicks), sum(unique_clicks) FROM click_days
			WHERE workspace_id = ? AND day >= ? AND day < ? GROUP BY link_id`
		}
		rows, err := q.QueryContext(ctx, query, ws, first, last)
		if err != nil {
			return nil, fmt.Errorf("click counts: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var link, day, clicks, unique int64
			if err := rows.Scan(&link, &day, &clicks, &unique); err != nil {
				return nil, fmt.Errorf("click counts: %w", err)
			}
			add(link, day, clicks, unique)
		}
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("click counts: %w", err)
		}
	}
	out := make([]ClickCount, 0, len(counts))
	for _, c := range counts {
		if c.Clicks > 0 {
			out = append(out, *c)
		}
	}
	slices.SortFunc(out, func(a, b ClickCount) int {
		return cmp.Or(cmp.Compare(a.LinkID, b.LinkID), a.Bucket.Compare(b.Bucket))
	})
	return out, nil
}
