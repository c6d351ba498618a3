-- A workspace's own benchmark figures, which replace the shipped ones of
-- internal/benchmarks for the same platform, tier and metric. An empty
-- platform or tier means every platform or every tier.

CREATE TABLE benchmark_overrides (
	id           {{pk}},
	workspace_id BIGINT  NOT NULL REFERENCES workspaces(id),
	platform     TEXT    NOT NULL DEFAULT '',
	tier         TEXT    NOT NULL DEFAULT '',
	metric       TEXT    NOT NULL,
	low          DOUBLE PRECISION NOT NULL,
	high         DOUBLE PRECISION NOT NULL,
	source       TEXT    NOT NULL DEFAULT '',
	UNIQUE (workspace_id, platform, tier, metric)
);
