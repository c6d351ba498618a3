package web

import (
	"context"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/liftmetrics/lift/internal/importer"
	"github.com/liftmetrics/lift/internal/store"
)

// TestLeaderboardShowsConversions stores conversions as POST
// /api/v1/conversions does and reads them on the leaderboard, in all and
// by type. By hand: s1 (signup) carries ana's click c1 → ana; s2 (signup,
// customer cu1, whose order o1 came through c1) → ana; l1 (lead, $12.00)
// names BEN15 → ben; i1 (install) has no touch → no creator. A campaign
// goal on conversions counts the same credited three.
func TestLeaderboardShowsConversions(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	at := func(s string) time.Time {
		x, err := time.Parse(time.DateTime, s)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	value := int64(1200)
	tx, err := e.st.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for _, c := range []store.Conversion{
		{Source: "api", ExternalID: "s1", Type: "signup", Time: at("2026-03-04 09:00:00"), ClickID: "c1"},
		{Source: "api", ExternalID: "s2", Type: "signup", Time: at("2026-03-06 09:00:00"), Customer: "cu1"},
		{Source: "api", ExternalID: "l1", Type: "lead", Time: at("2026-03-05 09:00:00"), Value: &value, Codes: "BEN15"},
		{Source: "api", ExternalID: "i1", Type: "install", Time: at("2026-03-05 10:00:00")},
	} {
		if c.Customer != "" {
			c.Customer = importer.Pseudonym(e.brand.Salt, c.Customer)
		}
		if _, _, err := tx.PutConversion(ctx, e.brand.ID, c); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	c := e.signedIn(t, "ana@brand.com")
	_, body := c.get("/creators?kpis=all")
	contains(t, "leaderboard", body, "Conversions", "Signups", "Leads", "Conv. value")
	_, body = c.get("/creators?format=csv&table=creators")
	recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]string{
		"ana":   {"conversions": "2", "conversions_signup": "2", "conversions_lead": "0", "conversion_value": "0.00", "revenue": "140.00"},
		"ben":   {"conversions": "1", "conversions_signup": "0", "conversions_lead": "1", "conversion_value": "12.00", "revenue": "110.00"},
		"Total": {"conversions": "3", "conversions_signup": "2", "conversions_lead": "1", "conversions_install": "0", "conversion_value": "12.00"},
	}
	seen := 0
	for _, r := range recs[1:] {
		w, ok := want[r[0]]
		if !ok {
			continue
		}
		seen++
		found := 0
		for i, h := range recs[0] {
			if v, ok := w[h]; ok {
				found++
				if r[i] != v {
					t.Errorf("%s %s = %q, want %q", r[0], h, r[i], v)
				}
			}
		}
		if found != len(w) {
			t.Errorf("the CSV lacks some of %v: %v", w, recs[0])
		}
	}
	if seen != len(want) {
		t.Errorf("rows %v, want ana, ben and Total", recs)
	}

	// A goal on conversions counts the same three: 3 of 4, 75%.
	e.load(t, e.brand, "campaigns", "name,starts,ends,goal_metric,goal_target\nSpring,2026-03-01,2026-03-31,conversions,4\n")
	_, body = c.get("/?campaign=Spring")
	contains(t, "conversion goal", body, `<span>Conversions</span> <strong>3</strong> <span class="of">of 4</span> <span class="pct">75`)
}
