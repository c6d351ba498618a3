package server

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/liftmetrics/lift/internal/importer"
)

// seedReports gives workspace a a post p1 with a link ana-spring and an
// order through its code, and workspace b a campaign Autumn and an order
// of its own, so that each report has rows.
func seedReports(t *testing.T, e *env) {
	t.Helper()
	ctx := context.Background()
	for _, ws := range []string{"a", "b"} {
		w, err := e.st.Workspace(ctx, ws, false)
		if err != nil {
			t.Fatal(err)
		}
		files := []struct{ kind, data string }{
			{"posts", "post_id,creator,campaign,platform,format,published_at,impressions\np1,ana,Spring,instagram,reel,2026-03-02,1000\n"},
			{"links", "slug,destination,creator,campaign,post_id\nana-spring,https://shop.example/,ana,Spring,p1\n"},
			{"codes", "code,creator,campaign\nANA10,ana,Spring\n"},
			{"orders", "order_id,created_at,revenue,discount_code,customer_id\nA1,2026-03-03,100.00,ANA10,c1\nA2,2026-03-20,40.00,,c2\n"},
		}
		if ws == "b" {
			files = []struct{ kind, data string }{
				{"campaigns", "name,starts,ends\nAutumn,2026-09-01,2026-11-30\n"},
				{"codes", "code,creator,campaign\nBEE20,ana,Autumn\n"},
				{"orders", "order_id,created_at,revenue,discount_code\nB1,2026-09-03,777.00,BEE20\n"},
			}
		}
		for _, f := range files {
			if _, err := importer.Import(ctx, e.st, w, f.kind, strings.NewReader(f.data), importer.Options{File: f.kind}); err != nil {
				t.Fatalf("%s %s: %v", ws, f.kind, err)
			}
		}
	}
	if err := e.tr.Reload(ctx); err != nil {
		t.Fatal(err)
	}
}

// get answers a GET of the API: status and raw body.
func (e *env) get(t *testing.T, path, key string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", e.srv.URL+path, nil)
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, raw
}

type spec struct {
	Paths      map[string]map[string]operation `json:"paths"`
	Components struct {
		Schemas map[string]*schema `json:"schemas"`
	} `json:"components"`
}

type operation struct {
	Parameters []struct {
		Name    string          `json:"name"`
		In      string          `json:"in"`
		Example json.RawMessage `json:"example"`
	} `json:"parameters"`
	Responses map[string]struct {
		Content map[string]struct {
			Schema *schema `json:"schema"`
		} `json:"content"`
	} `json:"responses"`
}

// schema is the part of an OpenAPI 3.0 schema object the test checks.
type schema struct {
	Ref                  string             `json:"$ref"`
	Type                 string             `json:"type"`
	Nullable             bool               `json:"nullable"`
	Properties           map[string]*schema `json:"properties"`
	Required             []string           `json:"required"`
	AdditionalProperties json.RawMessage    `json:"additionalProperties"`
	Items                *schema            `json:"items"`
	Enum                 []any              `json:"enum"`
	OneOf                []*schema          `json:"oneOf"`
}

func loadSpec(t *testing.T, e *env) spec {
	t.Helper()
	code, raw := e.get(t, "/api/v1/openapi.json", "")
	if code != 200 || string(raw) != string(openAPI) {
		t.Fatalf("openapi.json: %d, served as embedded: %v", code, string(raw) == string(openAPI))
	}
	var sp spec
	if err := json.Unmarshal(raw, &sp); err != nil {
		t.Fatal(err)
	}
	return sp
}

// validate checks v against s, descending into what s declares; it
// returns the first mismatch, with its JSON path.
func (sp spec) validate(s *schema, v any, at string) error {
	if s.Ref != "" {
		name := strings.TrimPrefix(s.Ref, "#/components/schemas/")
		ref, ok := sp.Components.Schemas[name]
		if !ok {
			return fmt.Errorf("%s: no schema %s", at, s.Ref)
		}
		return sp.validate(ref, v, at)
	}
	if v == nil {
		if s.Nullable || s.Type == "" && len(s.OneOf) == 0 {
			return nil
		}
		return fmt.Errorf("%s: null, not nullable", at)
	}
	if len(s.OneOf) > 0 {
		n := 0
		for _, o := range s.OneOf {
			if sp.validate(o, v, at) == nil {
				n++
			}
		}
		if n != 1 {
			return fmt.Errorf("%s: matches %d of oneOf", at, n)
		}
		return nil
	}
	if len(s.Enum) > 0 && !slices.Contains(s.Enum, v) {
		return fmt.Errorf("%s: %v is not one of %v", at, v, s.Enum)
	}
	switch s.Type {
	case "":
		return nil
	case "object":
		obj, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: %T, not an object", at, v)
		}
		for _, r := range s.Required {
			if _, ok := obj[r]; !ok {
				return fmt.Errorf("%s: no %q, which is required", at, r)
			}
		}
		var extra *schema
		strict := string(s.AdditionalProperties) == "false"
		if len(s.AdditionalProperties) > 0 && !strict && string(s.AdditionalProperties) != "true" {
			extra = &schema{}
			if err := json.Unmarshal(s.AdditionalProperties, extra); err != nil {
				return err
			}
		}
		for k, x := range obj {
			p, ok := s.Properties[k]
			switch {
			case ok:
			case extra != nil:
				p = extra
			case strict:
				return fmt.Errorf("%s: %q is not declared", at, k)
			default:
				continue
			}
			if err := sp.validate(p, x, at+"."+k); err != nil {
				return err
			}
		}
	case "array":
		arr, ok := v.([]any)
		if !ok {
			return fmt.Errorf("%s: %T, not an array", at, v)
		}
		for i, x := range arr {
			if s.Items != nil {
				if err := sp.validate(s.Items, x, fmt.Sprintf("%s[%d]", at, i)); err != nil {
					return err
				}
			}
		}
	case "string":
		if _, ok := v.(string); !ok {
			return fmt.Errorf("%s: %T, not a string", at, v)
		}
	case "number":
		if _, ok := v.(float64); !ok {
			return fmt.Errorf("%s: %T, not a number", at, v)
		}
	case "integer":
		if f, ok := v.(float64); !ok || f != float64(int64(f)) {
			return fmt.Errorf("%s: %v, not an integer", at, v)
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			return fmt.Errorf("%s: %T, not a boolean", at, v)
		}
	default:
		return fmt.Errorf("%s: the test knows no type %q", at, s.Type)
	}
	return nil
}

// check validates a response against what the operation declares for
// its status.
func (sp spec) check(t *testing.T, op operation, what string, code int, raw []byte) {
	t.Helper()
	resp, ok := op.Responses[fmt.Sprint(code)]
	if !ok {
		t.Errorf("%s: status %d is not declared", what, code)
		return
	}
	media, ok := resp.Content["application/json"]
	if !ok {
		return // the PNG
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Errorf("%s: %v: %s", what, err, raw)
		return
	}
	if err := sp.validate(media.Schema, v, "$"); err != nil {
		t.Errorf("%s: %v", what, err)
	}
}

var pathParam = regexp.MustCompile(`\{([a-z]+)\}`)

// The OpenAPI file and the handlers describe the same API: every route is
// in the file with its parameters, every path of the file is served, each
// documented parameter's example is taken, and real answers, good and
// refused, validate against the declared schemas.
func TestOpenAPIDescribesTheRoutes(t *testing.T) {
	e := newEnv(t)
	seedReports(t, e)
	sp := loadSpec(t, e)
	s := New(Config{Store: e.st, Tracker: e.tr})
	routes := map[string]apiRoute{}
	for _, rt := range s.apiRoutes() {
		method, path, _ := strings.Cut(rt.pattern, " ")
		routes[strings.ToLower(method)+" "+path] = rt
		op, ok := sp.Paths[path][strings.ToLower(method)]
		if !ok {
			t.Errorf("%s is served but not in openapi.json", rt.pattern)
			continue
		}
		var query, inPath []string
		for _, p := range op.Parameters {
			if p.In == "query" {
				query = append(query, p.Name)
			} else {
				inPath = append(inPath, p.Name)
			}
		}
		var wantPath []string
		for _, m := range pathParam.FindAllStringSubmatch(path, -1) {
			wantPath = append(wantPath, m[1])
		}
		if !slices.Equal(query, rt.params) || !slices.Equal(inPath, wantPath) {
			t.Errorf("%s: openapi.json has query %v, path %v; the handler takes %v, %v", rt.pattern, query, inPath, rt.params, wantPath)
		}
	}
	for path, ops := range sp.Paths {
		for method, op := range ops {
			if _, ok := routes[method+" "+path]; !ok {
				t.Errorf("openapi.json has %s %s, which is not a route", method, path)
			}
			// The mux serves it: a real request, answered by the
			// endpoint, not by the API's not-found.
			target := path
			for _, p := range op.Parameters {
				if p.In == "path" {
					var ex string
					json.Unmarshal(p.Example, &ex)
					target = strings.ReplaceAll(target, "{"+p.Name+"}", ex)
				}
			}
			req, _ := http.NewRequest(strings.ToUpper(method), e.srv.URL+target, strings.NewReader("{}"))
			req.Header.Set("Authorization", "Bearer "+e.keyA)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == 404 || resp.StatusCode == 405 {
				t.Errorf("%s %s: %d %s", method, target, resp.StatusCode, raw)
			}
			sp.check(t, op, method+" "+target, resp.StatusCode, raw)
		}
	}

	// Each documented query parameter's example is taken, and the answer
	// is the declared one; a parameter that is not documented is refused.
	for _, path := range []string{"/api/v1/report", "/api/v1/uplift", "/api/v1/customers"} {
		op := sp.Paths[path]["get"]
		code, raw := e.get(t, path, e.keyA)
		if code != 200 {
			t.Fatalf("%s: %d %s", path, code, raw)
		}
		sp.check(t, op, path, code, raw)
		for _, p := range op.Parameters {
			var ex any
			json.Unmarshal(p.Example, &ex)
			target := path + "?" + url.Values{p.Name: {fmt.Sprint(ex)}}.Encode()
			code, raw := e.get(t, target, e.keyA)
			if code != 200 {
				t.Errorf("%s: %d %s", target, code, raw)
			}
			sp.check(t, op, target, code, raw)
		}
		code, raw = e.get(t, path+"?format=csv", e.keyA)
		if code != 400 || !strings.Contains(string(raw), `"parameter": "format"`) {
			t.Errorf("%s?format=csv: %d %s", path, code, raw)
		}
		sp.check(t, op, path+"?format=csv", code, raw)
	}
	// The validator itself refuses what it should: an undeclared key at
	// the top, a missing required key, a string for a number.
	rep := sp.Paths["/api/v1/report"]["get"].Responses["200"].Content["application/json"].Schema
	_, raw := e.get(t, "/api/v1/report", e.keyA)
	for _, edit := range []func(m map[string]any){
		func(m map[string]any) { m["surprise"] = 1 },
		func(m map[string]any) { delete(m, "total") },
		func(m map[string]any) { m["currency"] = 3 },
	} {
		var m map[string]any
		json.Unmarshal(raw, &m)
		edit(m)
		if sp.validate(rep, m, "$") == nil {
			t.Errorf("an edited report validates: %v", m)
		}
	}
}

// Report, uplift and customers: each parameter is checked, and a refusal
// is a 400 naming the parameter.
func TestReportAPIRefusesBadParameters(t *testing.T) {
	e := newEnv(t)
	seedReports(t, e)
	long := strings.Repeat("x", 300)
	for _, c := range []struct{ path, param, problem string }{
		{"/api/v1/report?by=week", "by", `cannot group by "week"`},
		{"/api/v1/report?campaign=Autumn", "campaign", `unknown campaign "Autumn" (campaigns: Spring)`},
		// "ſpring" folds to "spring" but does not lower-case to it: the
		// reports would not find it, so it is refused here, not a 500.
		{"/api/v1/report?campaign=%C5%BFpring", "campaign", "unknown campaign"},
		{"/api/v1/uplift?campaign=%C5%BFpring", "campaign", "unknown campaign"},
		{"/api/v1/uplift?post=P1", "post", `unknown post "P1"`},
		{"/api/v1/report?campaign=" + long, "campaign", "300 bytes long; at most 256"},
		{"/api/v1/report?campaign=%01", "campaign", "control character"},
		{"/api/v1/report?from=yesterday", "from", `"yesterday" is not a time`},
		{"/api/v1/report?from=1999-01-01", "from", "outside the years"},
		{"/api/v1/report?from=2026-03-10&to=2026-03-01", "to", "is not after from"},
		{"/api/v1/report?model=best", "model", `unknown attribution model "best"`},
		{"/api/v1/report?window=3y", "window", `window "3y" not understood`},
		{"/api/v1/report?window=400d", "window", "longer than 366d"},
		{"/api/v1/report?with-brb=yes", "with-brb", "use true or false"},
		{"/api/v1/report?rank=", "rank", "use true or false"},
		{"/api/v1/report?workspace=b", "workspace", "unknown parameter; this endpoint takes by, campaign, from, to, model, window, with-brb, rank"},
		{"/api/v1/report?by=day&by=post", "by", "given 2 times"},
		{"/api/v1/uplift?window-days=0", "window-days", "use 1 to 28 days"},
		{"/api/v1/uplift?window-days=three", "window-days", "not a whole number"},
		{"/api/v1/uplift?pre-days=400", "pre-days", "use 7 to 366 days"},
		{"/api/v1/uplift?post=p9", "post", `unknown post "p9"`},
		{"/api/v1/uplift?post=p1&campaign=Spring", "post", "not both"},
		{"/api/v1/uplift?model=linear", "model", "unknown parameter"},
		{"/api/v1/customers?campaign=Autumn", "campaign", "unknown campaign"},
		{"/api/v1/customers?window=0d", "window", "not understood"},
		{"/api/v1/customers?by=creator", "by", "unknown parameter"},
		{"/api/v1/links?page=2", "page", "unknown parameter; this endpoint takes no parameters"},
	} {
		code, raw := e.get(t, c.path, e.keyA)
		var body struct {
			Error   string         `json:"error"`
			Details []paramProblem `json:"details"`
		}
		json.Unmarshal(raw, &body)
		if code != 400 || len(body.Details) != 1 || body.Details[0].Parameter != c.param ||
			!strings.Contains(body.Details[0].Problem, c.problem) || !strings.HasPrefix(body.Error, c.param+": ") {
			t.Errorf("%s: %d %s", c.path, code, raw)
		}
	}
	for _, path := range []string{"/api/v1/report?campaign=%zz", "/api/v1/report?by=" + strings.Repeat("a", maxQuery)} {
		if code, raw := e.get(t, path, e.keyA); code != 400 {
			t.Errorf("%.60s: %d %s", path, code, raw)
		}
	}
	code, raw := e.get(t, "/api/v1/report?a=1&b=2", e.keyA)
	if code != 400 || !strings.Contains(string(raw), "2 refused parameters") {
		t.Errorf("two unknown: %d %s", code, raw)
	}
}

// A key reads its own workspace only; without a valid key nothing is
// read, and the refusal says nothing of the data.
func TestReportAPIKeysAndWorkspaces(t *testing.T) {
	e := newEnv(t)
	seedReports(t, e)
	ctx := context.Background()
	a, err := e.st.Workspace(ctx, "a", false)
	if err != nil {
		t.Fatal(err)
	}
	revoked, err := CreateAPIKey(ctx, e.st, a, "old")
	if err != nil {
		t.Fatal(err)
	}
	keys, err := e.st.APIKeys(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if k.Name == "old" {
			if ok, err := e.st.RevokeAPIKey(ctx, a.ID, k.ID); !ok || err != nil {
				t.Fatal(ok, err)
			}
		}
	}
	for _, path := range []string{"/api/v1/report", "/api/v1/uplift", "/api/v1/customers"} {
		for _, key := range []string{"", "lift_not-a-key", revoked, e.keyA + "x"} {
			if code, raw := e.get(t, path+"?campaign=Spring", key); code != 401 || strings.Contains(string(raw), "Spring") {
				t.Errorf("%s with key %q: %d %s", path, key, code, raw)
			}
		}
	}

	revenue := func(key, query string) (float64, []string) {
		t.Helper()
		code, raw := e.get(t, "/api/v1/report?"+query, key)
		if code != 200 {
			t.Fatalf("%s: %d %s", query, code, raw)
		}
		var r struct {
			Total struct{ Revenue float64 } `json:"total"`
			Rows  []struct{ Key string }    `json:"rows"`
		}
		if err := json.Unmarshal(raw, &r); err != nil {
			t.Fatal(err)
		}
		var rows []string
		for _, row := range r.Rows {
			rows = append(rows, row.Key)
		}
		return r.Total.Revenue, rows
	}
	// a: order A1 of 100.00 through ANA10 (A2 has no touch); b: B1 of
	// 777.00 through BEE20, in a campaign a does not have.
	if got, rows := revenue(e.keyA, "by=campaign"); got != 100 || !slices.Equal(rows, []string{"Spring"}) {
		t.Errorf("a's report: revenue %v, rows %v", got, rows)
	}
	if got, rows := revenue(e.keyB, "by=campaign"); got != 777 || !slices.Equal(rows, []string{"Autumn"}) {
		t.Errorf("b's report: revenue %v, rows %v", got, rows)
	}
	code, raw := e.get(t, "/api/v1/customers?campaign=Autumn", e.keyA)
	if code != 400 || !strings.Contains(string(raw), `(campaigns: Spring)"`) {
		t.Errorf("a asking for b's campaign: %d %s", code, raw)
	}
	if code, raw := e.get(t, "/api/v1/uplift?post=p1", e.keyB); code != 400 || !strings.Contains(string(raw), `unknown post \"p1\"`) {
		t.Errorf("b asking for a's post: %d %s", code, raw)
	}
}

// A node builds at most maxReports reports at once; one more is told to
// come back, and is served once a build ends.
func TestReportAPIBusy(t *testing.T) {
	e := newEnv(t)
	s := New(Config{Store: e.st, Tracker: e.tr, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	for range maxReports {
		s.building <- struct{}{}
	}
	get := func() *http.Response {
		req, _ := http.NewRequest("GET", srv.URL+"/api/v1/report", nil)
		req.Header.Set("Authorization", "Bearer "+e.keyA)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if resp := get(); resp.StatusCode != 503 || resp.Header.Get("Retry-After") != "1" {
		t.Errorf("busy: %d %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	<-s.building
	if resp := get(); resp.StatusCode != 200 {
		t.Errorf("after one build ended: %d", resp.StatusCode)
	}
	if len(s.building) != maxReports-1 {
		t.Errorf("%d builds held after the request, want %d", len(s.building), maxReports-1)
	}
}

// checkQuery never panics, and what it lets through is a query of known
// parameters, each once, each at most 256 bytes of one-line UTF-8.
func FuzzCheckQuery(f *testing.F) {
	for _, seed := range []string{"", "by=creator", "by=day&by=post", "campaign=%zz", "rank", "a=1&b=2",
		"campaign=%C5%BFpring", "from=2026-03-01&to=2026-03-31", "campaign=%01", ";", "by=%E2%80%AE", "=x&=y"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		r := httptest.NewRequest("GET", "/api/v1/report", nil)
		r.URL.RawQuery = raw
		if checkQuery(r, reportParams) != nil {
			return
		}
		values, err := url.ParseQuery(raw)
		if err != nil || len(raw) > maxQuery {
			t.Fatalf("%q taken: %v", raw, err)
		}
		for name, vs := range values {
			if !slices.Contains(reportParams, name) || len(vs) != 1 || len(vs[0]) > 256 || strings.ContainsAny(vs[0], "\x00\n\r\x7f") {
				t.Fatalf("%q taken: %q = %q", raw, name, vs)
			}
		}
	})
}
