package web

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/liftmetrics/lift/internal/attribution"
	"github.com/liftmetrics/lift/internal/metrics"
	"github.com/liftmetrics/lift/internal/report"
	"github.com/liftmetrics/lift/internal/store"
)

// filters are the pickers of the report pages: campaign, dates, model and
// window, and on the creators page platform and tier. They travel in the
// query string, so a filtered page can be bookmarked and shared.
type filters struct {
	Campaign string
	From, To string // YYYY-MM-DD as typed; To is inclusive
	Model    string
	Window   string
	Platform string
	Tier     string

	Campaigns []store.Campaign
	Models    []attribution.Model
	Platforms []string
	Tiers     []string
	Problems  []string // filters that were not understood and were left out
	IsDefault bool     // model and window are the workspace's
	Presets   []preset // quick dates
	// Prev is the period before the dates picked, of as many days, when
	// there is one (HasPrev): the key numbers compare with it.
	Prev    period
	HasPrev bool

	opt report.Options
}

var platforms = []string{"instagram", "tiktok", "youtube", "pinterest", "facebook", "other"}

// readFilters reads the pickers, falling back on the workspace's
// attribution settings.
func (h *Handler) readFilters(ctx context.Context, q url.Values, ws store.Workspace) (*filters, error) {
	f := &filters{Campaign: q.Get("campaign"), From: strings.TrimSpace(q.Get("from")), To: strings.TrimSpace(q.Get("to")),
		Model: q.Get("model"), Window: strings.TrimSpace(q.Get("window")), Platform: q.Get("platform"), Tier: q.Get("tier"),
		Models: attribution.Models, Platforms: platforms, Tiers: metrics.Tiers}
	defModel, defWindow, err := h.st.Attribution(ctx, ws.ID)
	if err != nil {
		return nil, err
	}
	if f.Campaigns, err = h.st.Campaigns(ctx, ws.ID); err != nil {
		return nil, err
	}
	if f.Model == "" {
		f.Model = defModel
	}
	if f.Window == "" {
		f.Window = defWindow
	}
	f.IsDefault = f.Model == defModel && f.Window == defWindow
	f.check(ws)
	today := h.now().In(ws.Loc)
	camp, hasCamp := f.campaign()
	f.Presets = presets(q, today, camp, hasCamp, f.From, f.To)
	f.Prev, f.HasPrev = previousPeriod(f.opt.From, f.opt.To, midnight(today).AddDate(0, 0, 1))
	return f, nil
}

// check turns the pickers into report options; a value that is not
// understood is named in Problems and left out, never guessed at.
func (f *filters) check(ws store.Workspace) {
	var err error
	if f.opt.Model, err = attribution.ParseModel(f.Model); err != nil {
		f.Problems = append(f.Problems, err.Error())
		f.Model, f.opt.Model = string(attribution.LastTouch), attribution.LastTouch
	}
	if f.opt.Window, err = attribution.ParseWindow(f.Window); err != nil {
		f.Problems = append(f.Problems, err.Error())
		f.Window, f.opt.Window = "30d", attribution.DefaultWindow
	}
	if f.Campaign != "" {
		i := slices.IndexFunc(f.Campaigns, func(c store.Campaign) bool { return strings.EqualFold(c.Name, f.Campaign) })
		if i < 0 {
			f.Problems = append(f.Problems, fmt.Sprintf("there is no campaign %q", f.Campaign))
			f.Campaign = ""
		} else {
			f.Campaign = f.Campaigns[i].Name
		}
	}
	f.opt.Campaign = f.Campaign
	f.opt.From = f.day(&f.From, "from", ws.Loc, 0)
	f.opt.To = f.day(&f.To, "to", ws.Loc, 1)
	if !f.opt.From.IsZero() && !f.opt.To.IsZero() && !f.opt.From.Before(f.opt.To) {
		f.Problems = append(f.Problems, "the first day is after the last day")
		f.From, f.To, f.opt.From, f.opt.To = "", "", time.Time{}, time.Time{}
	}
	if f.Platform != "" && !slices.Contains(platforms, f.Platform) {
		f.Problems = append(f.Problems, fmt.Sprintf("there is no platform %q", f.Platform))
		f.Platform = ""
	}
	if f.Tier != "" && !slices.Contains(metrics.Tiers, f.Tier) {
		f.Problems = append(f.Problems, fmt.Sprintf("there is no tier %q", f.Tier))
		f.Tier = ""
	}
}

// day reads a date picker; the last day counts in full.
func (f *filters) day(s *string, name string, loc *time.Location, addDays int) time.Time {
	if *s == "" {
		return time.Time{}
	}
	t, err := time.ParseInLocation(time.DateOnly, *s, loc)
	if err != nil {
		f.Problems = append(f.Problems, fmt.Sprintf("%s: %q is not a date (write YYYY-MM-DD)", name, *s))
		*s = ""
		return time.Time{}
	}
	return t.AddDate(0, 0, addDays)
}

// options are the report options of the pickers, grouped by.
func (f *filters) options(by string) report.Options {
	o := f.opt
	o.By = by
	return o
}

// query keeps the pickers for links to other pages.
func (f *filters) query() string {
	q := url.Values{}
	for k, v := range map[string]string{"campaign": f.Campaign, "from": f.From, "to": f.To} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if !f.IsDefault {
		q.Set("model", f.Model)
		q.Set("window", f.Window)
	}
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}

// campaign returns the picked campaign, if any.
func (f *filters) campaign() (store.Campaign, bool) {
	for _, c := range f.Campaigns {
		if c.Name == f.Campaign && f.Campaign != "" {
			return c, true
		}
	}
	return store.Campaign{}, false
}
