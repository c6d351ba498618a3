-- The columns of an imported file that its kind does not read, one per
-- line, so that the import history still shows a column a platform
-- renamed.

ALTER TABLE imports ADD COLUMN ignored TEXT NOT NULL DEFAULT '';
