package importer

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// importCounting imports a file as Import does and returns how many
// reference rows (creators, campaigns, codes, posts, links) it read.
func importCounting(t *testing.T, kind, data string, fill func(func(*job) error) (Result, error)) (Result, int) {
	t.Helper()
	var r *refs
	res, err := fill(func(j *job) error {
		r = j.refs
		return kinds[kind](j, strings.NewReader(data))
	})
	if err != nil {
		t.Fatalf("import %s: %v", kind, err)
	}
	return res, r.loaded
}

// An import reads the references its rows name, not the workspace's: one
// order reads none of 2,000 links, and a file naming one link, code or
// creator reads that one (and its creator and the campaigns), whatever
// the workspace holds.
func TestImportReadsOnlyTheReferencesItsRowsName(t *testing.T) {
	st, ws := seeded(t)
	const n = 2000
	var links, codes strings.Builder
	links.WriteString("slug,destination,creator,campaign\n")
	codes.WriteString("code,creator,campaign\n")
	for i := range n {
		fmt.Fprintf(&links, "s%04d,https://shop.example.com/p%d,ben,Spring\n", i, i)
		fmt.Fprintf(&codes, "BEN%04d,ben,Spring\n", i)
	}
	mustImport(t, st, ws, "links", links.String())
	mustImport(t, st, ws, "codes", codes.String())
	fill := func(kind string) func(func(*job) error) (Result, error) {
		return func(f func(*job) error) (Result, error) {
			return run(context.Background(), st, ws, kind, Options{File: kind + ".csv"}, f)
		}
	}
	cases := []struct {
		kind, data string
		stored     int
		most       int // creators named (ana: 2 profiles), 1 campaign, the codes or links named and their creators
	}{
		{"orders", "order_id,created_at,revenue,discount_code,click_id\no1,2026-03-05 10:00,10.00,BEN0007,k1\n", 1, 0},
		{"links", "slug,destination,creator,campaign\ns0123,https://shop.example.com/p123,ben,Spring\nnew1,https://shop.example.com/n,ana/instagram,Spring\n", 1, 5},
		{"codes", "code,creator,campaign\nBEN1999,ben,Spring\nANA5,ana/tiktok,Spring\n", 1, 5},
		{"clicks", "slug,clicked_at,click_id,visitor\ns1500,2026-03-02 12:00,k1,v1\n", 1, 2},
	}
	for _, c := range cases {
		res, loaded := importCounting(t, c.kind, c.data, fill(c.kind))
		if res.Stored != c.stored {
			t.Errorf("%s: %+v, want %d stored", c.kind, res, c.stored)
		}
		if loaded > c.most {
			t.Errorf("%s: read %d reference rows, want at most %d", c.kind, loaded, c.most)
		}
	}
}
