-- Whether a cost's date was given. A cost without one is stored on its
-- campaign's first day, but a report over part of the campaign spreads
-- it over the campaign's days. Costs stored before this column existed
-- keep counting on their date; importing the costs file again marks
-- those that had none.

ALTER TABLE costs ADD COLUMN dated INTEGER NOT NULL DEFAULT 1;
