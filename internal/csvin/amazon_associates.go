package csvin

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"regexp"
	"strings"

	"github.com/liftmetrics/lift/internal/money"
)

// Period is a span of days, both ends included, as YYYY-MM-DD.
type Period struct{ From, To string }

// AssociatesShape is which Associates Central report a file is; the
// header tells them apart.
type AssociatesShape int

// The Associates reports Lift reads.
const (
	// AssociatesByDay is a report by day and tracking id (a Date column
	// with the summary's columns).
	AssociatesByDay AssociatesShape = iota
	// AssociatesSummary has no date (Earnings by Tracking ID, Fee-Tracking):
	// each row is one block for the file's period.
	AssociatesSummary
	// AssociatesOrders is Fee-Orders: one row per item ordered (Date, Qty
	// or Items Ordered, Price($)).
	AssociatesOrders
	// AssociatesEarnings is Fee-Earnings: one row per item shipped or
	// returned (Date Shipped, Items Shipped, Returns, Revenue($), Ad Fees($)).
	AssociatesEarnings
)

func (s AssociatesShape) String() string {
	return [...]string{"report by day", "summary without dates", "Fee-Orders", "Fee-Earnings"}[s]
}

// AmazonAssociates is one day (or, from a summary, one period) of one
// tracking id from an Amazon Associates report. Rows of a per-item report
// (Fee-Orders, Fee-Earnings) are summed per day and tracking id, on the
// line of the first.
type AmazonAssociates struct {
	Line       int
	Shape      AssociatesShape
	Date       string // YYYY-MM-DD: the day, or the period's first day
	Ends       string // the period's last day, for a summary; "" for a day
	TrackingID string // lower case, trimmed
	Creator    string // the optional creator column; "" maps by tracking id
	Campaign   string // the optional campaign column, with Creator

	Clicks, ItemsOrdered, ItemsShipped, ItemsReturned int64
	// Revenue is ordered revenue. It and Earnings may be negative: Amazon
	// nets a day's returns against its sales in some reports.
	Revenue, Earnings money.Cents
	// ShippedRevenue and ReturnedRevenue are kept apart from Revenue;
	// ReturnedRevenue is positive (what returns took back). Bonus is the
	// part of Earnings paid as a bonus.
	ShippedRevenue, ReturnedRevenue, Bonus money.Cents
}

const (
	asDate = iota
	asDateShipped
	asTrackingID
	asTag
	asClicks
	asItemsOrdered
	asOrderedItems
	asQty
	asOrderedRevenue
	asRevenue
	asItemsShipped
	asShippedItems
	asItemsReturned
	asReturns
	asShippedRevenue
	asReturnedRevenue
	asTotalEarnings
	asEarnings
	asBonus
	asPrice
	asItemRevenue
	asAdFees
	asCreator
	asCampaign
)

var associatesColumns = []column{
	asDate:            {"Date", false},
	asDateShipped:     {"Date Shipped", false},
	asTrackingID:      {"Tracking Id", false},
	asTag:             {"Tag", false},
	asClicks:          {"Clicks", false},
	asItemsOrdered:    {"Items Ordered", false},
	asOrderedItems:    {"Ordered Items", false},
	asQty:             {"Qty", false},
	asOrderedRevenue:  {"Ordered Revenue", false},
	asRevenue:         {"Revenue", false},
	asItemsShipped:    {"Items Shipped", false},
	asShippedItems:    {"Shipped Items", false},
	asItemsReturned:   {"Items Returned", false},
	asReturns:         {"Returns", false},
	asShippedRevenue:  {"Items Shipped Revenue", false},
	asReturnedRevenue: {"Items Returned Revenue", false},
	asTotalEarnings:   {"Total Earnings", false},
	asEarnings:        {"Earnings", false},
	asBonus:           {"Bonus", false},
	asPrice:           {"Price($)", false},
	asItemRevenue:     {"Revenue($)", false},
	asAdFees:          {"Ad Fees($)", false},
	asCreator:         {"creator", false},
	asCampaign:        {"campaign", false},
}

// associatesCols are the columns an Associates file reads each number
// from, among the names its shape allows.
type associatesCols struct {
	shape                                  AssociatesShape
	date, tag, ordered, revenue            int
	shipped, returned, earnings            int
	shippedRevenue, returnedRevenue, bonus int
}

func (t *table) associatesCols() (associatesCols, error) {
	c := associatesCols{date: asDate, tag: t.firstOf(asTrackingID, asTag),
		ordered: t.firstOf(asItemsOrdered, asOrderedItems, asQty), revenue: t.firstOf(asOrderedRevenue, asRevenue),
		shipped: t.firstOf(asItemsShipped, asShippedItems), returned: t.firstOf(asItemsReturned, asReturns),
		earnings: t.firstOf(asTotalEarnings, asEarnings), shippedRevenue: asShippedRevenue, returnedRevenue: asReturnedRevenue, bonus: asBonus}
	switch {
	case t.has(asDateShipped):
		c.shape, c.date, c.revenue, c.earnings = AssociatesEarnings, asDateShipped, asItemRevenue, asAdFees
		return c, t.needColumns(c.tag, c.date, c.shipped, c.revenue, c.earnings)
	case t.has(asPrice):
		c.shape = AssociatesOrders
		return c, t.needColumns(c.tag, c.date, c.ordered)
	case !t.has(asDate):
		c.shape = AssociatesSummary
	}
	return c, t.needColumns(c.tag, asClicks, c.ordered, c.revenue)
}

// ParseAmazonAssociates reads an Amazon Associates Central report, whose
// shape its header tells (see AssociatesShape): a report by day and
// tracking id; a summary without dates, which covers o.Period or, when
// that is not given, the period its title line names ("Fee-Tracking
// Report for xyz-20 from 2026-10-01 to 2026-10-07"), and is refused
// without either; Fee-Orders and Fee-Earnings, one row per item, summed
// per day and tracking id. Empty counts and amounts, and "-", are 0;
// amounts read as in ParseAmazonAttribution.
func ParseAmazonAssociates(r io.Reader, o Options, currency string) ([]AmazonAssociates, []Error, error) {
	title, r, err := readTitle(r)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", o.File, err)
	}
	t, err := newTable(r, o, "amazon-associates.csv", associatesColumns)
	if err != nil {
		return nil, nil, err
	}
	cols, err := t.associatesCols()
	if err != nil {
		return nil, nil, err
	}
	period, err := t.associatesPeriod(cols.shape, o.Period, title)
	if err != nil {
		return nil, nil, err
	}
	p := associatesParse{t: t, cols: cols, currency: currency, period: period, byKey: map[[2]string]int{}}
	if err := t.eachRow(p.row); err != nil {
		return nil, nil, err
	}
	var out []AmazonAssociates
	for i, a := range p.out {
		if !p.bad[i] {
			out = append(out, a)
		}
	}
	return out, t.errs, nil
}

// associatesParse gathers the records of one Associates file.
type associatesParse struct {
	t        *table
	cols     associatesCols
	currency string
	period   Period
	out      []AmazonAssociates
	bad      []bool
	byKey    map[[2]string]int // index in out of each day (or period) and tracking id
}

func (p *associatesParse) row() {
	t, c := p.t, p.cols
	a := AmazonAssociates{Line: t.line, Shape: c.shape, Date: p.period.From}
	if c.shape == AssociatesSummary {
		a.Ends = p.period.To
	} else if t.get(c.date) == "" {
		t.fail(c.date, "required field is empty")
	} else {
		a.Date, _ = t.day(c.date)
	}
	if t.get(c.tag) == "" {
		t.fail(c.tag, "required field is empty")
	} else {
		a.TrackingID, _ = t.amazonTag(c.tag)
	}
	a.Creator, _ = t.creatorRef(asCreator)
	a.Campaign, _ = t.name(asCampaign)
	if a.Creator != "" && a.Campaign == "" {
		t.fail(asCampaign, "a row that names its creator must name the Lift campaign too")
	}
	switch c.shape {
	case AssociatesOrders:
		p.orderRow(&a)
	case AssociatesEarnings:
		p.earningsRow(&a)
	default:
		p.trackingRow(&a)
	}
	if a.Date == "" || a.TrackingID == "" {
		return // the row is bad and belongs to no day and tracking id
	}
	p.add(a)
}

// trackingRow reads the numbers of a row by tracking id (a day's, or a
// summary's).
func (p *associatesParse) trackingRow(a *AmazonAssociates) {
	t, c := p.t, p.cols
	a.Clicks = t.assocCount(asClicks)
	a.ItemsOrdered = t.assocCount(c.ordered)
	a.ItemsShipped = t.assocCount(c.shipped)
	a.ItemsReturned = t.assocCount(c.returned)
	a.Revenue = t.assocAmount(c.revenue, p.currency, true)
	a.ShippedRevenue = t.assocAmount(c.shippedRevenue, p.currency, false)
	// Some exports write returned revenue negative, others positive: it
	// is what returns took back either way.
	a.ReturnedRevenue = abs(t.assocAmount(c.returnedRevenue, p.currency, true))
	a.Earnings = t.assocAmount(c.earnings, p.currency, true)
	a.Bonus = t.assocAmount(c.bonus, p.currency, true)
}

// orderRow reads a Fee-Orders row: Qty items at Price($) each.
func (p *associatesParse) orderRow(a *AmazonAssociates) {
	t, c := p.t, p.cols
	a.ItemsOrdered = t.assocCount(c.ordered)
	price := t.assocAmount(asPrice, p.currency, false)
	if a.ItemsOrdered > 0 && int64(price) > math.MaxInt64/a.ItemsOrdered {
		t.failf(asPrice, "%d items at %s add up to more than can be counted", a.ItemsOrdered, t.get(asPrice))
		return
	}
	a.Revenue = money.Cents(a.ItemsOrdered * int64(price))
}

// earningsRow reads a Fee-Earnings row. Amazon writes a return as a row
// of its own, with Returns and a negative Revenue($) and Ad Fees($): its
// amount is returned revenue, not shipped revenue.
func (p *associatesParse) earningsRow(a *AmazonAssociates) {
	t, c := p.t, p.cols
	a.ItemsShipped = t.assocCount(c.shipped)
	a.ItemsReturned = t.assocCount(c.returned)
	rev := t.assocAmount(c.revenue, p.currency, true)
	if rev < 0 || a.ItemsShipped == 0 && a.ItemsReturned > 0 {
		a.ReturnedRevenue = abs(rev)
	} else {
		a.ShippedRevenue = rev
	}
	a.Earnings = t.assocAmount(c.earnings, p.currency, true)
}

// add keeps a record, or sums it into the earlier one of its day and
// tracking id in a per-item report; elsewhere a day and tracking id
// appear once.
func (p *associatesParse) add(a AmazonAssociates) {
	t := p.t
	key := [2]string{a.Date, a.TrackingID}
	i, seen := p.byKey[key]
	if !seen {
		p.byKey[key] = len(p.out)
		p.out = append(p.out, a)
		p.bad = append(p.bad, t.bad)
		return
	}
	g := &p.out[i]
	if a.Shape != AssociatesOrders && a.Shape != AssociatesEarnings {
		on := " on " + a.Date
		if a.Shape == AssociatesSummary {
			on = ""
		}
		t.failf(p.cols.tag, "tracking id %q%s is already on line %d", a.TrackingID, on, g.Line)
		return
	}
	switch {
	case a.Creator != g.Creator || !strings.EqualFold(a.Campaign, g.Campaign):
		t.failf(asCreator, "tracking id %q on %s is mapped differently on line %d (creator %q, campaign %q)",
			a.TrackingID, a.Date, g.Line, g.Creator, g.Campaign)
	case !addAll([][2]*int64{{&g.ItemsOrdered, &a.ItemsOrdered}, {(*int64)(&g.Revenue), (*int64)(&a.Revenue)},
		{&g.ItemsShipped, &a.ItemsShipped}, {&g.ItemsReturned, &a.ItemsReturned},
		{(*int64)(&g.ShippedRevenue), (*int64)(&a.ShippedRevenue)}, {(*int64)(&g.ReturnedRevenue), (*int64)(&a.ReturnedRevenue)},
		{(*int64)(&g.Earnings), (*int64)(&a.Earnings)}}):
		t.failAt(t.line, "", fmt.Sprintf("the numbers of tracking id %q on %s add up to more than can be counted", a.TrackingID, a.Date))
	}
	p.bad[i] = p.bad[i] || t.bad
}

// assocCount reads a count where "-" means none, as Associates writes it.
func (t *table) assocCount(c int) int64 {
	if t.get(c) == "-" {
		return 0
	}
	n, _ := t.count(c)
	return n
}

// assocAmount reads an amount where "-" means none.
func (t *table) assocAmount(c int, currency string, negative bool) money.Cents {
	if t.get(c) == "-" {
		return 0
	}
	m, _ := t.amazonAmount(c, currency, negative)
	return m
}

func abs(m money.Cents) money.Cents {
	if m < 0 {
		return -m
	}
	return m
}

// titleLine is the line Associates Central writes above a report's
// header, and the period it names.
var titleLine = regexp.MustCompile(`(?i)\bfrom\s+(.+?)\s+to\s+(.+?)\s*$`)

// readTitle takes a title line off the top of r: a first line without a
// comma (no Associates header has a single column) that names a report or
// a period. It is replaced by an
// empty line, which the CSV reader skips while still counting it, so
// that every line keeps its number.
func readTitle(r io.Reader) (string, io.Reader, error) {
	br := bufio.NewReader(r)
	first, err := br.ReadString('\n')
	if err != nil && err != io.EOF {
		return "", nil, err
	}
	line := strings.TrimSpace(strings.TrimPrefix(first, "\uFEFF"))
	if strings.Contains(line, ",") || !titleLine.MatchString(line) && !strings.Contains(strings.ToLower(line), "report") {
		return "", io.MultiReader(strings.NewReader(first), br), nil
	}
	return strings.Trim(line, `"`), io.MultiReader(strings.NewReader("\n"), br), nil
}

// associatesPeriod is the period a summary covers: the one given (from
// the command line), else the one its title names. A file with dates
// takes none.
func (t *table) associatesPeriod(shape AssociatesShape, given Period, title string) (Period, error) {
	fail := func(line int, format string, a ...any) (Period, error) {
		return Period{}, Error{File: t.file, Line: line, Problem: fmt.Sprintf(format, a...)}
	}
	header, _ := t.cr.FieldPos(0)
	if shape != AssociatesSummary {
		if given != (Period{}) {
			return fail(header, "--from and --to are for a summary without dates, and this %s has a %s column: leave them out", shape, t.cols[t.firstOf(asDate, asDateShipped)].name)
		}
		return Period{}, nil
	}
	var named Period
	if m := titleLine.FindStringSubmatch(title); m != nil {
		from, err1 := parseDay(m[1])
		to, err2 := parseDay(m[2])
		if err1 != nil || err2 != nil {
			return fail(1, "the title %q names no period Lift can read (from YYYY-MM-DD to YYYY-MM-DD)", title)
		}
		named = Period{from, to}
	}
	switch {
	case given == (Period{}) && named == (Period{}):
		return fail(header, "this summary has no dates: say which days it covers with --from and --to (YYYY-MM-DD, both included; From and To on the dashboard's import), or with a first line \"… from YYYY-MM-DD to YYYY-MM-DD\" above the header; its numbers are stored as one block for that period, never spread over days")
	case given == (Period{}):
		given = named
	case named != (Period{}) && named != given:
		return fail(1, "the title says the file covers %s to %s, but --from and --to say %s to %s", named.From, named.To, given.From, given.To)
	}
	if given.From > given.To {
		return fail(header, "the period %s to %s ends before it starts", given.From, given.To)
	}
	return given, nil
}
