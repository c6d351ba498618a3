package web

import (
	"net/http"
	"strings"

	"github.com/liftmetrics/lift/internal/benchmarks"
	"github.com/liftmetrics/lift/internal/metrics"
	"github.com/liftmetrics/lift/internal/report"
)

type creatorsPage struct {
	F        *filters
	All      bool // every KPI shown, not only the key ones
	Board    *table
	Shown    int
	Of       int
	Currency string
	Ranked   bool // in the honest ranking's order
}

func (h *Handler) creators(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	ctx := r.Context()
	q := r.URL.Query()
	f, err := h.readFilters(ctx, q, rc.WS)
	if err != nil {
		return err
	}
	opt := f.options("creator")
	opt.Rank = true // README, "Honest ranking": sorted by what is likely, with a verdict
	rep, err := h.build(ctx, rc.WS, opt)
	if err != nil {
		return err
	}
	bt, err := report.Benchmarks(ctx, h.st, rc.WS.ID)
	if err != nil {
		return err
	}
	var rows []report.Row
	for _, row := range rep.Rows {
		if (f.Platform == "" || row.Platform == f.Platform) && (f.Tier == "" || row.Tier == f.Tier) {
			rows = append(rows, row)
		}
	}
	p := &creatorsPage{F: f, All: q.Get("kpis") == "all", Shown: len(rows), Of: len(rep.Rows), Currency: rc.WS.Currency}
	p.Board = leaderboard(bt, rows, rc.WS.Currency, f)
	if len(rep.Rows) == 0 {
		p.Board.Empty, p.Board.EmptyURL, p.Board.EmptyCTA = h.noCreatorsYet(r, rc)
	}
	// Without a sort asked for, the rows keep the report's order: ranked
	// by likely ROI, not by luck.
	p.Board.sortFromQuery(q, "", false)
	p.Ranked = q.Get("sort") == "" && len(rows) > 1
	return h.page(w, r, rc, "creators", view{Title: "Creators", Nav: "creators", Page: p, Alert: problems(f)}, p.Board)
}

// noCreatorsYet says what to do on an empty leaderboard.
func (h *Handler) noCreatorsYet(r *http.Request, rc *reqCtx) (msg, href, cta string) {
	creators, err := h.st.Creators(r.Context(), rc.WS.ID)
	if err == nil && len(creators) == 0 {
		return "No creators yet. Import your creators (handle, platform, followers) to start the leaderboard.",
			"/import?kind=creators", "Import creators"
	}
	return "No creator has posts, clicks, orders or costs in this period. Import posts, costs and orders, or widen the dates.",
		"/import", "Import data"
}

// leaderboardLead are the columns that answer the leaderboard's question,
// whom to book again: the verdict, what it rests on, and the money.
var leaderboardLead = []string{"creator", "verdict", "likely_roi", "revenue", "cost", "roas", "orders", "cac"}

// leaderboard is the creators' table with every KPI, the key ones first
// and the others behind "All KPIs"; CTR, engagement rate and ROAS are
// marked against each creator's benchmark.
func leaderboard(bt *benchmarks.Table, rows []report.Row, cur string, f *filters) *table {
	t := &table{Name: "creators", Sortable: true, Sticky: true, Lead: leaderboardLead, FoldText: "All KPIs", Cols: []column{
		{Key: "creator", Head: "Creator"}, {Key: "platform", Head: "Platform"}, {Key: "tier", Head: "Tier"},
		{Key: "verdict", Head: "Verdict", Title: "what the honest ranking suggests, and why: rebook, test again or drop"},
		{Key: "likely_roi", Head: "Likely ROI", Title: "ROI shrunk toward the workspace's average, so that a few lucky orders do not top the board; the 90% interval on hover", Num: true}}}
	for _, k := range kpis {
		t.Cols = append(t.Cols, column{Key: k.Key, Head: k.Head, Title: k.Title, Num: true})
	}
	line := func(v metrics.Values, platform, tier string) []cell {
		var cells []cell
		for _, k := range kpis {
			cells = append(cells, marked(bt, k, v, cur, platform, tier))
		}
		return cells
	}
	for _, row := range rows {
		// The platform and tier also sit under the name, which stays in
		// view while every KPI scrolls past.
		name := link(row.Key, creatorPath(row.Key)+f.query())
		name.Sub = strings.Join(nonEmpty(row.Platform, row.Tier), " · ")
		head := []cell{name, text(row.Platform), text(row.Tier)}
		head = append(head, verdict(row.RowRank)...)
		t.add(append(head, line(row.Values, row.Platform, row.Tier)...)...)
	}
	if len(rows) > 0 {
		foot := append([]cell{text("Total"), text(""), text(""), text(""), text("")}, line(sumValues(rows), "", "")...)
		for i := range foot {
			foot[i].Mark, foot[i].Hint = "", ""
		}
		t.Foot = []row{{Cells: foot, Class: "total"}}
	}
	t.Empty = "No creator matches these filters."
	return t
}

// verdict is a row's recommendation and likely ROI, or dashes when the
// ranking has nothing to say about it.
func verdict(rr *report.RowRank) []cell {
	if rr == nil {
		return []cell{text(""), undefinedCell()}
	}
	v := cell{Text: rr.Recommendation, Raw: rr.Recommendation, Hint: rr.Reason, Pill: strings.ReplaceAll(rr.Recommendation, " ", "-")}
	roi := percent(rr.ROIShrunk)
	if rr.ROILow != nil && rr.ROIHigh != nil {
		roi.Hint = "90% interval: " + metrics.Percent(rr.ROILow) + " to " + metrics.Percent(rr.ROIHigh)
	}
	return []cell{v, roi}
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
