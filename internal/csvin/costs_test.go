package csvin

import (
	"strings"
	"testing"
)

func TestParseCosts(t *testing.T) {
	in := excel(`note,Amount,kind,campaign,creator,date,foo
"flat fee, 2 posts
plus story",500.00,Fee,Summer Launch,@ana,2024-06-01,x
,25,shipping,Summer Launch,ana,,
,25,shipping,Summer Launch,ANA,,
,25,shipping,Summer Launch,ana,2024-06-05,
,25.00,shipping,Summer Launch,ana,,
`)
	got, errs, err := ParseCosts(strings.NewReader(in), opts("costs.csv"))
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, errs)
	checkRecords(t, got, []Cost{
		{Line: 2, Creator: "ana", Campaign: "Summer Launch", Kind: "fee", Amount: 50000, Date: ny(2024, 6, 1, 0, 0, 0),
			Note: "flat fee, 2 posts\nplus story"},
		{Line: 4, Creator: "ana", Campaign: "Summer Launch", Kind: "shipping", Amount: 2500},
		{Line: 5, Creator: "ana", Campaign: "Summer Launch", Kind: "shipping", Amount: 2500},
		{Line: 6, Creator: "ana", Campaign: "Summer Launch", Kind: "shipping", Amount: 2500, Date: ny(2024, 6, 5, 0, 0, 0)},
		{Line: 7, Creator: "ana", Campaign: "Summer Launch", Kind: "shipping", Amount: 2500},
	})
}

func TestParseCostsErrors(t *testing.T) {
	in := `creator,campaign,kind,amount,date
ana,S,bribe,10,
ana,S,fee,-10,
ana,S,fee,12.345,
ana,S,fee,$10,
ana,S,fee,10,01/06/2024
ana,S,fee,,
ana,S,fee,10,
`
	got, errs, err := ParseCosts(strings.NewReader(in), opts("costs.csv"))
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, errs,
		`costs.csv: line 2: kind: "bribe" is not a cost kind (fee, product, shipping, agency, boost or other)`,
		`costs.csv: line 3: amount: "-10" is negative`,
		`costs.csv: line 4: amount: "12.345" has more than two decimals`,
		`costs.csv: line 5: amount: "$10" is not an amount`,
		`costs.csv: line 6: date: "01/06/2024" is not a time (use RFC 3339 or YYYY-MM-DD[ HH:MM[:SS]])`,
		`costs.csv: line 7: amount: required field is empty`,
	)
	checkRecords(t, got, []Cost{{Line: 8, Creator: "ana", Campaign: "S", Kind: "fee", Amount: 1000}})
}

func TestParseCostsMissingColumn(t *testing.T) {
	got, errs, err := ParseCosts(strings.NewReader("creator,campaign,amount\n"), opts("costs.csv"))
	checkFatal(t, got, errs, err, `costs.csv: line 1: missing required column "kind"`)
}
