-- What the traffic page counts of clicks, summed per link and day like
-- click_days and kept the same way (in the transaction that writes the
-- clicks, rebuilt when the zone changes, built here from the clicks
-- already stored): per facet — 'device', 'referrer' (the host) and
-- 'hour' (the hour of day in the workspace's zone, 0–23, as text) —
-- and value, the counted clicks and the bots.
CREATE TABLE click_facets (
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id),
	facet        TEXT   NOT NULL,
	day          BIGINT NOT NULL,
	link_id      BIGINT NOT NULL,
	value        TEXT   NOT NULL,
	clicks       BIGINT NOT NULL,
	bots         BIGINT NOT NULL,
	PRIMARY KEY (workspace_id, facet, day, link_id, value)
);
