package textsafe

import (
	"bytes"
	"testing"
)

func TestTerminal(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"ana", "ana"},
		{"Zoë 🌸", "Zoë 🌸"},
		{"\x1b[2J\x1b]0;pwned\x07ana", `\x1b[2J\x1b]0;pwned\x07ana`},
		{"a\nb\rc\td", `a\x0ab\x0dc\x09d`},
		{"del\x7f", `del\x7f`},
		{"csi\u009b31m", `csi\u009b31m`},
		{"evil\u202egnp.exe", `evil\u202egnp.exe`},
		{"latin1 \xe9t\xe9", `latin1 \xe9t\xe9`},
	} {
		if got := Terminal(tc.in); got != tc.want {
			t.Errorf("Terminal(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestTerminalWriterKeepsLines(t *testing.T) {
	var b bytes.Buffer
	TerminalWriter(&b).Write([]byte("key  orders\n\x1b[31mred\x1b[0m  3\n"))
	if want := "key  orders\n\\x1b[31mred\\x1b[0m  3\n"; b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}

func TestCSVCell(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"=HYPERLINK(\"http://evil\",\"x\")", "'=HYPERLINK(\"http://evil\",\"x\")"},
		{"+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1:A9)", "'@SUM(A1:A9)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"-12.50", "-12.50"},
		{"-0.25", "-0.25"},
		{"+3", "+3"},
		{"-", "'-"},
		{"ana", "ana"},
		{"", ""},
		{"1e5", "1e5"},
	} {
		if got := CSVCell(tc.in); got != tc.want {
			t.Errorf("CSVCell(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	var b bytes.Buffer
	w := NewCSVWriter(&b)
	w.Write([]string{"key", "revenue"})
	w.Write([]string{"=1+1", "-30.00"})
	w.Flush()
	if want := "key,revenue\n'=1+1,-30.00\n"; b.String() != want {
		t.Errorf("CSV: %q, want %q", b.String(), want)
	}
}
