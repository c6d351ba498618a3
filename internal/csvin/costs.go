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

// ParseCosts reads costs.csv: creator, campaign, kind, amount and
// optionally date and note. Identical rows are legitimate (two equal
// fees): the importer tells them apart once their names are resolved.
func ParseCosts(r io.Reader, o Options) ([]Cost, []Error, error) {
	return parseAll(r, o, "costs.csv", costColumns, func(t *table) Cost {
		c := Cost{Line: t.line}
		c.Creator, _ = t.creatorRef(coCreator)
		c.Campaign, _ = t.name(coCampaign)
		c.Kind, _ = t.oneOf(coKind, costKinds)
		c.Amount, _ = t.amount(coAmount)
		c.Date, _, _ = t.when(coDate)
		c.Note = t.text(coNote)
		return c
	})
}
