package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// The insights (sales lift, customers, coupon leaks) live under
// /dashboard/, a name already reserved for short links, so adding a page
// there can never shadow a link a brand has printed.
var insightPatterns = []string{"/dashboard", "/dashboard/"}

func (h *Handler) insightRoutes() {
	h.mux.Handle("GET /dashboard", h.app(h.toOverview))
	h.mux.Handle("GET /dashboard/{$}", h.app(h.toOverview))
	h.mux.Handle("GET /dashboard/sales-lift", h.app(h.salesLift))
	h.mux.Handle("GET /dashboard/customers", h.app(h.customers))
	h.mux.Handle("GET /dashboard/leaks", h.app(h.leaks))
	h.mux.Handle("GET /dashboard/traffic", h.app(h.traffic))
	h.mux.Handle("GET /dashboard/", h.app(func(http.ResponseWriter, *http.Request, *reqCtx) error {
		return errNotFound("There is no such page. The insights are Sales lift, Customers, Coupon leaks and Traffic.")
	}))
}

// toOverview answers /dashboard, where people look for the dashboard's
// first page.
func (h *Handler) toOverview(w http.ResponseWriter, r *http.Request, _ *reqCtx) error {
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

// tabs says which insight is shown and what the tabs carry over to the
// others: the campaign, the one picker they all share.
type tabs struct {
	On string
	Q  string
}

func insightTabs(on string, f *filters) tabs {
	t := tabs{On: on}
	if f.Campaign != "" {
		t.Q = "?" + url.Values{"campaign": {f.Campaign}}.Encode()
	}
	return t
}

// knob is a whole-number picker of the filters bar, such as the days of
// an uplift window.
type knob struct {
	Name, Label, Title string
	Value, Min, Max    int
}

// intKnob reads a whole-number picker; a value that is not understood is
// named in the filters' problems and the default is used.
func (f *filters) intKnob(q url.Values, name, label, title string, def, lo, hi int) knob {
	k := knob{Name: name, Label: label, Title: title, Value: def, Min: lo, Max: hi}
	s := strings.TrimSpace(q.Get(name))
	if s == "" {
		return k
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		f.Problems = append(f.Problems, fmt.Sprintf("%s: %q is not a number of days from %d to %d", strings.ToLower(label), s, lo, hi))
		return k
	}
	k.Value = n
	return k
}
