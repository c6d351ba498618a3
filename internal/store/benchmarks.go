package store

import (
	"context"
	"database/sql"
	"fmt"
)

// BenchmarkOverride is a workspace's own benchmark figure for a metric on
// a platform ("" for every platform) and tier ("" for every tier).
type BenchmarkOverride struct {
	Platform, Tier, Metric string
	Low, High              float64
	Source                 string
}

// BenchmarkOverrides lists a workspace's own benchmark figures.
func (s *Store) BenchmarkOverrides(ctx context.Context, ws int64) ([]BenchmarkOverride, error) {
	var out []BenchmarkOverride
	err := s.query(ctx, func(r *sql.Rows) error {
		var o BenchmarkOverride
		if err := r.Scan(&o.Platform, &o.Tier, &o.Metric, &o.Low, &o.High, &o.Source); err != nil {
			return err
		}
		out = append(out, o)
		return nil
	}, `SELECT platform, tier, metric, low, high, source FROM benchmark_overrides
		WHERE workspace_id = ? ORDER BY platform, tier, metric`, ws)
	if err != nil {
		return nil, fmt.Errorf("benchmark overrides: %w", err)
	}
	return out, nil
}

// SetBenchmarkOverride stores a workspace's figure, replacing the one it
// had for the same platform, tier and metric, and says which it did.
func (s *Store) SetBenchmarkOverride(ctx context.Context, ws int64, o BenchmarkOverride) (Outcome, error) {
	tx, err := s.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	out, _, err := tx.upsert(ctx, ws, row{"benchmark_overrides",
		[]col{{"platform", o.Platform}, {"tier", o.Tier}, {"metric", o.Metric}},
		[]col{{"low", o.Low}, {"high", o.High}, {"source", o.Source}}})
	if err != nil {
		return 0, fmt.Errorf("set benchmark: %w", err)
	}
	return out, tx.Commit()
}

// DeleteBenchmarkOverrides removes a workspace's own figures for a metric
// on a platform and tier, or all of its figures when all is true, and
// returns how many went.
func (s *Store) DeleteBenchmarkOverrides(ctx context.Context, ws int64, platform, tier, metric string, all bool) (int64, error) {
	q, args := `DELETE FROM benchmark_overrides WHERE workspace_id = ?`, []any{ws}
	if !all {
		q += ` AND platform = ? AND tier = ? AND metric = ?`
		args = append(args, platform, tier, metric)
	}
	res, err := s.wr.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, fmt.Errorf("reset benchmark: %w", err)
	}
	return res.RowsAffected()
}
