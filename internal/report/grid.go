package report

import (
	"encoding/json"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/liftmetrics/lift/internal/textsafe"
)

// writeGrid writes lines as aligned columns: the first left columns to
// the left (text), the rest to the right (numbers).
func writeGrid(b *strings.Builder, lines [][]string, left int) {
	var widths []int
	for _, l := range lines {
		for i, c := range l {
			l[i] = textsafe.Terminal(c) // a name's line break must not break the grid
			c = l[i]
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	for _, l := range lines {
		var line strings.Builder
		for i, c := range l {
			if i > 0 {
				line.WriteString("  ")
			}
			gap := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c))
			if i < left {
				line.WriteString(c + gap)
			} else {
				line.WriteString(gap + c)
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " "))
		b.WriteByte('\n')
	}
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// writeObjectsCSV writes rows, which marshal to JSON objects shaped like
// proto, one CSV line each under the JSON keys; null is an empty field.
func writeObjectsCSV(w io.Writer, proto any, rows []any) error {
	b, err := json.Marshal(proto)
	if err != nil {
		return err
	}
	keys := jsonKeys(b)
	cw := textsafe.NewCSVWriter(w)
	if err := cw.Write(keys); err != nil {
		return err
	}
	for _, row := range rows {
		b, err := json.Marshal(row)
		if err != nil {
			return err
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(b, &m); err != nil {
			return err
		}
		rec := make([]string, len(keys))
		for i, k := range keys {
			rec[i] = csvField(m[k])
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvField is a JSON value as a CSV field: strings unquoted, null empty.
func csvField(v json.RawMessage) string {
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s
	}
	if string(v) == "null" {
		return ""
	}
	return string(v)
}
