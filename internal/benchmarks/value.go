package benchmarks

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/liftmetrics/lift/internal/metrics"
)

// ParseValue reads a bound as people write it: a fraction ("0.08"), a
// percent ("8%") or, for ROAS, a multiple ("5.78" or "5.78x").
func ParseValue(metric, s string) (float64, error) {
	t := strings.TrimSpace(s)
	percent := false
	switch {
	case strings.HasSuffix(t, "%"):
		t, percent = strings.TrimSpace(strings.TrimSuffix(t, "%")), true
	case metric == "roas" && strings.HasSuffix(strings.ToLower(t), "x"):
		t = strings.TrimSpace(t[:len(t)-1])
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || v != v || v > 1e12 || v < -1e12 {
		return 0, fmt.Errorf("%q is not a number (write 0.08 or 8%%)", s)
	}
	if percent {
		v /= 100 // dividing, not multiplying by 0.01, gives the float nearest to 8% exactly
	}
	return v, nil
}

// FormatValue shows a bound as reports show the metric: ROAS as a
// multiple ("5.78x"), the others as percents ("2.50%").
func FormatValue(metric string, v float64) string {
	if metric == "roas" {
		return metrics.Multiple(&v)
	}
	return metrics.Percent(&v)
}
