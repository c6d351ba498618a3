-- A refund event keeps its amount, so the refunded total of an order is
-- the sum of its refund events — never one refund counted twice, whatever
-- order the deliveries arrive in.
ALTER TABLE webhook_events ADD COLUMN refund_order TEXT NOT NULL DEFAULT '';
ALTER TABLE webhook_events ADD COLUMN refund_amount BIGINT NOT NULL DEFAULT 0;
