package web

import (
	"math"
	"strconv"
	"strings"

	"github.com/liftmetrics/lift/internal/money"
	"github.com/liftmetrics/lift/internal/report"
	"github.com/liftmetrics/lift/internal/uplift"
)

// liftChart is one post day's daily sales against its baseline, drawn on
// the server as SVG: a column a day, the window shaded, each day's
// expected sales as a tick inside its 95% band. Across, a unit is a day
// (the plot stretches to the card); down, a unit is a pixel.
type liftChart struct {
	Title   string
	Note    string // why there is no band
	Label   string // for screen readers
	Days    int
	Height  int // of the plot, in pixels
	Window  [2]int
	Grid    []gridLine
	XLabels []xLabel
	Cols    []liftCol
	days    []uplift.ChartDay
	use     map[uplift.Date]string
}

type gridLine struct {
	Y     float64
	Label string
}

type xLabel struct {
	X      string // percent of the width
	Label  string
	Anchor string // start, middle or end: a label at an edge stays inside
	Alt    bool   // every other label, left out on a phone
}

// liftCol is one day: its sales bar and its band and tick, in plot units.
type liftCol struct {
	X                 int
	BarY, BarH        float64
	HasBar            bool
	Class             string // the day's part: pre, lifted, window, after, or none
	BandY, BandH, Exp float64
	HasBand           bool
	Title             string
}

// liftChartDaysAfter is how many days past the window the chart shows.
const liftChartDaysAfter = 7

const liftPlotHeight = 200

func newLiftChart(rep *report.UpliftReport, row report.UpliftRow) *liftChart {
	days := rep.Chart(row.Date, liftChartDaysAfter)
	if len(days) == 0 {
		return nil
	}
	cur := rep.Currency
	c := &liftChart{Days: len(days), Height: liftPlotHeight, days: days}
	c.Title = row.Date.String() + " · " + strings.Join(row.Creators, ", ")
	if len(row.PostIDs) > 1 {
		c.Title += " (" + plural(int64(len(row.PostIDs)), "post", "posts") + ")"
	}
	var top money.Cents
	for i, d := range days {
		if d.Use == uplift.UseWindow && c.Window[1] == 0 {
			c.Window = [2]int{i, rep.WindowDays}
		}
		if d.Sales != nil {
			top = max(top, *d.Sales)
		}
		if d.High != nil {
			top = max(top, *d.High)
		}
	}
	if days[0].Expected == nil {
		c.Note = "No baseline: only " + plural(int64(row.PreDays), "usable day", "usable days") + " of sales before the post, " +
			strconv.Itoa(uplift.MinPreDays) + " needed. The bars are the daily sales alone."
	}
	step := niceStep(float64(top) / 4)
	ceil := step * math.Ceil(float64(top)/step)
	if ceil <= 0 {
		ceil = 100
	}
	y := func(v money.Cents) float64 { return round1(liftPlotHeight - float64(v)/ceil*(liftPlotHeight-8)) }
	for v := 0.0; v <= ceil+step/2; v += step {
		c.Grid = append(c.Grid, gridLine{Y: y(money.Cents(v)), Label: shortMoney(money.Cents(v), cur)})
	}
	every := max(1, len(days)/6)
	for i, d := range days {
		col := liftCol{X: i, Class: d.Use}
		if col.Class == "" {
			col.Class = "none"
		}
		title := []string{d.Date.Time().Format("Mon 2 Jan 2006")}
		if d.Sales != nil {
			col.HasBar, col.BarY = true, y(*d.Sales)
			col.BarH = round1(liftPlotHeight - col.BarY)
			title = append(title, "sold "+money.Format(*d.Sales, cur))
		} else {
			title = append(title, "no sales data")
		}
		if d.Expected != nil {
			col.HasBand, col.BandY, col.Exp = true, y(*d.High), y(*d.Expected)
			col.BandH = round1(y(*d.Low) - col.BandY)
			title = append(title, "expected "+money.Format(*d.Expected, cur)+" ("+money.Format(*d.Low, cur)+" to "+money.Format(*d.High, cur)+")")
		}
		if part := dayPart[d.Use]; part != "" {
			title = append(title, part)
		}
		col.Title = strings.Join(title, " · ")
		c.Cols = append(c.Cols, col)
		if (len(days)-1-i)%every == 0 {
			x, anchor := (float64(i)+0.5)/float64(len(days))*100, "middle"
			switch {
			case x < 6:
				x, anchor = 0, "start"
			case x > 94:
				x, anchor = 100, "end"
			}
			c.XLabels = append(c.XLabels, xLabel{X: strconv.FormatFloat(x, 'f', 2, 64), Label: d.Date.Time().Format("Jan 2"), Anchor: anchor,
				Alt: (len(days)-1-i)/every%2 == 1})
		}
	}
	c.Label = "Daily sales from " + days[0].Date.String() + " to " + days[len(days)-1].Date.String() +
		", with the post's window shaded from " + row.Date.String() + " and the baseline's expected sales and band"
	return c
}

var dayPart = map[string]string{
	uplift.UsePre:    "a baseline day",
	uplift.UseLifted: "in another post's window: left out of the baseline",
	uplift.UseWindow: "in the post's window",
	uplift.UseAfter:  "after the window",
}

// table is the chart's numbers, for download and for readers of tables.
func (c *liftChart) table(cur string) *table {
	t := &table{Name: "sales-lift-days", Cols: []column{{Key: "day", Head: "Day"}, {Key: "part", Head: "Part"},
		{Key: "sales", Head: "Sales", Num: true}, {Key: "expected", Head: "Expected", Num: true},
		{Key: "low", Head: "Band low", Num: true}, {Key: "high", Head: "Band high", Num: true}},
		Empty: "No day to show."}
	if c == nil {
		return t
	}
	for _, d := range c.days {
		sales := noData()
		if d.Sales != nil {
			sales = cash(*d.Sales, cur)
		}
		t.add(text(d.Date.String()), text(dayPart[d.Use]), sales, estimated(d.Expected, cur), estimated(d.Low, cur), estimated(d.High, cur))
	}
	return t
}

// niceStep rounds a step up to 1, 2 or 5 times a power of ten.
func niceStep(x float64) float64 {
	if x <= 0 {
		return 100
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= x {
			return m * p
		}
	}
	return 10 * p
}

func round1(f float64) float64 { return math.Round(f*10) / 10 }

// shortMoney is an axis label: whole amounts without their cents.
func shortMoney(c money.Cents, cur string) string {
	return strings.Replace(money.Format(c, cur), ".00", "", 1)
}
