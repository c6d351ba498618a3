package store

import (
	"context"
	"database/sql"
	"fmt"
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
func (s *Store) ClickBreakdown(ctx context.Context, ws int64, sc ClickScope, dims ...ClickDim) ([]ClickGroup, error) {
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
	return "((c.time + " + offset.String() + ") / 3600000) % 24", args
}
