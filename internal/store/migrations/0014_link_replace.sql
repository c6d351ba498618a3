-- A link given to another creator, campaign or post with `lift link create
-- --replace` keeps its row, so the clicks it had stay with the creator and
-- campaign they were made for; a new row takes the slug. The old row's
-- slug becomes "<slug>~<id>" ('~' is never in a slug, so it cannot clash)
-- and replaced_at says when it stopped taking clicks. A live link has
-- replaced_at NULL.
ALTER TABLE links ADD COLUMN replaced_at BIGINT;
-- Finds the links that once had a slug (store.ReplacedLinksNamed).
-- sqlite {
CREATE INDEX links_replaced_slug ON links (substr(slug, 1, instr(slug, '~') - 1)) WHERE replaced_at IS NOT NULL;
-- }
-- postgres {
CREATE INDEX links_replaced_slug ON links (split_part(slug, '~', 1)) WHERE replaced_at IS NOT NULL;
-- }
