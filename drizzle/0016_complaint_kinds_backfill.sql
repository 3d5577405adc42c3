-- Cases the system opened itself for a late dossier without an apology slip are internal cases,
-- not citizens' petitions (issue 14, item 5). Only the new column is set; nothing else changes.
UPDATE "complaints" SET "kind" = 'internal' WHERE "channel" = 'late_dossier' AND "kind" = 'petition';
