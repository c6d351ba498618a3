-- The tracking server: API keys, conversions, webhook deliveries, and the
-- settings the server nodes share.

CREATE TABLE api_keys (
	id           {{pk}},
	workspace_id BIGINT  NOT NULL REFERENCES workspaces(id),
	name         TEXT    NOT NULL DEFAULT '',
	prefix       TEXT    NOT NULL,
	hash         TEXT    NOT NULL UNIQUE,
	created_at   BIGINT  NOT NULL,
	revoked_at   BIGINT
);

CREATE TABLE conversions (
	id           {{pk}},
	workspace_id BIGINT  NOT NULL REFERENCES workspaces(id),
	source       TEXT    NOT NULL,
	external_id  TEXT    NOT NULL,
	type         TEXT    NOT NULL,
	time         BIGINT  NOT NULL,
	value        BIGINT,
	codes        TEXT    NOT NULL DEFAULT '',
	click_id     TEXT    NOT NULL DEFAULT '',
	customer     TEXT    NOT NULL DEFAULT '',
	UNIQUE (workspace_id, source, external_id)
);

-- One row per webhook event taken, so that a redelivery stores nothing.
CREATE TABLE webhook_events (
	id           {{pk}},
	workspace_id BIGINT  NOT NULL REFERENCES workspaces(id),
	provider     TEXT    NOT NULL,
	event_id     TEXT    NOT NULL,
	received_at  BIGINT  NOT NULL,
	UNIQUE (workspace_id, provider, event_id)
);

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
INSERT INTO settings (key, value) VALUES ('links_version', '0');

-- sqlite {
-- Every change to links bumps links_version, whoever makes it (an import,
-- the API, another process), so redirect nodes know to reload.
CREATE TRIGGER links_version_insert AFTER INSERT ON links BEGIN
	UPDATE settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'links_version';
END;
CREATE TRIGGER links_version_update AFTER UPDATE ON links BEGIN
	UPDATE settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'links_version';
END;
CREATE TRIGGER links_version_delete AFTER DELETE ON links BEGIN
	UPDATE settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'links_version';
END;
-- }
