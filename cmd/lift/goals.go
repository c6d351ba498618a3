package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/liftmetrics/lift/internal/goals"
	"github.com/liftmetrics/lift/internal/metrics"
	"github.com/liftmetrics/lift/internal/money"
	"github.com/liftmetrics/lift/internal/report"
	"github.com/liftmetrics/lift/internal/store"
)

// goalsClock is the moment goals are judged at; tests pin it.
var goalsClock = time.Now

// goalRow is one campaign's goal as `lift goals` shows it.
type goalRow struct {
	campaign store.Campaign
	target   float64 // in the unit of goals.ValueOf
	status   goals.Status
}

func cmdGoals(ctx context.Context, args []string, stdout io.Writer) error {
	fs, c := newFlags("goals")
	campaign := fs.String("campaign", "", "only this campaign")
	model := fs.String("model", "", "attribution model (default: the workspace's, last-touch unless set)")
	window := fs.String("window", "", "attribution window: 24h, 14d, 30d (default: the workspace's, 30d unless set)")
	format := fs.String("format", "table", "table or json")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("goals: unexpected argument %q", pos[0])
	}
	if *format != "table" && *format != "json" {
		return fmt.Errorf("goals: unknown format %q (use table or json)", *format)
	}
	opt := report.Options{By: "day"}
	st, ws, err := c.open(ctx, false)
	if err != nil {
		return err
	}
	defer st.Close()
	if opt.Model, opt.Window, err = attributionOf(ctx, st, ws, *model, *window); err != nil {
		return fmt.Errorf("goals: %w", err)
	}
	camps, err := goalCampaigns(ctx, st, ws, *campaign)
	if err != nil {
		return err
	}
	now := goalsClock()
	rows := make([]goalRow, 0, len(camps))
	for _, cp := range camps {
		row, err := trackGoal(ctx, st, ws, cp, opt, now)
		if err != nil {
			return err
		}
		rows = append(rows, row)
	}
	if *format == "json" {
		return writeGoalsJSON(stdout, ws, rows, now)
	}
	writeGoalsTable(stdout, ws, rows)
	return nil
}

// goalCampaigns returns the campaigns to show: the one named, or every
// campaign with a goal.
func goalCampaigns(ctx context.Context, st *store.Store, ws store.Workspace, name string) ([]store.Campaign, error) {
	all, err := st.Campaigns(ctx, ws.ID)
	if err != nil {
		return nil, fmt.Errorf("goals: %w", err)
	}
	var names []string
	var picked []store.Campaign
	for _, cp := range all {
		names = append(names, cp.Name)
		switch {
		case name != "" && strings.EqualFold(cp.Name, name):
			if cp.GoalMetric == "" {
				return nil, fmt.Errorf("goals: campaign %q has no goal (give it goal_metric and goal_target in campaigns.csv)", cp.Name)
			}
			return []store.Campaign{cp}, nil
		case name == "" && cp.GoalMetric != "":
			picked = append(picked, cp)
		}
	}
	if name != "" {
		return nil, fmt.Errorf("goals: unknown campaign %q (campaigns: %s)", name, strings.Join(names, ", "))
	}
	return picked, nil
}

// trackGoal measures one campaign's goal from its report by day.
func trackGoal(ctx context.Context, st *store.Store, ws store.Workspace, cp store.Campaign, opt report.Options, now time.Time) (goalRow, error) {
	opt.Campaign = cp.Name
	r, err := report.Build(ctx, st, ws, opt)
	if err != nil {
		return goalRow{}, fmt.Errorf("goals: %w", err)
	}
	row := goalRow{campaign: cp, target: goals.Target(cp.GoalMetric, cp.GoalTarget)}
	value, err := goals.ValueOf(r.Total, cp.GoalMetric)
	if err != nil {
		return goalRow{}, fmt.Errorf("goals: campaign %s: %w", cp.Name, err)
	}
	var series []goals.Day
	if !goals.IsRatio(cp.GoalMetric) {
		for _, day := range r.Rows {
			if report.IsPeriodKey(day.Key) {
				continue // an Amazon Associates total for a period is no day's number
			}
			v, _ := goals.ValueOf(day.Values, cp.GoalMetric)
			series = append(series, goals.Day{Date: day.Key, Value: *v})
		}
	}
	g := goals.Goal{Metric: cp.GoalMetric, Target: row.target, Starts: cp.Starts, Ends: cp.Ends}
	row.status = goals.Track(g, value, series, now)
	return row, nil
}

func writeGoalsTable(w io.Writer, ws store.Workspace, rows []goalRow) {
	if len(rows) == 0 {
		fmt.Fprintln(w, "goals: no campaign has a goal (give campaigns goal_metric and goal_target in campaigns.csv)")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "campaign\tdates\tgoal\tvalue\tprogress\texpected\tpace\tat this rate")
	paces := map[string]int{}
	for _, r := range rows {
		s := r.status
		paces[s.Pace]++
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.campaign.Name, dates(r.campaign, ws.Loc),
			r.campaign.GoalMetric+" ≥ "+goalAmount(r.campaign.GoalMetric, &r.target, ws.Currency),
			goalAmount(r.campaign.GoalMetric, s.Value, ws.Currency),
			metrics.Percent(s.Progress), metrics.Percent(s.Expected), s.Pace, outlook(r, ws.Loc))
	}
	tw.Flush()
	var counts []string
	for _, p := range []string{goals.OnTrack, goals.Behind, goals.Reached, goals.Ended, goals.NotStarted} {
		if paces[p] > 0 {
			counts = append(counts, fmt.Sprintf("%d %s", paces[p], p))
		}
	}
	fmt.Fprintf(w, "goals: %d campaigns: %s\n", len(rows), strings.Join(counts, ", "))
}

// outlook says when the target will be reached, or why that is not said.
func outlook(r goalRow, loc *time.Location) string {
	s := r.status
	switch {
	case s.Pace == goals.NotStarted:
		return "starts " + r.campaign.Starts.In(loc).Format(time.DateOnly)
	case goals.IsRatio(r.campaign.GoalMetric):
		return ratioOutlook(s)
	case s.Pace == goals.Reached && s.ReachedOn != "":
		return "reached on " + s.ReachedOn
	case s.Pace == goals.Reached:
		return "reached"
	case s.Pace == goals.Ended:
		return "not reached"
	case s.Projected != nil && *s.ByEnd:
		return s.Projected.In(loc).Format(time.DateOnly)
	case s.Projected != nil:
		return s.Projected.In(loc).Format(time.DateOnly) + ": will not be reached by the end at this rate"
	case s.ByEnd != nil:
		return "will not be reached by the end at this rate"
	}
	return "no progress yet"
}

// ratioOutlook describes ROI or ROAS against its target: it is judged as
// it stands, since a ratio has no rate to project.
func ratioOutlook(s goals.Status) string {
	switch {
	case s.Pace == goals.Reached:
		return "met"
	case s.Pace == goals.Ended:
		return "not met"
	case s.Met:
		return "met so far"
	}
	return "not met so far"
}

// dates shows a campaign's first and last day (Ends is the midnight after).
func dates(cp store.Campaign, loc *time.Location) string {
	return cp.Starts.In(loc).Format(time.DateOnly) + " to " + cp.Ends.Add(-time.Nanosecond).In(loc).Format(time.DateOnly)
}

// goalAmount shows a goal's value or target in its metric's unit.
func goalAmount(metric string, v *float64, currency string) string {
	switch {
	case v == nil:
		return "—"
	case metric == "revenue":
		return money.Format(money.Round(*v), currency)
	case metric == "roi":
		return metrics.Percent(v)
	case metric == "roas":
		return metrics.Multiple(v)
	}
	return metrics.Decimal(*v)
}

// goalJSON is one goal in `lift goals --format json`. Revenue amounts are
// numbers in major units, like every amount in JSON.
type goalJSON struct {
	Campaign     string    `json:"campaign"`
	Starts       string    `json:"starts"`
	Ends         string    `json:"ends"` // last day
	Metric       string    `json:"metric"`
	Target       any       `json:"target"`
	Value        any       `json:"value"`
	Progress     *float64  `json:"progress"`
	Expected     *float64  `json:"expected"`
	Met          bool      `json:"met"`
	Pace         string    `json:"pace"`
	DailyRate    any       `json:"daily_rate"`
	Projected    *string   `json:"projected_date"`
	ReachedByEnd *bool     `json:"reached_by_end"`
	ReachedOn    *string   `json:"reached_on"`
	Series       []dayJSON `json:"series"`
}

type dayJSON struct {
	Day        string `json:"day"`
	Value      any    `json:"value"`
	Cumulative any    `json:"cumulative"`
}

func writeGoalsJSON(w io.Writer, ws store.Workspace, rows []goalRow, now time.Time) error {
	out := struct {
		Workspace string     `json:"workspace"`
		Currency  string     `json:"currency"`
		Now       string     `json:"now"`
		Goals     []goalJSON `json:"goals"`
	}{ws.Name, ws.Currency, now.In(ws.Loc).Format(time.RFC3339), []goalJSON{}}
	for _, r := range rows {
		out.Goals = append(out.Goals, goalToJSON(r, ws.Loc))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func goalToJSON(r goalRow, loc *time.Location) goalJSON {
	s, m := r.status, r.campaign.GoalMetric
	g := goalJSON{
		Campaign: r.campaign.Name, Starts: r.campaign.Starts.In(loc).Format(time.DateOnly),
		Ends: r.campaign.Ends.Add(-time.Nanosecond).In(loc).Format(time.DateOnly), Metric: m,
		Target: jsonAmount(m, &r.target), Value: jsonAmount(m, s.Value), Progress: s.Progress, Expected: s.Expected,
		Met: s.Met, Pace: s.Pace, DailyRate: jsonAmount(m, s.DailyRate), ReachedByEnd: s.ByEnd,
		Series: []dayJSON{},
	}
	if s.Projected != nil {
		d := s.Projected.In(loc).Format(time.DateOnly)
		g.Projected = &d
	}
	if s.ReachedOn != "" {
		g.ReachedOn = &s.ReachedOn
	}
	for _, d := range s.Series {
		g.Series = append(g.Series, dayJSON{d.Date, jsonAmount(m, &d.Value), jsonAmount(m, &d.Cumulative)})
	}
	return g
}

// jsonAmount gives revenue as money (major units, two decimals) and every
// other metric as a plain number; nil stays null.
func jsonAmount(metric string, v *float64) any {
	if v == nil {
		return nil
	}
	if metric == "revenue" {
		return money.Round(*v)
	}
	return *v
}
