package web

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/liftmetrics/lift/internal/demo"
	"github.com/liftmetrics/lift/internal/importer"
	"github.com/liftmetrics/lift/internal/report"
	"github.com/liftmetrics/lift/internal/store"
	"github.com/liftmetrics/lift/internal/storetest"
)

// The phone the pages are measured on, and the most a page may take
// before its long lists (the audit trail): four screens.
const (
	phoneWidth   = 390
	phoneHeight  = 844
	phoneScreens = 4
)

// demoSite is the dashboard on the demo workspace (40 creators, about
// 2,400 orders), where a page's length shows.
func demoSite(t *testing.T) (*store.Store, store.Workspace, *httptest.Server) {
	t.Helper()
	ctx := context.Background()
	st, ws := defaultStore(t)
	for _, f := range demo.Files(1) {
		if _, err := importer.Import(ctx, st, ws, f.Kind, bytes.NewReader(f.Data), importer.Options{File: f.Name}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := CreateUser(ctx, st, "ana@brand.com", password, ws); err != nil {
		t.Fatal(err)
	}
	dash, err := New(Config{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(dash)
	t.Cleanup(srv.Close)
	return st, ws, srv
}

// defaultStore is a new database with its default workspace.
func defaultStore(t *testing.T) (*store.Store, store.Workspace) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, storetest.DSN(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ws, err := st.Workspace(ctx, store.DefaultWorkspace, true)
	if err != nil {
		t.Fatal(err)
	}
	return st, ws
}

// longestCreators are the demo's creators with the most posts and the
// most credited orders: the longest creator pages.
func longestCreators(t *testing.T, st *store.Store, ws store.Workspace) []string {
	t.Helper()
	ctx := context.Background()
	rep, err := report.Build(ctx, st, ws, report.Options{})
	if err != nil {
		t.Fatal(err)
	}
	posts, err := st.Posts(ctx, ws.ID)
	if err != nil {
		t.Fatal(err)
	}
	creators, err := st.Creators(ctx, ws.ID)
	if err != nil {
		t.Fatal(err)
	}
	n := map[int64]int{}
	for _, p := range posts {
		n[p.CreatorID]++
	}
	most := slices.MaxFunc(creators, func(a, b store.Creator) int { return n[a.ID] - n[b.ID] })
	busiest := slices.MaxFunc(rep.Rows, func(a, b report.Row) int { return int(a.Orders - b.Orders) })
	return []string{most.Handle, busiest.Key}
}

// measure reads the page's height, its width against the window's, and
// where the element sel begins (-1 without one), in CSS pixels.
func (b *browser) measure(sel string) (height, width, window, top int) {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]int](`(() => {
		const e = document.querySelector(`+"`"+sel+"`"+`);
		return [document.documentElement.scrollHeight, document.documentElement.scrollWidth, window.innerWidth,
			e ? Math.round(e.getBoundingClientRect().top + window.scrollY) : -1];
	})()`))
	if err != nil {
		b.t.Fatalf("measure the page: %v", err)
	}
	return v[0], v[1], v[2], v[3]
}

// TestCreatorAndSalesLiftPageLength opens the longest creator pages of
// the demo, and its sales lift, at 1366 px and on a phone. On the phone
// everything before a creator's audit trail (summary, posts, links,
// codes) takes under four screens. The sales lift shows a row per post
// day with an estimate, the others folded into a line a reason, and its
// chart; it was 11,276 px long at 1366 px with a row for each of the 57
// post days, and must take under four screens there and five on the
// phone. No page is wider than the screen.
func TestCreatorAndSalesLiftPageLength(t *testing.T) {
	st, ws, srv := demoSite(t)
	b := newBrowser(t)
	css := func(sel string) chromedp.CSS { return chromedp.CSS(sel) }
	b.do("open the sign-in page", chromedp.Navigate(srv.URL+"/login"), chromedp.WaitVisible(css("#password")))
	b.do("sign in", chromedp.SendKeys(css("#email"), "ana@brand.com"), chromedp.SendKeys(css("#password"), password))
	b.follow("sign in", "form button[type=submit]", "#main")
	keys := longestCreators(t, st, ws)
	for _, screen := range []struct {
		name  string
		width int
		setup chromedp.Action[chromedp.Void]
	}{
		{"desktop", 1366, chromedp.EmulateViewport(1366, 900)},
		{"phone", phoneWidth, chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateScale(2), chromedp.EmulateMobile)},
	} {
		b.do(screen.name, screen.setup)
		for _, key := range keys {
			b.do("open "+key, chromedp.Navigate(srv.URL+"/creators/"+url.PathEscape(key)), chromedp.WaitVisible(css("#credits")))
			height, width, window, audit := b.measure("#credits")
			t.Logf("%s, %d px: /creators/%s is %d px long, %d px wide; the audit trail begins at %d px", screen.name, window, key, height, width, audit)
			if width > window {
				t.Errorf("%s: /creators/%s is %d px wide in a %d px window", screen.name, key, width, window)
			}
			if screen.width == phoneWidth && (audit <= 0 || audit >= phoneScreens*phoneHeight) {
				t.Errorf("on a phone /creators/%s takes %d px before its audit trail, want under %d (%d screens)",
					key, audit, phoneScreens*phoneHeight, phoneScreens)
			}
			for _, sel := range []string{"#summary", "#daily", "#posts", "#links", "#codes"} {
				if _, _, _, top := b.measure(sel); top < 0 || top >= audit {
					t.Errorf("%s: /creators/%s shows %s at %d px, not before its audit trail (%d px)", screen.name, key, sel, top, audit)
				}
			}
			if p := b.text("#posts"); !strings.Contains(p, "Revenue") {
				t.Errorf("/creators/%s: the posts lack their revenue:\n%s", key, p)
			}
			b.shot("creator-" + screen.name + "-" + key)
		}
		b.do("open the sales lift", chromedp.Navigate(srv.URL+"/dashboard/sales-lift"), chromedp.WaitVisible(css("#lift-chart svg")))
		height, width, window, _ := b.measure("#lift-chart")
		t.Logf("%s, %d px: /dashboard/sales-lift is %d px long, %d px wide", screen.name, window, height, width)
		screens := map[bool]int{true: 5, false: 4}[screen.width == phoneWidth]
		if viewport := map[bool]int{true: phoneHeight, false: 900}[screen.width == phoneWidth]; height >= screens*viewport {
			t.Errorf("%s: the sales lift is %d px long, want under %d screens of %d px", screen.name, height, screens, viewport)
		}
		if width > window {
			t.Errorf("%s: the sales lift is %d px wide in a %d px window", screen.name, width, window)
		}
		counts, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]int](`[
			document.querySelectorAll("#main .table-wrap tbody .pill.none").length,
			document.querySelectorAll("#main details.folded").length,
			Math.round(document.querySelector("#lift-chart .lift-svg").getBoundingClientRect().width),
			document.querySelectorAll("#lift-chart .lc-window").length]`))
		if err != nil {
			t.Fatal(err)
		}
		if counts[0] != 0 || counts[1] == 0 || counts[2] < 200 || counts[2] > window || counts[3] != 1 {
			t.Errorf("%s: the sales lift shows %d rows without an estimate and %d folded lines; its chart is %d px wide with %d shaded windows",
				screen.name, counts[0], counts[1], counts[2], counts[3])
		}
		b.shot("sales-lift-" + screen.name)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, e := range b.errors {
		t.Errorf("the browser reported %s", e)
	}
}
