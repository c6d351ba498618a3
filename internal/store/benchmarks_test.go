package store

import (
	"context"
	"testing"
)

func TestBenchmarkOverrides(t *testing.T) {
	st := testStore(t)
	ctx := context.Background()
	ws, err := st.Workspace(ctx, "", false)
	if err != nil {
		t.Fatal(err)
	}
	other, err := st.Workspace(ctx, "acme", true)
	if err != nil {
		t.Fatal(err)
	}
	tiktok := BenchmarkOverride{Platform: "tiktok", Metric: "engagement_rate", Low: 0.08, High: 0.15, Source: "our 2025 data"}
	micro := BenchmarkOverride{Platform: "tiktok", Tier: "micro", Metric: "engagement_rate", Low: 0.1, High: 0.2}
	roas := BenchmarkOverride{Metric: "roas", Low: 3, High: 6}
	for _, tc := range []struct {
		ws   int64
		o    BenchmarkOverride
		want Outcome
	}{
		{ws.ID, tiktok, Stored},
		{ws.ID, tiktok, Unchanged},
		{ws.ID, micro, Stored}, // another tier is another figure
		{ws.ID, roas, Stored},
		{other.ID, tiktok, Stored}, // another workspace
		{ws.ID, BenchmarkOverride{Platform: "tiktok", Metric: "engagement_rate", Low: 0.09, High: 0.15, Source: "our 2025 data"}, Updated},
	} {
		got, err := st.SetBenchmarkOverride(ctx, tc.ws, tc.o)
		if err != nil || got != tc.want {
			t.Fatalf("set %+v in %d: %v, %v; want %v", tc.o, tc.ws, got, err, tc.want)
		}
	}
	list, err := st.BenchmarkOverrides(ctx, ws.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []BenchmarkOverride{roas, {Platform: "tiktok", Metric: "engagement_rate", Low: 0.09, High: 0.15, Source: "our 2025 data"}, micro}
	if len(list) != len(want) {
		t.Fatalf("overrides = %+v, want %+v", list, want)
	}
	for i := range want {
		if list[i] != want[i] {
			t.Errorf("override %d = %+v, want %+v", i, list[i], want[i])
		}
	}

	if n, err := st.DeleteBenchmarkOverrides(ctx, ws.ID, "tiktok", "micro", "engagement_rate", false); err != nil || n != 1 {
		t.Fatalf("delete one: %d, %v", n, err)
	}
	if n, err := st.DeleteBenchmarkOverrides(ctx, ws.ID, "tiktok", "micro", "engagement_rate", false); err != nil || n != 0 {
		t.Fatalf("delete again: %d, %v", n, err)
	}
	if n, err := st.DeleteBenchmarkOverrides(ctx, ws.ID, "", "", "", true); err != nil || n != 2 {
		t.Fatalf("delete all: %d, %v", n, err)
	}
	if list, _ := st.BenchmarkOverrides(ctx, other.ID); len(list) != 1 {
		t.Errorf("another workspace's figures were touched: %+v", list)
	}
}
