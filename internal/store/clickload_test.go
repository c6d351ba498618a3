package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/liftmetrics/lift/internal/testdb"
)

// insertClicksOneByOne is how clicks were stored before the loader
// decided a whole batch at once, kept as the batch's oracle: each click,
// in order, asks the database whether its visitor was seen (SeenVisitor),
// is inserted, and clears the unique flag of the visitor's later stored
// clicks within 24 hours.
func (t *Tx) insertClicksOneByOne(ctx context.Context, clicks []NewClick) error {
	for _, c := range clicks {
		c.Unique = !c.Bot
		if c.Unique && c.Visitor != "" {
			seen, err := t.SeenVisitor(ctx, c.WorkspaceID, c.LinkID, c.ClickID, c.Time, visitorKeys(c.Click)...)
			if err != nil {
				return err
			}
			c.Unique = !seen
		}
		res, err := t.exec(ctx, `INSERT INTO clicks (workspace_id, click_id, link_id, time, visitor, referrer, device, bot, is_unique)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
			c.WorkspaceID, c.ClickID, c.LinkID, ms(c.Time), c.Visitor, c.Referrer, c.Device, c.Bot, c.Unique)
		if err != nil {
			return err
		}
		if c.Bot || c.Visitor == "" {
			continue
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			continue // already stored: it decided its followers' uniqueness then
		}
		if _, err := t.exec(ctx, `UPDATE clicks SET is_unique = 0 WHERE workspace_id = ? AND link_id = ? AND visitor = ?
			AND time > ? AND time < ? AND is_unique = 1`,
			c.WorkspaceID, c.LinkID, c.Visitor, ms(c.Time), ms(c.Time.Add(24*time.Hour))); err != nil {
			return err
		}
	}
	return nil
}

// uniquenessLinks makes two workspaces, three links in the first and one
// in the second, in a fresh store; every such store numbers them alike.
func uniquenessLinks(t *testing.T, st *Store) (ws [2]int64, links [][2]int64) {
	t.Helper()
	ctx := context.Background()
	for i, name := range []string{"", "other"} {
		w, err := st.Workspace(ctx, name, true)
		if err != nil {
			t.Fatal(err)
		}
		ws[i] = w.ID
		tx, _ := st.Begin(ctx)
		_, cr, _ := tx.PutCreator(ctx, w.ID, Creator{Handle: "ana", Platform: "tiktok"})
		_, ca, _ := tx.PutCampaign(ctx, w.ID, Campaign{Name: "Spring", Starts: time.Now(), Ends: time.Now()})
		for j := range 3 - 2*i {
			_, link, err := tx.PutLink(ctx, w.ID, Link{Slug: fmt.Sprintf("l%d%d", i, j), Destination: "https://a.example/", CreatorID: cr, CampaignID: ca})
			if err != nil {
				t.Fatal(err)
			}
			links = append(links, [2]int64{w.ID, link})
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	return ws, links
}

// adversarialClicks makes n clicks of a few visitors on a few links over
// four days, built to meet every edge of the uniqueness rule: clicks
// exactly 24 hours apart and a millisecond either side, several in one
// millisecond, clicks around midnight (when the visitor's key changes),
// clicks with yesterday's key and without, keys that never change (as
// imported clicks have), clicks without a visitor at all,
// bots, and click ids given twice (a retry, with other content).
func adversarialClicks(rng *rand.Rand, n int, links [][2]int64) []NewClick {
	day0 := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	offsets := []time.Duration{0, 0, time.Millisecond, -time.Millisecond, time.Hour,
		24 * time.Hour, 24 * time.Hour, -24 * time.Hour, -24 * time.Hour, -24 * time.Hour,
		24*time.Hour - time.Millisecond, 24*time.Hour + time.Millisecond,
		-24*time.Hour + time.Millisecond, -24*time.Hour - time.Millisecond}
	out := make([]NewClick, 0, n)
	people := make([]int, 0, n)
	for i := range n {
		var at time.Time
		l, person := links[rng.IntN(len(links))], rng.IntN(25)
		switch r := rng.IntN(10); {
		case r < 5 && len(out) > 0: // the same visitor and link near an earlier click
			j := rng.IntN(len(out))
			at = out[j].Time.Add(offsets[rng.IntN(len(offsets))])
			l, person = [2]int64{out[j].WorkspaceID, out[j].LinkID}, people[j]
		case r < 6: // around a midnight
			at = day0.AddDate(0, 0, 1+rng.IntN(3)).Add(time.Duration(rng.IntN(20*60_000)-10*60_000) * time.Millisecond)
		default:
			at = day0.Add(time.Duration(rng.Int64N(4*24*3600_000)) * time.Millisecond)
		}
		d := int(at.Sub(day0).Hours()) / 24
		c := NewClick{l[0], Click{ClickID: fmt.Sprintf("c%04d", i), LinkID: l[1], Time: at,
			Visitor: fmt.Sprintf("p%d-d%d", person, d), Device: "mobile"}}
		switch r := rng.IntN(5); {
		case r == 0: // a key of one day only
		case r == 1 || person%4 == 0: // a key that does not change by day, as imported clicks have
			c.Visitor = fmt.Sprintf("p%d", person)
		default:
			c.PrevVisitor = fmt.Sprintf("p%d-d%d", person, d-1)
		}
		switch r := rng.IntN(100); {
		case r < 12:
			c.Bot = true
		case r < 17:
			c.Visitor, c.PrevVisitor = "", ""
		case r < 21 && i > 0:
			c.ClickID = out[rng.IntN(len(out))].ClickID
		}
		out, people = append(out, c), append(people, person)
	}
	return out
}

// TestBatchUniquenessMatchesOneByOne loads the same adversarial clicks,
// in the same batches, into two fresh databases: through the click log
// and the loader (which decides each batch's uniqueness at once), and
// click by click as the loader did before (insertClicksOneByOne). The
// batches come roughly in time order but not quite, so that many clicks
// are loaded after later clicks of their visitor; one batch is larger
// than a statement's rows. Every stored click must have the same unique
// flag both ways.
func TestBatchUniquenessMatchesOneByOne(t *testing.T) {
	ctx := context.Background()
	batched, oracle := testStore(t), testStore(t)
	_, links := uniquenessLinks(t, batched)
	if _, again := uniquenessLinks(t, oracle); !slices.Equal(again, links) {
		t.Fatalf("the two stores numbered their links %v and %v", links, again)
	}
	l, err := batched.OpenClickLog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	late := 0 // clicks loaded after a later click of their visitor key
	for seed := range uint64(3) {
		rng := rand.New(rand.NewPCG(seed, 11))
		clicks := adversarialClicks(rng, 1200, links)
		for i := range clicks {
			clicks[i].ClickID = fmt.Sprintf("s%d-%s", seed, clicks[i].ClickID)
		}
		// Roughly in time order: each click's place moves by up to two days.
		noise := map[string]time.Duration{}
		for _, c := range clicks {
			noise[c.ClickID+c.Time.String()] = time.Duration(rng.Int64N(int64(48 * time.Hour)))
		}
		slices.SortStableFunc(clicks, func(a, b NewClick) int {
			return a.Time.Add(noise[a.ClickID+a.Time.String()]).Compare(b.Time.Add(noise[b.ClickID+b.Time.String()]))
		})
		loaded := map[visitorLink]time.Time{}
		for len(clicks) > 0 {
			n := min(len(clicks), 1+rng.IntN(60))
			if seed == 1 && len(clicks) > 1100 {
				n = 1100
			}
			batch := clicks[:n]
			clicks = clicks[n:]
			for _, c := range batch {
				k := visitorLink{c.WorkspaceID, c.LinkID, c.Visitor}
				if c.Time.Before(loaded[k]) {
					late++
				}
			}
			for _, c := range batch {
				k := visitorLink{c.WorkspaceID, c.LinkID, c.Visitor}
				if c.Time.After(loaded[k]) {
					loaded[k] = c.Time
				}
			}
			if err := l.Append(ctx, batch); err != nil {
				t.Fatal(err)
			}
			if got, err := batched.LoadClicks(ctx, l, n); err != nil || got != n {
				t.Fatalf("loaded %d of %d clicks: %v", got, n, err)
			}
			tx, err := oracle.Begin(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if err := tx.insertClicksOneByOne(ctx, byTime(slices.Clone(batch))); err != nil {
				t.Fatal(err)
			}
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
		}
	}
	if late < 100 {
		t.Fatalf("only %d clicks loaded after a later click of their visitor; the test needs more", late)
	}
	want, got := storedClicks(t, oracle), storedClicks(t, batched)
	if len(got) != len(want) {
		t.Fatalf("%d clicks stored batch by batch, %d one by one", len(got), len(want))
	}
	unique, diff := 0, 0
	for i := range want {
		if got[i] != want[i] {
			if diff++; diff <= 10 {
				t.Errorf("batch by batch %s\n            one by one %s", got[i], want[i])
			}
		}
		if strings.HasSuffix(want[i], " unique=1") {
			unique++
		}
	}
	if diff > 0 {
		t.Fatalf("%d of %d clicks differ", diff, len(want))
	}
	if unique < len(want)/10 || unique > len(want)*9/10 {
		t.Fatalf("%d of %d clicks unique: the clicks do not test both outcomes", unique, len(want))
	}
	t.Logf("%d clicks stored (%d loaded after a later click of their visitor), %d unique, the same both ways", len(want), late, unique)
}

// storedClicks lists every stored click, one line each, by workspace and
// click id.
func storedClicks(t *testing.T, st *Store) []string {
	t.Helper()
	rows, err := st.wr.Query(`SELECT workspace_id, click_id, link_id, time, visitor, bot, is_unique FROM clicks ORDER BY workspace_id, click_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var ws, link, at, bot, unique int64
		var id, visitor string
		if err := rows.Scan(&ws, &id, &link, &at, &visitor, &bot, &unique); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%d/%s link %d at %s visitor %q bot=%d unique=%d", ws, id, link, fromMS(at).Format(time.RFC3339Nano), visitor, bot, unique))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// BenchmarkLoadClicks loads batches of 2,048 clicks (1,000 visitors on
// ten links, a tenth bots) on top of 100,000 stored ones, deciding
// uniqueness for the whole batch at once and, for comparison, click by
// click as before:
//
//	go test ./internal/store -run - -bench LoadClicks
//	LIFT_TEST_POSTGRES=postgres://… go test ./internal/store -run - -bench LoadClicks
func BenchmarkLoadClicks(b *testing.B) {
	for _, way := range []string{"batch", "one-by-one"} {
		b.Run(way, func(b *testing.B) {
			ctx := context.Background()
			st, err := Open(ctx, testdb.DSN(b))
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			w, _ := st.Workspace(ctx, "", false)
			tx, _ := st.Begin(ctx)
			_, cr, _ := tx.PutCreator(ctx, w.ID, Creator{Handle: "ana", Platform: "tiktok"})
			_, ca, _ := tx.PutCampaign(ctx, w.ID, Campaign{Name: "Spring", Starts: time.Now(), Ends: time.Now()})
			var links []int64
			for i := range 10 {
				_, l, err := tx.PutLink(ctx, w.ID, Link{Slug: fmt.Sprint("l", i), Destination: "https://a.example/", CreatorID: cr, CampaignID: ca})
				if err != nil {
					b.Fatal(err)
				}
				links = append(links, l)
			}
			if err := tx.Commit(); err != nil {
				b.Fatal(err)
			}
			at := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
			n := 0
			batch := func() []NewClick {
				out := make([]NewClick, loadBatch)
				for i := range out {
					n++
					at = at.Add(100 * time.Millisecond)
					out[i] = NewClick{w.ID, Click{ClickID: fmt.Sprint("c", n), LinkID: links[n%len(links)], Time: at,
						Visitor: fmt.Sprintf("v%d-%s", n*7919%1000, at.Format(time.DateOnly)), Bot: n%10 == 0}}
				}
				return out
			}
			for range 100_000 / loadBatch {
				if err := st.InsertClicks(ctx, batch()); err != nil {
					b.Fatal(err)
				}
			}
			b.ResetTimer()
			for b.Loop() {
				clicks := batch()
				tx, err := st.Begin(ctx)
				if err != nil {
					b.Fatal(err)
				}
				if way == "batch" {
					err = tx.insertClicks(ctx, clicks)
				} else {
					err = tx.insertClicksOneByOne(ctx, clicks)
				}
				if err != nil {
					b.Fatal(err)
				}
				if err := tx.Commit(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*loadBatch)/1000, "µs/click")
		})
	}
}
