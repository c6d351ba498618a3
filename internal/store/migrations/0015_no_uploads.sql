-- Uploaded files no longer wait in the database (they hold customers'
-- e-mails): the dashboard keeps them in temporary files. secure_delete
-- overwrites the freed pages, so no e-mail survives in them.
-- sqlite {
PRAGMA secure_delete = ON;
DELETE FROM uploads;
-- }
DROP TABLE uploads;
-- sqlite {
PRAGMA secure_delete = OFF;
-- }
