package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// clickWorld is a random workspace built for TestClickSummariesMatchClicks.
type clickWorld struct {
	t      *testing.T
	st     *Store
	r      *rand.Rand
	ws     []Workspace
	links  map[int64][]int64 // by workspace
	dead   map[int64][]int64 // removed links' ids, by workspace
	ids    map[int64][]string
	next   int
	log    *ClickLog
	zones  []string
	starts time.Time
}

// zonesToTry have offsets of whole hours, half and three quarters of an
// hour, and changes of offset (summer time) inside the clicks' weeks.
var zonesToTry = []string{"UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu",
	"Australia/Lord_Howe", "Pacific/Chatham", "America/Santiago"}

func newClickWorld(t *testing.T, seed uint64) *clickWorld {
	ctx := context.Background()
	w := &clickWorld{t: t, st: testStore(t), r: rand.New(rand.NewPCG(seed, 7)), links: map[int64][]int64{},
		dead: map[int64][]int64{}, ids: map[int64][]string{}, zones: zonesToTry,
		starts: time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)}
	for i := range 2 {
		ws, err := w.st.Workspace(ctx, fmt.Sprint("brand", i), true)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.st.SetWorkspace(ctx, ws, "", w.zone()); err != nil {
			t.Fatal(err)
		}
		tx, err := w.st.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		_, ca, _ := tx.PutCampaign(ctx, ws.ID, Campaign{Name: "Spring", Starts: w.starts, Ends: w.starts.AddDate(0, 1, 0)})
		for c := range 1 + w.r.IntN(3) {
			_, cr, err := tx.PutCreator(ctx, ws.ID, Creator{Handle: fmt.Sprint("cr", c), Platform: "tiktok"})
			if err != nil {
				t.Fatal(err)
			}
			for l := range 1 + w.r.IntN(3) {
				_, id, err := tx.PutLink(ctx, ws.ID, Link{Slug: fmt.Sprintf("w%dc%dl%d", i, c, l),
					Destination: "https://a.example/", CreatorID: cr, CampaignID: ca})
				if err != nil {
					t.Fatal(err)
				}
				w.links[ws.ID] = append(w.links[ws.ID], id)
			}
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		w.ws = append(w.ws, ws)
	}
	l, err := w.st.OpenClickLog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	w.log = l
	return w
}

func (w *clickWorld) zone() string { return w.zones[w.r.IntN(len(w.zones))] }

// at is a random time in the clicks' four weeks; one in eight falls on a
// local midnight of one of the zones, where days part.
func (w *clickWorld) at() time.Time {
	day := w.starts.AddDate(0, 0, w.r.IntN(28))
	if w.r.IntN(8) == 0 {
		loc, _ := time.LoadLocation(w.zone())
		y, m, d := day.Date()
		return time.Date(y, m, d, 0, 0, 0, 0, loc).Add(time.Duration(w.r.IntN(3)-1) * time.Millisecond)
	}
	return day.Add(time.Duration(w.r.Int64N(int64(24 * time.Hour))))
}

// click makes a random click of a workspace: a new one, or now and then
// one whose id was stored before (a duplicate load), on a link that may
// have been removed since it was logged.
func (w *clickWorld) click(ws int64) NewClick {
	var id string
	if n := len(w.ids[ws]); n > 0 && w.r.IntN(6) == 0 {
		id = w.ids[ws][w.r.IntN(n)]
	} else {
		w.next++
		id = fmt.Sprint("k", w.next)
		w.ids[ws] = append(w.ids[ws], id)
	}
	links := w.links[ws]
	link := links[w.r.IntN(len(links))]
	if d := w.dead[ws]; len(d) > 0 && w.r.IntN(10) == 0 {
		link = d[w.r.IntN(len(d))]
	}
	c := Click{ClickID: id, LinkID: link, Time: w.at(), Bot: w.r.IntN(6) == 0,
		Device: []string{"mobile", "desktop", ""}[w.r.IntN(3)], Referrer: []string{"", "t.co"}[w.r.IntN(2)]}
	if w.r.IntN(5) > 0 {
		c.Visitor = fmt.Sprint("v", w.r.IntN(4))
		if w.r.IntN(3) == 0 {
			c.PrevVisitor = fmt.Sprint("v", w.r.IntN(4))
		}
	}
	return NewClick{ws, c}
}

// step does one random thing that writes clicks or what they are summed
// by, and names it.
func (w *clickWorld) step() string {
	ctx := context.Background()
	ws := w.ws[w.r.IntN(len(w.ws))]
	batch := func() []NewClick {
		var out []NewClick
		for range 1 + w.r.IntN(40) {
			out = append(out, w.click(w.ws[w.r.IntN(len(w.ws))].ID))
		}
		return out
	}
	switch k := w.r.IntN(10); {
	case k < 4:
		// Logged clicks, loaded a few at a time, in any time order (two
		// nodes log side by side): late loads.
		clicks := batch()
		if err := w.log.Append(ctx, clicks); err != nil {
			w.t.Fatal(err)
		}
		for {
			n, err := w.st.LoadClicks(ctx, w.log, 1+w.r.IntN(16))
			if err != nil {
				w.t.Fatal(err)
			}
			if n == 0 {
				break
			}
		}
		return fmt.Sprintf("load %d logged clicks", len(clicks))
	case k < 6:
		clicks := batch()
		var kept []NewClick
		for _, c := range clicks {
			if !slices.Contains(w.dead[c.WorkspaceID], c.LinkID) {
				kept = append(kept, c)
			}
		}
		if err := w.st.InsertClicks(ctx, kept); err != nil {
			w.t.Fatal(err)
		}
		return fmt.Sprintf("insert %d clicks", len(kept))
	case k < 8:
		// An import of clicks: new ones and stored ones changed (another
		// link, time, bot flag or uniqueness).
		tx, err := w.st.Begin(ctx)
		if err != nil {
			w.t.Fatal(err)
		}
		defer tx.Rollback()
		n := 1 + w.r.IntN(10)
		for range n {
			c := w.click(ws.ID).Click
			if slices.Contains(w.dead[ws.ID], c.LinkID) {
				continue
			}
			c.Unique = !c.Bot && w.r.IntN(2) == 0
			if _, _, err := tx.PutClick(ctx, ws.ID, c); err != nil {
				w.t.Fatal(err)
			}
		}
		if w.r.IntN(4) == 0 {
			return "import rolled back"
		}
		if err := tx.Commit(); err != nil {
			w.t.Fatal(err)
		}
		return fmt.Sprintf("import %d clicks", n)
	case k < 9:
		zone := w.zone()
		if err := w.st.SetWorkspace(ctx, ws, "", zone); err != nil {
			w.t.Fatal(err)
		}
		return "zone " + zone
	default:
		// A new link, or one removed (only a link without clicks can be).
		tx, err := w.st.Begin(ctx)
		if err != nil {
			w.t.Fatal(err)
		}
		defer tx.Rollback()
		links := w.links[ws.ID]
		id := links[w.r.IntN(len(links))]
		n, err := tx.LinkClicks(ctx, ws.ID, id)
		if err != nil {
			w.t.Fatal(err)
		}
		var bots int64
		if err := tx.queryRow(ctx, `SELECT count(*) FROM clicks WHERE link_id = ?`, id).Scan(&bots); err != nil {
			w.t.Fatal(err)
		}
		what := ""
		if n == 0 && bots == 0 && len(links) > 1 {
			var slug string
			if err := tx.queryRow(ctx, `SELECT slug FROM links WHERE id = ?`, id).Scan(&slug); err != nil {
				w.t.Fatal(err)
			}
			if _, err := tx.DeleteLink(ctx, ws.ID, slug); err != nil {
				w.t.Fatal(err)
			}
			w.links[ws.ID] = slices.DeleteFunc(links, func(l int64) bool { return l == id })
			w.dead[ws.ID] = append(w.dead[ws.ID], id)
			what = "remove link " + slug
		} else {
			w.next++
			var cr, ca int64
			tx.queryRow(ctx, `SELECT creator_id, campaign_id FROM links WHERE id = ?`, id).Scan(&cr, &ca)
			_, nid, err := tx.PutLink(ctx, ws.ID, Link{Slug: fmt.Sprint("new", w.next), Destination: "https://b.example/",
				CreatorID: cr, CampaignID: ca})
			if err != nil {
				w.t.Fatal(err)
			}
			w.links[ws.ID] = append(w.links[ws.ID], nid)
			what = "add link"
		}
		if err := tx.Commit(); err != nil {
			w.t.Fatal(err)
		}
		return what
	}
}

// rawClick is a stored click as the raw rows hold it.
type rawClick struct {
	ws, link         int64
	at               time.Time
	bot, unique      bool
	device, referrer string
}

func (w *clickWorld) rawClicks() []rawClick {
	var out []rawClick
	err := w.st.query(context.Background(), func(r *sql.Rows) error {
		var c rawClick
		var at int64
		if err := r.Scan(&c.ws, &c.link, &at, &c.bot, &c.unique, &c.device, &c.referrer); err != nil {
			return err
		}
		c.at = fromMS(at)
		out = append(out, c)
		return nil
	}, `SELECT workspace_id, link_id, time, bot, is_unique, device, referrer FROM clicks`)
	if err != nil {
		w.t.Fatal(err)
	}
	return out
}

func (w *clickWorld) loc(ws int64) *time.Location {
	var name string
	if err := w.st.rd.QueryRow(`SELECT timezone FROM workspaces WHERE id = ?`, ws).Scan(&name); err != nil {
		w.t.Fatal(err)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		w.t.Fatal(err)
	}
	return loc
}

// check compares click_days, row by row, and ClickCounts over periods
// of whole days and of part-days, per day and per link, with the same
// counts taken from the raw clicks.
func (w *clickWorld) check(after string) {
	w.t.Helper()
	ctx := context.Background()
	raw := w.rawClicks()
	want := map[clickDay]clickTally{}
	locs := map[int64]*time.Location{}
	for _, ws := range w.ws {
		locs[ws.ID] = w.loc(ws.ID)
	}
	for _, c := range raw {
		k := clickDay{c.ws, dayNumber(c.at, locs[c.ws]), c.link}
		v := want[k]
		if c.bot {
			v.bots++
		} else {
			v.clicks++
			if c.unique {
				v.unique++
			}
		}
		want[k] = v
	}
	got := map[clickDay]clickTally{}
	err := w.st.query(ctx, func(r *sql.Rows) error {
		var k clickDay
		var v clickTally
		if err := r.Scan(&k.ws, &k.day, &k.link, &v.clicks, &v.unique, &v.bots); err != nil {
			return err
		}
		got[k] = v
		return nil
	}, `SELECT workspace_id, day, link_id, clicks, unique_clicks, bots FROM click_days`)
	if err != nil {
		w.t.Fatal(err)
	}
	for k, v := range want {
		if got[k] != v {
			w.t.Fatalf("after %s: click_days %+v holds %+v, the clicks %+v", after, k, got[k], v)
		}
	}
	for k, v := range got {
		if _, ok := want[k]; !ok {
			w.t.Fatalf("after %s: click_days %+v holds %+v, and there are no such clicks", after, k, v)
		}
	}
	wantFacets := map[clickFacet]facetTally{}
	for _, c := range raw {
		loc := locs[c.ws]
		day := dayNumber(c.at, loc)
		for f, v := range map[string]string{"device": c.device, "referrer": c.referrer, "hour": fmt.Sprint(c.at.In(loc).Hour())} {
			k := clickFacet{c.ws, f, day, c.link, v}
			t := wantFacets[k]
			if c.bot {
				t.bots++
			} else {
				t.clicks++
			}
			wantFacets[k] = t
		}
	}
	gotFacets := map[clickFacet]facetTally{}
	err = w.st.query(ctx, func(r *sql.Rows) error {
		var k clickFacet
		var v facetTally
		if err := r.Scan(&k.ws, &k.facet, &k.day, &k.link, &k.value, &v.clicks, &v.bots); err != nil {
			return err
		}
		gotFacets[k] = v
		return nil
	}, `SELECT workspace_id, facet, day, link_id, value, clicks, bots FROM click_facets`)
	if err != nil {
		w.t.Fatal(err)
	}
	if fmt.Sprint(gotFacets) != fmt.Sprint(wantFacets) {
		w.t.Fatalf("after %s: click_facets holds\n%v\nthe clicks give\n%v", after, gotFacets, wantFacets)
	}
	for _, ws := range w.ws {
		loc := locs[ws.ID]
		periods := [][2]time.Time{{time.Unix(0, 0), time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)}}
		for range 4 {
			a, b := w.at(), w.at()
			if b.Before(a) {
				a, b = b, a
			}
			// Whole days in the zone, as the dashboard's pickers give.
			da, db := dayNumber(a, loc), dayNumber(b, loc)+1
			periods = append(periods, [2]time.Time{dayStart(da, loc), dayStart(db, loc)}, [2]time.Time{a, b},
				[2]time.Time{dayStart(da, loc), b}, [2]time.Time{a, a.Add(time.Hour)})
		}
		// Every breakdown the traffic page asks for, and others, over
		// the same periods, open ends too, in the workspace's zone.
		periods = append(periods, [2]time.Time{{}, periods[1][1]}, [2]time.Time{periods[2][0], {}}, [2]time.Time{})
		dimSets := [][]ClickDim{{ByCreator, ByCampaign, ByDevice}, {ByCreator, ByCampaign, ByReferrer},
			{ByCreator, ByCampaign, ByHour}, {ByCreator}, {ByCampaign, ByHour}, {ByReferrer}, {ByDevice, ByHour}}
		for i, p := range periods {
			sc := ClickScope{From: p[0], To: p[1], Loc: loc}
			if i%3 == 1 {
				var cr int64
				w.st.rd.QueryRow(`SELECT creator_id FROM links WHERE workspace_id = ? ORDER BY id LIMIT 1`, ws.ID).Scan(&cr)
				sc.CreatorID = cr
			}
			for _, dims := range dimSets {
				got, err := w.st.ClickBreakdown(ctx, ws.ID, sc, dims...)
				if err != nil {
					w.t.Fatal(err)
				}
				want, err := w.st.rawClickBreakdown(ctx, ws.ID, sc, dims...)
				if err != nil {
					w.t.Fatal(err)
				}
				if fmt.Sprint(got) != fmt.Sprint(want) {
					w.t.Fatalf("after %s: ClickBreakdown(%s, %+v, %v)\n got %v\nwant %v", after, ws.Name, sc, dims, got, want)
				}
			}
		}
		for _, p := range periods[:len(periods)-3] {
			for _, perDay := range []bool{false, true} {
				got, err := w.st.ClickCounts(ctx, ws.ID, p[0], p[1], perDay)
				if err != nil {
					w.t.Fatal(err)
				}
				want := rawClickCounts(raw, ws.ID, loc, p[0], p[1], perDay)
				if fmt.Sprint(got) != fmt.Sprint(want) {
					w.t.Fatalf("after %s: ClickCounts(%s, %v, %v, per day %v)\n got %v\nwant %v", after, ws.Name,
						p[0], p[1], perDay, got, want)
				}
			}
		}
	}
}

// rawClickCounts is ClickCounts computed from the raw clicks.
func rawClickCounts(raw []rawClick, ws int64, loc *time.Location, from, to time.Time, perDay bool) []ClickCount {
	type key struct{ link, day int64 }
	m := map[key]*ClickCount{}
	for _, c := range raw {
		if c.ws != ws || c.bot || c.at.Before(from) || !c.at.Before(to) {
			continue
		}
		k := key{c.link, 0}
		b := fromMS(0)
		if perDay {
			k.day = dayNumber(c.at, loc)
			b = dayStart(k.day, loc)
		}
		if m[k] == nil {
			m[k] = &ClickCount{LinkID: c.link, Bucket: b}
		}
		m[k].Clicks++
		if c.unique {
			m[k].Unique++
		}
	}
	out := []ClickCount{}
	for _, c := range m {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b ClickCount) int {
		return cmp.Or(cmp.Compare(a.LinkID, b.LinkID), a.Bucket.Compare(b.Bucket))
	})
	return out
}

// TestClickSummariesMatchClicks builds random workspaces (time zones of
// every kind, links added and removed) and writes clicks every way
// there is — logged and loaded in small batches out of time order,
// inserted, duplicated, imported and changed by re-imports, imports
// rolled back, time zones changed — and after every step compares each
// row of click_days, and every click count the reports read, with the
// same count taken from the raw clicks.
func TestClickSummariesMatchClicks(t *testing.T) {
	seeds, steps := 6, 25
	if testing.Short() {
		seeds, steps = 2, 10
	}
	for seed := range seeds {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			w := newClickWorld(t, uint64(seed))
			w.check("setup")
			var done []string
			for range steps {
				what := w.step()
				done = append(done, what)
				w.check(fmt.Sprint(done))
			}
			if len(w.rawClicks()) == 0 {
				t.Fatal("the random workspace stored no click")
			}
		})
	}
}

// TestClickDaysHandComputed: three clicks of one visitor on one link in
// Asia/Kolkata (UTC+5:30), and a bot. a at 18:29 UTC on March 1 is
// 23:59 in Kolkata; b two minutes later is 00:01 on March 2, and not
// unique (a is 2 minutes before it); the bot at 18:32 is on March 2 too;
// c, 25 hours after a, is 00:59 on March 3 and unique again. Per day
// (clicks/unique/bots): March 1 1/1/0, March 2 1/0/1, March 3 1/1/0.
// Moving the workspace to UTC puts a, b and the bot on March 1 (2/1/1)
// and c on March 2 (1/1/0).
func TestClickDaysHandComputed(t *testing.T) {
	st := testStore(t)
	ctx := context.Background()
	ws, link := clickLogLink(t, st)
	w, _ := st.WorkspaceByID(ctx, ws)
	if err := st.SetWorkspace(ctx, w, "", "Asia/Kolkata"); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 1, 18, 29, 0, 0, time.UTC)
	if err := st.InsertClicks(ctx, []NewClick{
		{ws, Click{ClickID: "a", LinkID: link, Time: at, Visitor: "v"}},
		{ws, Click{ClickID: "b", LinkID: link, Time: at.Add(2 * time.Minute), Visitor: "v"}},
		{ws, Click{ClickID: "c", LinkID: link, Time: at.Add(25 * time.Hour), Visitor: "v"}},
		{ws, Click{ClickID: "d", LinkID: link, Time: at.Add(3 * time.Minute), Visitor: "x", Bot: true}},
	}); err != nil {
		t.Fatal(err)
	}
	days := func() string {
		var out []string
		st.query(ctx, func(r *sql.Rows) error {
			var day, clicks, unique, bots int64
			r.Scan(&day, &clicks, &unique, &bots)
			out = append(out, fmt.Sprintf("%s:%d/%d/%d", time.Unix(day*86400, 0).UTC().Format(time.DateOnly), clicks, unique, bots))
			return nil
		}, `SELECT day, clicks, unique_clicks, bots FROM click_days ORDER BY day`)
		return fmt.Sprint(out)
	}
	if got, want := days(), "[2026-03-01:1/1/0 2026-03-02:1/0/1 2026-03-03:1/1/0]"; got != want {
		t.Errorf("in Kolkata: %s, want %s", got, want)
	}
	if err := st.SetWorkspace(ctx, w, "", "UTC"); err != nil {
		t.Fatal(err)
	}
	if got, want := days(), "[2026-03-01:2/1/1 2026-03-02:1/1/0]"; got != want {
		t.Errorf("in UTC: %s, want %s", got, want)
	}
}
