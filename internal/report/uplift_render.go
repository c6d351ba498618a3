package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/liftmetrics/lift/internal/metrics"
	"github.com/liftmetrics/lift/internal/money"
	"github.com/liftmetrics/lift/internal/textsafe"
)

// Write prints the uplift report in the given format.
func (r *UpliftReport) Write(w io.Writer, format string) error {
	return writeAs(w, format, r, r.writeTable, r.writeCSV)
}

func (r *UpliftReport) writeTable(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Sales lift around posts · %d-day window against a baseline from the %d days before · daily sales from %s · %s\n\n",
		r.WindowDays, r.PreDays, r.Source, r.Currency)
	if len(r.Rows) == 0 {
		b.WriteString("no posts to measure\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	lines := [][]string{{"date", "posts", "creators", "result", "baseline", "actual", "excess", "95% interval", "attributed", "halo", "excess orders", "pre-days"}}
	for _, row := range r.Rows {
		lines = append(lines, r.tableRow(row))
	}
	writeGrid(&b, lines, 4)
	b.WriteString("\n")
	for _, row := range r.Rows {
		if len(row.Members) > 1 {
			fmt.Fprintf(&b, "%s: one result for the day's %d posts, %s: their effects cannot be told apart, so it is not each post's\n",
				row.Date, len(row.Members), row.SharedBy())
		}
	}
	for _, row := range r.Rows {
		if row.Warning != "" {
			fmt.Fprintf(&b, "%s (%s): %s\n", row.Date, strings.Join(row.PostIDs, ", "), row.Warning)
		}
	}
	b.WriteString(r.summary())
	_, err := io.WriteString(w, b.String())
	return err
}

func (r *UpliftReport) tableRow(row UpliftRow) []string {
	interval := noEstimate
	if row.Low != nil {
		interval = money.Format(*row.Low, r.Currency) + " … " + money.Format(*row.High, r.Currency)
	}
	orders := noEstimate
	if row.ExcessOrders != nil {
		orders = metrics.Decimal(*row.ExcessOrders)
	}
	return []string{row.Date.String(), strings.Join(row.PostIDs, " "), strings.Join(row.Creators, " "), outcomeText(row),
		metrics.Money(row.Baseline, r.Currency), money.Format(row.Actual, r.Currency), metrics.Money(row.Excess, r.Currency),
		interval, money.Format(row.Attributed, r.Currency), metrics.Money(row.Halo, r.Currency), orders,
		strconv.Itoa(row.PreDays)}
}

const noEstimate = "—"

// upliftWords say a group's result in the table.
var upliftWords = map[string]string{UpliftLifted: "lifted sales", UpliftLowered: "lowered sales",
	UpliftNoise: "within noise", UpliftNone: "no estimate"}

// outcomeText is a group's result, saying when several posts share it.
func outcomeText(row UpliftRow) string {
	if n := len(row.Members); n > 1 && row.Outcome != UpliftNone {
		return fmt.Sprintf("%s (group of %d)", upliftWords[row.Outcome], n)
	}
	return upliftWords[row.Outcome]
}

// SharedBy names the posts that share a group's result, with their
// creators: "p1 (ana), p2 (ben)".
func (row UpliftRow) SharedBy() string {
	parts := make([]string, len(row.Members))
	for i, m := range row.Members {
		parts[i] = m.PostID
		if m.Creator != "" {
			parts[i] += " (" + m.Creator + ")"
		}
	}
	return strings.Join(parts, ", ")
}

// summary is the report's last line: how many groups moved sales by more
// than the noise explains.
func (r *UpliftReport) summary() string {
	var up, down, none int
	for _, row := range r.Rows {
		switch row.Outcome {
		case UpliftNone:
			none++
		case UpliftLifted:
			up++
		case UpliftLowered:
			down++
		}
	}
	s := fmt.Sprintf("%d post group(s): %d lifted sales beyond the 95%% interval, %d lowered them, %d within day-to-day noise",
		len(r.Rows), up, down, len(r.Rows)-up-down-none)
	if none > 0 {
		s += fmt.Sprintf(", %d without an estimate", none)
	}
	return s + "\n"
}

var upliftCSVHead = []string{"date", "window_end", "post_ids", "creators", "result", "baseline", "actual", "excess", "low", "high",
	"attributed", "halo", "halo_low", "halo_high", "baseline_orders", "actual_orders", "excess_orders",
	"excess_orders_low", "excess_orders_high", "pre_days_used", "window_days_used", "overlaps", "warning"}

func (r *UpliftReport) writeCSV(w io.Writer) error {
	cw := textsafe.NewCSVWriter(w)
	if err := cw.Write(upliftCSVHead); err != nil {
		return err
	}
	for _, row := range r.Rows {
		if err := cw.Write(upliftCSVRow(row)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// upliftCSVRow writes lists space-separated and unknown numbers empty.
func upliftCSVRow(row UpliftRow) []string {
	c := func(v *money.Cents) string {
		if v == nil {
			return ""
		}
		return v.String()
	}
	f := func(v *float64) string {
		if v == nil {
			return ""
		}
		return strconv.FormatFloat(*v, 'f', -1, 64)
	}
	return []string{row.Date.String(), row.WindowEnd.String(), strings.Join(row.PostIDs, " "), strings.Join(row.Creators, " "),
		row.Outcome, c(row.Baseline), row.Actual.String(), c(row.Excess), c(row.Low), c(row.High),
		row.Attributed.String(), c(row.Halo), c(row.HaloLow), c(row.HaloHigh),
		f(row.BaselineOrders), strconv.FormatInt(row.ActualOrders, 10), f(row.ExcessOrders),
		f(row.ExcessOrdersLow), f(row.ExcessOrdersHigh), strconv.Itoa(row.PreDays), strconv.Itoa(row.WindowDays),
		strings.Join(row.Overlaps, " "), row.Warning}
}
