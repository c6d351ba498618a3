-- Amazon reports come in more shapes than one number per day.
--
-- An Associates summary (Earnings by Tracking ID, Fee-Tracking) covers a
-- period with no day in it. It is stored as one block: `date` is the
-- period's first day and `ends` its last; a day's row has `ends` = ''.
-- A block is never spread over days (README, Amazon): reports count it
-- whole or not at all. The importer refuses a block that overlaps other
-- numbers of the same tag, so nothing is counted twice.
ALTER TABLE amazon_daily ADD COLUMN ends TEXT NOT NULL DEFAULT '';

-- Associates: ordered revenue stays in `sales`; shipped and returned
-- items and revenue are kept apart (cents), and the bonus is the part of
-- earnings Amazon pays as a bonus.
ALTER TABLE amazon_daily ADD COLUMN items_returned BIGINT NOT NULL DEFAULT 0;
ALTER TABLE amazon_daily ADD COLUMN shipped_revenue BIGINT NOT NULL DEFAULT 0;
ALTER TABLE amazon_daily ADD COLUMN returned_revenue BIGINT NOT NULL DEFAULT 0;
ALTER TABLE amazon_daily ADD COLUMN bonus BIGINT NOT NULL DEFAULT 0;

-- Attribution: the Brand Referral Bonus Amazon reported (brb_bonus_amount,
-- cents); NULL when the report did not say, and the workspace rate
-- estimates it.
ALTER TABLE amazon_daily ADD COLUMN brb_bonus BIGINT;
