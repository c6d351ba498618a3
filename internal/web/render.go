package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/liftmetrics/lift/internal/store"
)

//go:embed templates/*.html
var templateFS embed.FS

// view is what every page template gets: the page's own data in Page,
// and the frame around it (who is signed in, the workspace, the token
// every form carries).
type view struct {
	Title      string
	Nav        string // the menu entry to highlight
	Page       any
	Notice     string // a success message
	Alert      string // a problem with what was sent
	User       string
	WS         store.Workspace
	Workspaces []store.Workspace
	CSRF       string
	Path       string
}

// parseTemplates parses each page with the layout and the shared parts,
// so that every page can define its own "content".
func parseTemplates() (map[string]*template.Template, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	shared := []string{"templates/layout.html", "templates/parts.html"}
	pages := map[string]*template.Template{}
	for _, n := range names {
		if n == shared[0] || n == shared[1] {
			continue
		}
		t, err := template.New("").Funcs(funcs).ParseFS(templateFS, append(shared, n)...)
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", n, err)
		}
		pages[strings.TrimSuffix(path.Base(n), ".html")] = t
	}
	return pages, nil
}

var funcs = template.FuncMap{
	"eq2": func(a, b any) bool { return fmt.Sprint(a) == fmt.Sprint(b) },
	// dict passes several values to a shared template part.
	"dict": func(kv ...any) (map[string]any, error) {
		if len(kv)%2 != 0 {
			return nil, fmt.Errorf("dict: odd number of arguments")
		}
		m := map[string]any{}
		for i := 0; i < len(kv); i += 2 {
			k, ok := kv[i].(string)
			if !ok {
				return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
			}
			m[k] = kv[i+1]
		}
		return m, nil
	},
}

// render writes a page; the page is rendered in full before anything is
// sent, so a template error is a clean 500 rather than half a page.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, rc *reqCtx, status int, name string, v view) {
	if rc != nil {
		v.User, v.WS, v.Workspaces, v.CSRF = rc.Session.Email, rc.WS, rc.Workspaces, rc.Session.CSRF
	}
	v.Path = r.URL.RequestURI()
	layout := "layout"
	if rc == nil {
		layout = "bare"
	}
	var buf bytes.Buffer
	t, ok := h.pages[name]
	if !ok {
		h.log.Error("no such template", "name", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	if err := t.ExecuteTemplate(&buf, layout, v); err != nil {
		h.log.Error("render failed", "template", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// page renders a page, or, when the URL asks for ?format=csv&table=NAME,
// that one of its tables as a CSV download.
func (h *Handler) page(w http.ResponseWriter, r *http.Request, rc *reqCtx, name string, v view, tables ...*table) error {
	q := r.URL.Query()
	if q.Get("format") == "csv" {
		for _, t := range tables {
			if t != nil && t.Name == q.Get("table") {
				return t.writeCSV(w, rc.WS.Name)
			}
		}
		return errNotFound("This page has no table named " + q.Get("table") + ".")
	}
	for _, t := range tables {
		if t != nil {
			t.link(r.URL, rc.Session.CSRF)
		}
	}
	h.render(w, r, rc, http.StatusOK, name, v)
	return nil
}
