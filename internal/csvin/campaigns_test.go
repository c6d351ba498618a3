package csvin

import (
	"strings"
	"testing"
	"time"
)

func TestParseCampaigns(t *testing.T) {
	in := excel(`budget,Ends,notes,NAME,goal target,Goal-Metric,starts
"1,500.00",2024-06-30,"internal, do not share
second line",Summer Launch,">= 100",orders,2024-06-01
,2024-07-15T18:00:00+02:00,,"Fall, part 1",,,2024-07-01 09:30
500,2024-08-31,,Back to school,> 2.5,ROAS,2024-08-01T00:00:00Z
,2024-09-01,,One day,300,New Customers,2024-09-01
`)
	got, errs, err := ParseCampaigns(strings.NewReader(in), opts("campaigns.csv"))
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, errs)
	checkRecords(t, got, []Campaign{
		{Line: 2, Name: "Summer Launch", Starts: ny(2024, 6, 1, 0, 0, 0), Ends: ny(2024, 7, 1, 0, 0, 0),
			GoalMetric: "orders", GoalTarget: 100, Budget: 150000, HasBudget: true},
		{Line: 4, Name: "Fall, part 1", Starts: ny(2024, 7, 1, 9, 30, 0), Ends: time.Date(2024, 7, 15, 16, 0, 0, 0, time.UTC)},
		{Line: 5, Name: "Back to school", Starts: time.Date(2024, 8, 1, 0, 0, 0, 0, time.UTC), Ends: ny(2024, 9, 1, 0, 0, 0),
			GoalMetric: "roas", GoalTarget: 2.5, Budget: 50000, HasBudget: true},
		{Line: 6, Name: "One day", Starts: ny(2024, 9, 1, 0, 0, 0), Ends: ny(2024, 9, 2, 0, 0, 0), GoalMetric: "new_customers", GoalTarget: 300},
	})
}

func TestParseCampaignsOneDay(t *testing.T) {
	got, errs, err := ParseCampaigns(strings.NewReader("name,starts,ends\nFlash,2024-03-10,2024-03-10\n"), opts("c.csv"))
	if err != nil || len(errs) > 0 {
		t.Fatal(err, errs)
	}
	// The day DST starts in New York is 23 hours long; the end is still
	// the next midnight.
	checkRecords(t, got, []Campaign{{Line: 2, Name: "Flash", Starts: ny(2024, 3, 10, 0, 0, 0), Ends: ny(2024, 3, 11, 0, 0, 0)}})
}

func TestParseCampaignsErrors(t *testing.T) {
	in := `name,starts,ends,goal_metric,goal_target,budget
A,2024-06-01,2024-05-01,,,
B,15/01/2024,2024-06-30,,,
C,2024-06-01,2024-06-30,likes,10,
D,2024-06-01,2024-06-30,orders,,
E,2024-06-01,2024-06-30,,5,
F,2024-06-01,2024-06-30,,,-10
a,2024-06-01,2024-06-30,,,
,2024-06-01,2024-06-30,,,
G,2024-06-01,2024-06-30,revenue,lots,
H,2024-06-01,2024-06-30,revenue,-3,
I,2024-06-01,2024-06-30,,,12.345
J,2024-06-01,2024-06-30,clicks,"1,000",
`
	got, errs, err := ParseCampaigns(strings.NewReader(in), opts("campaigns.csv"))
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, errs,
		`campaigns.csv: line 2: ends: "2024-05-01" is not after starts "2024-06-01"`,
		`campaigns.csv: line 3: starts: "15/01/2024" is not a time (use RFC 3339 or YYYY-MM-DD[ HH:MM[:SS]])`,
		`campaigns.csv: line 4: goal_metric: "likes" is not a goal metric (orders, revenue, clicks, impressions, engagements, conversions, new_customers, roi or roas)`,
		`campaigns.csv: line 5: goal_target: required when goal_metric is given`,
		`campaigns.csv: line 6: goal_target: given without a goal_metric`,
		`campaigns.csv: line 7: budget: "-10" is negative`,
		`campaigns.csv: line 8: name: duplicate campaign "a" (first on line 2)`,
		`campaigns.csv: line 9: name: required field is empty`,
		`campaigns.csv: line 10: goal_target: "lots" is not a number`,
		`campaigns.csv: line 11: goal_target: "-3" is negative`,
		`campaigns.csv: line 12: budget: "12.345" has more than two decimals`,
	)
	checkRecords(t, got, []Campaign{{Line: 13, Name: "J", Starts: ny(2024, 6, 1, 0, 0, 0), Ends: ny(2024, 7, 1, 0, 0, 0), GoalMetric: "clicks", GoalTarget: 1000}})
}

func TestParseCampaignsMissingColumn(t *testing.T) {
	got, errs, err := ParseCampaigns(strings.NewReader("name,starts\nA,2024-01-01\n"), opts("campaigns.csv"))
	checkFatal(t, got, errs, err, `campaigns.csv: line 1: missing required column "ends"`)
}
