// Package textsafe writes text that came from users (creator names,
// campaigns, slugs) where it could act: on a terminal, where control
// characters drive the screen, and in CSV files, where a spreadsheet runs
// a cell that looks like a formula.
package textsafe

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Terminal escapes what a terminal would act on rather than show: C0 and
// C1 control characters (ESC starts colour, cursor and title sequences),
// DEL, bidirectional overrides that reorder what is shown, and invalid
// UTF-8. Each becomes a visible \xNN or \uNNNN; other text is unchanged.
func Terminal(s string) string { return escape(s, false) }

func escape(s string, keepNewline bool) string {
	if clean(s, keepNewline) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n' && keepNewline:
			b.WriteByte('\n')
		case acts(r) && r < 0x80:
			fmt.Fprintf(&b, `\x%02x`, r)
		case acts(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func clean(s string, keepNewline bool) bool {
	for _, r := range s {
		if r == utf8.RuneError || acts(r) && !(r == '\n' && keepNewline) {
			return false
		}
	}
	return true
}

// acts reports runes a terminal acts on rather than prints.
func acts(r rune) bool {
	return r < 0x20 || r >= 0x7f && r <= 0x9f ||
		r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
}

// terminalWriter escapes everything it writes but line ends.
type terminalWriter struct{ w io.Writer }

// TerminalWriter is w for text meant for a terminal: every write is
// escaped as Terminal does, keeping line breaks. Each write must hold
// whole characters.
func TerminalWriter(w io.Writer) io.Writer { return terminalWriter{w} }

func (t terminalWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(t.w, escape(string(p), true)); err != nil {
		return 0, err
	}
	return len(p), nil
}

// CSVCell neutralises a cell a spreadsheet would take for a formula: one
// that starts with =, +, -, @, a tab or a carriage return gets a leading
// apostrophe, as OWASP recommends. A plain number ("-12.50", "-0.25")
// is left alone: it computes nothing, and a negative amount must stay a
// number.
func CSVCell(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) || number(s) {
		return s
	}
	return "'" + s
}

// number reports a plain decimal: an optional sign, digits, an optional
// fraction.
func number(s string) bool {
	if s[0] == '-' || s[0] == '+' {
		s = s[1:]
	}
	whole, frac, dot := strings.Cut(s, ".")
	if dot && !digits(frac) {
		return false
	}
	return digits(whole) || (whole == "" && dot)
}

func digits(s string) bool { return s != "" && strings.Trim(s, "0123456789") == "" }

// CSVWriter writes CSV whose every cell passes through CSVCell.
type CSVWriter struct {
	*csv.Writer
	rec []string
}

// NewCSVWriter writes safe CSV to w.
func NewCSVWriter(w io.Writer) *CSVWriter { return &CSVWriter{Writer: csv.NewWriter(w)} }

// Write writes one record with its cells neutralised.
func (w *CSVWriter) Write(rec []string) error {
	w.rec = w.rec[:0]
	for _, c := range rec {
		w.rec = append(w.rec, CSVCell(c))
	}
	return w.Writer.Write(w.rec)
}
