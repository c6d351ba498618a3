-- Daily sales totals from reports that show no single order (an Amazon
-- Business Report, a marketplace's payout summary): what `lift uplift`
-- compares the days after a post with. One row per day and SKU; a file
-- without SKUs stores the day's total under the empty SKU.

CREATE TABLE daily_sales (
	id           {{pk}},
	workspace_id BIGINT  NOT NULL REFERENCES workspaces(id),
	date         TEXT    NOT NULL, -- YYYY-MM-DD, a day in the workspace's zone
	sku          TEXT    NOT NULL DEFAULT '',
	revenue      BIGINT  NOT NULL, -- cents
	orders       BIGINT  NOT NULL,
	UNIQUE (workspace_id, date, sku)
);
