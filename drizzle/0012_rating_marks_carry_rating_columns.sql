ALTER TABLE "rating_marks" ADD COLUMN "counter_id" integer;--> statement-breakpoint
ALTER TABLE "rating_marks" ADD COLUMN "device_id" integer;--> statement-breakpoint
ALTER TABLE "rating_marks" ADD COLUMN "officer_id" integer;--> statement-breakpoint
ALTER TABLE "rating_marks" ADD COLUMN "unit_id" integer;--> statement-breakpoint
ALTER TABLE "rating_marks" ADD COLUMN "counted" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- The marks carry the rating's counter, device, officer, unit and whether it was counted, so the
-- detectors read the marks alone (no look-up of each marked rating among millions).
UPDATE rating_marks m SET counter_id = r.counter_id, device_id = r.device_id, officer_id = r.officer_id, unit_id = r.unit_id, counted = r.counted
FROM ratings r WHERE r.id = m.rating_id;--> statement-breakpoint
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
	INSERT INTO rating_marks AS m (rating_id, pressed_at, counter_id, device_id, officer_id, unit_id, counted, burst)
	SELECT r.id, r.pressed_at, r.counter_id, r.device_id, r.officer_id, r.unit_id, r.counted, true FROM ratings r
	WHERE r.id IN (
		SELECT unnest(ARRAY[n.id, o.id]) FROM new_rows n JOIN ratings o ON o.device_id = n.device_id AND o.id <> n.id
			AND o.pressed_at BETWEEN n.pressed_at - interval '10 seconds' AND n.pressed_at + interval '10 seconds'
		WHERE n.device_id IS NOT NULL)
	ORDER BY r.id
	ON CONFLICT (rating_id) DO UPDATE SET burst = true;
	RETURN NULL;
END;
$$;--> statement-breakpoint
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
