package report

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/liftmetrics/lift/internal/importer"
	"github.com/liftmetrics/lift/internal/money"
)

// An order imported on its own (as the API and webhooks do) finds its
// creator among many by what it names: a code, a click id, or the
// lift_cid of its landing URL. Imports read only the references their
// rows name, so each of the three must still reach the one right link.
func TestOneOrderAmongManyLinksIsCreditedRight(t *testing.T) {
	const n = 300
	var creators, codes, links, clicks strings.Builder
	creators.WriteString("handle,platform,followers\n")
	codes.WriteString("code,creator,campaign\n")
	links.WriteString("slug,destination,creator,campaign\n")
	clicks.WriteString("slug,clicked_at,click_id,visitor\n")
	for i := range n {
		fmt.Fprintf(&creators, "c%03d,instagram,1000\n", i)
		fmt.Fprintf(&codes, "CODE%03d,c%03d,Spring\n", i, i)
		fmt.Fprintf(&links, "l%03d,https://shop.example.com/p%d,c%03d,Spring\n", i, i, i)
		fmt.Fprintf(&clicks, "l%03d,2026-03-02 12:00,k%03d,v%d\n", i, i, i)
	}
	st, ws := workspaceOf(t,
		[2]string{"campaigns", "name,starts,ends\nSpring,2026-03-01,2026-03-31\n"},
		[2]string{"creators", creators.String()}, [2]string{"codes", codes.String()},
		[2]string{"links", links.String()}, [2]string{"clicks", clicks.String()})
	// Each order comes alone, as an API call or a webhook brings it.
	for _, row := range []string{"by-code,2026-03-05 10:00,10.00,CODE137,,",
		"by-click,2026-03-05 10:00,20.00,,k042,",
		"by-landing,2026-03-05 10:00,30.00,,,https://shop.example.com/p7?utm_source=ig&lift_cid=k007"} {
		file := "order_id,created_at,revenue,discount_code,click_id,landing_url\n" + row + "\n"
		res, err := importer.Import(context.Background(), st, ws, "orders", strings.NewReader(file), importer.Options{File: "order.csv"})
		if err != nil || res.Stored != 1 {
			t.Fatalf("%s: %+v %v", row, res, err)
		}
	}
	want := map[string]money.Cents{"c137": 1000, "c042": 2000, "c007": 3000}
	r := build(t, st, ws, Options{By: "creator"})
	for _, x := range r.Rows {
		if x.Revenue != want[x.Key] {
			t.Errorf("%s: revenue %d, want %d", x.Key, x.Revenue, want[x.Key])
		}
	}
	for key := range want {
		row(t, r, key)
	}
}
