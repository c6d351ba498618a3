// Package benchmarks holds the reference figures that reports compare a
// row's KPIs to (README, "Benchmarks and goals"). The figures ship as
// embedded data, each with what it measures and where it comes from; a
// workspace may add its own or replace any of them.
//
// A benchmark is a range [Low, High] of a metric on a platform, for one
// creator tier or for all. A figure published as one average is shipped
// with Low = High, so a value is marked below or above that average.
//
// Only like-for-like figures ship: no ROAS figure does, because the
// much-quoted "$5.78 per $1" is earned media value from a survey, not
// revenue over cost as Lift's ROAS is.
package benchmarks

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
)

// The marks a value gets against a benchmark.
const (
	Below  = "below"
	Within = "within"
	Above  = "above"
)

// The origins of a benchmark.
const (
	Shipped   = "shipped"
	Workspace = "workspace"
)

// Metrics lists what a benchmark can be set for, under the report's JSON
// names. The shipped data covers ctr and engagement_rate.
var Metrics = []string{"ctr", "platform_ctr", "engagement_rate", "conversion_rate", "roi", "roas"}

// Platforms lists the platforms a benchmark can be for; "" is every platform.
var Platforms = []string{"instagram", "tiktok", "youtube", "pinterest", "facebook", "other"}

// Tiers lists the creator tiers a benchmark can be for; "" is every tier.
var Tiers = []string{"nano", "micro", "macro", "mega"}

// Bound is one benchmark: the range a metric usually falls in.
type Bound struct {
	Platform string  `json:"platform"` // "" for every platform
	Tier     string  `json:"tier"`     // "" for every tier
	Metric   string  `json:"metric"`
	Low      float64 `json:"low"`
	High     float64 `json:"high"`
	Basis    string  `json:"basis,omitempty"` // what exactly the figure measures
	Source   string  `json:"source"`
	Origin   string  `json:"origin"` // Shipped or Workspace
}

//go:embed benchmarks.json
var shippedJSON []byte

// shipped is parsed once; the data is part of the binary, so a bad file is
// a build defect that the package's tests catch.
var shipped = mustParse(shippedJSON)

func mustParse(data []byte) []Bound {
	bs, err := parse(data)
	if err != nil {
		panic(err)
	}
	return bs
}

func parse(data []byte) ([]Bound, error) {
	var bs []Bound
	if err := json.Unmarshal(data, &bs); err != nil {
		return nil, fmt.Errorf("benchmarks.json: %w", err)
	}
	seen := map[key]bool{}
	for i := range bs {
		bs[i].Origin = Shipped
		if err := Validate(bs[i]); err != nil {
			return nil, fmt.Errorf("benchmarks.json: entry %d: %w", i+1, err)
		}
		if bs[i].Source == "" {
			return nil, fmt.Errorf("benchmarks.json: entry %d: no source", i+1)
		}
		k := keyOf(bs[i])
		if seen[k] {
			return nil, fmt.Errorf("benchmarks.json: entry %d: %s given twice", i+1, k)
		}
		seen[k] = true
	}
	return bs, nil
}

// Mark says where value falls against b: "below" Low, "above" High, else
// "within" (both ends included). An undefined value has no mark.
func Mark(value *float64, b Bound) string {
	switch {
	case value == nil || *value != *value: // nil or NaN
		return ""
	case *value < b.Low:
		return Below
	case *value > b.High:
		return Above
	}
	return Within
}

// Validate checks a benchmark's platform, tier, metric and range.
func Validate(b Bound) error {
	if b.Platform != "" && !slices.Contains(Platforms, b.Platform) {
		return fmt.Errorf("unknown platform %q (use one of %v, or all)", b.Platform, Platforms)
	}
	if b.Tier != "" && !slices.Contains(Tiers, b.Tier) {
		return fmt.Errorf("unknown tier %q (use one of %v, or all)", b.Tier, Tiers)
	}
	if !slices.Contains(Metrics, b.Metric) {
		return fmt.Errorf("unknown metric %q (use one of %v)", b.Metric, Metrics)
	}
	switch {
	case b.Low != b.Low || b.High != b.High:
		return fmt.Errorf("%s: low and high must be numbers", b.Metric)
	case b.Metric != "roi" && b.Low < 0: // only ROI can fall below zero
		return fmt.Errorf("%s: low %v is negative", b.Metric, b.Low)
	case b.Low > b.High:
		return fmt.Errorf("%s: low %v is above high %v", b.Metric, b.Low, b.High)
	case IsRate(b.Metric) && b.High > 1:
		return fmt.Errorf("%s: high %v is above 100%% (rates are fractions: write 0.08 or 8%%)", b.Metric, b.High)
	}
	return nil
}

// IsRate reports whether a metric is a share of something (a fraction
// between 0 and 1), as opposed to a return such as ROI or ROAS.
func IsRate(metric string) bool { return metric != "roi" && metric != "roas" }

// key identifies a benchmark: one per platform, tier and metric.
type key struct{ platform, tier, metric string }

func keyOf(b Bound) key { return key{b.Platform, b.Tier, b.Metric} }

func (k key) String() string {
	return fmt.Sprintf("%s/%s/%s", orAll(k.platform), orAll(k.tier), k.metric)
}

func orAll(s string) string {
	if s == "" {
		return "all"
	}
	return s
}
