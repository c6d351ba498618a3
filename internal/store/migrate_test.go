package store

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/liftmetrics/lift/internal/testdb"
)

// TestTenNodesMigrateOnce: ten stores open one fresh PostgreSQL schema at
// the same instant, as ten nodes starting together do. Every open
// succeeds, the migrations are applied exactly once between them (the
// stores' own accounts add up to one of each), and schema_migrations has
// one row per migration.
func TestTenNodesMigrateOnce(t *testing.T) {
	dsn := testdb.PostgresDSN(t)
	ctx := context.Background()
	const nodes = 10
	stores := make([]*Store, nodes)
	errs := make([]error, nodes)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range nodes {
		wg.Go(func() {
			<-start
			stores[i], errs[i] = Open(ctx, dsn)
		})
	}
	close(start)
	wg.Wait()
	var applied []string
	for i, st := range stores {
		if errs[i] != nil {
			t.Errorf("node %d: %v", i, errs[i])
			continue
		}
		defer st.Close()
		applied = append(applied, st.Applied()...)
	}
	want, err := postgresEngine.migrationNames()
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(applied)
	if !slices.Equal(applied, want) {
		t.Errorf("the ten nodes applied %d migrations between them, want each of the %d once:\n%v", len(applied), len(want), applied)
	}
	if t.Failed() {
		return
	}
	var rows, distinct int
	if err := stores[0].wr.QueryRow(`SELECT count(*), count(DISTINCT name) FROM schema_migrations`).Scan(&rows, &distinct); err != nil {
		t.Fatal(err)
	}
	if rows != len(want) || distinct != len(want) {
		t.Errorf("schema_migrations holds %d rows (%d names), want one per migration (%d)", rows, distinct, len(want))
	}
	got, err := stores[nodes-1].Migrations(ctx)
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("migrations listed: %v (%v), want %v", got, err, want)
	}
}
