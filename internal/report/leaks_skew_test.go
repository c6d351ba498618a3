package report

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/liftmetrics/lift/internal/importer"
)

// An order that redeems ana's code and names her click c1 (2026-03-02
// 12:00) two minutes before it, by the shop's clock, is credited to the
// click; the leak report must see that click too, at the order's time,
// not as a click after the order that leaves the redemption without one.
func TestLeaksSeeTheNamedClickWithinClockSkew(t *testing.T) {
	st, ws := fixtureStore(t)
	ctx := context.Background()
	orders := "order_id,created_at,revenue,discount_code,click_id\nsk1,2026-03-02 11:58,20.00,ANA10,c1\n"
	if _, err := importer.Import(ctx, st, ws, "orders", strings.NewReader(orders), importer.Options{File: "skew.csv"}); err != nil {
		t.Fatal(err)
	}
	d, err := load(ctx, st, ws)
	if err != nil {
		t.Fatal(err)
	}
	in := d.leakInput(30*24*time.Hour, time.UTC)
	at := time.Date(2026, 3, 2, 11, 58, 0, 0, time.UTC)
	for _, o := range in.Orders {
		if o.ID != "sk1" {
			continue
		}
		if len(o.Clicks) != 1 || o.Clicks[0].Creator != "ana" || !o.Clicks[0].Time.Equal(at) {
			t.Errorf("sk1 clicks %+v, want ana's at %s", o.Clicks, at)
		}
		return
	}
	t.Fatal("sk1 is not among the leak input's orders")
}
