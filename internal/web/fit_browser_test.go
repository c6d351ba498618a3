package web

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// screen is a width the dashboard is read at: a laptop, and a phone.
type screen struct {
	name          string
	width, height int64
	phone         bool
}

var screens = []screen{{"1366", 1366, 900, false}, {"390", 390, 844, true}}

func (b *browser) screen(s screen) {
	b.t.Helper()
	if s.phone {
		b.do("phone width", chromedp.EmulateViewport(s.width, s.height, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	} else {
		b.do("laptop width", chromedp.EmulateViewport(s.width, s.height))
	}
}

// fit is what a page measures of its own width: the document's, the
// elements that stick out of the screen (to say which), and each table's
// scrolling box.
type fit struct {
	Width  int64      `json:"width"`
	Out    []string   `json:"out"`
	Tables []tableFit `json:"tables"`
}

type tableFit struct {
	Name   string `json:"name"`
	Scroll int64  `json:"scroll"` // the table's width
	Client int64  `json:"client"` // the width it is shown in
	All    bool   `json:"all"`    // every KPI shown, scrolling on purpose
	Sticky bool   `json:"sticky"` // the first column stays in view
	Cards  bool   `json:"cards"`  // each row a card: nothing to scroll
}

// measureFit reads the document's scroll width and what sticks out of
// the screen: elements wider than it that no scrolling box holds.
const measureFit = `(() => {
  const vw = %d;
  const held = el => { for (let p = el.parentElement; p; p = p.parentElement) { const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return true; } return false; };
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '');
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > vw + 1 && !held(el)) out.push(name(el) + ' ends at ' + Math.round(r.right) + 'px');
  }
  const tables = [...document.querySelectorAll('.table-wrap')].map(w => {
    const td = w.querySelector('tbody td');
    const cs = td ? getComputedStyle(td) : null;
    return {name: w.getAttribute('aria-label') || w.closest('section')?.id || '', scroll: w.scrollWidth, client: w.clientWidth,
      all: w.classList.contains('all'), sticky: !!cs && cs.position === 'sticky' && cs.left === '0px',
      cards: !!cs && cs.display === 'block'};
  });
  return {width: document.documentElement.scrollWidth, out: out.slice(0, 8), tables};
})()`

// keyColumnsSeen reads where the leaderboard's key columns are against
// its card, its scrolling box and the screen, without scrolling any.
const keyColumnsSeen = `(() => {
  const keys = %s;
  const wrap = document.querySelector('.table-wrap[aria-label="creators table"]');
  if (!wrap) return ['no leaderboard'];
  const card = wrap.closest('.card').getBoundingClientRect(), box = wrap.getBoundingClientRect();
  const right = Math.min(card.right, box.right, window.innerWidth) + 0.5, left = Math.max(card.left, box.left) - 0.5;
  const bad = [];
  for (const k of keys) {
    const th = wrap.querySelector('th[data-col="' + k + '"]');
    if (!th) { bad.push(k + ': no column'); continue; }
    const r = th.getBoundingClientRect();
    if (r.width === 0) bad.push(k + ': hidden');
    else if (r.left < left || r.right > right) bad.push(k + ': at ' + Math.round(r.left) + '–' + Math.round(r.right) + 'px, the card shows ' + Math.round(left) + '–' + Math.round(right) + 'px');
  }
  if (wrap.scrollLeft !== 0) bad.push('scrolled by ' + wrap.scrollLeft + 'px');
  return bad;
})()`

// leaderboardKeys are the columns that answer the leaderboard's question,
// who to book again, in the order they are shown.
var leaderboardKeys = []string{"creator", "verdict", "likely_roi", "revenue", "cost", "roas", "orders", "cac"}

// TestEveryPageFitsTheScreen opens every dashboard page of the demo
// workspace at 1366 px and on a 390 px phone: no page is wider than the
// screen; at 1366 every table fits its card (but the leaderboard with
// every KPI, which scrolls under a sticky first column) and the
// leaderboard's key columns are in view; on the phone a table too wide
// for it keeps its first column in view or shows each row as a card.
func TestEveryPageFitsTheScreen(t *testing.T) {
	_, _, srv := demoSite(t)
	b := newBrowser(t)
	start := time.Now()
	base := srv.URL
	css := func(sel string) chromedp.CSS { return chromedp.CSS(sel) }

	check := func(sc screen, name string) {
		t.Helper()
		f, err := chromedp.Run(b.ctx, chromedp.Evaluate[fit](fmt.Sprintf(measureFit, sc.width)))
		if err != nil {
			t.Fatalf("measure %s: %v", name, err)
		}
		b.shot("fit-" + sc.name + "-" + name)
		t.Logf("%s at %s px: document %d px wide (%s)", name, sc.name, f.Width, time.Since(start).Round(time.Millisecond))
		if f.Width > sc.width {
			t.Errorf("%s at %s px: the page is %d px wide; sticking out: %s", name, sc.name, f.Width, strings.Join(f.Out, "; "))
		}
		for _, tb := range f.Tables {
			over := tb.Scroll > tb.Client
			switch {
			case !over || tb.Cards:
			case !sc.phone && !tb.All:
				t.Errorf("%s at %s px: table %q is %d px wide in a %d px card", name, sc.name, tb.Name, tb.Scroll, tb.Client)
			case !tb.Sticky:
				t.Errorf("%s at %s px: table %q scrolls (%d px in %d) without keeping its first column in view", name, sc.name, tb.Name, tb.Scroll, tb.Client)
			}
		}
	}
	open := func(sc screen, path, wait, name string) {
		t.Helper()
		b.do("open "+path, chromedp.Navigate(base+path), chromedp.WaitVisible(css(wait)))
		check(sc, name)
	}

	for _, sc := range screens {
		b.screen(sc)
		open(sc, "/login", "#password", "login")
	}
	b.do("sign in", chromedp.SendKeys(css("#email"), "ana@brand.com"), chromedp.SendKeys(css("#password"), password))
	b.follow("sign in", "form button[type=submit]", "#main")
	b.do("open the leaderboard", chromedp.Navigate(base+"/creators"), chromedp.WaitVisible(css(".table-wrap")))
	creator := b.attr(`.table-wrap[aria-label="creators table"] tbody td a`, "href")
	b.do("open the campaigns", chromedp.Navigate(base+"/campaigns"), chromedp.WaitVisible(css("#main")))
	campaign, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](
		`[...document.querySelectorAll('#main a[href^="/campaigns/"]')].map(a => a.getAttribute('href')).find(h => /^\/campaigns\/\d+$/.test(h)) || ''`))
	if err != nil || campaign == "" {
		t.Fatalf("no campaign page linked from /campaigns (%v)", err)
	}
	// Every page of the menu is measured, a new one too.
	menu, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.nav a')].map(a => a.getAttribute('href'))`))
	if err != nil {
		t.Fatal(err)
	}
	bad := writeFile(t, "orders-bad.csv", "order_id,created_at,revenue,discount_code,referrer,landing_url\n"+
		"w1,2026-03-11 10:00,20.00,ANA10,https://www.instagram.com/stories/someone/with/a/long/path,https://shop.example.com/products/glow-serum?utm_source=instagram\n"+
		"w2,yesterday,30.00,,,\n")
	pages := []struct{ path, wait, name string }{
		{"/", "#main", "overview"},
		{"/creators", ".table-wrap", "creators"},
		{"/creators?kpis=all", ".table-wrap", "creators-all"},
		{creator, "#credits", "creator"},
		{"/platforms", ".platform-cards", "platforms"},
		{"/dashboard/sales-lift", ".method", "sales-lift"},
		{"/dashboard/customers", ".tiles", "customers"},
		{"/dashboard/leaks", "#main", "leaks"},
		{"/dashboard/traffic", "#main", "traffic"},
		{"/campaigns", "#main", "campaigns"},
		{campaign, "#main", "campaign"},
		{"/campaigns/new", "form", "campaign-new"},
		{"/creators/new", "form", "creator-new"},
		{"/campaigns/costs/new", "form", "cost-new"},
		{"/links", "#links", "links"},
		{"/import", "#history", "import"},
		{"/settings", "#api-keys", "settings"},
		{"/dashboard/no-such-page", ".error-card", "not-found"},
	}
	for _, m := range menu {
		if !slices.ContainsFunc(pages, func(p struct{ path, wait, name string }) bool { return p.path == m }) {
			pages = append(pages, struct{ path, wait, name string }{m, "#main", strings.Trim(strings.ReplaceAll(m, "/", "-"), "-")})
		}
	}
	for _, sc := range screens {
		b.screen(sc)
		for _, p := range pages {
			open(sc, p.path, p.wait, p.name)
		}
		b.do("check a bad file", chromedp.Navigate(base+"/import"), chromedp.WaitVisible(css("#i-kind")),
			chromedp.SetValue(css("#i-kind"), "orders"), chromedp.SetUploadFiles(css("#i-file"), []string{bad}))
		b.follow("check a bad file", "form.upload button[type=submit]", "#preview")
		check(sc, "import-preview")
		if sc.phone {
			continue
		}
		b.do("open the leaderboard", chromedp.Navigate(base+"/creators"), chromedp.WaitVisible(css(".table-wrap")))
		keys := "['" + strings.Join(leaderboardKeys, "','") + "']"
		hidden, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](fmt.Sprintf(keyColumnsSeen, keys)))
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range hidden {
			t.Errorf("at 1366 px the leaderboard's key column %s", h)
		}
		// The button shows every KPI in place; scrolled to the last one,
		// the creator's name is still in view.
		b.do("show every KPI", chromedp.Click(css(".kpi-toggle button")), chromedp.WaitVisible(css(`th[data-col="cpm"]`)))
		if p := b.attr(".kpi-toggle button", "aria-pressed"); p != "true" {
			t.Errorf("after a click the button is aria-pressed=%q", p)
		}
		if loc := b.location(); !strings.Contains(loc, "kpis=all") {
			t.Errorf("with every KPI shown the address is %s, which a reload would not keep", loc)
		}
		if href := b.attr(`th[data-col="revenue"] a`, "href"); !strings.Contains(href, "kpis=all") {
			t.Errorf("with every KPI shown, sorting by revenue goes to %s", href)
		}
		drift, err := chromedp.Run(b.ctx, chromedp.Evaluate[float64](`(() => {
  const w = document.querySelector('#table-creators');
  w.scrollLeft = w.scrollWidth;
  return w.querySelector('tbody td').getBoundingClientRect().left - w.getBoundingClientRect().left;
})()`))
		if err != nil {
			t.Fatal(err)
		}
		if drift < 0 || drift > 2 {
			t.Errorf("scrolled to the last KPI, the creator column is %.0f px from the table's left edge", drift)
		}
		check(sc, "creators-all-scrolled")
		b.do("show the key KPIs", chromedp.Click(css(".kpi-toggle button")), chromedp.WaitNotVisible(css(`th[data-col="cpm"]`)))
		if loc := b.location(); strings.Contains(loc, "kpis=all") {
			t.Errorf("with the key KPIs shown again the address is %s", loc)
		}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, e := range b.errors {
		if strings.Contains(e, "404 (Not Found) ("+base+"/dashboard/no-such-page)") {
			continue // the page that is not there says so
		}
		t.Errorf("the browser reported %s", e)
	}
}
