-- rating_marks (schema/rollups.ts): the ratings a manipulation detector must look at one by one,
-- marked as they arrive. The rules are the detectors' own (src/lib/server/rules.ts); the
-- detectors apply the exact calendar and counts to these candidates.

-- Before 07:00 or from 17:30 local time (OFFICE_HOURS), or on a Saturday or Sunday; the
-- out-of-hours detector applies the exact calendar (holidays, make-up working days) to these.
CREATE OR REPLACE FUNCTION hl_off_hours(ts timestamptz) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT extract(hour FROM hl_local(ts)) * 60 + extract(minute FROM hl_local(ts)) NOT BETWEEN {{OFFICE_OPEN_MINUTE}} AND {{OFFICE_LAST_MINUTE}}
		OR extract(isodow FROM hl_local(ts)) IN (6, 7)
$$;

-- A device press at a counter the device was not bound to at press time.
CREATE OR REPLACE FUNCTION hl_foreign_press(device integer, counter integer, at timestamptz) RETURNS boolean LANGUAGE sql STABLE AS $$
	SELECT device IS NOT NULL AND counter IS NOT NULL AND NOT EXISTS (
		SELECT 1 FROM device_bindings b WHERE b.device_id = device AND b.counter_id = counter
			AND b.bound_at <= at AND (b.unbound_at IS NULL OR at < b.unbound_at))
$$;

-- New ratings: their own marks, then bursts (a press of the same device within the burst window,
-- either side) marked on both sides. A transaction-scoped lock per device makes two concurrent
-- batches of one device see each other: the second waits for the first to commit, then finds its
-- presses. Burst marks are written once per rating: each new press looks at its nearest neighbour
-- either side, and a press already marked is left alone (a device pressed many times a second
-- would otherwise rewrite hundreds of marked rows per press); flags/marks.test.ts compares the
-- marks with a recomputation from raw rows.
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
			AND o.pressed_at BETWEEN n.pressed_at - interval '{{BURST_WINDOW_SECONDS}} seconds' AND n.pressed_at AND (o.pressed_at, o.id) < (n.pressed_at, n.id)
			ORDER BY o.pressed_at DESC LIMIT 1) before_at ON true
		LEFT JOIN LATERAL (SELECT max(o.id) AS id FROM ratings o WHERE o.device_id = n.device_id
			AND o.pressed_at = before_at.pressed_at AND (o.pressed_at, o.id) < (n.pressed_at, n.id)) prev ON true
		LEFT JOIN LATERAL (SELECT o.pressed_at FROM ratings o WHERE o.device_id = n.device_id
			AND o.pressed_at BETWEEN n.pressed_at AND n.pressed_at + interval '{{BURST_WINDOW_SECONDS}} seconds' AND (o.pressed_at, o.id) > (n.pressed_at, n.id)
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

DROP TRIGGER IF EXISTS ratings_marks ON ratings;
CREATE TRIGGER ratings_marks AFTER INSERT ON ratings
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_marks_ratings_inserted();

-- A device's bindings changed: its ratings' foreign-device marks are decided again.
CREATE OR REPLACE FUNCTION rollup_marks_bindings_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	devs integer[];
BEGIN
	IF TG_OP = 'INSERT' THEN
		SELECT array_agg(DISTINCT device_id) INTO devs FROM new_rows;
	ELSIF TG_OP = 'DELETE' THEN
		SELECT array_agg(DISTINCT device_id) INTO devs FROM old_rows;
	ELSE
		SELECT array_agg(DISTINCT device_id) INTO devs FROM (SELECT device_id FROM new_rows UNION SELECT device_id FROM old_rows) d;
	END IF;
	IF devs IS NULL THEN
		RETURN NULL;
	END IF;
	UPDATE rating_marks m SET foreign_device = false WHERE m.foreign_device AND m.device_id = ANY(devs);
	INSERT INTO rating_marks AS m (rating_id, pressed_at, counter_id, device_id, officer_id, unit_id, counted, foreign_device)
	SELECT r.id, r.pressed_at, r.counter_id, r.device_id, r.officer_id, r.unit_id, r.counted, true FROM ratings r
	WHERE r.device_id = ANY(devs) AND hl_foreign_press(r.device_id, r.counter_id, r.pressed_at)
	ORDER BY r.id
	ON CONFLICT (rating_id) DO UPDATE SET foreign_device = true;
	RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS device_bindings_marks_insert ON device_bindings;
CREATE TRIGGER device_bindings_marks_insert AFTER INSERT ON device_bindings
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_marks_bindings_changed();

DROP TRIGGER IF EXISTS device_bindings_marks_update ON device_bindings;
CREATE TRIGGER device_bindings_marks_update AFTER UPDATE ON device_bindings
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_marks_bindings_changed();

DROP TRIGGER IF EXISTS device_bindings_marks_delete ON device_bindings;
CREATE TRIGGER device_bindings_marks_delete AFTER DELETE ON device_bindings
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_marks_bindings_changed();
