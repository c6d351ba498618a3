-- Clicks summed per link and day, kept in the same transaction as the
-- clicks they sum (see store/clickdays.go), so that a report counts a
-- day's clicks of a link from one row instead of from every click. day
-- is the click's date in the workspace's time zone, as days since
-- 1970-01-01; changing the zone rebuilds the workspace's rows in the
-- transaction that changes it. clicks and unique_clicks leave bots out;
-- bots counts them apart. The rows of the clicks already stored are
-- built when this migration is applied (the store does it in Go, in
-- the migration's transaction: the zone's offsets are not SQL's).
CREATE TABLE click_days (
	workspace_id  BIGINT NOT NULL REFERENCES workspaces(id),
	day           BIGINT NOT NULL,
	link_id       BIGINT NOT NULL,
	clicks        BIGINT NOT NULL,
	unique_clicks BIGINT NOT NULL,
	bots          BIGINT NOT NULL,
	PRIMARY KEY (workspace_id, day, link_id)
);
