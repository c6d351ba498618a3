package attribution

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

const day = 24 * time.Hour

// DefaultWindow is 30 days.
const DefaultWindow = 30 * day

// windowUnits are lower case only: an upper-case "M" would read as months.
var windowUnits = map[byte]time.Duration{
	'm': time.Minute,
	'h': time.Hour,
	'd': day,
	'w': 7 * day,
}

// ParseWindow reads a lookback window written as a positive whole number and
// a unit: m (minutes), h (hours), d (days) or w (weeks), as in "30d" or "24h".
func ParseWindow(s string) (time.Duration, error) {
	t := strings.TrimSpace(s)
	bad := fmt.Errorf("window %q not understood: want a positive whole number followed by m (minutes), h (hours), d (days) or w (weeks), such as 30d", s)
	if len(t) < 2 {
		return 0, bad
	}
	unit, ok := windowUnits[t[len(t)-1]]
	digits := t[:len(t)-1]
	// ParseInt alone would let signs through.
	if !ok || strings.Trim(digits, "0123456789") != "" {
		return 0, bad
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || n > math.MaxInt64/int64(unit) {
		return 0, fmt.Errorf("window %q is too long", s)
	}
	if n == 0 {
		return 0, bad
	}
	return time.Duration(n) * unit, nil
}

// FormatWindow writes d in the largest of days, hours and minutes that
// divides it, so that ParseWindow reads any positive window back unchanged. A duration that is
// not a whole number of minutes falls back to time.Duration's own format.
func FormatWindow(d time.Duration) string {
	for _, u := range []struct {
		size   time.Duration
		suffix string
	}{{day, "d"}, {time.Hour, "h"}, {time.Minute, "m"}} {
		if d%u.size == 0 {
			return strconv.FormatInt(int64(d/u.size), 10) + u.suffix
		}
	}
	return d.String()
}
