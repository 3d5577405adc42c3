-- Burst marks are written once per rating. 0010's trigger upserted every press of the device
-- within 10 s of each new one, so a device pressed many times a second (a stuck or hammered
-- button, a button-box benchmark) rewrote hundreds of already-marked rows per press:
-- bench:serial fell from ~3,000 to 1,256 presses/s. Now each new press looks at its nearest
-- neighbour either side, and a press already marked as a burst is left alone; the marks are
-- the same (flags/marks.test.ts compares them with a recomputation from raw rows).
CREATE OR REPLACE FUNCTION rollup_marks_ratings_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_advisory_xact_lock(20260010, d.device_id) FROM (SELECT DISTINCT device_id FROM new_rows WHERE device_id IS NOT NULL ORDER BY 1) d;
	INSERT INTO rating_marks (rating_id, pressed_at, counter_id, device_id, officer_id, unit_id, counted, no_service, off_hours, foreign_device)
	SELECT id, pressed_at, counter_id, device_id, officer_id, unit_id, counted, no_service, off_hours, foreign_device FROM (
		SELECT n.id, n.pressed_at, n.counter_id, n.device_id, n.officer_id, n.unit_id, n.counted,
			coalesce(n.not_counted_reason = 'no_service', false) AS no_service,
			hl_off_hours(n.pressed_at) AS off_hours, hl_foreign_press(n.device_id, n.counter_id, n.pressed_at) AS foreign_device
		FROM new_rows n
	) m
	WHERE no_service OR off_hours OR foreign_device
	ORDER BY id
	ON CONFLICT (rating_id) DO NOTHING;
	-- Only the nearest press before and after each new one can need a mark: any other press
	-- within 10 s of the new one is within 10 s of that nearest one, so it is marked already.
	-- Before and after are in (pressed_at, id) order, so presses at one instant have sides too
	-- (two new presses at one instant must not hide an older press from both). Found in two
	-- steps, each an index range on (device_id, pressed_at): the nearest instant, then the
	-- nearest id at that instant (ties are rare; sorting the whole 10 s window by id is not).
	INSERT INTO rating_marks AS m (rating_id, pressed_at, counter_id, device_id, officer_id, unit_id, counted, burst)
	SELECT r.id, r.pressed_at, r.counter_id, r.device_id, r.officer_id, r.unit_id, r.counted, true FROM ratings r
	WHERE r.id IN (
		SELECT unnest(ARRAY[
			CASE WHEN prev.id IS NOT NULL OR next.id IS NOT NULL THEN n.id END, prev.id, next.id])
		FROM new_rows n
		LEFT JOIN LATERAL (SELECT o.pressed_at FROM ratings o WHERE o.device_id = n.device_id
			AND o.pressed_at BETWEEN n.pressed_at - interval '10 seconds' AND n.pressed_at AND (o.pressed_at, o.id) < (n.pressed_at, n.id)
			ORDER BY o.pressed_at DESC LIMIT 1) before_at ON true
		LEFT JOIN LATERAL (SELECT max(o.id) AS id FROM ratings o WHERE o.device_id = n.device_id
			AND o.pressed_at = before_at.pressed_at AND (o.pressed_at, o.id) < (n.pressed_at, n.id)) prev ON true
		LEFT JOIN LATERAL (SELECT o.pressed_at FROM ratings o WHERE o.device_id = n.device_id
			AND o.pressed_at BETWEEN n.pressed_at AND n.pressed_at + interval '10 seconds' AND (o.pressed_at, o.id) > (n.pressed_at, n.id)
			ORDER BY o.pressed_at LIMIT 1) after_at ON true
		LEFT JOIN LATERAL (SELECT min(o.id) AS id FROM ratings o WHERE o.device_id = n.device_id
			AND o.pressed_at = after_at.pressed_at AND (o.pressed_at, o.id) > (n.pressed_at, n.id)) next ON true
		WHERE n.device_id IS NOT NULL)
		AND NOT EXISTS (SELECT 1 FROM rating_marks x WHERE x.rating_id = r.id AND x.burst)
	ORDER BY r.id
	ON CONFLICT (rating_id) DO UPDATE SET burst = true;
	RETURN NULL;
END;
$$;
