// Package importer takes the files of README.md's "Import files" (and its
// Amazon and post-metrics tables) into the store: it parses a
// file, checks every row against what the workspace already holds, and
// writes all of it in one transaction — or, when any row is bad, nothing.
package importer

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/liftmetrics/lift/internal/csvin"
	"github.com/liftmetrics/lift/internal/progress"
	"github.com/liftmetrics/lift/internal/store"
)

// Kinds lists the file kinds Import takes, in the order a workspace is
// best filled.
var Kinds = []string{"campaigns", "creators", "posts", "costs", "codes", "links", "clicks", "orders", "shopify-orders",
	"amazon-attribution", "amazon-associates", "post-metrics", "daily-sales"}

// Options steer one import.
type Options struct {
	File    string // name used in messages
	DryRun  bool   // check and count, write nothing
	SkipBad bool   // store the good rows and list the bad ones
	NoLog   bool   // keep out of the import history (API and webhook deliveries)
	// Period is the span a file without dates covers (an Amazon
	// Associates summary); zero when the command line gave none.
	Period csvin.Period
	// KeepRefunds never lowers a stored order's refunded amount, and never
	// turns a paid order pending: a webhook payload may be older than a
	// refund or a payment already taken (Stripe's async_payment_succeeded
	// may come before checkout.session.completed).
	KeepRefunds bool
	// Progress, when set, counts the rows checked and written, and learns
	// how many there are once the file is parsed.
	Progress *progress.Counter
}

// Result is what one import did.
type Result struct {
	Kind      string
	File      string
	DryRun    bool
	Read      int
	Stored    int
	Updated   int
	Unchanged int
	Refused   int
	Errors    []csvin.Error // the refused rows, by line
	// Ignored are the file's columns that its kind does not know, as the
	// file spells them: a renamed column shows here instead of vanishing.
	Ignored []string

	progress *progress.Counter // Options.Progress, counted with the outcomes
}

// String is the one line every import ends with.
func (r Result) String() string {
	s := fmt.Sprintf("%s %s: read %d, stored %d, updated %d, unchanged %d, refused %d",
		r.Kind, r.File, r.Read, r.Stored, r.Updated, r.Unchanged, r.Refused)
	s += ignoredNote(r.Ignored)
	if r.DryRun {
		s += " (dry run: nothing written)"
	}
	return s
}

// ignoredNote is how a summary names the columns an import did not read.
func ignoredNote(cols []string) string {
	if len(cols) == 0 {
		return ""
	}
	return "; ignored columns: " + strings.Join(cols, ", ")
}

func (r *Result) count(o store.Outcome) {
	switch o {
	case store.Stored:
		r.Stored++
	case store.Updated:
		r.Updated++
	default:
		r.Unchanged++
	}
	r.progress.Add(1)
}

// RefusedError is returned when a file has bad rows and SkipBad is off:
// nothing was written.
type RefusedError struct {
	File    string
	Errors  []csvin.Error
	Ignored []string // the file's columns its kind does not know
}

// MaxListed bounds how many bad rows an error message lists.
const MaxListed = 50

func (e *RefusedError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: refused, nothing imported: %d bad row(s)%s", e.File, rowsIn(e.Errors), ignoredNote(e.Ignored))
	for i, x := range e.Errors {
		if i == MaxListed {
			fmt.Fprintf(&b, "\n  … and %d more", len(e.Errors)-MaxListed)
			break
		}
		b.WriteString("\n  ")
		b.WriteString(x.Error())
	}
	return b.String()
}

// Import reads one file of the given kind into workspace ws.
func Import(ctx context.Context, st *store.Store, ws store.Workspace, kind string, r io.Reader, opt Options) (Result, error) {
	imp, ok := kinds[kind]
	if !ok {
		return Result{}, fmt.Errorf("import: unknown kind %q (kinds: %s)", kind, strings.Join(Kinds, ", "))
	}
	return run(ctx, st, ws, kind, opt, func(j *job) error { return imp(j, r) })
}

// ImportOrders stores orders that arrived already parsed (from the API or
// a webhook) with the same checks and outcomes as an orders file.
func ImportOrders(ctx context.Context, st *store.Store, ws store.Workspace, orders []csvin.Order, opt Options) (Result, error) {
	return run(ctx, st, ws, "orders", opt, fillOrders(orders, opt))
}

// ImportOrdersIn is ImportOrders inside the caller's write transaction tx,
// which the caller commits: for a webhook delivery, whose event record,
// order and refunds are written together or not at all. opt.DryRun is
// not taken.
func ImportOrdersIn(ctx context.Context, st *store.Store, tx *store.Tx, ws store.Workspace, orders []csvin.Order, opt Options) (Result, error) {
	opt.DryRun = false
	return runIn(ctx, st.In(tx), tx, ws, "orders", opt, fillOrders(orders, opt))
}

func fillOrders(orders []csvin.Order, opt Options) func(*job) error {
	return func(j *job) error {
		j.res.Read = len(orders)
		if errs := csvin.CheckOrders(orders, opt.File); len(errs) > 0 {
			j.res.Errors = append(j.res.Errors, errs...)
			return nil
		}
		return j.putOrders(orders)
	}
}

// File is one file of ImportAll.
type File struct {
	Kind, Name string
	Data       io.Reader
}

// ImportAll imports files in order in one transaction: all of them or,
// when one is refused or fails, nothing. Each file sees what the files
// before it wrote.
func ImportAll(ctx context.Context, st *store.Store, ws store.Workspace, files []File) ([]Result, error) {
	tx, err := st.Begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	defer tx.Rollback()
	var out []Result
	for _, f := range files {
		imp, ok := kinds[f.Kind]
		if !ok {
			return out, fmt.Errorf("import: unknown kind %q (kinds: %s)", f.Kind, strings.Join(Kinds, ", "))
		}
		// References are read inside the transaction, so that a file sees
		// the rows of the files before it.
		res, err := runIn(ctx, st.In(tx), tx, ws, f.Kind, Options{File: f.Name}, func(j *job) error { return imp(j, f.Data) })
		if err != nil {
			return out, err
		}
		out = append(out, res)
	}
	if err := tx.Commit(); err != nil {
		return out, fmt.Errorf("import: commit: %w", err)
	}
	return out, nil
}

// lockFree are the kinds whose dry run reads only, through the read pool,
// and so takes no write lock: each of their rows is one upsert by key.
// The dry run of any other kind writes into a transaction it rolls back.
var lockFree = map[string]bool{"campaigns": true, "creators": true, "posts": true, "costs": true,
	"codes": true, "orders": true, "shopify-orders": true, "daily-sales": true}

func run(ctx context.Context, st *store.Store, ws store.Workspace, kind string, opt Options, fill func(*job) error) (Result, error) {
	begin := st.Begin
	if opt.DryRun && lockFree[kind] {
		begin = st.BeginDry
	}
	tx, err := begin(ctx)
	if err != nil {
		return Result{Kind: kind, File: opt.File, DryRun: opt.DryRun}, fmt.Errorf("import %s: %w", kind, err)
	}
	defer tx.Rollback()
	res, err := runIn(ctx, st, tx, ws, kind, opt, fill)
	if err != nil || opt.DryRun {
		return res, err
	}
	if err := tx.Commit(); err != nil {
		return res, fmt.Errorf("import %s: commit: %w", kind, err)
	}
	return res, nil
}

// runIn checks one file's rows and writes them into tx, with its line in
// the import history; the caller commits. References are read from st.
func runIn(ctx context.Context, st *store.Store, tx *store.Tx, ws store.Workspace, kind string, opt Options, fill func(*job) error) (Result, error) {
	res := Result{Kind: kind, File: opt.File, DryRun: opt.DryRun, progress: opt.Progress}
	refs := newRefs(st, ws)
	j := &job{ctx: ctx, tx: tx, ws: ws, refs: refs, opt: opt, res: &res,
		csv: csvin.Options{File: opt.File, Loc: ws.Loc, Ignored: &res.Ignored, Period: opt.Period}}
	if err := fill(j); err != nil {
		return res, err
	}
	sort.SliceStable(res.Errors, func(a, b int) bool { return res.Errors[a].Line < res.Errors[b].Line })
	res.Refused = rowsIn(res.Errors)
	if res.Refused > 0 && !opt.SkipBad {
		return res, &RefusedError{File: opt.File, Errors: res.Errors, Ignored: res.Ignored}
	}
	if opt.DryRun {
		return res, nil
	}
	if !opt.NoLog {
		if err := tx.LogImport(ctx, ws.ID, kind, opt.File, res.Read, res.Stored, res.Updated, res.Unchanged, res.Refused, res.Ignored); err != nil {
			return res, err
		}
	}
	return res, nil
}

// job is one import in progress. Writes go into tx as rows are checked;
// the transaction is only committed when the whole file passed.
type job struct {
	ctx  context.Context
	tx   *store.Tx
	ws   store.Workspace
	refs *refs
	opt  Options
	res  *Result
	csv  csvin.Options
}

// need loads the references a batch of rows names.
func (j *job) need(w want) error {
	if err := j.refs.load(j.ctx, w); err != nil {
		return fmt.Errorf("import: look up references: %w", err)
	}
	return nil
}

// names is what each record names, as need takes it.
func names[T any](recs []T, name func(T) string) []string {
	out := make([]string, 0, len(recs))
	for _, r := range recs {
		if n := name(r); n != "" {
			out = append(out, n)
		}
	}
	return out
}

func (j *job) bad(line int, column, problem string, args ...any) {
	j.res.Errors = append(j.res.Errors, csvin.Error{File: j.opt.File, Line: line, Column: column, Problem: fmt.Sprintf(problem, args...)})
}

// parsed records the parser's verdict: fatal errors stop the import, row
// errors join the job's list.
func (j *job) parsed(n int, rowErrs []csvin.Error, err error) error {
	if err != nil {
		return err
	}
	j.res.Read = n + rowsIn(rowErrs)
	j.opt.Progress.SetTotal(int64(n))
	j.res.Errors = append(j.res.Errors, rowErrs...)
	return nil
}

// rowsIn counts the rows that errs are about: a row with three problems
// is one row read.
func rowsIn(errs []csvin.Error) int {
	lines := make(map[int]bool, len(errs))
	for _, e := range errs {
		lines[e.Line] = true
	}
	return len(lines)
}

// writeOK reports whether a row may still be written: once the file is
// known to be refused, writing the rest is wasted work.
func (j *job) writeOK() bool { return j.opt.SkipBad || len(j.res.Errors) == 0 }

var kinds = map[string]func(*job, io.Reader) error{
	"campaigns":          importCampaigns,
	"creators":           importCreators,
	"posts":              importPosts,
	"costs":              importCosts,
	"codes":              importCodes,
	"links":              importLinks,
	"clicks":             importClicks,
	"orders":             importOrders,
	"shopify-orders":     importShopifyOrders,
	"amazon-attribution": importAmazonAttribution,
	"amazon-associates":  importAmazonAssociates,
	"post-metrics":       importPostMetrics,
	"daily-sales":        importDailySales,
}
