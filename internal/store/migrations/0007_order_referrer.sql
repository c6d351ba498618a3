-- The host an order's buyer came from, so that redemptions arriving from
-- coupon sites can be found.

ALTER TABLE orders ADD COLUMN referrer TEXT NOT NULL DEFAULT '';
