-- PostgreSQL's click log (on SQLite the log is a file of its own beside
-- the database): clicks are durable here the moment a redirect answers,
-- and the loader moves them into clicks in batches, deleting them from
-- here in the same transaction. seq orders them; the index serves the
-- check that an order's click id exists before its click is loaded.
CREATE TABLE click_log (
	seq          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	workspace_id BIGINT NOT NULL,
	click_id     TEXT   NOT NULL,
	link_id      BIGINT NOT NULL,
	time         BIGINT NOT NULL,
	visitor      TEXT   NOT NULL,
	prev_visitor TEXT   NOT NULL,
	referrer     TEXT   NOT NULL,
	device       TEXT   NOT NULL,
	bot          BIGINT NOT NULL
);
CREATE INDEX click_log_click ON click_log (workspace_id, click_id);
