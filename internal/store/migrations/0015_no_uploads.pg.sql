-- Uploaded files no longer wait in the database (they hold customers'
-- e-mails): the dashboard keeps them in temporary files.
DROP TABLE uploads;
