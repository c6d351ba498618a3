package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/liftmetrics/lift/internal/storetest"
)

// TestDemoScaleIsTheSampleTwice: copies share no code, slug, click,
// order or customer, so each of the sample's campaigns in a --scale 2
// workspace has exactly the numbers it has in the sample alone, and the
// second copy's campaigns are there beside them.
func TestDemoScaleIsTheSampleTwice(t *testing.T) {
	one, two := storetest.DSN(t), storetest.DSN(t)
	if out, err := lift(t, "demo", "--db", one); err != nil {
		t.Fatal(out, err)
	}
	out, err := lift(t, "demo", "--scale", "2", "--db", two)
	if err != nil || !strings.Contains(out, "the sample 2 times over") {
		t.Fatal(out, err)
	}
	rows := func(db string) map[string]json.RawMessage {
		t.Helper()
		out, err := lift(t, "report", "--by", "campaign", "--format", "json", "--db", db)
		if err != nil {
			t.Fatal(out, err)
		}
		var r struct {
			Rows []json.RawMessage `json:"rows"`
		}
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatal(err, out[:min(300, len(out))])
		}
		m := map[string]json.RawMessage{}
		for _, row := range r.Rows {
			var k struct {
				Key string `json:"key"`
			}
			json.Unmarshal(row, &k)
			m[k.Key] = row
		}
		return m
	}
	a, b := rows(one), rows(two)
	if len(a) != 3 || len(b) != 6 {
		t.Fatalf("campaigns: %d in the sample, %d at scale 2", len(a), len(b))
	}
	for k, row := range a {
		if string(b[k]) != string(row) {
			t.Errorf("campaign %s:\nsample  %s\nscale 2 %s", k, row, b[k])
		}
		if _, ok := b[k+" (1)"]; !ok {
			t.Errorf("no second copy of %s", k)
		}
	}
	if out, err := lift(t, "demo", "--scale", "0", "--db", storetest.DSN(t)); err == nil || !strings.Contains(out+err.Error(), "from 1 to 10000") {
		t.Errorf("--scale 0: %v %s", err, out)
	}
}
