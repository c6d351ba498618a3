package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/liftmetrics/lift/internal/testdb"
)

// copyFixture is at least one row in every table of the schema, with
// gaps in the ids, NULLs, fractions, quotes and non-ASCII text, and a
// click_log position that the copy leaves behind.
var copyFixture = []string{
	`INSERT INTO workspaces (id, name, salt, created_at, count_pending, brb_rate, attribution_model) VALUES
		(7, 'acme', 's1', 1700000000000, 1, 0.125, 'linear'),
		(9, 'Zoë''s "shop"', 's2', 1700000000001, 0, 0.1, 'last-touch')`,
	`INSERT INTO campaigns (id, workspace_id, name, starts, ends, goal_metric, goal_target, budget) VALUES
		(40, 7, 'Spring', 1, 2, 'revenue', 1234.5, NULL), (44, 9, 'Fall', 3, 4, '', 0, 50000)`,
	`INSERT INTO creators (id, workspace_id, handle, platform, followers, commission_rate) VALUES
		(11, 7, 'ana', 'tiktok', 1000, 0.1), (12, 7, 'bo', 'youtube', 5, NULL)`,
	`INSERT INTO posts (id, workspace_id, post_id, creator_id, campaign_id, platform, format, published_at, watch_time_hours, views) VALUES
		(21, 7, 'p1', 11, 40, 'tiktok', 'video', 3, 2.5, 9000000000)`,
	`INSERT INTO costs (id, workspace_id, creator_id, campaign_id, kind, amount, date, content_key, dated, note) VALUES
		(31, 7, 11, 40, 'fee', 10000, 4, 'k1', 0, 'line one
line two')`,
	`INSERT INTO codes (id, workspace_id, code, creator_id, campaign_id) VALUES (51, 7, 'ANA10', 11, 40)`,
	`INSERT INTO links (id, workspace_id, slug, destination, creator_id, campaign_id, post_id, replaced_at, version) VALUES
		(61, 7, 'ana', 'https://a.example/?q=1&x=é', 11, 40, 21, NULL, 3),
		(62, 7, 'ana~62', 'https://b.example/', 12, 40, NULL, 5, 2)`,
	`INSERT INTO clicks (id, workspace_id, click_id, link_id, time, visitor, referrer, device, bot, is_unique) VALUES
		(71, 7, 'c1', 61, 5, 'v', 'r.example', 'mobile', 0, 1), (72, 7, 'c2', 62, 6, '', '', '', 1, 0)`,
	`INSERT INTO click_days (workspace_id, day, link_id, clicks, unique_clicks, bots) VALUES (7, 0, 61, 1, 1, 0), (7, 0, 62, 0, 0, 1)`,
	`INSERT INTO click_facets (workspace_id, facet, day, link_id, value, clicks, bots) VALUES
		(7, 'device', 0, 61, 'mobile', 1, 0), (7, 'referrer', 0, 61, 'r.example', 1, 0), (7, 'hour', 0, 61, '0', 1, 0)`,
	`INSERT INTO orders (id, workspace_id, source, external_id, time, revenue, refunded, codes, click_id, customer,
		new_customer, units, referrer, payment, status, promotion_ids) VALUES
		(81, 7, 'shopify', 'o1', 7, 4999, 100, 'ANA10', 'c1', 'cust', NULL, 2, 'x.example', 'pending', 'open', 'promo_1'),
		(83, 7, 'csv', 'o2', 8, 100, 0, '', '', '', 1, 1, '', 'paid', '', '')`,
	`INSERT INTO imports (id, workspace_id, kind, file, at, rows_read, stored, updated, unchanged, refused, ignored) VALUES
		(91, 7, 'orders', 'o.csv', 8, 1, 1, 0, 0, 0, 'a
b')`,
	`INSERT INTO api_keys (id, workspace_id, name, prefix, hash, created_at, revoked_at) VALUES
		(101, 7, 'ci', 'lk_ab', 'h1', 9, NULL), (102, 9, '', 'lk_cd', 'h2', 9, 10)`,
	`INSERT INTO conversions (id, workspace_id, source, external_id, type, time, value) VALUES
		(111, 7, 'api', 'e1', 'signup', 11, NULL)`,
	`INSERT INTO webhook_events (id, workspace_id, provider, event_id, received_at, refund_order, refund_amount) VALUES
		(121, 7, 'stripe', 'evt_1', 12, 'o1', 100)`,
	`INSERT INTO settings (key, value) VALUES ('secret:visitor', 'abc'), ('click_log:XYZ', '42')`,
	`INSERT INTO webhook_secrets (workspace_id, provider, secret, set_at) VALUES (7, 'shopify', 'plain:shpss_x', 14)`,
	`UPDATE settings SET value = '9' WHERE key = 'links_version'`,
	`INSERT INTO users (id, email, password_hash, created_at) VALUES (131, 'a@b.example', '$2a$10$x', 13)`,
	`INSERT INTO user_workspaces (user_id, workspace_id) VALUES (131, 7), (131, 9)`,
	`INSERT INTO sessions (id, user_id, workspace_id, csrf, created_at, expires_at) VALUES ('sid', 131, 7, 'csrf', 14, 15)`,
	`INSERT INTO login_attempts (id, key, at) VALUES (141, 'k', 16)`,
	`INSERT INTO daily_sales (id, workspace_id, date, sku, revenue, orders) VALUES (151, 7, '2026-03-01', '', 100, 1)`,
	`INSERT INTO amazon_tags (id, workspace_id, tag, creator_id, campaign_id) VALUES (161, 7, 'ana-20', 11, 40)`,
	`INSERT INTO amazon_daily (id, workspace_id, date, source, tag, creator_id, campaign_id, sales, ends, brb_bonus) VALUES
		(171, 7, '2026-03-01', 'attribution', 'ana-20', 11, 40, 500, '', NULL),
		(172, 7, '2026-03-01', 'associates', 'ana-20', 11, 40, 700, '2026-03-31', 12)`,
	`INSERT INTO benchmark_overrides (id, workspace_id, metric, low, high) VALUES (181, 7, 'ctr', 0.01, 0.02)`,
	`INSERT INTO refunds (id, workspace_id, source, refund_id, order_id, amount) VALUES (191, 7, 'shopify', 'r1', 'o1', 100)`,
	`INSERT INTO stripe_promotion_codes (id, workspace_id, promotion_code, code) VALUES (201, 7, 'promo_1', 'ANA10')`,
	`INSERT INTO links_removed (slug, version) VALUES ('gone', 4)`,
	`INSERT INTO order_credits (workspace_id, order_id, seq, creator_id, campaign_id, post_id, link_id, reason, ref,
		parts, credited, click_time, click_bot, new_customer) VALUES
		(7, 81, 0, 11, 40, 0, 0, 'code', 'ANA10', 1000000000, 4899, 0, 0, 1)`,
}

func fillCopyFixture(t *testing.T, st *Store) {
	t.Helper()
	for _, q := range copyFixture {
		if _, err := st.wr.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// dump gives every row of every table (schema_migrations aside), in
// key order, values typed by their column's kind, so that two engines'
// databases compare as text.
func dump(t *testing.T, st *Store) map[string]string {
	t.Helper()
	ctx := context.Background()
	tx, err := st.rd.BeginTx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	tables, err := st.eng.catalogue(ctx, tx)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, tb := range tables {
		keys := tb.pk
		if len(keys) == 0 {
			keys = tb.cols
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+strings.Join(tb.cols, ", ")+` FROM `+tb.name+` ORDER BY `+strings.Join(keys, ", "))
		if err != nil {
			t.Fatal(err)
		}
		vals := make([]any, len(tb.cols))
		ptrs := make([]any, len(vals))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		var b strings.Builder
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				w, err := normalValue(v, tb.kinds[i])
				if err != nil {
					t.Fatalf("%s.%s: %v", tb.name, tb.cols[i], err)
				}
				fmt.Fprintf(&b, "%s=%T:%q ", tb.cols[i], w, fmt.Sprint(w))
			}
			b.WriteString("\n")
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		out[tb.name] = b.String()
	}
	return out
}

// engines gives a fresh database of the engine named: SQLite always,
// PostgreSQL when LIFT_TEST_POSTGRES is set (else the test skips, loudly).
func engineDSN(t *testing.T, name string) string {
	if name == "postgres" {
		return testdb.PostgresDSN(t)
	}
	return testdb.SQLite(t)
}

// TestCopyCopiesEveryTable: every table of the schema, filled by the
// fixture, arrives whole in an empty database of either engine, ids and
// all, except the source's click log position; the target's next ids
// follow the copied ones. A table the fixture leaves empty fails the
// test, so a table a later migration adds gets its copy tested.
func TestCopyCopiesEveryTable(t *testing.T) {
	for _, pair := range [][2]string{{"sqlite", "sqlite"}, {"sqlite", "postgres"}, {"postgres", "sqlite"}, {"postgres", "postgres"}} {
		t.Run(pair[0]+" to "+pair[1], func(t *testing.T) {
			ctx := context.Background()
			src, err := Open(ctx, engineDSN(t, pair[0]))
			if err != nil {
				t.Fatal(err)
			}
			defer src.Close()
			dst, err := Open(ctx, engineDSN(t, pair[1]))
			if err != nil {
				t.Fatal(err)
			}
			defer dst.Close()
			fillCopyFixture(t, src)
			want := dump(t, src)
			for name, rows := range want {
				if rows == "" {
					t.Errorf("table %s has no row in copyFixture: add one, so that its copy is tested", name)
				}
			}
			if len(want) < 25 {
				t.Fatalf("the catalogue lists only %d tables", len(want))
			}
			res, err := Copy(ctx, src, dst, CopyOptions{BatchRows: 1})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Tables) != len(want) {
				t.Errorf("copied %d tables of %d", len(res.Tables), len(want))
			}
			// The target's click log starts afresh: the source's position
			// in its own log is not copied.
			want["settings"] = strings.Join(slicesDelete(strings.SplitAfter(want["settings"], "\n"), "click_log:"), "")
			got := dump(t, dst)
			for name, rows := range want {
				if got[name] != rows {
					t.Errorf("%s:\nsource %s\ntarget %s", name, rows, got[name])
				}
			}
			// Ids go on after the copied ones.
			w, err := dst.CreateWorkspace(ctx, "next", "")
			if err != nil {
				t.Fatal(err)
			}
			k, err := dst.PutAPIKey(ctx, 7, "next", "lk_ef", "h3")
			if err != nil {
				t.Fatal(err)
			}
			if w.ID != 10 || k != 103 {
				t.Errorf("the next workspace has id %d (want 10), the next key %d (want 103)", w.ID, k)
			}
			// What the copy wrote refers as the source did.
			if ws, err := dst.FindWorkspace(ctx, "acme"); err != nil || ws.ID != 7 || ws.Currency != "USD" {
				t.Errorf("acme on the target: %+v %v", ws, err)
			}
		})
	}
}

// slicesDelete drops the lines holding s.
func slicesDelete(lines []string, s string) []string {
	var out []string
	for _, l := range lines {
		if !strings.Contains(l, s) {
			out = append(out, l)
		}
	}
	return out
}

// TestCopyRefusesATargetThatHoldsData: a target with anything in it is
// refused, by name, and left as it was.
func TestCopyRefusesATargetThatHoldsData(t *testing.T) {
	ctx := context.Background()
	src := testStore(t)
	dst := testStore(t)
	fillCopyFixture(t, src)
	if _, err := dst.Workspace(ctx, "", false); err != nil {
		t.Fatal(err)
	}
	if _, err := dst.Secret(ctx, "visitor"); err != nil {
		t.Fatal(err)
	}
	_, err := Copy(ctx, src, dst, CopyOptions{})
	if err == nil || !strings.Contains(err.Error(), "already holds settings (secret:visitor), 1 workspaces (default)") {
		t.Fatalf("copy into a database with a workspace: %v", err)
	}
	if names, _ := dst.WorkspaceNames(ctx); len(names) != 1 {
		t.Errorf("the target's workspaces: %v", names)
	}
	if _, err := Copy(ctx, src, src, CopyOptions{}); err == nil || !strings.Contains(err.Error(), "same database") {
		t.Errorf("copy into itself: %v", err)
	}
}

// TestCopyInterruptedLeavesTheTargetEmpty: a copy that fails half-way
// (an error, or its context cancelled between two batches) leaves the
// target as empty as it was, and a copy run again afterwards completes.
func TestCopyInterruptedLeavesTheTargetEmpty(t *testing.T) {
	ctx := context.Background()
	src := testStore(t)
	fillCopyFixture(t, src)
	dst := testStore(t)
	empty := dump(t, dst)
	injected := errors.New("injected")
	t.Cleanup(func() { copyHook = nil })
	for _, stop := range []string{"error", "cancel"} {
		batches := 0
		cctx, cancel := context.WithCancel(ctx)
		copyHook = func(table string) error {
			if batches++; batches < 12 {
				return nil
			}
			if stop == "cancel" {
				cancel()
				return nil
			}
			return injected
		}
		_, err := Copy(cctx, src, dst, CopyOptions{BatchRows: 1})
		cancel()
		if stop == "error" && !errors.Is(err, injected) || stop == "cancel" && !errors.Is(err, context.Canceled) {
			t.Fatalf("%s after %d batches: %v", stop, batches, err)
		}
		if got := dump(t, dst); fmt.Sprint(got) != fmt.Sprint(empty) {
			t.Fatalf("after an interrupted copy (%s) the target holds %v", stop, got)
		}
	}
	copyHook = nil
	if _, err := Copy(ctx, src, dst, CopyOptions{}); err != nil {
		t.Fatalf("copy after the interrupted ones: %v", err)
	}
	if names, _ := dst.WorkspaceNames(ctx); len(names) != 2 {
		t.Errorf("workspaces after the copy: %v", names)
	}
}

// TestCopyLoadsWaitingClicksFirst: clicks a server logged but had not
// loaded when it stopped are loaded into the source, then copied.
func TestCopyLoadsWaitingClicksFirst(t *testing.T) {
	ctx := context.Background()
	src := testStore(t)
	ws, link := clickLogLink(t, src)
	l, err := src.OpenClickLog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	if err := l.Append(ctx, []NewClick{{WorkspaceID: ws, Click: Click{ClickID: "w1", LinkID: link, Time: at, Visitor: "v"}},
		{WorkspaceID: ws, Click: Click{ClickID: "w2", LinkID: link, Time: at.Add(time.Second), Visitor: "v"}}}); err != nil {
		t.Fatal(err)
	}
	l.Close()
	dst, err := Open(ctx, testdb.SQLite(t))
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	res, err := Copy(ctx, src, dst, CopyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.LoadedClicks != 2 {
		t.Errorf("loaded %d waiting clicks, want 2", res.LoadedClicks)
	}
	if got := clickFlags(t, dst); got != "[w11 w20]" {
		t.Errorf("the target's clicks: %s", got)
	}
}
