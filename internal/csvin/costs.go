package csvin

import (
	"io"
	"time"

	"github.com/liftmetrics/lift/internal/money"
)

// Cost is one row of costs.csv: money spent on a creator in a campaign.
type Cost struct {
	Line     int
	Creator  string
	Campaign string
	Kind     string // fee, product, shipping, agency, boost or other
	Amount   money.Cents
	Date     time.Time // zero when not given
	Note     string
	// Occurrence is 1 for the first row with exactly this content in the
	// file, 2 for the second identical one, and so on. Keying costs by
	// content and occurrence makes re-importing a file change nothing while
	// two identical fees stay two.
	Occurrence int
}

const (
	coCreator = iota
	coCampaign
	coKind
	coAmount
	coDate
	coNote
)

var costColumns = []column{
	coCreator:  {"creator", true},
	coCampaign: {"campaign", true},
	coKind:     {"kind", true},
	coAmount:   {"amount", true},
	coDate:     {"date", false},
	coNote:     {"note", false},
}

// costKey is a cost's content; the date is kept as an instant so that
// equal instants written in different zones compare equal.
type costKey struct {
	creator, campaign, kind, note string
	amount                        money.Cents
	dated                         bool
	sec                           int64
	nsec                          int
}

// ParseCosts reads costs.csv: creator, campaign, kind, amount and
// optionally date and note. Identical rows are legitimate (two equal fees)
// and are told apart by Occurrence.
func ParseCosts(r io.Reader, o Options) ([]Cost, []Error, error) {
	occurrences := map[costKey]int{}
	return parseAll(r, o, "costs.csv", costColumns, func(t *table) Cost {
		c := Cost{Line: t.line}
		c.Creator, _ = t.creatorRef(coCreator)
		c.Campaign, _ = t.name(coCampaign)
		c.Kind, _ = t.oneOf(coKind, costKinds)
		c.Amount, _ = t.amount(coAmount)
		var dated bool
		c.Date, _, dated = t.when(coDate)
		c.Note = t.text(coNote)
		if !t.bad {
			k := costKey{c.Creator, c.Campaign, c.Kind, c.Note, c.Amount, dated, c.Date.Unix(), c.Date.Nanosecond()}
			occurrences[k]++
			c.Occurrence = occurrences[k]
		}
		return c
	})
}
