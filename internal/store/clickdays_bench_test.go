package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/liftmetrics/lift/internal/testdb"
)

// benchClicks fills a fresh store with n clicks spread over links links
// and days days of one workspace in Europe/Berlin (a tenth of them
// bots; three devices, five referrers), written in bulk, and sums them
// into the click summaries as the migrations do.
func benchClicks(b *testing.B, n, links, days int) (*Store, int64, []int64) {
	b.Helper()
	ctx := context.Background()
	st, err := Open(ctx, testdb.DSN(b))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	w, err := st.Workspace(ctx, "", false)
	if err != nil {
		b.Fatal(err)
	}
	if err := st.SetWorkspace(ctx, w, "", "Europe/Berlin"); err != nil {
		b.Fatal(err)
	}
	tx, err := st.Begin(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	_, cr, _ := tx.PutCreator(ctx, w.ID, Creator{Handle: "ana", Platform: "tiktok"})
	_, ca, _ := tx.PutCampaign(ctx, w.ID, Campaign{Name: "Spring", Starts: start, Ends: start.AddDate(0, 0, days)})
	ids := make([]int64, links)
	for i := range ids {
		if _, ids[i], err = tx.PutLink(ctx, w.ID, Link{Slug: fmt.Sprint("l", i), Destination: "https://a.example/",
			CreatorID: cr, CampaignID: ca}); err != nil {
			b.Fatal(err)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	const rows = 500
	for done := 0; done < n; done += rows {
		m := min(rows, n-done)
		args := make([]any, 0, 9*m)
		for i := range m {
			at := start.Add(time.Duration(r.Int64N(int64(days) * int64(24*time.Hour))))
			bot := r.IntN(10) == 0
			args = append(args, w.ID, fmt.Sprint("c", done+i), ids[r.IntN(links)], ms(at), fmt.Sprint("v", r.IntN(n/3+1)),
				[]string{"mobile", "desktop", "tablet"}[r.IntN(3)],
				[]string{"", "tiktok.com", "instagram.com", "t.co", "youtube.com"}[r.IntN(5)], bot, !bot && r.IntN(2) == 0)
		}
		if _, err := tx.exec(ctx, `INSERT INTO clicks (workspace_id, click_id, link_id, time, visitor, device, referrer, bot, is_unique) VALUES `+
			strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?, ?, ?), ", m), ", "), args...); err != nil {
			b.Fatal(err)
		}
	}
	loc, _ := time.LoadLocation("Europe/Berlin")
	if err := rebuildClickSums(ctx, tx.tx, w.ID, loc); err != nil {
		b.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	if st.eng == postgresEngine {
		if _, err := st.wr.Exec(`ANALYZE`); err != nil {
			b.Fatal(err)
		}
	}
	return st, w.ID, ids
}

// rawClickCountsSQL is how ClickCounts counted before click_days: every
// click in the period, grouped per link in the database.
func rawClickCountsSQL(ctx context.Context, st *Store, ws int64, from, to time.Time) (int, error) {
	n := 0
	err := st.query(ctx, func(r *sql.Rows) error {
		var link, b, clicks, unique int64
		n++
		return r.Scan(&link, &b, &clicks, &unique)
	}, `SELECT link_id, time / ? AS b, count(*), sum(is_unique) FROM clicks
		WHERE workspace_id = ? AND bot = 0 AND time >= ? AND time < ?
		GROUP BY link_id, b ORDER BY link_id, b`, int64(1)<<62, ws, ms(from), ms(to))
	return n, err
}

// BenchmarkClickCounts reads the clicks per link of a whole month, and
// per link and day, as a report does, from a workspace of 200 links
// holding 30,000 clicks and one holding 300,000, in the same 31 days:
// from click_days (summary) and, for comparison, by counting the clicks
// themselves as before (raw); and the traffic page's breakdowns by
// device, referrer and hour, from click_facets and from the clicks. The
// summaries' cost follows their rows (links × days × values), not the
// clicks.
func BenchmarkClickCounts(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int{30_000, 300_000} {
		st, ws, _ := benchClicks(b, n, 200, 31)
		loc, _ := time.LoadLocation("Europe/Berlin")
		from, to := time.Date(2026, 3, 1, 0, 0, 0, 0, loc), time.Date(2026, 4, 1, 0, 0, 0, 0, loc)
		want, err := rawClickCountsSQL(ctx, st, ws, from, to)
		if err != nil {
			b.Fatal(err)
		}
		for _, perDay := range []bool{false, true} {
			name := "total"
			if perDay {
				name = "per-day"
			}
			b.Run(fmt.Sprintf("summary/%s/clicks=%d", name, n), func(b *testing.B) {
				for b.Loop() {
					got, err := st.ClickCounts(ctx, ws, from, to, perDay)
					if err != nil {
						b.Fatal(err)
					}
					if !perDay && len(got) != want {
						b.Fatalf("%d links counted, the clicks have %d", len(got), want)
					}
				}
			})
		}
		b.Run(fmt.Sprintf("raw/total/clicks=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := rawClickCountsSQL(ctx, st, ws, from, to); err != nil {
					b.Fatal(err)
				}
			}
		})
		// The traffic page's three breakdowns of the month.
		sc := ClickScope{From: from, To: to, Loc: loc}
		for _, read := range []struct {
			name string
			fn   func(context.Context, int64, ClickScope, ...ClickDim) ([]ClickGroup, error)
		}{{"summary", st.ClickBreakdown}, {"raw", st.rawClickBreakdown}} {
			b.Run(fmt.Sprintf("%s/traffic/clicks=%d", read.name, n), func(b *testing.B) {
				for b.Loop() {
					for _, d := range []ClickDim{ByDevice, ByReferrer, ByHour} {
						if _, err := read.fn(ctx, ws, sc, ByCreator, ByCampaign, d); err != nil {
							b.Fatal(err)
						}
					}
				}
			})
		}
	}
}

// BenchmarkClickSummariesLoad times the loader moving one batch of 2,048 logged
// clicks into the database (load: uniqueness, the rows, their indexes
// and the click summaries, in one transaction), and the summaries' part
// of it alone (summaries: summing the same kind of batch and writing it
// into click_days and click_facets). Each batch falls in one hour of
// one workspace with 200 links, as a live loader's batches do.
func BenchmarkClickSummariesLoad(b *testing.B) {
	ctx := context.Background()
	st, ws, ids := benchClicks(b, 0, 200, 31)
	l, err := st.OpenClickLog(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	r := rand.New(rand.NewPCG(3, 4))
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	n := 0
	batch := func() []NewClick {
		hour := start.Add(time.Duration(n/loadBatch) * time.Hour)
		out := make([]NewClick, loadBatch)
		for i := range out {
			n++
			out[i] = NewClick{ws, Click{ClickID: fmt.Sprint("b", n), LinkID: ids[r.IntN(len(ids))],
				Time: hour.Add(time.Duration(r.Int64N(int64(time.Hour)))), Visitor: fmt.Sprint("v", r.IntN(5000)),
				Device: []string{"mobile", "desktop", "tablet"}[r.IntN(3)], Referrer: []string{"", "tiktok.com", "t.co"}[r.IntN(3)],
				Bot: r.IntN(10) == 0}}
		}
		return byTime(out)
	}
	b.Run("load", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			if err := l.Append(ctx, batch()); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			if got, err := st.LoadClicks(ctx, l, loadBatch); err != nil || got != loadBatch {
				b.Fatalf("loaded %d: %v", got, err)
			}
		}
	})
	b.Run("summaries", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			clicks := batch()
			b.StartTimer()
			tx, err := st.Begin(ctx)
			if err != nil {
				b.Fatal(err)
			}
			sums := newClickSums()
			for _, c := range clicks {
				if err := tx.countClick(ctx, sums, ws, clickRow{c.LinkID, c.Time, c.Bot, !c.Bot, c.Device, c.Referrer}, 1); err != nil {
					b.Fatal(err)
				}
			}
			if err := tx.addClickSummaries(ctx, sums); err != nil {
				b.Fatal(err)
			}
			tx.Rollback()
		}
	})
}
