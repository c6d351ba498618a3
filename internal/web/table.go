package web

import (
	"cmp"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/liftmetrics/lift/internal/metrics"
	"github.com/liftmetrics/lift/internal/money"
	"github.com/liftmetrics/lift/internal/textsafe"
)

// table is one table of a page. The same rows are shown as HTML and
// downloaded as CSV, so what is downloaded is what is seen.
type table struct {
	Name     string // in ?table=, and the CSV file's name
	Cols     []column
	Rows     []row
	Foot     []row
	Empty    string // what to do when there are no rows
	EmptyURL string
	EmptyCTA string
	Sortable bool
	Sticky   bool // keep the first column in view while scrolling
	// Lead lists the keys of the columns that answer the page's question,
	// shown first and in this order; the other columns wait behind the
	// "All KPIs" button, so that the table fits its card. The download
	// keeps every column in the order of Cols.
	Lead     []string
	FoldText string      // the button's label: "All KPIs", or by default "All columns"
	All      bool        // every column shown: ?kpis=all
	Keep     [][2]string // the page's query, for the button without a script
	CSVURL   string
	CSRF     string // for cells that post a form
	// Pager shows a long table a page at a time (paginate); the download
	// still holds every row.
	Pager    *pager
	sortKey  string
	sortDesc bool
	heads    []column // Heads and order, kept for Visible's every row
	shown    []int
}

// pager is where a paginated table stands: rows From to To (1-based)
// of Total, and the links to the pages before and after.
type pager struct {
	per, page       int
	anchor          string
	param           string // the query parameter that holds the page
	From, To, Total int
	Prev, Next      string
	Split           bool // more rows than one page holds
}

type column struct {
	More  bool   // shown with every KPI only: not in the table's Lead
	Key   string // CSV header and ?sort= value
	Head  string
	Title string // explains the column on hover
	Num   bool
	Href  string // sort link
	Order string // "asc" or "desc" when the table is sorted by it
	// CSVOnly columns are in the download but not on the page, where
	// another column shows them (an interval under its estimate).
	CSVOnly bool
}

type row struct {
	Cells []cell
	Class string
	// Fold keeps the row in the download but off the page, where a line
	// of the page's own stands for it and its like.
	Fold bool
}

// cell is one value: Text for people, Raw for CSV (money in major units
// with two decimals, rates as fractions, undefined as empty).
type cell struct {
	Text  string
	Raw   string
	Num   bool
	Href  string
	Mark  string // benchmark mark: below, within, above
	Hint  string // shown on hover
	Mono  bool
	Muted bool
	Clip  bool   // long text, cut with an ellipsis
	Wide  bool   // prose, which must not be squeezed into a narrow column
	Whole bool   // kept on one line, as a date
	Copy  string // offered to copy with a button
	QR    string // URL of a QR code image
	Alt   string
	Post  string // a button that posts to this path
	Pill  string // shown as a pill of this kind
	Sub   string // a second, smaller line under the value
	more  bool   // in a column shown with every KPI only
	sortN *float64
}

// Class is the cell's CSS classes.
func (c cell) Class() string {
	var cls []string
	for _, x := range []struct {
		on   bool
		name string
	}{{c.Num, "num"}, {c.negative(), "neg"}, {c.Muted, "muted"}, {c.Mono, "mono"}, {c.Clip, "clip"}, {c.Wide, "wide"}, {c.Whole, "nowrap"}, {c.more, "more"}} {
		if x.on {
			cls = append(cls, x.name)
		}
	}
	return strings.Join(cls, " ")
}

// negative is a number below zero (a loss, a negative ROI or lift),
// which the page colours so it is not read as a gain.
func (c cell) negative() bool { return c.Num && c.sortN != nil && *c.sortN < 0 }

func (t *table) add(cells ...cell) { t.Rows = append(t.Rows, row{Cells: cells}) }

// paginate shows the rows per at a time, the page ?page= asks for (the
// first, or the last when it asks past the end); the page's links end
// in #anchor, to come back to the table.
func (t *table) paginate(q url.Values, per int, anchor string) { t.paginateBy(q, per, anchor, "page") }

// paginateBy is paginate with the page in ?param=, for a page with more
// than one long table, each turning its own pages.
func (t *table) paginateBy(q url.Values, per int, anchor, param string) {
	n, _ := strconv.Atoi(q.Get(param))
	total := len(t.unfolded())
	last := max(1, (total+per-1)/per)
	t.Pager = &pager{per: per, page: min(max(n, 1), last), anchor: anchor, param: param, Total: total, Split: total > per}
	if t.Pager.Total > 0 {
		t.Pager.From = (t.Pager.page-1)*per + 1
		t.Pager.To = min(t.Pager.page*per, t.Pager.Total)
	}
}

// Shown are the rows the page shows: all but the folded ones, or one
// page's of them.
func (t *table) Shown() []row {
	rows := t.unfolded()
	if t.Pager == nil || t.Pager.Total == 0 {
		return rows
	}
	return rows[t.Pager.From-1 : t.Pager.To]
}

func (t *table) unfolded() []row {
	if !slices.ContainsFunc(t.Rows, func(r row) bool { return r.Fold }) {
		return t.Rows
	}
	return slices.DeleteFunc(slices.Clone(t.Rows), func(r row) bool { return r.Fold })
}

// order is the indexes of the columns the page shows, in the order it
// shows them: the Lead columns first, then the others as in Cols; never
// the CSV-only ones.
func (t *table) order() []int {
	var out []int
	for _, k := range t.Lead {
		if i := slices.IndexFunc(t.Cols, func(c column) bool { return c.Key == k }); i >= 0 && !t.Cols[i].CSVOnly {
			out = append(out, i)
		}
	}
	for i, c := range t.Cols {
		if !c.CSVOnly && !slices.Contains(t.Lead, c.Key) {
			out = append(out, i)
		}
	}
	return out
}

// Heads are the columns the page shows, in order, those behind the "All
// KPIs" button marked More.
func (t *table) Heads() []column {
	var out []column
	for _, i := range t.order() {
		c := t.Cols[i]
		c.More = len(t.Lead) > 0 && !slices.Contains(t.Lead, c.Key)
		out = append(out, c)
	}
	return out
}

// Folds says whether some columns wait behind the "All KPIs" button.
func (t *table) Folds() bool { return len(t.Lead) > 0 && len(t.order()) > len(t.Lead) }

// Unfold is the label of the button that shows the folded columns.
func (t *table) Unfold() string { return cmp.Or(t.FoldText, "All columns") }

// Visible is the part of a row the page shows, in the order of Heads.
func (t *table) Visible(cells []cell) []cell {
	if t.heads == nil {
		t.heads, t.shown = t.Heads(), t.order()
	}
	out := make([]cell, 0, len(t.shown))
	for j, i := range t.shown {
		if i < len(cells) {
			c := cells[i]
			c.more = t.heads[j].More
			out = append(out, c)
		}
	}
	return out
}

// link fills the sort and download links for the page's URL.
func (t *table) link(u *url.URL, csrf string) {
	t.CSRF = csrf
	t.CSVURL = withQuery(u, "format", "csv", "table", t.Name, "page", "")
	if pg := t.Pager; pg != nil {
		t.CSVURL = withQuery(u, "format", "csv", "table", t.Name, pg.param, "")
		at := func(n int) string { return withQuery(u, pg.param, strconv.Itoa(n)) + "#" + pg.anchor }
		if pg.page > 1 {
			pg.Prev = at(pg.page - 1)
		}
		if pg.To < pg.Total {
			pg.Next = at(pg.page + 1)
		}
	}
	q := u.Query()
	t.All = q.Get("kpis") == "all"
	t.Keep = nil
	for _, k := range slices.Sorted(maps.Keys(q)) {
		if k != "kpis" {
			for _, v := range q[k] {
				t.Keep = append(t.Keep, [2]string{k, v})
			}
		}
	}
	if !t.Sortable {
		return
	}
	for i := range t.Cols {
		c := &t.Cols[i]
		dir := "desc"
		if !c.Num {
			dir = "asc"
		}
		if c.Key == t.sortKey {
			c.Order = map[bool]string{true: "desc", false: "asc"}[t.sortDesc]
			dir = map[string]string{"desc": "asc", "asc": "desc"}[c.Order]
		}
		c.Href = withQuery(u, "sort", c.Key, "dir", dir, "page", "")
	}
}

// sortBy orders the rows by a column; undefined values go last either
// way, since "no clicks yet" is not the best or the worst CTR.
func (t *table) sortBy(key string, desc bool) {
	i := slices.IndexFunc(t.Cols, func(c column) bool { return c.Key == key })
	if i < 0 {
		return
	}
	t.sortKey, t.sortDesc = key, desc
	slices.SortStableFunc(t.Rows, func(a, b row) int {
		x, y := a.Cells[i], b.Cells[i]
		var c int
		switch {
		case x.sortN == nil && y.sortN == nil:
			c = strings.Compare(strings.ToLower(x.Text), strings.ToLower(y.Text))
		case x.sortN == nil:
			return 1
		case y.sortN == nil:
			return -1
		default:
			c = cmp.Compare(*x.sortN, *y.sortN)
		}
		if desc {
			c = -c
		}
		return c
	})
}

// sortFromQuery sorts by ?sort= and ?dir=, or by the default.
func (t *table) sortFromQuery(q url.Values, key string, desc bool) {
	if k := q.Get("sort"); k != "" && slices.ContainsFunc(t.Cols, func(c column) bool { return c.Key == k }) {
		key, desc = k, q.Get("dir") != "asc"
	}
	t.sortBy(key, desc)
}

func (t *table) writeCSV(w http.ResponseWriter, workspace string) error {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+fileName(workspace)+"-"+t.Name+`.csv"`)
	cw := textsafe.NewCSVWriter(w)
	head := make([]string, len(t.Cols))
	for i, c := range t.Cols {
		head[i] = c.Key
	}
	cw.Write(head)
	for _, rows := range [][]row{t.Rows, t.Foot} {
		for _, r := range rows {
			rec := make([]string, len(r.Cells))
			for i, c := range r.Cells {
				rec[i] = c.Raw
			}
			cw.Write(rec)
		}
	}
	cw.Flush()
	return cw.Error()
}

func fileName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '-'
	}, s)
}

// withQuery returns u's path and query with the given pairs set.
func withQuery(u *url.URL, kv ...string) string {
	q := u.Query()
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			q.Del(kv[i])
		} else {
			q.Set(kv[i], kv[i+1])
		}
	}
	if len(q) == 0 {
		return u.Path
	}
	return u.Path + "?" + q.Encode()
}

// The cell makers.

func text(s string) cell { return cell{Text: s, Raw: s} }

func link(s, href string) cell { return cell{Text: s, Raw: s, Href: href} }

func mono(s string) cell { return cell{Text: s, Raw: s, Mono: true} }

func num(f float64) *float64 { return &f }

func count(n int64) cell {
	return cell{Text: metrics.Count(n), Raw: strconv.FormatInt(n, 10), Num: true, sortN: num(float64(n))}
}

func decimal(f float64) cell {
	return cell{Text: metrics.Decimal(f), Raw: strconv.FormatFloat(f, 'f', -1, 64), Num: true, sortN: num(f)}
}

func cash(c money.Cents, cur string) cell {
	return cell{Text: money.Format(c, cur), Raw: c.String(), Num: true, sortN: num(float64(c))}
}

func cashOf(c *money.Cents, cur string) cell {
	if c == nil {
		return undefinedCell()
	}
	return cash(*c, cur)
}

func percent(r *float64) cell {
	if r == nil {
		return undefinedCell()
	}
	return cell{Text: metrics.Percent(r), Raw: strconv.FormatFloat(*r, 'f', -1, 64), Num: true, sortN: num(*r)}
}

func multiple(r *float64) cell {
	if r == nil {
		return undefinedCell()
	}
	return cell{Text: metrics.Multiple(r), Raw: strconv.FormatFloat(*r, 'f', -1, 64), Num: true, sortN: num(*r)}
}

// undefinedCell is a rate whose denominator is zero: "—", never 0.
func undefinedCell() cell {
	return cell{Text: "—", Num: true, Muted: true, Hint: "not defined: nothing to divide by yet"}
}
