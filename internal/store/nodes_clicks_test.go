package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/liftmetrics/lift/internal/testdb"
)

// TestTwoNodesLoadOneVisitorsClicksOnce: two stores on one database (two
// nodes; on PostgreSQL they share the click_log table, on SQLite the log
// file) log the clicks of four visitors on one link — 30 clicks a day on
// three days two days apart — each click through one node or the other,
// in no particular order, while both nodes' loaders run. Every click is
// stored once, and each visitor has exactly one unique click a day: the
// day's first, whichever node logged it and whenever it was loaded.
func TestTwoNodesLoadOneVisitorsClicksOnce(t *testing.T) {
	dsn := testdb.DSN(t)
	ctx := context.Background()
	nodes := make([]*Store, 2)
	logs := make([]*ClickLog, 2)
	for i := range nodes {
		st, err := Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		nodes[i] = st
	}
	ws, link := clickLogLink(t, nodes[0])
	for i, st := range nodes {
		l, err := st.OpenClickLog(ctx)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { l.Close() })
		logs[i] = l
	}
	const visitors, days, perDay = 4, 3, 30
	day0 := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	var all []NewClick
	for v := range visitors {
		for d := range days {
			// One key per visitor and UTC day, as the redirect makes them.
			key := fmt.Sprintf("v%d-%s", v, day0.AddDate(0, 0, 2*d).Format(time.DateOnly))
			prev := fmt.Sprintf("v%d-%s", v, day0.AddDate(0, 0, 2*d-1).Format(time.DateOnly))
			for i := range perDay {
				at := day0.AddDate(0, 0, 2*d).Add(10*time.Hour + time.Duration(i)*time.Minute)
				all = append(all, NewClick{ws, Click{ClickID: fmt.Sprintf("v%d-d%d-%02d", v, d, i), LinkID: link,
					Time: at, Visitor: key, PrevVisitor: prev}})
			}
		}
	}
	// Each node logs its share in an order of its own: a later click
	// often reaches the log, and a loader, before an earlier one.
	rng := rand.New(rand.NewPCG(10, 6))
	rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	var appending sync.WaitGroup
	const writers = 4 // per node
	for w := range 2 * writers {
		l := logs[w%2]
		appending.Go(func() {
			for i := w * 5; i < len(all); i += 2 * writers * 5 {
				if err := l.Append(ctx, all[i:min(i+5, len(all))]); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	var done atomic.Bool
	var loading sync.WaitGroup
	var loaded [2]int
	for i := range nodes {
		loading.Go(func() {
			for !done.Load() {
				n, err := nodes[i].LoadClicks(ctx, logs[i], 7)
				if err != nil {
					t.Error(err)
					return
				}
				loaded[i] += n
			}
		})
	}
	appending.Wait()
	done.Store(true)
	loading.Wait()
	for i, st := range nodes {
		n, err := st.CatchUp(ctx, logs[i])
		if err != nil {
			t.Fatal(err)
		}
		loaded[i] += n
	}
	t.Logf("%d clicks logged; loaded by node A %d, by node B %d", len(all), loaded[0], loaded[1])

	var stored, distinct int
	if err := nodes[1].wr.QueryRow(`SELECT count(*), count(DISTINCT click_id) FROM clicks`).Scan(&stored, &distinct); err != nil {
		t.Fatal(err)
	}
	if stored != len(all) || distinct != len(all) {
		t.Errorf("%d clicks stored, %d distinct; want each of the %d once", stored, distinct, len(all))
	}
	rows, err := nodes[1].wr.Query(`SELECT visitor, count(*), sum(is_unique), min(CASE WHEN is_unique = 1 THEN click_id END)
		FROM clicks GROUP BY visitor ORDER BY visitor`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	windows := 0
	for rows.Next() {
		var key string
		var n, unique int
		var first *string
		if err := rows.Scan(&key, &n, &unique, &first); err != nil {
			t.Fatal(err)
		}
		windows++
		if n != perDay || unique != 1 || first == nil || (*first)[len(*first)-3:] != "-00" {
			t.Errorf("visitor %s: %d clicks, %d unique (%v); want %d clicks and one unique, the day's first", key, n, unique, deref(first), perDay)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if windows != visitors*days {
		t.Errorf("%d visitor-days stored, want %d", windows, visitors*days)
	}
}

func deref(s *string) string {
	if s == nil {
		return "none"
	}
	return *s
}
