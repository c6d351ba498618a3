-- Every order's credits under the default model and window (last touch,
-- 30 days), kept by the store in the transaction of every write that can
-- change them (see credits.go): one row per credited touch, with its share
-- in parts of a billion, what it resolves to, and the net revenue it is
-- credited to the cent. An order without a row is unattributed (or void,
-- or refunded in full). The rows of the orders already stored are made
-- when this migration is applied, in its transaction.
CREATE TABLE order_credits (
	workspace_id BIGINT  NOT NULL REFERENCES workspaces(id),
	order_id     BIGINT  NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
	seq          INTEGER NOT NULL,
	creator_id   BIGINT  NOT NULL,
	campaign_id  BIGINT  NOT NULL,
	post_id      BIGINT  NOT NULL DEFAULT 0,
	link_id      BIGINT  NOT NULL DEFAULT 0,
	reason       TEXT    NOT NULL,
	ref          TEXT    NOT NULL,
	parts        BIGINT  NOT NULL,
	credited     BIGINT  NOT NULL,
	click_time   BIGINT  NOT NULL DEFAULT 0,
	click_bot    INTEGER NOT NULL DEFAULT 0,
	new_customer INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (order_id, seq)
);
CREATE INDEX order_credits_workspace ON order_credits (workspace_id);
-- The orders of a customer, which the credits of each of them depend on.
CREATE INDEX orders_customer ON orders (workspace_id, customer);
