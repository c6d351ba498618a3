package web

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/liftmetrics/lift/internal/csvin"
	"github.com/liftmetrics/lift/internal/importer"
	"github.com/liftmetrics/lift/internal/store"
)

type importPage struct {
	Kinds   []kindInfo
	Kind    string
	Period  csvin.Period // the From and To the form was sent with
	Preview *preview
	Done    string
	History *table
}

type kindInfo struct {
	Name, Required, Optional, Note string
}

// kindDocs describe the files of README "Import files"; kinds added later
// show without a description until they get one here.
var kindDocs = map[string]kindInfo{
	"campaigns":      {Required: "name, starts, ends", Optional: "goal_metric, goal_target, budget"},
	"creators":       {Required: "handle, platform, followers", Optional: "name, niche, commission_rate"},
	"posts":          {Required: "post_id, creator, campaign, platform, format, published_at", Optional: "url, followers, impressions, reach, views, likes, comments, shares, saves, link_clicks, product_impressions, product_clicks, product_orders"},
	"costs":          {Required: "creator, campaign, kind, amount", Optional: "date, note"},
	"codes":          {Required: "code, creator, campaign"},
	"links":          {Required: "slug, destination, creator, campaign", Optional: "post_id"},
	"clicks":         {Required: "slug, clicked_at", Optional: "click_id, visitor, referrer, user_agent", Note: "history from another link tool"},
	"orders":         {Required: "order_id, created_at, revenue", Optional: "currency, discount_code, click_id, landing_url, customer_id, new_customer, units, refunded, source, referrer, status"},
	"shopify-orders": {Note: "the order export of Shopify's admin, as it comes"},
	"amazon-attribution": {Required: "Date, Ad group, Click-throughs, Purchases, Product sales (or the API's date, adGroupId, attributedPurchases14d, attributedSales14d)",
		Optional: "Campaign, Publisher, Channel, Detail page views, Add to carts, Units sold, Total … (brand halo), brb_bonus_amount, creator, campaign",
		Note:     "Amazon Attribution's console download or API report; link each ad group (name or id) or campaign id to a creator"},
	"amazon-associates": {Required: "Tracking Id, Clicks, Items Ordered, Ordered Revenue (by day with Date); or Fee-Orders, Fee-Earnings as they come",
		Optional: "Items Shipped, Items Returned, Items Shipped Revenue, Items Returned Revenue, Total Earnings, Bonus, creator, campaign",
		Note:     "Amazon Associates' reports; a summary without dates needs the days it covers: From and To below, or a title line (Fee-Tracking)"},
	"post-metrics": {Note: "a post insights export of Instagram, TikTok or YouTube, as it comes"},
	"daily-sales":  {Required: "date, revenue, orders", Optional: "sku", Note: "all the shop's sales by day, for uplift"},
}

func kinds() []kindInfo {
	out := make([]kindInfo, 0, len(importer.Kinds))
	for _, k := range importer.Kinds {
		d, ok := kindDocs[k]
		if !ok {
			d.Note = "see Import files in the README"
		}
		d.Name = k
		out = append(out, d)
	}
	return out
}

// preview is what a file would do, before anything is written.
type preview struct {
	Kind, File string
	Head       []string
	Rows       []rawRow
	MoreRows   int
	Result     importer.Result
	Errors     []csvin.Error
	MoreErrors int
	Fatal      string
	Token      string
	all        []csvin.Error
}

// rawRow is a row as it stands in the file, with its line number.
type rawRow struct {
	Line  int
	Cells []string
}

// Good counts the rows that would go in with the bad ones skipped.
func (p *preview) Good() int { return p.Result.Read - p.Result.Refused }

// previewRows and previewErrors bound what a preview page shows; the
// counts always cover the whole file.
const (
	previewRows   = 10
	previewErrors = 500
)

func (h *Handler) importPage(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	p := &importPage{Kinds: kinds(), Kind: r.URL.Query().Get("kind"), Done: h.notice(r, rc)}
	return h.showImport(w, r, rc, http.StatusOK, p)
}

func (h *Handler) showImport(w http.ResponseWriter, r *http.Request, rc *reqCtx, status int, p *importPage) error {
	recs, err := h.st.Imports(r.Context(), rc.WS.ID, 100)
	if err != nil {
		return err
	}
	p.History = historyTable(recs, rc.WS.Loc)
	v := view{Title: "Import", Nav: "import", Page: p, Notice: p.Done}
	if r.Method == http.MethodGet {
		return h.page(w, r, rc, "import", v, p.History)
	}
	p.History.link(&url.URL{Path: "/import"}, rc.Session.CSRF)
	h.render(w, r, rc, status, "import", v)
	return nil
}

func historyTable(recs []store.ImportRecord, loc *time.Location) *table {
	t := &table{Name: "imports", Cols: []column{{Key: "at", Head: "When"}, {Key: "kind", Head: "Kind"}, {Key: "file", Head: "File"},
		{Key: "read", Head: "Read", Num: true}, {Key: "stored", Head: "Stored", Num: true}, {Key: "updated", Head: "Updated", Num: true},
		{Key: "unchanged", Head: "Unchanged", Num: true}, {Key: "refused", Head: "Refused", Num: true},
		{Key: "ignored", Head: "Ignored columns"}},
		Empty: "Nothing imported yet. Start with campaigns, then creators: posts, costs, codes, links and orders refer to them."}
	for _, x := range recs {
		at := text(x.At.In(loc).Format("2006-01-02 15:04"))
		at.Raw = x.At.In(loc).Format(time.RFC3339)
		t.add(at, text(x.Kind), text(x.File), count(x.Read), count(x.Stored), count(x.Updated), count(x.Unchanged), count(x.Refused),
			text(strings.Join(x.Ignored, ", ")))
	}
	return t
}

// importPreview checks an uploaded file without writing anything, and
// keeps it for the import the user then confirms.
func (h *Handler) importPreview(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	p := &importPage{Kinds: kinds(), Kind: r.PostFormValue("kind"),
		Period: csvin.Period{From: strings.TrimSpace(r.PostFormValue("from")), To: strings.TrimSpace(r.PostFormValue("to"))}}
	if !slices.Contains(importer.Kinds, p.Kind) {
		p.Preview = &preview{Fatal: "Choose what the file holds."}
		return h.showImport(w, r, rc, http.StatusUnprocessableEntity, p)
	}
	if msg := periodProblem(p.Kind, p.Period); msg != "" {
		p.Preview = &preview{Kind: p.Kind, Fatal: msg}
		return h.showImport(w, r, rc, http.StatusUnprocessableEntity, p)
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		p.Preview = &preview{Kind: p.Kind, Fatal: "Choose a CSV file to upload."}
		return h.showImport(w, r, rc, http.StatusUnprocessableEntity, p)
	}
	defer file.Close()
	data, err := io.ReadAll(file)
	if err != nil {
		return err
	}
	name := filepath.Base(hdr.Filename)
	if msg := notCSV(name, data); msg != "" {
		p.Preview = &preview{Kind: p.Kind, File: name, Fatal: msg}
		return h.showImport(w, r, rc, http.StatusUnprocessableEntity, p)
	}
	p.Preview = h.check(r, rc, p.Kind, name, p.Period, data, false)
	// A readable file is kept: for its import, whole or its good rows,
	// and for the download of its bad rows.
	if pv := p.Preview; pv.Fatal == "" && pv.Result.Read > 0 {
		p.Preview.Token = newToken()
		if err := h.uploads.put(tokenHash(p.Preview.Token), rc.Session.ID, rc.WS.ID, p.Kind, name, p.Period, data); err != nil {
			return err
		}
	}
	return h.showImport(w, r, rc, http.StatusOK, p)
}

// check runs the import as a dry run: every count and every bad row,
// nothing written.
func (h *Handler) check(r *http.Request, rc *reqCtx, kind, name string, period csvin.Period, data []byte, skipBad bool) *preview {
	pv := &preview{Kind: kind, File: name}
	pv.Head, pv.Rows, pv.MoreRows = firstRows(data)
	res, err := importer.Import(r.Context(), h.st, rc.WS, kind, bytes.NewReader(data),
		importer.Options{File: name, DryRun: true, SkipBad: skipBad, Period: period})
	pv.Result = res
	var refused *importer.RefusedError
	switch {
	case errors.As(err, &refused):
		pv.Errors = refused.Errors
		// A refused run stops writing at the first bad row, so the good
		// rows are counted again as --skip-bad would take them.
		if !skipBad {
			if good, err := importer.Import(r.Context(), h.st, rc.WS, kind, bytes.NewReader(data),
				importer.Options{File: name, DryRun: true, SkipBad: true, Period: period}); err == nil {
				pv.Result = good
			}
		}
	case err != nil:
		pv.Fatal = err.Error()
	default:
		pv.Errors = res.Errors
	}
	pv.all = pv.Errors
	if len(pv.Errors) > previewErrors {
		pv.MoreErrors, pv.Errors = len(pv.Errors)-previewErrors, pv.Errors[:previewErrors]
	}
	return pv
}

// notCSV tells a binary file (a workbook, a PDF, an image) from text by
// its first KiB: text holds no control bytes but tab, CR and LF. Bytes
// that are not UTF-8 alone do not make a file binary: a CSV saved as
// Latin-1 is refused line by line, naming each field to fix.
func notCSV(name string, data []byte) string {
	head := data[:min(len(data), 1024)]
	binary := false
	for _, b := range head {
		if b < 0x20 && b != '\t' && b != '\n' && b != '\r' || b == 0x7f {
			binary = true
			break
		}
	}
	if !binary {
		return ""
	}
	msg := fmt.Sprintf("%s is not a CSV file: it holds binary data, not text.", name)
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		msg += " It looks like an Excel workbook or another zip archive: open it and save it as CSV (UTF-8)."
	} else {
		msg += " Export or save it as CSV (UTF-8) and upload that file."
	}
	return msg
}

// periodProblem checks the form's From and To, the days an Amazon
// Associates summary without dates covers (what lift import's --from and
// --to give): both or neither, days, and for that kind only.
func periodProblem(kind string, p csvin.Period) string {
	var pe *csvin.PeriodError
	if !errors.As(p.Check(kind), &pe) {
		return ""
	}
	switch pe.Fault {
	case csvin.PeriodWrongKind:
		return "From and To are only for an amazon-associates summary without dates: leave them empty for " + kind + "."
	case csvin.PeriodHalf:
		return "Give both From and To: the first and the last day the summary covers."
	}
	return fmt.Sprintf("%q is not a day: use YYYY-MM-DD.", pe.Day)
}

// ErrorsURL downloads every bad row of a kept file as CSV.
func (p *preview) ErrorsURL() string { return "/import/errors?token=" + url.QueryEscape(p.Token) }

// importErrors is the CSV of a previewed file's bad rows: line, column,
// problem, every one of them, for the person who fixes the file.
func (h *Handler) importErrors(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	up, data, err := h.uploads.get(tokenHash(r.URL.Query().Get("token")), rc.Session.ID, rc.WS.ID)
	if errors.Is(err, errUploadGone) {
		return &httpError{http.StatusGone, uploadGoneMsg}
	}
	if err != nil {
		return err
	}
	pv := h.check(r, rc, up.kind, up.file, up.period, data, false)
	t := &table{Name: strings.TrimSuffix(fileName(up.file), "-csv") + "-errors", Cols: []column{{Key: "line"}, {Key: "column"}, {Key: "problem"}}}
	for _, e := range pv.all {
		t.add(count(int64(e.Line)), text(e.Column), text(e.Problem))
	}
	return t.writeCSV(w, rc.WS.Name)
}

// firstRows reads the header and the first rows as they are in the file,
// for the user to see that the columns were read as meant.
func firstRows(data []byte) (head []string, rows []rawRow, more int) {
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	cr.FieldsPerRecord, cr.LazyQuotes = -1, true
	head, err := cr.Read()
	if err != nil {
		return nil, nil, 0
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return head, rows, more
		}
		if err != nil {
			return head, rows, more
		}
		if len(rows) < previewRows {
			line, _ := cr.FieldPos(0)
			rows = append(rows, rawRow{Line: line, Cells: rec})
		} else {
			more++
		}
	}
}

// uploadGoneMsg answers for a kept file that is no longer there.
const uploadGoneMsg = "That upload has expired (files wait an hour) or was already imported or cancelled. Upload the file again."

// importConfirm imports a previewed file. The file is checked again in
// the import's own transaction: what was true at the preview may not be
// any more.
func (h *Handler) importConfirm(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	token := r.PostFormValue("token")
	up, data, err := h.uploads.get(tokenHash(token), rc.Session.ID, rc.WS.ID)
	if errors.Is(err, errUploadGone) {
		p := &importPage{Kinds: kinds(), Preview: &preview{Fatal: uploadGoneMsg}}
		return h.showImport(w, r, rc, http.StatusGone, p)
	}
	if err != nil {
		return err
	}
	skipBad := r.PostFormValue("skip_bad") == "1"
	res, err := importer.Import(r.Context(), h.st, rc.WS, up.kind, bytes.NewReader(data),
		importer.Options{File: up.file, SkipBad: skipBad, Period: up.period})
	if err != nil {
		p := &importPage{Kinds: kinds(), Kind: up.kind, Preview: h.check(r, rc, up.kind, up.file, up.period, data, skipBad)}
		p.Preview.Token = token
		if p.Preview.Fatal == "" && len(p.Preview.Errors) == 0 {
			return fmt.Errorf("import %s: %w", up.file, err)
		}
		return h.showImport(w, r, rc, http.StatusUnprocessableEntity, p)
	}
	h.uploads.remove(up.id)
	http.Redirect(w, r, h.noticeURL(rc, "/import", res.String()), http.StatusSeeOther)
	return nil
}

// importCancel deletes a previewed file at once.
func (h *Handler) importCancel(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	h.uploads.cancel(tokenHash(r.PostFormValue("token")), rc.Session.ID, rc.WS.ID)
	http.Redirect(w, r, "/import", http.StatusSeeOther)
	return nil
}
