-- Amazon numbers arrive already attributed, as per-day totals per tag (an
-- Attribution ad group or tag, an Associates tracking id): there are no
-- per-order records to attribute, only a tag to map to a creator.

CREATE TABLE amazon_tags (
	id           {{pk}},
	workspace_id BIGINT  NOT NULL REFERENCES workspaces(id),
	tag          TEXT    NOT NULL, -- lower case: Amazon matches tags without regard to case
	creator_id   BIGINT  NOT NULL REFERENCES creators(id),
	campaign_id  BIGINT  NOT NULL REFERENCES campaigns(id),
	UNIQUE (workspace_id, tag)
);

-- One row per workspace, source, day and tag. Amazon revises a day's
-- numbers for as long as its attribution window runs, so a later report
-- replaces the day rather than adding to it.
CREATE TABLE amazon_daily (
	id                      {{pk}},
	workspace_id            BIGINT  NOT NULL REFERENCES workspaces(id),
	date                    TEXT    NOT NULL, -- YYYY-MM-DD, a day in the workspace's zone
	source                  TEXT    NOT NULL, -- 'attribution' or 'associates'
	tag                     TEXT    NOT NULL,
	creator_id              BIGINT  NOT NULL REFERENCES creators(id),
	campaign_id             BIGINT  NOT NULL REFERENCES campaigns(id),
	click_throughs          BIGINT  NOT NULL DEFAULT 0,
	detail_page_views       BIGINT  NOT NULL DEFAULT 0,
	add_to_carts            BIGINT  NOT NULL DEFAULT 0,
	purchases               BIGINT  NOT NULL DEFAULT 0,
	units                   BIGINT  NOT NULL DEFAULT 0,
	sales                   BIGINT  NOT NULL DEFAULT 0, -- cents
	total_detail_page_views BIGINT  NOT NULL DEFAULT 0, -- brand halo included
	total_add_to_carts      BIGINT  NOT NULL DEFAULT 0,
	total_purchases         BIGINT  NOT NULL DEFAULT 0,
	total_units             BIGINT  NOT NULL DEFAULT 0,
	total_sales             BIGINT  NOT NULL DEFAULT 0, -- cents
	items_shipped           BIGINT  NOT NULL DEFAULT 0, -- associates
	earnings                BIGINT  NOT NULL DEFAULT 0, -- associates, cents
	UNIQUE (workspace_id, source, date, tag)
);

ALTER TABLE workspaces ADD COLUMN brb_rate DOUBLE PRECISION NOT NULL DEFAULT 0.10;

ALTER TABLE posts ADD COLUMN watch_time_hours DOUBLE PRECISION NOT NULL DEFAULT 0;
