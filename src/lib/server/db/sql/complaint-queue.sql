-- The complaint sweep's queue (issue 17 item 3, issue 18 item 1): every dissatisfied rating of a
-- unit is queued in the transaction that stores it; complaints/store.ts sweepRatings drains the
-- queue with SELECT … FOR UPDATE SKIP LOCKED and applies the auto-open rules. Nothing is kept
-- in a process's memory, so any number of app processes share the sweep and a crash loses
-- nothing (the rows stay queued until a sweep commits the cases they open).
CREATE OR REPLACE FUNCTION complaint_queue_ratings_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO complaint_rating_queue (rating_id)
	SELECT n.id FROM new_rows n
	JOIN rating_scale_levels l ON l.scale_id = n.scale_id AND l.level = n.level
	WHERE l.class = 'dissatisfied' AND n.unit_id IS NOT NULL
	ON CONFLICT DO NOTHING;
	RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS complaint_queue_ratings_inserted ON ratings;
CREATE TRIGGER complaint_queue_ratings_inserted AFTER INSERT ON ratings
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION complaint_queue_ratings_inserted();
