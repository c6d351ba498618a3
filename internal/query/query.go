// Package query reads the options of the reports that `lift report`,
// `lift uplift` and `lift customers` print and that the report API
// serves, and builds those reports. A flag and a query parameter of the
// same name go through the same checks here, so the command and the API
// answer the same report for the same options, and refuse the same
// mistakes.
package query

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/liftmetrics/lift/internal/attribution"
	"github.com/liftmetrics/lift/internal/csvin"
	"github.com/liftmetrics/lift/internal/report"
	"github.com/liftmetrics/lift/internal/store"
	"github.com/liftmetrics/lift/internal/uplift"
)

// Limits of the options.
const (
	// MaxWindow is the longest attribution window an option may ask for.
	MaxWindow = 366 * 24 * time.Hour
	// MaxWindowDays and MaxPreDays bound the uplift's days.
	MaxWindowDays = 28
	MaxPreDays    = 366
)

// ParamError is a refused option, named as the flag is without its
// dashes (and as the API's query parameter is).
type ParamError struct {
	Param string
	Err   error
}

func (e *ParamError) Error() string { return e.Param + ": " + e.Err.Error() }
func (e *ParamError) Unwrap() error { return e.Err }

func refuse(param, format string, args ...any) error {
	return &ParamError{param, fmt.Errorf(format, args...)}
}

// Report holds the options of the KPI report, as text.
type Report struct {
	By       string // creator (empty), platform, campaign, post, tier or day
	Campaign string
	From, To string // a day (YYYY-MM-DD) or a time; a bare day as To means the whole day
	Model    string // empty: the workspace's
	Window   string // empty: the workspace's
	WithBRB  bool
	Rank     bool
}

// Options checks q and turns it into the report's options.
func (q Report) Options(ctx context.Context, st *store.Store, ws store.Workspace) (report.Options, error) {
	opt := report.Options{By: cmp.Or(q.By, "creator"), WithBRB: q.WithBRB, Rank: q.Rank}
	if !slices.Contains(report.Groupings, opt.By) {
		return opt, refuse("by", "cannot group by %q (use one of %s)", q.By, strings.Join(report.Groupings, ", "))
	}
	var err error
	if opt.Campaign, err = campaign(ctx, st, ws, q.Campaign); err != nil {
		return opt, err
	}
	if opt.Model, opt.Window, err = Attribution(ctx, st, ws, q.Model, q.Window); err != nil {
		return opt, err
	}
	if opt.From, opt.To, err = Period(q.From, q.To, ws.Loc); err != nil {
		return opt, err
	}
	return opt, nil
}

// BuildReport checks q and builds the KPI report.
func BuildReport(ctx context.Context, st *store.Store, ws store.Workspace, q Report) (*report.Report, error) {
	opt, err := q.Options(ctx, st, ws)
	if err != nil {
		return nil, err
	}
	return report.Build(ctx, st, ws, opt)
}

// Customers holds the options of the customers report, as text.
type Customers struct {
	Campaign string
	Model    string
	Window   string
}

// BuildCustomers checks q and builds the customers report.
func BuildCustomers(ctx context.Context, st *store.Store, ws store.Workspace, q Customers) (*report.CustomerReport, error) {
	var opt report.CustomerOptions
	var err error
	if opt.Campaign, err = campaign(ctx, st, ws, q.Campaign); err != nil {
		return nil, err
	}
	if opt.Model, opt.Window, err = Attribution(ctx, st, ws, q.Model, q.Window); err != nil {
		return nil, err
	}
	return report.Customers(ctx, st, ws, opt)
}

// Uplift holds the options of the uplift report.
type Uplift struct {
	Post       string
	Campaign   string
	WindowDays int // uplift.DefaultWindowDays unless asked
	PreDays    int // uplift.DefaultPreDays unless asked
	// Until is the moment the sales data is read up to: now.
	Until time.Time
}

// BuildUplift checks q and builds the uplift report.
func BuildUplift(ctx context.Context, st *store.Store, ws store.Workspace, q Uplift) (*report.UpliftReport, error) {
	opt := report.UpliftOptions{PreDays: q.PreDays, WindowDays: q.WindowDays, Until: q.Until}
	if opt.WindowDays < 1 || opt.WindowDays > MaxWindowDays {
		return nil, refuse("window-days", "%d: use 1 to %d days", opt.WindowDays, MaxWindowDays)
	}
	if opt.PreDays < uplift.MinPreDays || opt.PreDays > MaxPreDays {
		return nil, refuse("pre-days", "%d: use %d to %d days", opt.PreDays, uplift.MinPreDays, MaxPreDays)
	}
	if q.Post != "" && q.Campaign != "" {
		return nil, refuse("post", "give a post or a campaign, not both")
	}
	var err error
	if opt.Campaign, err = campaign(ctx, st, ws, q.Campaign); err != nil {
		return nil, err
	}
	if q.Post != "" {
		if err := csvin.CheckText(q.Post, csvin.MaxID, true); err != nil {
			return nil, &ParamError{"post", err}
		}
		// Compared as the uplift compares, exactly.
		posts, err := st.Posts(ctx, ws.ID)
		if err != nil {
			return nil, err
		}
		if !slices.ContainsFunc(posts, func(p store.Post) bool { return p.PostID == q.Post }) {
			return nil, refuse("post", "unknown post %q", q.Post)
		}
		opt.PostID = q.Post
	}
	return report.Uplift(ctx, st, ws, opt)
}

// Attribution reads a model and a window, each falling back to the
// workspace's when empty.
func Attribution(ctx context.Context, st *store.Store, ws store.Workspace, model, window string) (attribution.Model, time.Duration, error) {
	given := window != ""
	if model == "" || window == "" {
		m, w, err := st.Attribution(ctx, ws.ID)
		if err != nil {
			return "", 0, err
		}
		model, window = cmp.Or(model, m), cmp.Or(window, w)
	}
	mo, err := attribution.ParseModel(model)
	if err != nil {
		return "", 0, &ParamError{"model", err}
	}
	wi, err := attribution.ParseWindow(window)
	if err != nil {
		return "", 0, &ParamError{"window", err}
	}
	if given && wi > MaxWindow {
		return "", 0, refuse("window", "%q is longer than %s", window, attribution.FormatWindow(MaxWindow))
	}
	return mo, wi, nil
}

// Period reads the report's first and last day (or times). A bare date
// as to means the whole day; empty means an open end.
func Period(from, to string, loc *time.Location) (start, end time.Time, err error) {
	if start, err = bound(from, loc, false); err != nil {
		return start, end, &ParamError{"from", err}
	}
	if end, err = bound(to, loc, true); err != nil {
		return start, end, &ParamError{"to", err}
	}
	if !start.IsZero() && !end.IsZero() && !end.After(start) {
		return start, end, refuse("to", "%q is not after from (%q)", to, from)
	}
	return start, end, nil
}

func bound(s string, loc *time.Location, end bool) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := csvin.ParseTime(s, loc)
	if err != nil {
		return time.Time{}, err
	}
	if end && len(strings.TrimSpace(s)) == len(time.DateOnly) {
		t = t.AddDate(0, 0, 1)
	}
	return t, nil
}

// campaign checks a campaign's name against the workspace's campaigns.
func campaign(ctx context.Context, st *store.Store, ws store.Workspace, name string) (string, error) {
	if name == "" {
		return "", nil
	}
	if err := csvin.CheckText(name, csvin.MaxID, true); err != nil {
		return "", &ParamError{"campaign", err}
	}
	list, err := st.Campaigns(ctx, ws.ID)
	if err != nil {
		return "", err
	}
	names := make([]string, len(list))
	for i, c := range list {
		// Compared as the reports compare.
		if strings.ToLower(c.Name) == strings.ToLower(name) {
			return name, nil
		}
		names[i] = c.Name
	}
	slices.Sort(names)
	return "", refuse("campaign", "unknown campaign %q (campaigns: %s)", name, strings.Join(names, ", "))
}

// IsParam reports whether err is a refused option, and which.
func IsParam(err error) (*ParamError, bool) {
	var pe *ParamError
	ok := errors.As(err, &pe)
	return pe, ok
}
