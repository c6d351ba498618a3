-- Each link carries the links_version of the transaction that last changed
-- it, and a removed link leaves its slug with the version of its removal,
-- so a redirect node reloads only what changed since the version it holds.
-- The store gives the versions itself (no triggers): one per transaction,
-- taken by updating the settings row, whose lock makes versions visible in
-- the order they were given on any engine.
-- sqlite {
DROP TRIGGER links_version_insert;
DROP TRIGGER links_version_update;
DROP TRIGGER links_version_delete;
-- }
ALTER TABLE links ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
CREATE INDEX links_version ON links (version);
CREATE TABLE links_removed (
	slug    TEXT   NOT NULL,
	version BIGINT NOT NULL
);
CREATE INDEX links_removed_version ON links_removed (version);
