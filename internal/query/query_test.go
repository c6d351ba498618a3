package query

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/liftmetrics/lift/internal/attribution"
	"github.com/liftmetrics/lift/internal/storetest"
)

// A bare day as to is the whole day; a time is where the period ends.
func TestPeriod(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		from, to   string
		start, end time.Time
	}{
		{"2026-03-01", "2026-03-31", time.Date(2026, 3, 1, 0, 0, 0, 0, berlin), time.Date(2026, 4, 1, 0, 0, 0, 0, berlin)},
		{"2026-03-05", "2026-03-05", time.Date(2026, 3, 5, 0, 0, 0, 0, berlin), time.Date(2026, 3, 6, 0, 0, 0, 0, berlin)},
		{"2026-03-05T10:00:00", "2026-03-05T18:30:00", time.Date(2026, 3, 5, 10, 0, 0, 0, berlin), time.Date(2026, 3, 5, 18, 30, 0, 0, berlin)},
		{"", "2026-03-31", time.Time{}, time.Date(2026, 4, 1, 0, 0, 0, 0, berlin)},
		{"2026-03-01", "", time.Date(2026, 3, 1, 0, 0, 0, 0, berlin), time.Time{}},
	} {
		start, end, err := Period(c.from, c.to, berlin)
		if err != nil || !start.Equal(c.start) || !end.Equal(c.end) {
			t.Errorf("%q–%q: %v – %v, %v", c.from, c.to, start, end, err)
		}
	}
	for _, c := range []struct{ from, to, param, problem string }{
		{"2026-03-02", "2026-03-01", "to", "not after from"},
		{"2026-03-05T10:00:00", "2026-03-05T10:00:00", "to", "not after from"},
		{"March 1", "", "from", "is not a time"},
		{"", "2101-01-01", "to", "outside the years"},
	} {
		_, _, err := Period(c.from, c.to, berlin)
		pe, ok := IsParam(err)
		if !ok || pe.Param != c.param || !strings.Contains(pe.Err.Error(), c.problem) {
			t.Errorf("%q–%q: %v", c.from, c.to, err)
		}
	}
}

// An empty model or window is the workspace's; a window asked for is at
// most MaxWindow.
func TestAttribution(t *testing.T) {
	ctx := context.Background()
	st := storetest.New(t)
	ws, err := st.Workspace(ctx, "default", true)
	if err != nil {
		t.Fatal(err)
	}
	m, w, err := Attribution(ctx, st, ws, "", "")
	if err != nil || m != attribution.LastTouch || w != attribution.DefaultWindow {
		t.Errorf("defaults: %s %s %v", m, w, err)
	}
	if m, w, err := Attribution(ctx, st, ws, "LINEAR", "366d"); err != nil || m != attribution.Linear || w != MaxWindow {
		t.Errorf("linear, 366d: %s %s %v", m, w, err)
	}
	for _, c := range []struct{ model, window, param string }{
		{"", "367d", "window"},
		{"", "53w", "window"},
		{"", "0d", "window"},
		{"best", "", "model"},
	} {
		_, _, err := Attribution(ctx, st, ws, c.model, c.window)
		if pe, ok := IsParam(err); !ok || pe.Param != c.param {
			t.Errorf("%q %q: %v", c.model, c.window, err)
		}
	}
}
