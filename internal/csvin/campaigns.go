package csvin

import (
	"io"
	"strings"
	"time"

	"github.com/liftmetrics/lift/internal/money"
)

// Campaign is one row of campaigns.csv.
type Campaign struct {
	Line       int
	Name       string
	Starts     time.Time // a bare date is the start of that day in Options.Loc
	Ends       time.Time // exclusive: a bare date is the midnight after that day, so the day is included
	GoalMetric string    // "" when none; orders, revenue, clicks, impressions, engagements, conversions, new_customers, roi or roas
	GoalTarget float64   // set when GoalMetric is
	Budget     money.Cents
	HasBudget  bool
}

const (
	cmName = iota
	cmStarts
	cmEnds
	cmGoalMetric
	cmGoalTarget
	cmBudget
)

var campaignColumns = []column{
	cmName:       {"name", true},
	cmStarts:     {"starts", true},
	cmEnds:       {"ends", true},
	cmGoalMetric: {"goal_metric", false},
	cmGoalTarget: {"goal_target", false},
	cmBudget:     {"budget", false},
}

// ParseCampaigns reads campaigns.csv: name, starts, ends and optionally
// goal_metric, goal_target (">= 100" is read as 100) and budget.
// Campaign names are unique in a file regardless of case.
func ParseCampaigns(r io.Reader, o Options) ([]Campaign, []Error, error) {
	seen := map[string]int{}
	return parseAll(r, o, "campaigns.csv", campaignColumns, func(t *table) Campaign {
		c := Campaign{Line: t.line}
		var ok bool
		if c.Name, ok = t.name(cmName); ok {
			if first, dup := firstLine(seen, strings.ToLower(c.Name), t.line); dup {
				t.failf(cmName, "duplicate campaign %q (first on line %d)", c.Name, first)
			}
		}
		c.Starts, c.Ends = t.campaignDates()
		c.GoalMetric, c.GoalTarget = t.campaignGoal()
		c.Budget, c.HasBudget = t.amount(cmBudget)
		return c
	})
}

func (t *table) campaignDates() (starts, ends time.Time) {
	starts, _, okStart := t.when(cmStarts)
	ends, date, okEnd := t.when(cmEnds)
	if date {
		ends = endOfDate(ends)
	}
	if okStart && okEnd && !ends.After(starts) {
		t.failf(cmEnds, "%q is not after starts %q", t.get(cmEnds), t.get(cmStarts))
	}
	return starts, ends
}

func (t *table) campaignGoal() (string, float64) {
	metric, hasMetric := t.oneOf(cmGoalMetric, goalMetrics)
	v := t.get(cmGoalTarget)
	switch {
	case v == "" && hasMetric:
		t.fail(cmGoalTarget, "required when goal_metric is given")
		return "", 0
	case v == "":
		return "", 0
	case !hasMetric && t.get(cmGoalMetric) == "":
		t.fail(cmGoalTarget, "given without a goal_metric")
		return "", 0
	}
	num := strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(v, ">="), ">"))
	target, ok := parseDecimal(num)
	switch {
	case !ok:
		t.failf(cmGoalTarget, "%q is not a number", v)
		return "", 0
	case target < 0:
		t.failf(cmGoalTarget, "%q is negative", v)
		return "", 0
	}
	return metric, target
}
