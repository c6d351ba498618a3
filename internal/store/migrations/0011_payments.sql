-- What an order's buyer has paid, refunds by their own ids, and Stripe's
-- promotion-code ids.
--
-- payment is 'paid', 'pending' or 'void' (README, "Payment status"): only
-- paid orders count, and pending ones too where the workspace says so
-- (count_pending: cash on delivery); void orders are kept and never count.
-- status is the platform's own word, for the audit trail.
ALTER TABLE orders ADD COLUMN payment TEXT NOT NULL DEFAULT 'paid';
ALTER TABLE orders ADD COLUMN status TEXT NOT NULL DEFAULT '';
ALTER TABLE workspaces ADD COLUMN count_pending INTEGER NOT NULL DEFAULT 0;

-- One row per refund, keyed by the id the platform gives it in the signed
-- body (a delivery id is not signed, so it cannot keep a replay out). An
-- order's refunded amount is the sum of its refunds, at most its revenue.
CREATE TABLE refunds (
	id           {{pk}},
	workspace_id BIGINT  NOT NULL REFERENCES workspaces(id),
	source       TEXT    NOT NULL,
	refund_id    TEXT    NOT NULL,
	order_id     TEXT    NOT NULL, -- the order's external id
	amount       BIGINT  NOT NULL, -- cents, the product part
	UNIQUE (workspace_id, source, refund_id)
);
CREATE INDEX refunds_order ON refunds (workspace_id, source, order_id);

-- Refunds taken before, known only by their delivery.
INSERT INTO refunds (workspace_id, source, refund_id, order_id, amount)
	SELECT workspace_id, provider, 'delivery:' || event_id, refund_order, refund_amount
	FROM webhook_events WHERE refund_order <> '' AND refund_amount > 0;

-- Stripe names a promotion code by its id (promo_…) on a checkout session;
-- the code a creator shares is learnt from promotion_code events. An order
-- keeps the ids it redeemed whose codes were not known yet, so a code learnt
-- later is still credited.
ALTER TABLE orders ADD COLUMN promotion_ids TEXT NOT NULL DEFAULT '';
CREATE TABLE stripe_promotion_codes (
	id             {{pk}},
	workspace_id   BIGINT  NOT NULL REFERENCES workspaces(id),
	promotion_code TEXT    NOT NULL,
	code           TEXT    NOT NULL,
	UNIQUE (workspace_id, promotion_code)
);
