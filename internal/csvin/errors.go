package csvin

import (
	"strconv"
	"strings"
)

// Error is one problem in an input file. Parsers return every row problem
// they find as an Error so that a person can fix the whole file in one go;
// callers that cross-check rows against the database report their findings
// with the same type, so all problems read alike.
type Error struct {
	File    string // the name given in Options.File
	Line    int    // physical line where the record starts; 0 when the problem is not tied to a line
	Column  string // column name as the file contract spells it ("revenue", "Subtotal"); "" for the whole row
	Problem string
}

// Error formats the problem as `orders.csv: line 4: revenue: "12,3x" is
// not an amount`, leaving out the line and column when they are not known.
func (e Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteString(": line ")
		b.WriteString(strconv.Itoa(e.Line))
	}
	if e.Column != "" {
		b.WriteString(": ")
		b.WriteString(e.Column)
	}
	b.WriteString(": ")
	b.WriteString(e.Problem)
	return b.String()
}
