// Package csvin reads the files people import into Lift: campaigns,
// creators, posts, costs, promo codes, tracked links, clicks, orders and
// Shopify order exports.
//
// The parsers check only what a file can say about itself: types, required
// fields, allowed values, ranges and duplicates inside the file. Whether a
// creator or campaign exists, or a code belongs to someone else, is for the
// caller to check against the database.
//
// Every parser returns the good records, every row problem (a row with a
// problem is never among the records), and an error only when the file as
// a whole cannot be read: no header, a missing or doubled column (an Error,
// like row problems) or a failing reader (wrapped). The caller decides
// whether row problems refuse the whole file.
package csvin

import (
	"bufio"
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// Options tells a parser how to name the file in messages and how to read
// times that carry no offset.
type Options struct {
	File string         // name used in messages (base name of the path); a default per kind when empty
	Loc  *time.Location // workspace time zone for times without offset; nil means UTC
	// Ignored, when set, receives the header's columns that the kind does
	// not know, as the file spells them and in its order, once the header
	// is read: the caller reports them, so that a renamed column is seen
	// and never silently dropped. Every parser fills it.
	Ignored *[]string
	// Period is the span of days a file without dates covers, from the
	// command line (an Amazon Associates summary); zero when not given.
	Period Period
}

// column is one column a file kind knows.
type column struct {
	name     string // as the file contract spells it, which is also how messages name it
	required bool   // the column must be in the header and its field must not be empty where a row reads it
}

// familyMark in a column's name stands for a number: "Tax # Name" is a
// family of columns ("Tax 1 Name", "Tax 2 Name", …) that an export numbers
// as it needs. A family is known and never read.
const familyMark = "#"

// table walks one CSV file record by record and collects row errors.
type table struct {
	file string
	loc  *time.Location
	cr   *csv.Reader
	cols []column
	idx  []int // field index of each known column in a record, -1 when absent
	// broken marks the known columns whose field in the current row
	// failed checkCells: they read as absent.
	broken []bool
	rec    []string
	line   int
	bad    bool // the current row has a problem and must not become a record
	errs   []Error
	// header is the file's header row; ignored are its columns that match
	// none of cols, also handed to sink.
	header  []string
	ignored []string
	sink    *[]string
	// unread is the first of cols that nothing reads, which a kind lists
	// last so that a platform's export has no unknown column; 0 when all
	// are read. Their fields are not checked: nothing of them is kept.
	unread int
	// family maps the header's fields that belong to a family column
	// (familyMark) to that column.
	family map[int]int

	interned map[internKey]string
	mem      arena
	limits   []cellLimit // by column, once checkCells has first run
}

// parseAll drives a table through a whole file, handing each non-blank
// record to row and keeping the results of rows without problems.
func parseAll[T any](r io.Reader, o Options, defaultFile string, cols []column, row func(*table) T) ([]T, []Error, error) {
	t, err := newTable(r, o, defaultFile, cols)
	if err != nil {
		return nil, nil, err
	}
	var out chunks[T]
	if err := t.eachRow(func() {
		if v := row(t); !t.bad {
			out.add(v)
		}
	}); err != nil {
		return nil, nil, err
	}
	return out.all(), t.errs, nil
}

// streamAll drives a table through a whole file as parseAll does, but
// hands the good records to fn in batches of up to n as they are read,
// so that no more than a batch is held. An error from fn stops the read
// and is returned. The row errors come at the end, sorted by line.
func streamAll[T any](r io.Reader, o Options, defaultFile string, cols []column, row func(*table) T, n int, fn func([]T) error) ([]Error, error) {
	t, err := newTable(r, o, defaultFile, cols)
	if err != nil {
		return nil, err
	}
	batch := make([]T, 0, n)
	var failed error
	err = t.eachRow(func() {
		v := row(t)
		if t.bad || failed != nil {
			return
		}
		if batch = append(batch, v); len(batch) == n {
			failed = fn(batch)
			// fn may keep the slice it was given; the next batch is new.
			batch = make([]T, 0, n)
		}
	})
	if err == nil && failed == nil && len(batch) > 0 {
		failed = fn(batch)
	}
	if err == nil {
		err = failed
	}
	if err != nil {
		return nil, err
	}
	return t.errs, nil
}

// eachRow reads the records after the header one by one and calls row on
// each, then puts the errors row reported in column order.
func (t *table) eachRow(row func()) error {
	for {
		more, err := t.next()
		if err != nil || !more {
			return err
		}
		start := len(t.errs)
		row()
		t.sortRow(t.errs[start:])
	}
}

// chunks collects records in blocks and copies them once into a slice of
// the exact length: growing one slice would copy a large file's records
// several times over and leave the old copies to the garbage collector.
type chunks[T any] struct {
	blocks [][]T
	n      int
}

const chunkLen = 4096

func (c *chunks[T]) add(v T) {
	k := len(c.blocks) - 1
	if k < 0 || len(c.blocks[k]) == cap(c.blocks[k]) {
		// Small files stay small: blocks grow with the file up to chunkLen.
		c.blocks = append(c.blocks, make([]T, 0, min(chunkLen, max(16, c.n))))
		k++
	}
	c.blocks[k] = append(c.blocks[k], v)
	c.n++
}

func (c *chunks[T]) all() []T {
	switch len(c.blocks) {
	case 0:
		return nil
	case 1:
		return c.blocks[0]
	}
	out := make([]T, 0, c.n)
	for _, b := range c.blocks {
		out = append(out, b...)
	}
	return out
}

func newTable(r io.Reader, o Options, defaultFile string, cols []column) (*table, error) {
	t := &table{file: o.File, loc: o.Loc, cols: cols, sink: o.Ignored}
	if t.file == "" {
		t.file = defaultFile
	}
	if t.loc == nil {
		t.loc = time.UTC
	}
	t.cr = csv.NewReader(skipBOM(r))
	t.cr.FieldsPerRecord = -1
	t.cr.ReuseRecord = true
	// People write "a, b" by hand; without this a quoted field after ", "
	// would be a quoting error.
	t.cr.TrimLeadingSpace = true
	return t, t.readHeader()
}

// setIgnored lists the header's columns that are none of cols for which
// known is true: a kind whose files come in several shapes (post-metrics
// exports) narrows what it knows once it has told the shape.
func (t *table) setIgnored(known func(c int) bool) {
	t.ignored = nil
	for i, h := range t.header {
		if name := headerName(h); name != "" && !t.knows(i, known) {
			t.ignored = append(t.ignored, name)
		}
	}
	if t.sink != nil {
		*t.sink = t.ignored
	}
}

// knows reports whether field i of the header is a column known is true for.
func (t *table) knows(i int, known func(c int) bool) bool {
	for c, at := range t.idx {
		if at == i && known(c) {
			return true
		}
	}
	c, ok := t.family[i]
	return ok && known(c)
}

func (t *table) addFamily(field, c int) {
	if t.family == nil {
		t.family = map[int]int{}
	}
	t.family[field] = c
}

// inFamily reports whether the header key k is a member of the family
// column name: the same words, with a number where name has familyMark.
func inFamily(name, k string) bool {
	pre, post, ok := strings.Cut(headerKey(name), familyMark)
	if !ok || !strings.HasPrefix(k, pre) || !strings.HasSuffix(k, post) || len(k) <= len(pre)+len(post) {
		return false
	}
	n := k[len(pre) : len(k)-len(post)]
	return strings.Trim(n, "0123456789") == ""
}

// skipBOM drops the byte order mark that Excel puts in front of UTF-8
// files, which would otherwise become part of the first column name.
func skipBOM(r io.Reader) io.Reader {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && string(b) == "\uFEFF" {
		_, _ = br.Discard(3)
	}
	return br
}

func (t *table) readHeader() error {
	rec, err := t.cr.Read()
	if err == io.EOF {
		return Error{File: t.file, Problem: "the file is empty (a header row is required)"}
	}
	if err != nil {
		if pe := parseError(err); pe != nil {
			return Error{File: t.file, Line: pe.StartLine, Problem: quoteProblem(pe)}
		}
		return fmt.Errorf("%s: %w", t.file, err)
	}
	line, _ := t.cr.FieldPos(0)
	t.idx = make([]int, len(t.cols))
	t.broken = make([]bool, len(t.cols))
	for c := range t.idx {
		t.idx[c] = -1
	}
	t.header = slices.Clone(rec) // the reader reuses rec for the next row
	for i, h := range rec {
		k := headerKey(h)
		for c, col := range t.cols {
			if inFamily(col.name, k) {
				t.addFamily(i, c)
				continue
			}
			if headerKey(col.name) != k {
				continue
			}
			if t.idx[c] >= 0 {
				return Error{File: t.file, Line: line, Problem: fmt.Sprintf("column %q appears twice (columns %d and %d)", col.name, t.idx[c]+1, i+1)}
			}
			t.idx[c] = i
		}
	}
	t.setIgnored(func(int) bool { return true })
	return t.checkRequired(rec, line)
}

func (t *table) checkRequired(header []string, line int) error {
	var missing []string
	for c, col := range t.cols {
		if col.required && t.idx[c] < 0 {
			missing = append(missing, fmt.Sprintf("%q", col.name))
		}
	}
	if len(missing) == 0 {
		return nil
	}
	if len(header) == 1 && strings.ContainsAny(header[0], ";\t") {
		return Error{File: t.file, Line: line, Problem: missingProblem(missing) +
			" (the header looks separated by semicolons or tabs; save the file as comma-separated CSV)"}
	}
	return Error{File: t.file, Line: line, Problem: missingProblem(missing) + t.unknownNote()}
}

func missingProblem(missing []string) string {
	if len(missing) == 1 {
		return "missing required column " + missing[0]
	}
	return "missing required columns " + strings.Join(missing, ", ")
}

// unknownNote names the header's unknown columns after a missing column:
// one of them is often the missing one, renamed.
func (t *table) unknownNote() string {
	if len(t.ignored) == 0 {
		return ""
	}
	q := make([]string, len(t.ignored))
	for i, h := range t.ignored {
		q[i] = fmt.Sprintf("%q", h)
	}
	return " (unknown columns in the file: " + strings.Join(q, ", ") + ")"
}

// headerName is a header field as messages name it: without spaces
// around it or a byte order mark.
func headerName(h string) string { return strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF")) }

// headerKey makes "Order ID", "order-id" and " ORDER_ID " the same name.
func headerKey(h string) string {
	h = headerName(h)
	var b strings.Builder
	under := false
	for _, r := range strings.ToLower(h) {
		if r == ' ' || r == '-' || r == '_' {
			under = true
			continue
		}
		if under && b.Len() > 0 {
			b.WriteByte('_')
		}
		under = false
		b.WriteRune(r)
	}
	return b.String()
}

// next moves to the next non-blank record. Quoting errors become row
// errors so that one broken row does not hide the problems in the others.
func (t *table) next() (bool, error) {
	for {
		rec, err := t.cr.Read()
		if err == io.EOF {
			return false, nil
		}
		if err != nil {
			pe := parseError(err)
			if pe == nil {
				return false, fmt.Errorf("%s: %w", t.file, err)
			}
			t.errs = append(t.errs, Error{File: t.file, Line: pe.StartLine, Problem: quoteProblem(pe)})
			continue
		}
		if blank(rec) {
			continue
		}
		t.rec, t.bad = rec, false
		t.line, _ = t.cr.FieldPos(0)
		t.checkCells()
		return true, nil
	}
}

// blank reports rows such as ",,," that spreadsheets leave at the end.
func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// parseError returns the quoting mistake err reports, nil for a read
// failure.
func parseError(err error) *csv.ParseError {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe
	}
	return nil
}

func quoteProblem(pe *csv.ParseError) string {
	p := "a quote (\") inside a field that is not quoted; quote the field and double the quote"
	if errors.Is(pe.Err, csv.ErrQuote) {
		p = "a quoted field is not closed properly; double any quote (\") inside it"
	}
	if pe.Line != pe.StartLine {
		p += fmt.Sprintf(" (noticed on line %d)", pe.Line)
	}
	return p
}

// sortRow puts one row's problems in the order of the file's columns, so
// that they read left to right like the row itself.
func (t *table) sortRow(errs []Error) {
	if len(errs) < 2 {
		return
	}
	slices.SortStableFunc(errs, func(a, b Error) int { return cmp.Compare(t.position(a.Column), t.position(b.Column)) })
}

// position is the field index of a known column, -1 for the whole row.
func (t *table) position(name string) int {
	for c, col := range t.cols {
		if col.name == name {
			return t.idx[c]
		}
	}
	return -1
}

// has reports whether the file has column c.
func (t *table) has(c int) bool { return t.idx[c] >= 0 }

// get returns the trimmed field of column c, "" when the column is absent
// or the row is short. The result shares memory with the record, so what
// outlives the row goes through t.mem.
func (t *table) get(c int) string {
	i := t.idx[c]
	if i < 0 || i >= len(t.rec) || t.broken[c] {
		return ""
	}
	return strings.TrimSpace(t.rec[i])
}

// fail records a problem with column c of the current row.
func (t *table) fail(c int, problem string) {
	t.failAt(t.line, t.cols[c].name, problem)
}

func (t *table) failf(c int, format string, a ...any) {
	t.fail(c, fmt.Sprintf(format, a...))
}

func (t *table) failAt(line int, col, problem string) {
	t.errs = append(t.errs, Error{File: t.file, Line: line, Column: col, Problem: problem})
	t.bad = true
}

// value returns the field of column c and whether it is non-empty,
// recording a problem when a required field is empty.
func (t *table) value(c int) (string, bool) {
	v := t.get(c)
	if v == "" && t.cols[c].required && !t.broken[c] {
		t.fail(c, "required field is empty")
	}
	return v, v != ""
}

// text returns an optional free-text field, copied so that it does not
// keep the whole record alive.
func (t *table) text(c int) string {
	v, _ := t.value(c)
	return t.mem.keep(v)
}

// Kinds of interned values: the same raw text normalizes differently as a
// handle and as a campaign name.
const (
	internHandle = iota
	internText
	internCurrency
	internSource
)

type internKey struct {
	kind int
	raw  string
}

// intern returns norm(raw), computed and copied once per distinct raw value:
// creator handles, campaign names and currencies repeat on most rows, and
// one copy of each saves both the memory and the normalizing. Values norm
// refuses are not remembered.
func (t *table) intern(kind int, raw string, norm func(string) (string, bool)) (string, bool) {
	if v, ok := t.interned[internKey{kind, raw}]; ok {
		return v, true
	}
	v, ok := norm(raw)
	if !ok {
		return "", false
	}
	if t.interned == nil {
		t.interned = make(map[internKey]string)
	}
	v = t.mem.keep(v)
	key := v
	if v != raw {
		key = t.mem.keep(raw)
	}
	t.interned[internKey{kind, key}] = v
	return v, true
}

// firstLine remembers the line of the first row with key and, for later
// rows with the same key, returns that line.
func firstLine[K comparable](seen map[K]int, key K, line int) (int, bool) {
	if first, ok := seen[key]; ok {
		return first, true
	}
	seen[key] = line
	return 0, false
}
