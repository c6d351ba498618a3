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

// ClickDim is what a click breakdown groups by.
type ClickDim int

// The dimensions of a click breakdown.
const (
	ByCreator  ClickDim = iota // the link's creator
	ByCampaign                 // the link's campaign
	ByDevice                   // device class: mobile, tablet, desktop, bot, unknown or ""
	ByReferrer                 // referrer host, "" when the visit named none
	ByHour                     // hour of day, 0–23, in ClickScope.Loc
)

// dimColumn is each dimension's column in breakdownRows; names come from
// code, never from input.
var dimColumn = map[ClickDim]string{ByCreator: "creator_id", ByCampaign: "campaign_id", ByDevice: "device",
	ByReferrer: "referrer", ByHour: "hour"}

// ClickScope is which clicks a breakdown counts.
type ClickScope struct {
	From, To   time.Time      // [From, To); a zero bound is open
	CampaignID int64          // 0: every campaign
	CreatorID  int64          // 0: every creator
	Loc        *time.Location // the zone of ByHour; nil is UTC
}

// ClickGroup is the tracked clicks of one group of a breakdown: Clicks
// are the counted ones, Bots those stored as bots, apart. Only the
// fields of the breakdown's dimensions are set.
type ClickGroup struct {
	CreatorID, CampaignID int64
	Device, Referrer      string
	Hour                  int
	Clicks, Bots          int64
}

// ClickBreakdown counts a workspace's tracked clicks in scope grouped by
// dims, in the database: one row per group that has clicks, ordered by
// dims. Imported click-throughs (Amazon) carry no device, referrer or
// time of day and are not among them.
//
// Whole days of the workspace's zone are read from the click summaries
// (click_days, click_facets) when dims hold at most one of device,
// referrer and hour, and the scope's zone is the workspace's; a scope
// that begins or ends inside a day counts those part-days from the
// clicks themselves, as does any other breakdown.
func (s *Store) ClickBreakdown(ctx context.Context, ws int64, sc ClickScope, dims ...ClickDim) ([]ClickGroup, error) {
	if len(dims) == 0 {
		return nil, fmt.Errorf("click breakdown: no dimension")
	}
	facet := ""
	for _, d := range dims {
		name := map[ClickDim]string{ByDevice: "device", ByReferrer: "referrer", ByHour: "hour"}[d]
		if _, ok := dimColumn[d]; !ok {
			return nil, fmt.Errorf("click breakdown: unknown dimension %d", d)
		}
		if name == "" {
			continue
		}
		if facet != "" && facet != name {
			return s.rawClickBreakdown(ctx, ws, sc, dims...)
		}
		facet = name
	}
	var zone string
	if err := s.rd.QueryRowContext(ctx, `SELECT timezone FROM workspaces WHERE id = ?`, ws).Scan(&zone); err != nil {
		return nil, fmt.Errorf("click breakdown: %w", err)
	}
	loc := sc.Loc
	if loc == nil {
		loc = time.UTC
	}
	if loc.String() != zone {
		return s.rawClickBreakdown(ctx, ws, sc, dims...)
	}
	// The whole days in scope, [first, last); open ends read every day.
	where := []string{"f.workspace_id = ?"}
	args := []any{ws}
	table := "click_days"
	if facet != "" {
		table = "click_facets"
		where, args = append(where, "f.facet = ?"), append(args, facet)
	}
	var edges [][2]time.Time
	if !sc.From.IsZero() {
		first := dayNumber(sc.From, loc)
		if start := dayStart(first, loc); !start.Equal(sc.From) {
			first++
			edges = append(edges, [2]time.Time{sc.From, dayStart(first, loc)})
		}
		where, args = append(where, "f.day >= ?"), append(args, first)
	}
	if !sc.To.IsZero() {
		last := dayNumber(sc.To, loc)
		if end := dayStart(last, loc); end.Before(sc.To) {
			edges = append(edges, [2]time.Time{end, sc.To})
		}
		where, args = append(where, "f.day < ?"), append(args, last)
	}
	if !sc.From.IsZero() && !sc.To.IsZero() && (!sc.From.Before(sc.To) ||
		!dayStart(dayNumber(sc.From, loc), loc).Equal(sc.From) && dayNumber(sc.From, loc)+1 >= dayNumber(sc.To, loc)) {
		// No whole day in scope: the clicks themselves.
		return s.rawClickBreakdown(ctx, ws, sc, dims...)
	}
	if sc.CampaignID != 0 {
		where, args = append(where, "l.campaign_id = ?"), append(args, sc.CampaignID)
	}
	if sc.CreatorID != 0 {
		where, args = append(where, "l.creator_id = ?"), append(args, sc.CreatorID)
	}
	value, groupBy := "''", "l.creator_id, l.campaign_id"
	if facet != "" {
		value, groupBy = "f.value", groupBy+", f.value"
	}
	type key struct {
		creator, campaign int64
		device, referrer  string
		hour              int
	}
	groups := map[key]*ClickGroup{}
	add := func(g ClickGroup) {
		var k key
		for _, d := range dims {
			switch d {
			case ByCreator:
				k.creator = g.CreatorID
			case ByCampaign:
				k.campaign = g.CampaignID
			case ByDevice:
				k.device = g.Device
			case ByReferrer:
				k.referrer = g.Referrer
			case ByHour:
				k.hour = g.Hour
			}
		}
		if groups[k] == nil {
			groups[k] = &ClickGroup{CreatorID: k.creator, CampaignID: k.campaign, Device: k.device, Referrer: k.referrer, Hour: k.hour}
		}
		groups[k].Clicks += g.Clicks
		groups[k].Bots += g.Bots
	}
	err := s.query(ctx, func(r *sql.Rows) error {
		var g ClickGroup
		var v string
		if err := r.Scan(&g.CreatorID, &g.CampaignID, &v, &g.Clicks, &g.Bots); err != nil {
			return err
		}
		switch facet {
		case "device":
			g.Device = v
		case "referrer":
			g.Referrer = v
		case "hour":
			h, err := strconv.Atoi(v)
			if err != nil {
				return fmt.Errorf("hour %q: %w", v, err)
			}
			g.Hour = h
		}
		add(g)
		return nil
	}, `SELECT l.creator_id, l.campaign_id, `+value+`, sum(f.clicks), sum(f.bots) FROM `+table+` f
		JOIN links l ON l.id = f.link_id WHERE `+strings.Join(where, " AND ")+`
		GROUP BY `+groupBy, args...)
	if err != nil {
		return nil, fmt.Errorf("click breakdown: %w", err)
	}
	for _, e := range edges {
		part := sc
		part.From, part.To = e[0], e[1]
		gs, err := s.rawClickBreakdown(ctx, ws, part, dims...)
		if err != nil {
			return nil, err
		}
		for _, g := range gs {
			add(g)
		}
	}
	out := make([]ClickGroup, 0, len(groups))
	for _, g := range groups {
		if g.Clicks != 0 || g.Bots != 0 {
			out = append(out, *g)
		}
	}
	slices.SortFunc(out, func(a, b ClickGroup) int {
		for _, d := range dims {
			var c int
			switch d {
			case ByCreator:
				c = cmp.Compare(a.CreatorID, b.CreatorID)
			case ByCampaign:
				c = cmp.Compare(a.CampaignID, b.CampaignID)
			case ByDevice:
				c = strings.Compare(a.Device, b.Device)
			case ByReferrer:
				c = strings.Compare(a.Referrer, b.Referrer)
			case ByHour:
				c = cmp.Compare(a.Hour, b.Hour)
			}
			if c != 0 {
				return c
			}
		}
		return 0
	})
	return out, nil
}

// rawClickBreakdown is ClickBreakdown counted from the clicks themselves.
func (s *Store) rawClickBreakdown(ctx context.Context, ws int64, sc ClickScope, dims ...ClickDim) ([]ClickGroup, error) {
	if len(dims) == 0 {
		return nil, fmt.Errorf("click breakdown: no dimension")
	}
	cols := make([]string, len(dims))
	hour := false
	for i, d := range dims {
		c, ok := dimColumn[d]
		if !ok {
			return nil, fmt.Errorf("click breakdown: unknown dimension %d", d)
		}
		cols[i], hour = c, hour || d == ByHour
	}
	inner, args, err := s.breakdownRows(ctx, ws, sc, hour)
	if err != nil {
		return nil, err
	}
	list := strings.Join(cols, ", ")
	var out []ClickGroup
	err = s.query(ctx, func(r *sql.Rows) error {
		var g ClickGroup
		dest := make([]any, 0, len(dims)+2)
		for _, d := range dims {
			dest = append(dest, map[ClickDim]any{ByCreator: &g.CreatorID, ByCampaign: &g.CampaignID,
				ByDevice: &g.Device, ByReferrer: &g.Referrer, ByHour: &g.Hour}[d])
		}
		if err := r.Scan(append(dest, &g.Clicks, &g.Bots)...); err != nil {
			return err
		}
		out = append(out, g)
		return nil
	}, `SELECT `+list+`, sum(1 - bot), sum(bot) FROM (`+inner+`) x GROUP BY `+list+` ORDER BY `+list, args...)
	if err != nil {
		return nil, fmt.Errorf("click breakdown: %w", err)
	}
	return out, nil
}

// breakdownRows is the query of the clicks in scope, one row each, with
// their link's creator and campaign and, when asked, their local hour.
func (s *Store) breakdownRows(ctx context.Context, ws int64, sc ClickScope, hour bool) (string, []any, error) {
	where := []string{"c.workspace_id = ?"}
	args := []any{ws}
	for _, f := range []struct {
		on   bool
		cond string
		arg  any
	}{{!sc.From.IsZero(), "c.time >= ?", ms(sc.From)}, {!sc.To.IsZero(), "c.time < ?", ms(sc.To)},
		{sc.CampaignID != 0, "l.campaign_id = ?", sc.CampaignID}, {sc.CreatorID != 0, "l.creator_id = ?", sc.CreatorID}} {
		if f.on {
			where, args = append(where, f.cond), append(args, f.arg)
		}
	}
	hourCol := "0"
	var hourArgs []any
	if hour {
		first, last, ok, err := s.clickSpan(ctx, ws, sc)
		if err != nil {
			return "", nil, err
		}
		if ok {
			hourCol, hourArgs = localHour(zoneSpans(sc.Loc, first, last))
		}
	}
	q := `SELECT l.creator_id AS creator_id, l.campaign_id AS campaign_id, c.device AS device,
		c.referrer AS referrer, ` + hourCol + ` AS hour, c.bot AS bot
		FROM clicks c JOIN links l ON l.id = c.link_id WHERE ` + strings.Join(where, " AND ")
	return q, append(hourArgs, args...), nil
}

// clickSpan is the time of the first and the last click in scope, which
// bounds the zone offsets an hour of day needs.
func (s *Store) clickSpan(ctx context.Context, ws int64, sc ClickScope) (first, last time.Time, ok bool, err error) {
	q := `SELECT min(time), max(time) FROM clicks WHERE workspace_id = ?`
	args := []any{ws}
	if !sc.From.IsZero() {
		q, args = q+` AND time >= ?`, append(args, ms(sc.From))
	}
	if !sc.To.IsZero() {
		q, args = q+` AND time < ?`, append(args, ms(sc.To))
	}
	var lo, hi sql.NullInt64
	if err := s.rd.QueryRowContext(ctx, q, args...).Scan(&lo, &hi); err != nil {
		return first, last, false, fmt.Errorf("click breakdown: %w", err)
	}
	return fromMS(lo.Int64), fromMS(hi.Int64), lo.Valid, nil
}

// zoneSpan is a stretch of time with one UTC offset: until Until
// (exclusive; zero for the last) clocks in the zone read UTC + Offset.
type zoneSpan struct {
	Until  time.Time
	Offset time.Duration
}

// maxZoneSpans bounds the offsets one query carries: two changes a year
// for longer than anyone has run a campaign.
const maxZoneSpans = 400

// zoneSpans lists loc's offsets from first to last, in order.
func zoneSpans(loc *time.Location, first, last time.Time) []zoneSpan {
	if loc == nil {
		loc = time.UTC
	}
	var out []zoneSpan
	t := first.In(loc)
	for len(out) < maxZoneSpans {
		_, off := t.Zone()
		_, end := t.ZoneBounds()
		if end.IsZero() || end.After(last) {
			return append(out, zoneSpan{Offset: time.Duration(off) * time.Second})
		}
		out = append(out, zoneSpan{Until: end, Offset: time.Duration(off) * time.Second})
		t = end.In(loc)
	}
	_, off := t.Zone()
	return append(out, zoneSpan{Offset: time.Duration(off) * time.Second})
}

// localHour is the SQL of a click's hour of day on the clocks of spans:
// its time moved by the offset of its span, in whole hours, modulo 24.
// Integer division and % behave alike in SQLite and PostgreSQL for the
// positive times clicks have.
func localHour(spans []zoneSpan) (string, []any) {
	offset, args := zoneOffset(spans)
	return "((c.time + " + offset + ") / 3600000) % 24", args
}

// zoneOffset is the SQL of the offset, in milliseconds, of the span of
// spans a click (c.time) falls in.
func zoneOffset(spans []zoneSpan) (string, []any) {
	var offset strings.Builder
	var args []any
	if len(spans) == 1 {
		offset.WriteString("CAST(? AS BIGINT)")
		args = append(args, spans[0].Offset.Milliseconds())
	} else {
		offset.WriteString("CASE")
		for _, s := range spans[:len(spans)-1] {
			offset.WriteString(" WHEN c.time < CAST(? AS BIGINT) THEN CAST(? AS BIGINT)")
			args = append(args, ms(s.Until), s.Offset.Milliseconds())
		}
		offset.WriteString(" ELSE CAST(? AS BIGINT) END")
		args = append(args, spans[len(spans)-1].Offset.Milliseconds())
	}
	return offset.String(), args
}
