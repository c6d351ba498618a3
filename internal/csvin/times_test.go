package csvin

import (
	"testing"
	"time"
)

func TestParseTime(t *testing.T) {
	utc := func(y int, m time.Month, d, h, min, s, ns int) time.Time {
		return time.Date(y, m, d, h, min, s, ns, time.UTC)
	}
	for in, want := range map[string]time.Time{
		"2024-01-15":                    ny(2024, 1, 15, 0, 0, 0),
		" 2024-01-15 ":                  ny(2024, 1, 15, 0, 0, 0),
		"2024-01-15 10:23":              ny(2024, 1, 15, 10, 23, 0),
		"2024-01-15T10:23":              ny(2024, 1, 15, 10, 23, 0),
		"2024-07-15 10:23:45":           ny(2024, 7, 15, 10, 23, 45),
		"2024-07-15T10:23:45":           ny(2024, 7, 15, 10, 23, 45),
		"2024-07-15T10:23:45.5":         ny(2024, 7, 15, 10, 23, 45).Add(500 * time.Millisecond),
		"2024-01-15T10:23:45Z":          utc(2024, 1, 15, 10, 23, 45, 0),
		"2024-01-15T10:23:45.123456Z":   utc(2024, 1, 15, 10, 23, 45, 123456000),
		"2024-01-15T10:23:45+01:00":     utc(2024, 1, 15, 9, 23, 45, 0),
		"2024-01-15 10:23:45-05:00":     utc(2024, 1, 15, 15, 23, 45, 0),
		"2024-01-15T10:23:45-0500":      utc(2024, 1, 15, 15, 23, 45, 0),
		"2024-01-15 10:23:45 -0500":     utc(2024, 1, 15, 15, 23, 45, 0),
		"2024-01-15 10:23:45 +0100":     utc(2024, 1, 15, 9, 23, 45, 0),
		"2024-01-15T10:23:45.000 +0100": utc(2024, 1, 15, 9, 23, 45, 0),
	} {
		got, err := ParseTime(in, newYork)
		if err != nil || !got.Equal(want) {
			t.Errorf("ParseTime(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
}

func TestParseTimeOutsideTheYears(t *testing.T) {
	for _, in := range []string{"0024-06-01", "1899-12-31 23:59", "0000-01-01T00:00:00Z", "1999-12-31 23:59", "2101-01-01", "9999-12-31"} {
		_, err := ParseTime(in, newYork)
		if want := `"` + in + `" is outside the years 2000 to 2100`; err == nil || err.Error() != want {
			t.Errorf("ParseTime(%q) error = %v, want %q", in, err, want)
		}
	}
	for _, in := range []string{"2000-01-01", "2100-12-31 23:59"} {
		if _, err := ParseTime(in, newYork); err != nil {
			t.Errorf("ParseTime(%q): %v", in, err)
		}
	}
}

func TestParseTimeNilLocationIsUTC(t *testing.T) {
	got, err := ParseTime("2024-01-15 10:00", nil)
	if err != nil || !got.Equal(time.Date(2024, 1, 15, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("got %v, %v", got, err)
	}
}

func TestParseTimeRefused(t *testing.T) {
	for _, in := range []string{
		"", "15/01/2024", "01/15/2024", "2024-1-15", "2024-01-32", "2024-02-30", "2024-01-15 25:00", "2024-01-15 10:23:45 EST",
		"2024-01-15 10", "2024-01-15T10:23:4", "yesterday", "1705314225", "2024-01-15x10:23", "2024-01-15 10:23:45 -05:00:00",
		"2024-01-15 10:23:45Z junk",
	} {
		_, err := ParseTime(in, newYork)
		want := `"` + in + `" is not a time (use RFC 3339 or YYYY-MM-DD[ HH:MM[:SS]])`
		if err == nil || err.Error() != want {
			t.Errorf("ParseTime(%q) error = %v, want %q", in, err, want)
		}
	}
}
