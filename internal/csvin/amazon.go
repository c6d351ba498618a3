package csvin

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/liftmetrics/lift/internal/money"
)

// AmazonAttribution is one day of one ad group from an Amazon Attribution
// report. Rows of the file with the same day and ad group (one per
// publisher or channel) are summed into one record, on the line of the
// first.
type AmazonAttribution struct {
	Line    int
	Date    string // YYYY-MM-DD
	AdGroup string // lower case, trimmed: the tag a creator is mapped by (the ad group's name, else its id, else the campaign id)
	// MapBy are the row's other ids, most specific first (adGroupId,
	// campaignId): a creator mapped by one of them owns the row when
	// AdGroup is not mapped. Nil when the file has no other id.
	MapBy    []string
	Creator  string // the optional creator column ("handle" or "handle/platform"); "" maps by ad group
	Campaign string // the Campaign column; names a Lift campaign when Creator is given

	ClickThroughs, DetailPageViews, AddToCarts, Purchases, UnitsSold int64
	ProductSales                                                     money.Cents

	// Total* include the brand halo. A report without them had no halo
	// to show, so they equal the promoted numbers.
	TotalDetailPageViews, TotalAddToCarts, TotalPurchases, TotalUnitsSold int64
	TotalProductSales                                                     money.Cents

	// BRB is the Brand Referral Bonus Amazon reported (brb_bonus_amount),
	// when the file has the column (HasBRB); an empty field is 0.
	BRB    money.Cents
	HasBRB bool
}

const (
	atDate = iota
	atCampaign
	atAdGroup
	atPublisher
	atChannel
	atClickThroughs
	atDetailPageViews
	atAddToCarts
	atPurchases
	atUnitsSold
	atProductSales
	atTotalDetailPageViews
	atTotalAddToCarts
	atTotalPurchases
	atTotalUnitsSold
	atTotalProductSales
	atCreator
	// The API report's names (attribution report, 14-day metrics).
	atCampaignID
	atAdGroupID
	atAPIDetailPageViews
	atAPIAddToCarts
	atAPIPurchases
	atAPIUnitsSold
	atAPIProductSales
	atAPITotalDetailPageViews
	atAPITotalAddToCarts
	atAPITotalPurchases
	atAPITotalUnitsSold
	atAPITotalProductSales
	atBRB
)

var attributionColumns = []column{
	atDate:                    {"Date", true},
	atCampaign:                {"Campaign", false},
	atAdGroup:                 {"Ad group", false},
	atPublisher:               {"Publisher", false},
	atChannel:                 {"Channel", false},
	atClickThroughs:           {"Click-throughs", false},
	atDetailPageViews:         {"Detail page views", false},
	atAddToCarts:              {"Add to carts", false},
	atPurchases:               {"Purchases", false},
	atUnitsSold:               {"Units sold", false},
	atProductSales:            {"Product sales", false},
	atTotalDetailPageViews:    {"Total detail page views", false},
	atTotalAddToCarts:         {"Total add to carts", false},
	atTotalPurchases:          {"Total purchases", false},
	atTotalUnitsSold:          {"Total units sold", false},
	atTotalProductSales:       {"Total product sales", false},
	atCreator:                 {"creator", false},
	atCampaignID:              {"campaignId", false},
	atAdGroupID:               {"adGroupId", false},
	atAPIDetailPageViews:      {"attributedDetailPageViewsClicks14d", false},
	atAPIAddToCarts:           {"attributedAddToCartClicks14d", false},
	atAPIPurchases:            {"attributedPurchases14d", false},
	atAPIUnitsSold:            {"unitsSold14d", false},
	atAPIProductSales:         {"attributedSales14d", false},
	atAPITotalDetailPageViews: {"attributedTotalDetailPageViewsClicks14d", false},
	atAPITotalAddToCarts:      {"attributedTotalAddToCartClicks14d", false},
	atAPITotalPurchases:       {"attributedTotalPurchases14d", false},
	atAPITotalUnitsSold:       {"totalUnitsSold14d", false},
	atAPITotalProductSales:    {"totalAttributedSales14d", false},
	atBRB:                     {"brb_bonus_amount", false},
}

// attributionCols are the columns an Attribution file reads each number
// from: the console's name, else the API report's.
type attributionCols struct {
	tag        int   // the column that keys a row: Ad group, else adGroupId, else campaignId
	ids        []int // the other id columns the file has
	counts     [5]int
	sales      int
	totals     [4]int
	totalSales int
}

func (t *table) attributionCols() (attributionCols, error) {
	c := attributionCols{tag: t.firstOf(atAdGroup, atAdGroupID, atCampaignID),
		sales: t.firstOf(atProductSales, atAPIProductSales), totalSales: t.firstOf(atTotalProductSales, atAPITotalProductSales)}
	if !t.has(c.tag) {
		return c, t.missingColumns([]string{`"Ad group" (or "adGroupId", "campaignId")`})
	}
	for _, id := range []int{atAdGroupID, atCampaignID} {
		if id != c.tag && t.has(id) {
			c.ids = append(c.ids, id)
		}
	}
	c.counts[0] = atClickThroughs // the API uses the console's name
	for i := 1; i < len(c.counts); i++ {
		c.counts[i] = t.firstOf(atClickThroughs+i, atAPIDetailPageViews+i-1)
	}
	for i := range c.totals {
		c.totals[i] = t.firstOf(atTotalDetailPageViews+i, atAPITotalDetailPageViews+i)
	}
	return c, t.needColumns(c.counts[0], c.counts[3], c.sales)
}

// attributionGroup gathers the rows of one day and ad group.
type attributionGroup struct {
	rec     AmazonAttribution
	mapping string // creator and campaign, which every row of the group must share
	bad     bool
}

// ParseAmazonAttribution reads an Amazon Attribution report, as the
// console downloads it or as the API's report writes it: the day (Date,
// YYYY-MM-DD, MM/DD/YYYY or YYYYMMDD), the ad group (Ad group, else
// adGroupId, else campaignId), Click-throughs, Purchases and Product
// sales, and optionally Campaign, Publisher, Channel, Detail page views,
// Add to carts, Units sold, the brand-halo "Total …" columns,
// brb_bonus_amount and a creator mapping column; the API's 14-day names
// (attributedPurchases14d …) stand for the console's. Empty counts are 0.
// Amounts may carry the sign of currency, the workspace's currency (an ISO
// code such as "USD"), as Amazon writes them ("$1,234.56"); a sign of
// another currency is refused. A problem in any row of a day and ad group
// leaves the whole day of that ad group out.
func ParseAmazonAttribution(r io.Reader, o Options, currency string) ([]AmazonAttribution, []Error, error) {
	t, err := newTable(r, o, "amazon-attribution.csv", attributionColumns)
	if err != nil {
		return nil, nil, err
	}
	cols, err := t.attributionCols()
	if err != nil {
		return nil, nil, err
	}
	type key struct{ date, tag string }
	byKey := map[key]*attributionGroup{}
	var groups []*attributionGroup
	err = t.eachRow(func() {
		rec, mapping := t.attributionRow(cols, currency)
		k := key{rec.Date, rec.AdGroup}
		switch g := byKey[k]; {
		case rec.Date == "" || rec.AdGroup == "":
			// The row is bad and belongs to no day and ad group.
		case g == nil:
			g = &attributionGroup{rec: rec, mapping: mapping, bad: t.bad}
			byKey[k] = g
			groups = append(groups, g)
		default:
			t.mergeAttribution(g, rec, mapping)
		}
	})
	if err != nil {
		return nil, nil, err
	}
	var out []AmazonAttribution
	for _, g := range groups {
		if !g.bad {
			out = append(out, g.rec)
		}
	}
	return out, t.errs, nil
}

func (t *table) attributionRow(cols attributionCols, currency string) (AmazonAttribution, string) {
	a := AmazonAttribution{Line: t.line}
	a.Date, _ = t.day(atDate)
	if t.get(cols.tag) == "" {
		t.fail(cols.tag, "required field is empty")
	} else {
		a.AdGroup, _ = t.amazonTag(cols.tag)
	}
	for _, c := range cols.ids {
		if id, ok := t.amazonTag(c); ok && id != a.AdGroup {
			a.MapBy = append(a.MapBy, id)
		}
	}
	a.Campaign, _ = t.name(atCampaign)
	a.Creator, _ = t.creatorRef(atCreator)
	counts := [...]*int64{&a.ClickThroughs, &a.DetailPageViews, &a.AddToCarts, &a.Purchases, &a.UnitsSold}
	for i, c := range counts {
		*c, _ = t.count(cols.counts[i])
	}
	a.ProductSales, _ = t.amazonAmount(cols.sales, currency, false)
	totals := [...]*int64{&a.TotalDetailPageViews, &a.TotalAddToCarts, &a.TotalPurchases, &a.TotalUnitsSold}
	for i, c := range totals {
		*c = *counts[i+1]
		if t.has(cols.totals[i]) {
			*c, _ = t.count(cols.totals[i])
		}
	}
	a.TotalProductSales = a.ProductSales
	if t.has(cols.totalSales) {
		a.TotalProductSales, _ = t.amazonAmount(cols.totalSales, currency, false)
	}
	if a.HasBRB = t.has(atBRB); a.HasBRB {
		a.BRB, _ = t.amazonAmount(atBRB, currency, false)
	}
	mapping := ""
	if a.Creator != "" {
		mapping = a.Creator + "\x00" + strings.ToLower(a.Campaign)
		if a.Campaign == "" {
			t.fail(atCampaign, "a row that names its creator must name the Lift campaign too")
		}
	}
	return a, mapping
}

// mergeAttribution adds a row to the day and ad group it repeats.
func (t *table) mergeAttribution(g *attributionGroup, rec AmazonAttribution, mapping string) {
	if mapping != g.mapping {
		t.failf(atCreator, "ad group %q on %s is mapped differently on line %d (creator %q, campaign %q)",
			rec.AdGroup, rec.Date, g.rec.Line, g.rec.Creator, g.rec.Campaign)
	}
	a := &g.rec
	sums := [...][2]*int64{
		{&a.ClickThroughs, &rec.ClickThroughs}, {&a.DetailPageViews, &rec.DetailPageViews},
		{&a.AddToCarts, &rec.AddToCarts}, {&a.Purchases, &rec.Purchases}, {&a.UnitsSold, &rec.UnitsSold},
		{(*int64)(&a.ProductSales), (*int64)(&rec.ProductSales)},
		{&a.TotalDetailPageViews, &rec.TotalDetailPageViews}, {&a.TotalAddToCarts, &rec.TotalAddToCarts},
		{&a.TotalPurchases, &rec.TotalPurchases}, {&a.TotalUnitsSold, &rec.TotalUnitsSold},
		{(*int64)(&a.TotalProductSales), (*int64)(&rec.TotalProductSales)},
		{(*int64)(&a.BRB), (*int64)(&rec.BRB)},
	}
	if !addAll(sums[:]) {
		t.failAt(t.line, "", fmt.Sprintf("the numbers of ad group %q on %s add up to more than can be counted", rec.AdGroup, rec.Date))
	}
	g.bad = g.bad || t.bad
}

// addAll adds each pair's second number to its first, and reports false
// (leaving the rest unadded) when a sum would overflow.
func addAll(sums [][2]*int64) bool {
	for _, s := range sums {
		if b, a := *s[1], *s[0]; b > 0 && a > math.MaxInt64-b || b < 0 && a < math.MinInt64-b {
			return false
		}
		*s[0] += *s[1]
	}
	return true
}

// firstOf returns the first of the columns the file has, else the first
// of them (which the file then lacks): exports name some columns in more
// than one way.
func (t *table) firstOf(cs ...int) int {
	for _, c := range cs {
		if t.has(c) {
			return c
		}
	}
	return cs[0]
}

// needColumns refuses a file without every one of the columns cs: they
// are required in the header, though an empty field reads as 0.
func (t *table) needColumns(cs ...int) error {
	var missing []string
	for _, c := range cs {
		if !t.has(c) {
			missing = append(missing, fmt.Sprintf("%q", t.cols[c].name))
		}
	}
	return t.missingColumns(missing)
}

func (t *table) missingColumns(missing []string) error {
	if len(missing) == 0 {
		return nil
	}
	line, _ := t.cr.FieldPos(0) // still the header's: no row has been read
	return Error{File: t.file, Line: line, Problem: missingProblem(missing) + t.unknownNote()}
}

// day reads a required calendar day in one of the ways Amazon's reports
// write it (dayLayouts).
func (t *table) day(c int) (string, bool) {
	v, ok := t.value(c)
	if !ok {
		return "", false
	}
	d, err := parseDay(v)
	if err != nil {
		t.fail(c, err.Error())
		return "", false
	}
	return d, true
}

func parseDay(v string) (string, error) {
	var d time.Time
	err := errors.New("no layout")
	for _, layout := range dayLayouts {
		if d, err = time.Parse(layout, v); err == nil {
			break
		}
	}
	if err != nil {
		return "", fmt.Errorf("%q is not a day (use YYYY-MM-DD, YYYYMMDD, MM/DD/YYYY month first as in US marketplaces, or \"September 15 2026\")", v)
	}
	if err := checkYear(v, d); err != nil {
		return "", err
	}
	return d.Format(time.DateOnly), nil
}

// dayLayouts are the ways Amazon's reports write a day: ISO, the API's
// YYYYMMDD, the US consoles' month-first MM/DD/YYYY, and Associates'
// "September 15 2026". A day-first file (03/04 as 3 April) cannot be told
// apart, so the month always comes first.
var dayLayouts = []string{time.DateOnly, "20060102", "1/2/2006", "January 2 2006", "January 2, 2006", "Jan 2 2006", "Jan 2, 2006"}

// amazonTag reads an ad group or tracking id. Amazon matches tags without
// regard to case, so they are kept in lower case.
func (t *table) amazonTag(c int) (string, bool) {
	if c < 0 {
		return "", false
	}
	v, ok := t.value(c)
	if !ok {
		return "", false
	}
	tag, err := NormAmazonTag(v)
	if err != nil {
		t.fail(c, err.Error())
		return "", false
	}
	return t.mem.keep(tag), true
}

// NormAmazonTag checks an Amazon Attribution ad group or Associates
// tracking id and returns it as Lift keys it: trimmed, in lower case.
func NormAmazonTag(v string) (string, error) {
	tag := strings.ToLower(strings.TrimSpace(v))
	switch {
	case tag == "":
		return "", fmt.Errorf("an Amazon tag cannot be empty")
	case utf8.RuneCountInString(tag) > 200:
		return "", fmt.Errorf("%q is longer than 200 characters", v)
	case strings.IndexFunc(tag, unicode.IsControl) >= 0:
		return "", fmt.Errorf("%q holds a control character", v)
	}
	return tag, nil
}

// amazonAmount reads an amount that may carry the workspace currency's
// sign ("$1,234.56", "-$3.00"). Only Associates amounts may be negative.
func (t *table) amazonAmount(c int, currency string, negative bool) (money.Cents, bool) {
	v, ok := t.value(c)
	if !ok {
		return 0, false
	}
	m, err := ParseAmazonAmount(v, currency)
	if err != nil {
		t.fail(c, err.Error())
		return 0, false
	}
	if m < 0 && !negative {
		t.failf(c, "%q is negative", v)
		return 0, false
	}
	return m, true
}

// ParseAmazonAmount reads an amount as Amazon reports write it: a plain
// decimal, optionally with the sign or the code of currency before or
// after it ("$1,234.56", "-$3.00", "$-3.00", "USD 3.00", "3.00 CHF"). Any
// other currency is refused, never converted.
func ParseAmazonAmount(v, currency string) (money.Cents, error) {
	s, neg := strings.CutPrefix(strings.TrimSpace(v), "-")
	num := strings.TrimRightFunc(strings.TrimLeftFunc(s, notNumeric), notNumeric)
	if num == "" {
		return 0, fmt.Errorf("%q is not an amount", v)
	}
	before, after, _ := strings.Cut(s, num)
	for _, sign := range []string{strings.TrimSpace(before), strings.TrimSpace(after)} {
		if sign != "" && sign != currencySign(currency) && !strings.EqualFold(sign, currency) {
			return 0, fmt.Errorf("%q is in another currency: this workspace counts in %s%s", v, currency, signNote(currencySign(currency)))
		}
	}
	if before != "" && !neg {
		num, neg = strings.CutPrefix(num, "-")
	}
	if strings.HasPrefix(num, "-") || strings.HasPrefix(num, "+") {
		return 0, fmt.Errorf("%q is not an amount", v)
	}
	m, err := money.Parse(num)
	if err != nil {
		// money names the amount without the signs we took off.
		return 0, errors.New(strings.Replace(err.Error(), strconv.Quote(num), strconv.Quote(v), 1))
	}
	if neg {
		m = -m
	}
	return m, nil
}

// notNumeric is true for the characters of a currency sign: what can come
// before an amount's first digit, sign or decimal point.
func notNumeric(r rune) bool {
	return !unicode.IsDigit(r) && r != '-' && r != '+' && r != '.' && r != ','
}

// currencySign is the sign money.Format puts before amounts of currency,
// "" when it writes the code after them instead.
func currencySign(currency string) string {
	f := money.Format(0, currency)
	if sign, ok := strings.CutSuffix(f, "0.00"); ok {
		return sign
	}
	return ""
}

func signNote(sign string) string {
	if sign == "" {
		return ""
	}
	return " (" + sign + ")"
}
