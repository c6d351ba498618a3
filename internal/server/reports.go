package server

import (
	"bytes"
	_ "embed"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/liftmetrics/lift/internal/csvin"
	"github.com/liftmetrics/lift/internal/query"
	"github.com/liftmetrics/lift/internal/store"
	"github.com/liftmetrics/lift/internal/uplift"
)

// openAPI describes every route of the API (a test holds the two to each other).
//
//go:embed openapi.json
var openAPI []byte

// maxQuery bounds a request's query string, in bytes.
const maxQuery = 4096

// apiRoute is one endpoint of the API.
type apiRoute struct {
	pattern string   // method and path, as the mux takes it
	params  []string // the query parameters it takes; any other is refused
	h       func(http.ResponseWriter, *http.Request, store.Workspace) error
	open    http.HandlerFunc // served without an API key, instead of h
	// report marks an endpoint that builds a report from the whole
	// workspace: a node builds at most maxReports at once.
	report bool
}

// maxReports is how many reports one node builds at once; a request
// beyond them is answered 503 with Retry-After.
const maxReports = 4

// The query parameters of the reports: the flags of lift report, lift
// uplift and lift customers, under the same names.
var (
	reportParams    = []string{"by", "campaign", "from", "to", "model", "window", "with-brb", "rank"}
	upliftParams    = []string{"post", "campaign", "window-days", "pre-days"}
	customersParams = []string{"campaign", "model", "window"}
)

func (s *Server) apiRoutes() []apiRoute {
	return []apiRoute{
		{pattern: "GET /api/v1/openapi.json", open: serveOpenAPI},
		{pattern: "POST /api/v1/orders", h: s.postOrders},
		{pattern: "POST /api/v1/conversions", h: s.postConversions},
		{pattern: "GET /api/v1/links", h: s.getLinks},
		{pattern: "POST /api/v1/links", h: s.postLink},
		{pattern: "GET /api/v1/links/{slug}/qr.png", h: s.linkQR},
		{pattern: "GET /api/v1/codes", h: s.getCodes},
		{pattern: "POST /api/v1/codes", h: s.postCodes},
		{pattern: "GET /api/v1/report", params: reportParams, h: s.getReport, report: true},
		{pattern: "GET /api/v1/uplift", params: upliftParams, h: s.getUplift, report: true},
		{pattern: "GET /api/v1/customers", params: customersParams, h: s.getCustomers, report: true},
	}
}

// route serves an API endpoint: rate limited, with an API key (unless
// open), and only with the query parameters it takes.
func (s *Server) route(rt apiRoute) http.Handler {
	if rt.open != nil {
		return s.limit(s.handle(func(w http.ResponseWriter, r *http.Request) error {
			if err := checkQuery(r, rt.params); err != nil {
				return err
			}
			rt.open(w, r)
			return nil
		}))
	}
	return s.limit(s.authed(func(w http.ResponseWriter, r *http.Request, ws store.Workspace) error {
		if err := checkQuery(r, rt.params); err != nil {
			return err
		}
		if rt.report {
			select {
			case s.building <- struct{}{}:
				defer func() { <-s.building }()
			default:
				w.Header().Set("Retry-After", "1")
				return &httpError{http.StatusServiceUnavailable, fmt.Sprintf("this node is building %d reports already; retry in a second", maxReports), nil}
			}
		}
		return rt.h(w, r, ws)
	}))
}

// paramProblem is one refused query parameter.
type paramProblem struct {
	Parameter string `json:"parameter"`
	Problem   string `json:"problem"`
}

func errParam(name, problem string) error {
	return errBadRequest(name+": "+problem, []paramProblem{{name, problem}})
}

// checkQuery refuses a query that is too long or malformed, a parameter
// the endpoint does not take, one given twice, and values that are too
// long or hold control characters.
func checkQuery(r *http.Request, known []string) error {
	raw := r.URL.RawQuery
	if len(raw) > maxQuery {
		return errBadRequest(fmt.Sprintf("the query is %d bytes long; at most %d", len(raw), maxQuery), nil)
	}
	values, err := url.ParseQuery(raw)
	if err != nil {
		return errBadRequest("malformed query: "+err.Error(), nil)
	}
	var bad []paramProblem
	names := make([]string, 0, len(values))
	for name := range values {
		names = append(names, name)
	}
	slices.Sort(names)
	takes := "takes no parameters"
	if len(known) > 0 {
		takes = "takes " + strings.Join(known, ", ")
	}
	for _, name := range names {
		vs := values[name]
		switch {
		case !slices.Contains(known, name):
			bad = append(bad, paramProblem{name, "unknown parameter; this endpoint " + takes})
		case len(vs) > 1:
			bad = append(bad, paramProblem{name, fmt.Sprintf("given %d times; give it once", len(vs))})
		default:
			if err := csvin.CheckText(vs[0], csvin.MaxID, true); err != nil {
				bad = append(bad, paramProblem{name, err.Error()})
			}
		}
	}
	switch len(bad) {
	case 0:
		return nil
	case 1:
		return errBadRequest(bad[0].Parameter+": "+bad[0].Problem, bad)
	}
	return errBadRequest(fmt.Sprintf("%d refused parameters", len(bad)), bad)
}

// reportError turns a refused option into a 400 naming its parameter.
func reportError(err error) error {
	if pe, ok := query.IsParam(err); ok {
		return errParam(pe.Param, pe.Err.Error())
	}
	return err
}

// boolParam reads true or false; absent is false.
func boolParam(q url.Values, name string) (bool, error) {
	v, ok := q[name]
	if !ok {
		return false, nil
	}
	switch v[0] {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, errParam(name, fmt.Sprintf("%q: use true or false", v[0]))
}

// intParam reads a whole number; absent is def.
func intParam(q url.Values, name string, def int) (int, error) {
	v, ok := q[name]
	if !ok {
		return def, nil
	}
	n, err := strconv.Atoi(v[0])
	if err != nil {
		return 0, errParam(name, fmt.Sprintf("%q is not a whole number", v[0]))
	}
	return n, nil
}

func writeReportJSON(w http.ResponseWriter, write func(*bytes.Buffer) error) error {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "private, no-store")
	_, err := w.Write(buf.Bytes())
	return err
}

// getReport answers the KPI report, as `lift report --format json` prints it.
func (s *Server) getReport(w http.ResponseWriter, r *http.Request, ws store.Workspace) error {
	q := r.URL.Query()
	withBRB, err := boolParam(q, "with-brb")
	if err != nil {
		return err
	}
	rank, err := boolParam(q, "rank")
	if err != nil {
		return err
	}
	rep, err := query.BuildReport(r.Context(), s.cfg.Store, ws, query.Report{By: q.Get("by"), Campaign: q.Get("campaign"),
		From: q.Get("from"), To: q.Get("to"), Model: q.Get("model"), Window: q.Get("window"), WithBRB: withBRB, Rank: rank})
	if err != nil {
		return reportError(err)
	}
	return writeReportJSON(w, func(b *bytes.Buffer) error { return rep.Write(b, "json") })
}

// getUplift answers the sales lift around posts, as `lift uplift --format json` prints it.
func (s *Server) getUplift(w http.ResponseWriter, r *http.Request, ws store.Workspace) error {
	q := r.URL.Query()
	windowDays, err := intParam(q, "window-days", uplift.DefaultWindowDays)
	if err != nil {
		return err
	}
	preDays, err := intParam(q, "pre-days", uplift.DefaultPreDays)
	if err != nil {
		return err
	}
	rep, err := query.BuildUplift(r.Context(), s.cfg.Store, ws, query.Uplift{Post: q.Get("post"), Campaign: q.Get("campaign"),
		WindowDays: windowDays, PreDays: preDays, Until: s.cfg.Now()})
	if err != nil {
		return reportError(err)
	}
	return writeReportJSON(w, func(b *bytes.Buffer) error { return rep.Write(b, "json") })
}

// getCustomers answers the customers report, as `lift customers --format json` prints it.
func (s *Server) getCustomers(w http.ResponseWriter, r *http.Request, ws store.Workspace) error {
	q := r.URL.Query()
	rep, err := query.BuildCustomers(r.Context(), s.cfg.Store, ws, query.Customers{Campaign: q.Get("campaign"),
		Model: q.Get("model"), Window: q.Get("window")})
	if err != nil {
		return reportError(err)
	}
	return writeReportJSON(w, func(b *bytes.Buffer) error { return rep.Write(b, "json") })
}

func serveOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Write(openAPI)
}
