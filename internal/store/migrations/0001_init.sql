-- Times are Unix milliseconds (UTC); money is integer minor units (cents).
-- Every table but workspaces carries workspace_id, and every query filters on it.

CREATE TABLE workspaces (
	id          {{pk}},
	name        TEXT    NOT NULL UNIQUE,
	currency    TEXT    NOT NULL DEFAULT 'USD',
	timezone    TEXT    NOT NULL DEFAULT 'UTC',
	salt        TEXT    NOT NULL,
	created_at  BIGINT  NOT NULL
);

CREATE TABLE campaigns (
	id           {{pk}},
	workspace_id BIGINT  NOT NULL REFERENCES workspaces(id),
	name         TEXT    NOT NULL,
	starts       BIGINT  NOT NULL,
	ends         BIGINT  NOT NULL,
	goal_metric  TEXT    NOT NULL DEFAULT '',
	goal_target  DOUBLE PRECISION NOT NULL DEFAULT 0,
	budget       BIGINT,
	UNIQUE (workspace_id, name)
);

CREATE TABLE creators (
	id              {{pk}},
	workspace_id    BIGINT  NOT NULL REFERENCES workspaces(id),
	handle          TEXT    NOT NULL,
	platform        TEXT    NOT NULL,
	followers       BIGINT  NOT NULL DEFAULT 0,
	name            TEXT    NOT NULL DEFAULT '',
	niche           TEXT    NOT NULL DEFAULT '',
	commission_rate DOUBLE PRECISION,
	UNIQUE (workspace_id, handle, platform)
);

CREATE TABLE posts (
	id                  {{pk}},
	workspace_id        BIGINT  NOT NULL REFERENCES workspaces(id),
	post_id             TEXT    NOT NULL,
	creator_id          BIGINT  NOT NULL REFERENCES creators(id),
	campaign_id         BIGINT  NOT NULL REFERENCES campaigns(id),
	platform            TEXT    NOT NULL,
	format              TEXT    NOT NULL,
	published_at        BIGINT  NOT NULL,
	url                 TEXT    NOT NULL DEFAULT '',
	followers           BIGINT  NOT NULL DEFAULT 0,
	impressions         BIGINT  NOT NULL DEFAULT 0,
	reach               BIGINT  NOT NULL DEFAULT 0,
	views               BIGINT  NOT NULL DEFAULT 0,
	likes               BIGINT  NOT NULL DEFAULT 0,
	comments            BIGINT  NOT NULL DEFAULT 0,
	shares              BIGINT  NOT NULL DEFAULT 0,
	saves               BIGINT  NOT NULL DEFAULT 0,
	link_clicks         BIGINT  NOT NULL DEFAULT 0,
	product_impressions BIGINT  NOT NULL DEFAULT 0,
	product_clicks      BIGINT  NOT NULL DEFAULT 0,
	product_orders      BIGINT  NOT NULL DEFAULT 0,
	UNIQUE (workspace_id, post_id)
);

CREATE TABLE costs (
	id           {{pk}},
	workspace_id BIGINT  NOT NULL REFERENCES workspaces(id),
	creator_id   BIGINT  NOT NULL REFERENCES creators(id),
	campaign_id  BIGINT  NOT NULL REFERENCES campaigns(id),
	kind         TEXT    NOT NULL,
	amount       BIGINT  NOT NULL,
	date         BIGINT  NOT NULL,
	note         TEXT    NOT NULL DEFAULT '',
	content_key  TEXT    NOT NULL,
	UNIQUE (workspace_id, content_key)
);

CREATE TABLE codes (
	id           {{pk}},
	workspace_id BIGINT  NOT NULL REFERENCES workspaces(id),
	code         TEXT    NOT NULL,
	creator_id   BIGINT  NOT NULL REFERENCES creators(id),
	campaign_id  BIGINT  NOT NULL REFERENCES campaigns(id),
	UNIQUE (workspace_id, code)
);

-- Slugs are unique across workspaces: GET /{slug} carries no workspace.
CREATE TABLE links (
	id           {{pk}},
	workspace_id BIGINT  NOT NULL REFERENCES workspaces(id),
	slug         TEXT    NOT NULL UNIQUE,
	destination  TEXT    NOT NULL,
	creator_id   BIGINT  NOT NULL REFERENCES creators(id),
	campaign_id  BIGINT  NOT NULL REFERENCES campaigns(id),
	post_id      BIGINT  REFERENCES posts(id)
);

CREATE TABLE clicks (
	id           {{pk}},
	workspace_id BIGINT  NOT NULL REFERENCES workspaces(id),
	click_id     TEXT    NOT NULL,
	link_id      BIGINT  NOT NULL REFERENCES links(id),
	time         BIGINT  NOT NULL,
	visitor      TEXT    NOT NULL DEFAULT '',
	referrer     TEXT    NOT NULL DEFAULT '',
	device       TEXT    NOT NULL DEFAULT '',
	bot          INTEGER NOT NULL DEFAULT 0,
	is_unique    INTEGER NOT NULL DEFAULT 0,
	UNIQUE (workspace_id, click_id)
);
CREATE INDEX clicks_visitor ON clicks (workspace_id, link_id, visitor, time);
CREATE INDEX clicks_time ON clicks (workspace_id, time);

CREATE TABLE orders (
	id           {{pk}},
	workspace_id BIGINT  NOT NULL REFERENCES workspaces(id),
	source       TEXT    NOT NULL,
	external_id  TEXT    NOT NULL,
	time         BIGINT  NOT NULL,
	revenue      BIGINT  NOT NULL,
	refunded     BIGINT  NOT NULL DEFAULT 0,
	codes        TEXT    NOT NULL DEFAULT '',
	click_id     TEXT    NOT NULL DEFAULT '',
	landing_url  TEXT    NOT NULL DEFAULT '',
	customer     TEXT    NOT NULL DEFAULT '',
	new_customer INTEGER,
	units        BIGINT  NOT NULL DEFAULT 1,
	UNIQUE (workspace_id, source, external_id)
);
CREATE INDEX orders_time ON orders (workspace_id, time);
CREATE INDEX orders_click ON orders (workspace_id, click_id);

CREATE TABLE imports (
	id           {{pk}},
	workspace_id BIGINT  NOT NULL REFERENCES workspaces(id),
	kind         TEXT    NOT NULL,
	file         TEXT    NOT NULL,
	at           BIGINT  NOT NULL,
	rows_read    BIGINT  NOT NULL,
	stored       BIGINT  NOT NULL,
	updated      BIGINT  NOT NULL,
	unchanged    BIGINT  NOT NULL,
	refused      BIGINT  NOT NULL
);
