package csvin

import (
	"fmt"
	"strings"
	"time"
)

const timeHint = "use RFC 3339 or YYYY-MM-DD[ HH:MM[:SS]]"

// Layout pairs: index 0 with 'T' between date and time, index 1 with a space.
var (
	layoutMinutes = [2]string{"2006-01-02T15:04", "2006-01-02 15:04"}
	layoutSeconds = [2]string{"2006-01-02T15:04:05", "2006-01-02 15:04:05"}
	layoutRFC3339 = [2]string{"2006-01-02T15:04:05Z07:00", "2006-01-02 15:04:05Z07:00"}
	layoutNoColon = [2]string{"2006-01-02T15:04:05Z0700", "2006-01-02 15:04:05Z0700"}
	layoutShopify = [2]string{"2006-01-02T15:04:05 -0700", "2006-01-02 15:04:05 -0700"}
)

// ParseTime reads a time the way import files write it: RFC 3339 with an
// offset, the Shopify export style "2024-01-15 10:23:45 -0500", or
// YYYY-MM-DD, YYYY-MM-DD HH:MM and YYYY-MM-DD HH:MM:SS (with 'T' or a
// space) in loc. A bare date is the start of that day. A nil loc means UTC.
// Years before 1900 are refused as typos.
func ParseTime(s string, loc *time.Location) (time.Time, error) {
	t, _, err := parseTime(s, loc)
	return t, err
}

// parseTime also reports whether s was a bare date, which campaign ends
// read as the end of that day.
func parseTime(s string, loc *time.Location) (time.Time, bool, error) {
	if loc == nil {
		loc = time.UTC
	}
	v := strings.TrimSpace(s)
	layout, date := layoutFor(v)
	if layout == "" {
		return time.Time{}, false, fmt.Errorf("%q is not a time (%s)", s, timeHint)
	}
	t, err := time.ParseInLocation(layout, v, loc)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("%q is not a time (%s)", s, timeHint)
	}
	if err := checkYear(s, t); err != nil {
		return time.Time{}, false, err
	}
	return t, date, nil
}

// checkYear refuses dates outside MinYear to MaxYear: typos such as
// "0024-06-01" or "20244-01-01" that would stretch every report.
func checkYear(v string, t time.Time) error {
	if y := t.Year(); y < MinYear || y > MaxYear {
		return fmt.Errorf("%q is outside the years %d to %d", v, MinYear, MaxYear)
	}
	return nil
}

// layoutFor picks the one layout v can be in, so that each value costs a
// single parse: trying layouts in turn allocates an error per miss.
func layoutFor(v string) (layout string, date bool) {
	if len(v) == 10 {
		return "2006-01-02", true
	}
	if len(v) < 16 || (v[10] != 'T' && v[10] != ' ') {
		return "", false
	}
	sep := 0
	if v[10] == ' ' {
		sep = 1
	}
	if len(v) == 16 {
		return layoutMinutes[sep], false
	}
	if len(v) < 19 {
		return "", false
	}
	switch zone := skipFraction(v[19:]); {
	case zone == "":
		return layoutSeconds[sep], false
	case zone == "Z" || len(zone) == 6 && zone[3] == ':':
		return layoutRFC3339[sep], false
	case len(zone) == 5:
		return layoutNoColon[sep], false
	case len(zone) == 6 && zone[0] == ' ':
		return layoutShopify[sep], false
	}
	return "", false
}

// skipFraction drops fractional seconds, which time.Parse accepts after
// the seconds of any layout.
func skipFraction(s string) string {
	if s == "" || (s[0] != '.' && s[0] != ',') {
		return s
	}
	i := 1
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[i:]
}

// endOfDate turns a bare end date into the exclusive end: the midnight
// that follows it, so that the whole named day is included.
func endOfDate(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, t.Location())
}
