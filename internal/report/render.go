package report

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/liftmetrics/lift/internal/metrics"
	"github.com/liftmetrics/lift/internal/money"
	"github.com/liftmetrics/lift/internal/textsafe"
)

// Formats lists the output formats of Write.
var Formats = []string{"table", "csv", "json"}

// Write prints the report in the given format.
func (r *Report) Write(w io.Writer, format string) error {
	return writeAs(w, format, r, r.writeTable, r.writeCSV)
}

// writeAs prints v in one of the Formats: the table for people, CSV, or
// indented JSON.
func writeAs(w io.Writer, format string, v any, table, csv func(io.Writer) error) error {
	switch format {
	case "", "table":
		return table(textsafe.TerminalWriter(w))
	case "csv":
		return csv(w)
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	return fmt.Errorf("unknown format %q (use table, csv or json)", format)
}

// column is one column of the table for people.
type column struct {
	head string
	cell func(v metrics.Values, cur string) string
}

// conversionColumns join the table when the report has conversions.
var conversionColumns = []column{
	{"conversions", func(v metrics.Values, _ string) string { return metrics.Decimal(v.Conversions) }},
	{"conv. value", func(v metrics.Values, c string) string { return money.Format(v.ConversionValue, c) }},
}

// columns of the table for people; CSV and JSON carry every metric.
var tableColumns = []column{
	{"impr.", func(v metrics.Values, _ string) string { return metrics.Count(v.Impressions) }},
	{"eng. rate", func(v metrics.Values, _ string) string { return metrics.Percent(v.EngagementRate) }},
	{"clicks", func(v metrics.Values, _ string) string { return metrics.Count(v.Clicks) }},
	{"CTR", func(v metrics.Values, _ string) string { return metrics.Percent(v.CTR) }},
	{"orders", func(v metrics.Values, _ string) string { return metrics.Decimal(v.Orders) }},
	{"by code", func(v metrics.Values, _ string) string { return metrics.Decimal(v.CodeOrders) }},
	{"conv.", func(v metrics.Values, _ string) string { return metrics.Percent(v.ConversionRate) }},
	{"revenue", func(v metrics.Values, c string) string { return money.Format(v.Revenue, c) }},
	{"cost", func(v metrics.Values, c string) string { return money.Format(v.Cost, c) }},
	{"ROI", func(v metrics.Values, _ string) string { return metrics.Percent(v.ROI) }},
	{"ROAS", func(v metrics.Values, _ string) string { return metrics.Multiple(v.ROAS) }},
	{"AOV", func(v metrics.Values, c string) string { return metrics.Money(v.AOV, c) }},
	{"CAC", func(v metrics.Values, c string) string { return metrics.Money(v.CAC, c) }},
	{"CPC", func(v metrics.Values, c string) string { return metrics.Money(v.CPC, c) }},
}

func (r *Report) writeTable(w io.Writer) error {
	columns := tableColumns
	if r.Total.Conversions > 0 || r.Unattributed.Conversions > 0 {
		columns = append(slices.Clip(columns), conversionColumns...)
	}
	head := []string{r.GroupBy}
	creator := r.GroupBy == "creator"
	if creator {
		head = append(head, "platform", "tier")
	}
	for _, c := range columns {
		head = append(head, c.head)
	}
	head = append(head, r.rankHead()...)
	lines := [][]string{head}
	line := func(key string, extra []string, v metrics.Values) []string {
		cells := append([]string{key}, extra...)
		for _, c := range columns {
			cells = append(cells, c.cell(v, r.Currency))
		}
		return cells
	}
	for _, row := range r.Rows {
		var extra []string
		if creator {
			extra = []string{row.Platform, row.Tier}
		}
		lines = append(lines, append(line(row.Key, extra, row.Values), r.rankCells(row)...))
	}
	var pad []string
	if creator {
		pad = []string{"", ""}
	}
	lines = append(lines, nil, line("total", pad, r.Total))
	r.markLines(lines)
	left := 1 + len(pad) // key and text columns align left, numbers right
	widths := make([]int, len(head))
	for _, l := range lines {
		for i, c := range l {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s by %s · %s, %s window · %s · %s", title(r), r.GroupBy, r.Model, r.Window, r.Currency, r.Pending.head())
	b.WriteString("\n")
	if r.CostSpread != "" {
		b.WriteString(r.CostSpread + "\n")
	}
	b.WriteString("\n")
	for _, l := range lines {
		if l == nil {
			for i, wd := range widths {
				if i > 0 {
					b.WriteString("  ")
				}
				b.WriteString(strings.Repeat("─", wd))
			}
			b.WriteByte('\n')
			continue
		}
		for i, c := range l {
			if i > 0 {
				b.WriteString("  ")
			}
			gap := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c))
			if i < left {
				b.WriteString(c + gap)
			} else {
				b.WriteString(gap + c)
			}
		}
		b.WriteString("\n")
	}
	b.WriteString(r.markLegend())
	b.WriteString("conv.: orders that came through a click / clicks (a click converts once); by code: orders credited to promo codes\n")
	u := r.Unattributed
	when := ""
	if u.From != "" {
		when = fmt.Sprintf(" from %s to %s, the campaign's dates,", u.From, u.To)
	}
	conversions := ""
	if u.Conversions > 0 {
		conversions = ", " + metrics.Count(u.Conversions) + " conversions"
	}
	fmt.Fprintf(&b, "unattributed:%s %s orders, %s revenue%s (no link, click or code earned them)\n",
		when, metrics.Count(u.Orders), money.Format(u.Revenue, r.Currency), conversions)
	fmt.Fprintf(&b, "pending: %s orders, %s revenue not paid yet (%s)\n",
		metrics.Decimal(r.Pending.Orders), money.Format(r.Pending.Revenue, r.Currency), r.Pending.note())
	b.WriteString(r.rankNotes())
	b.WriteString(r.amazonTable())
	_, err := io.WriteString(w, strings.TrimRight(b.String(), " "))
	return err
}

func title(r *Report) string {
	t := "Report"
	if r.Campaign != "" {
		t = "Campaign " + r.Campaign
	}
	switch {
	case r.From != "" && r.To != "":
		t += ", " + r.From + " to " + r.To
	case r.From != "":
		t += ", from " + r.From
	case r.To != "":
		t += ", to " + r.To
	}
	return t
}

// csvFields are the metric columns of CSV output, in the JSON order.
var csvFields = func() []string {
	b, _ := json.Marshal(metrics.Values{})
	return jsonKeys(b)
}()

// jsonKeys returns the top-level keys of a JSON object in their order.
func jsonKeys(obj []byte) []string {
	dec := json.NewDecoder(strings.NewReader(string(obj)))
	var keys []string
	if _, err := dec.Token(); err != nil {
		return nil
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return keys
		}
		keys = append(keys, t.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return keys
		}
	}
	return keys
}

func (r *Report) writeCSV(w io.Writer) error {
	cw := textsafe.NewCSVWriter(w)
	head := append([]string{"key", "platform", "tier"}, csvFields...)
	head = append(head, r.amazonCSVHead()...)
	head = append(head, r.rankCSVHead()...)
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, row := range r.Rows {
		cells := append(csvRow(row.Key, row.Platform, row.Tier, row.Values), r.amazonCSV(row.Amazon)...)
		if err := cw.Write(append(cells, r.rankCSV(row.RowRank)...)); err != nil {
			return err
		}
	}
	if err := cw.Write(append(append(csvRow("total", "", "", r.Total), r.amazonCSV(r.TotalAmazon)...), r.rankCSV(nil)...)); err != nil {
		return err
	}
	un := make([]string, len(head))
	un[0] = "unattributed"
	for i, f := range head {
		switch f {
		case "orders":
			un[i] = strconv.FormatInt(r.Unattributed.Orders, 10)
		case "revenue":
			un[i] = r.Unattributed.Revenue.String()
		case "conversions":
			un[i] = strconv.FormatInt(r.Unattributed.Conversions, 10)
		}
	}
	if err := cw.Write(un); err != nil {
		return err
	}
	pend := make([]string, len(head))
	pend[0] = "pending"
	for i, f := range head {
		switch f {
		case "orders":
			pend[i] = strconv.FormatFloat(r.Pending.Orders, 'f', -1, 64)
		case "revenue":
			pend[i] = r.Pending.Revenue.String()
		}
	}
	if err := cw.Write(pend); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// csvRow writes a row's values as their JSON text, with null as empty.
func csvRow(key, platform, tier string, v metrics.Values) []string {
	b, _ := json.Marshal(v)
	var m map[string]json.RawMessage
	_ = json.Unmarshal(b, &m)
	out := []string{key, platform, tier}
	for _, f := range csvFields {
		s := string(m[f])
		if s == "null" {
			s = ""
		}
		out = append(out, s)
	}
	return out
}
