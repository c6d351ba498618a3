package report

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/liftmetrics/lift/internal/store"
)

// fixtureWith is the fixture plus more files.
func fixtureWith(t *testing.T, files ...[2]string) (*store.Store, store.Workspace) {
	t.Helper()
	all := make([][2]string, 0, len(fixture)+len(files))
	for _, f := range fixture {
		all = append(all, [2]string{f.kind, f.data})
	}
	return workspaceOf(t, append(all, files...)...)
}

// A report on Spring (March 1–31) counts only the orders nobody earned in
// March: o4 ($40, March 8), not z1 ($25, May 2). The workspace's report
// counts both. Narrowed to March 10 on, Spring has none.
func TestCampaignUnattributedIsTheCampaignsDates(t *testing.T) {
	st, ws := fixtureWith(t, [2]string{"orders", "order_id,created_at,revenue\nz1,2026-05-02 10:00,25.00\n"})
	if u := build(t, st, ws, Options{}).Unattributed; u.Orders != 2 || u.Revenue != 6500 || u.From != "" {
		t.Errorf("workspace: unattributed %+v, want 2 orders, $65", u)
	}
	r := build(t, st, ws, Options{Campaign: "Spring"})
	if u := r.Unattributed; u.Orders != 1 || u.Revenue != 4000 || u.From != "2026-03-01" || u.To != "2026-03-31" {
		t.Errorf("Spring: unattributed %+v, want 1 order, $40, March 1 to 31", u)
	}
	var buf bytes.Buffer
	if err := r.Write(&buf, "table"); err != nil {
		t.Fatal(err)
	}
	if want := "unattributed: from 2026-03-01 to 2026-03-31, the campaign's dates, 1 orders, $40.00 revenue"; !strings.Contains(buf.String(), want) {
		t.Errorf("table lacks %q:\n%s", want, buf.String())
	}
	r = build(t, st, ws, Options{Campaign: "Spring", From: time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)})
	if u := r.Unattributed; u.Orders != 0 || u.From != "2026-03-10" || u.To != "2026-03-31" {
		t.Errorf("Spring from March 10: unattributed %+v", u)
	}
}

// By post, (no post) gathers codes and links of no post or many: no
// benchmark fits it. With conversion rate benchmarked at 1–2% for every
// platform, p1 (1 click order / 3 clicks) is above and (no post) (dana's
// link without a post: 1 / 2) gets no mark.
func TestNoPostRowIsNotMarked(t *testing.T) {
	st, ws := fixtureWith(t, conversionShop...)
	o := store.BenchmarkOverride{Metric: "conversion_rate", Low: 0.01, High: 0.02}
	if _, err := st.SetBenchmarkOverride(context.Background(), ws.ID, o); err != nil {
		t.Fatal(err)
	}
	r := build(t, st, ws, Options{By: "post"})
	np := row(t, r, NoPost)
	near(t, "(no post) conversion_rate", np.ConversionRate, 0.5)
	if np.Marks != nil {
		t.Errorf("(no post) marks %v, want none", np.Marks)
	}
	if m := row(t, r, "p1").Marks["conversion_rate"]; m != "above" {
		t.Errorf("p1 conversion_rate mark %q, want above", m)
	}
}
