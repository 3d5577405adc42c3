CREATE TABLE "rating_marks" (
	"rating_id" bigint PRIMARY KEY NOT NULL,
	"pressed_at" timestamp with time zone NOT NULL,
	"counter_id" integer,
	"device_id" integer,
	"officer_id" integer,
	"unit_id" integer,
	"counted" boolean DEFAULT false NOT NULL,
	"no_service" boolean DEFAULT false NOT NULL,
	"burst" boolean DEFAULT false NOT NULL,
	"off_hours" boolean DEFAULT false NOT NULL,
	"foreign_device" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
ALTER TABLE "rollup_officer_day" ADD COLUMN "device_ratings" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "rollup_officer_day" ADD COLUMN "device_satisfied" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "rollup_officer_day" ADD COLUMN "qr_ratings" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "rollup_officer_day" ADD COLUMN "qr_satisfied" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "rating_marks_no_service_idx" ON "rating_marks" USING btree ("pressed_at") WHERE "no_service";--> statement-breakpoint
CREATE INDEX "rating_marks_burst_idx" ON "rating_marks" USING btree ("pressed_at") WHERE "burst";--> statement-breakpoint
CREATE INDEX "rating_marks_off_hours_idx" ON "rating_marks" USING btree ("pressed_at") WHERE "off_hours";--> statement-breakpoint
CREATE INDEX "rating_marks_foreign_device_idx" ON "rating_marks" USING btree ("pressed_at") WHERE "foreign_device";--> statement-breakpoint
-- Counted ratings per officer-day split by source: the device-against-QR detector reads these
-- instead of every rating. Exclusions and revocations still build their statements here (the
-- ratings by id as the source, sign ±1); inserts use the static copy below.
CREATE OR REPLACE FUNCTION rollup_rating_statements(src text, sign integer) RETURNS text[] LANGUAGE sql IMMUTABLE AS $f$
	SELECT ARRAY[
		format($q$INSERT INTO rollup_officer_day AS t (unit_id, day, officer_id, stage, ratings, satisfied, neutral, dissatisfied, level1, level2, level3, level4, level5, device_ratings, device_satisfied, qr_ratings, qr_satisfied)
	SELECT r.unit_id, hl_local(r.pressed_at)::date, r.officer_id, r.stage,
		%2$s * count(*),
		%2$s * count(*) FILTER (WHERE l.class = 'satisfied'),
		%2$s * count(*) FILTER (WHERE l.class = 'neutral'),
		%2$s * count(*) FILTER (WHERE l.class = 'dissatisfied'),
		%2$s * count(*) FILTER (WHERE r.level = 1),
		%2$s * count(*) FILTER (WHERE r.level = 2),
		%2$s * count(*) FILTER (WHERE r.level = 3),
		%2$s * count(*) FILTER (WHERE r.level = 4),
		%2$s * count(*) FILTER (WHERE r.level = 5),
		%2$s * count(*) FILTER (WHERE r.source IN ('tablet', 'button_box')),
		%2$s * count(*) FILTER (WHERE r.source IN ('tablet', 'button_box') AND l.class = 'satisfied'),
		%2$s * count(*) FILTER (WHERE r.source = 'qr'),
		%2$s * count(*) FILTER (WHERE r.source = 'qr' AND l.class = 'satisfied')
	FROM (%1$s) r JOIN rating_scale_levels l ON l.scale_id = r.scale_id AND l.level = r.level
	WHERE r.counted
	GROUP BY 1, 2, 3, 4
	ORDER BY 1, 2, 3, 4
	ON CONFLICT (unit_id, day, officer_id, stage) DO UPDATE SET
		ratings = t.ratings + excluded.ratings,
		satisfied = t.satisfied + excluded.satisfied,
		neutral = t.neutral + excluded.neutral,
		dissatisfied = t.dissatisfied + excluded.dissatisfied,
		level1 = t.level1 + excluded.level1,
		level2 = t.level2 + excluded.level2,
		level3 = t.level3 + excluded.level3,
		level4 = t.level4 + excluded.level4,
		level5 = t.level5 + excluded.level5,
		device_ratings = t.device_ratings + excluded.device_ratings,
		device_satisfied = t.device_satisfied + excluded.device_satisfied,
		qr_ratings = t.qr_ratings + excluded.qr_ratings,
		qr_satisfied = t.qr_satisfied + excluded.qr_satisfied$q$, src, sign),
		format($q$INSERT INTO rollup_unit_hour AS t (unit_id, day, hour, ratings, satisfied, neutral, dissatisfied)
	SELECT r.unit_id, hl_local(r.pressed_at)::date, extract(hour FROM hl_local(r.pressed_at))::smallint,
		%2$s * count(*),
		%2$s * count(*) FILTER (WHERE l.class = 'satisfied'),
		%2$s * count(*) FILTER (WHERE l.class = 'neutral'),
		%2$s * count(*) FILTER (WHERE l.class = 'dissatisfied')
	FROM (%1$s) r JOIN rating_scale_levels l ON l.scale_id = r.scale_id AND l.level = r.level
	WHERE r.counted
	GROUP BY 1, 2, 3
	ORDER BY 1, 2, 3
	ON CONFLICT (unit_id, day, hour) DO UPDATE SET
		ratings = t.ratings + excluded.ratings,
		satisfied = t.satisfied + excluded.satisfied,
		neutral = t.neutral + excluded.neutral,
		dissatisfied = t.dissatisfied + excluded.dissatisfied$q$, src, sign),
		format($q$INSERT INTO rollup_unit_day AS t (unit_id, day, ratings, satisfied, neutral, dissatisfied)
	SELECT r.unit_id, hl_local(r.pressed_at)::date,
		%2$s * count(*),
		%2$s * count(*) FILTER (WHERE l.class = 'satisfied'),
		%2$s * count(*) FILTER (WHERE l.class = 'neutral'),
		%2$s * count(*) FILTER (WHERE l.class = 'dissatisfied')
	FROM (%1$s) r JOIN rating_scale_levels l ON l.scale_id = r.scale_id AND l.level = r.level
	WHERE r.counted
	GROUP BY 1, 2
	ORDER BY 1, 2
	ON CONFLICT (unit_id, day) DO UPDATE SET
		ratings = t.ratings + excluded.ratings,
		satisfied = t.satisfied + excluded.satisfied,
		neutral = t.neutral + excluded.neutral,
		dissatisfied = t.dissatisfied + excluded.dissatisfied$q$, src, sign)
	]
$f$;--> statement-breakpoint
-- The existing rows gain their source split (counted = accepted and not excluded).
UPDATE rollup_officer_day t SET device_ratings = x.dn, device_satisfied = x.ds, qr_ratings = x.qn, qr_satisfied = x.qs
FROM (
	SELECT r.unit_id, hl_local(r.pressed_at)::date AS day, r.officer_id, r.stage,
		count(*) FILTER (WHERE r.source IN ('tablet', 'button_box')) AS dn,
		count(*) FILTER (WHERE r.source IN ('tablet', 'button_box') AND l.class = 'satisfied') AS ds,
		count(*) FILTER (WHERE r.source = 'qr') AS qn,
		count(*) FILTER (WHERE r.source = 'qr' AND l.class = 'satisfied') AS qs
	FROM ratings r JOIN rating_scale_levels l ON l.scale_id = r.scale_id AND l.level = r.level
	WHERE r.counted AND r.source <> 'web'
		AND NOT EXISTS (SELECT 1 FROM rating_exclusions x WHERE x.rating_id = r.id AND x.revoked_at IS NULL)
	GROUP BY 1, 2, 3, 4
) x
WHERE t.unit_id = x.unit_id AND t.day = x.day AND t.officer_id = x.officer_id AND t.stage = x.stage;--> statement-breakpoint
-- The rating insert trigger: the statements above written out (sign +1, the transition table as
-- the source), so they are planned once per connection instead of per batch through EXECUTE
-- (PostgreSQL CPU per rating 0.73 -> 0.59 ms in bench:api). Keep the two in step.
CREATE OR REPLACE FUNCTION rollup_ratings_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO rollup_officer_day AS t (unit_id, day, officer_id, stage, ratings, satisfied, neutral, dissatisfied, level1, level2, level3, level4, level5, device_ratings, device_satisfied, qr_ratings, qr_satisfied)
	SELECT r.unit_id, hl_local(r.pressed_at)::date, r.officer_id, r.stage,
		count(*),
		count(*) FILTER (WHERE l.class = 'satisfied'),
		count(*) FILTER (WHERE l.class = 'neutral'),
		count(*) FILTER (WHERE l.class = 'dissatisfied'),
		count(*) FILTER (WHERE r.level = 1),
		count(*) FILTER (WHERE r.level = 2),
		count(*) FILTER (WHERE r.level = 3),
		count(*) FILTER (WHERE r.level = 4),
		count(*) FILTER (WHERE r.level = 5),
		count(*) FILTER (WHERE r.source IN ('tablet', 'button_box')),
		count(*) FILTER (WHERE r.source IN ('tablet', 'button_box') AND l.class = 'satisfied'),
		count(*) FILTER (WHERE r.source = 'qr'),
		count(*) FILTER (WHERE r.source = 'qr' AND l.class = 'satisfied')
	FROM new_rows r JOIN rating_scale_levels l ON l.scale_id = r.scale_id AND l.level = r.level
	WHERE r.counted
	GROUP BY 1, 2, 3, 4
	ORDER BY 1, 2, 3, 4
	ON CONFLICT (unit_id, day, officer_id, stage) DO UPDATE SET
		ratings = t.ratings + excluded.ratings,
		satisfied = t.satisfied + excluded.satisfied,
		neutral = t.neutral + excluded.neutral,
		dissatisfied = t.dissatisfied + excluded.dissatisfied,
		level1 = t.level1 + excluded.level1,
		level2 = t.level2 + excluded.level2,
		level3 = t.level3 + excluded.level3,
		level4 = t.level4 + excluded.level4,
		level5 = t.level5 + excluded.level5,
		device_ratings = t.device_ratings + excluded.device_ratings,
		device_satisfied = t.device_satisfied + excluded.device_satisfied,
		qr_ratings = t.qr_ratings + excluded.qr_ratings,
		qr_satisfied = t.qr_satisfied + excluded.qr_satisfied;
	INSERT INTO rollup_unit_hour AS t (unit_id, day, hour, ratings, satisfied, neutral, dissatisfied)
	SELECT r.unit_id, hl_local(r.pressed_at)::date, extract(hour FROM hl_local(r.pressed_at))::smallint,
		count(*),
		count(*) FILTER (WHERE l.class = 'satisfied'),
		count(*) FILTER (WHERE l.class = 'neutral'),
		count(*) FILTER (WHERE l.class = 'dissatisfied')
	FROM new_rows r JOIN rating_scale_levels l ON l.scale_id = r.scale_id AND l.level = r.level
	WHERE r.counted
	GROUP BY 1, 2, 3
	ORDER BY 1, 2, 3
	ON CONFLICT (unit_id, day, hour) DO UPDATE SET
		ratings = t.ratings + excluded.ratings,
		satisfied = t.satisfied + excluded.satisfied,
		neutral = t.neutral + excluded.neutral,
		dissatisfied = t.dissatisfied + excluded.dissatisfied;
	INSERT INTO rollup_unit_day AS t (unit_id, day, ratings, satisfied, neutral, dissatisfied)
	SELECT r.unit_id, hl_local(r.pressed_at)::date,
		count(*),
		count(*) FILTER (WHERE l.class = 'satisfied'),
		count(*) FILTER (WHERE l.class = 'neutral'),
		count(*) FILTER (WHERE l.class = 'dissatisfied')
	FROM new_rows r JOIN rating_scale_levels l ON l.scale_id = r.scale_id AND l.level = r.level
	WHERE r.counted
	GROUP BY 1, 2
	ORDER BY 1, 2
	ON CONFLICT (unit_id, day) DO UPDATE SET
		ratings = t.ratings + excluded.ratings,
		satisfied = t.satisfied + excluded.satisfied,
		neutral = t.neutral + excluded.neutral,
		dissatisfied = t.dissatisfied + excluded.dissatisfied;
	RETURN NULL;
END;
$$;--> statement-breakpoint
-- Before 07:00 or from 17:30 local time, or on a Saturday or Sunday (OUT_OF_HOURS_RULE in
-- src/lib/server/flags/detectors.ts; the detector applies the exact calendar to these candidates).
CREATE OR REPLACE FUNCTION hl_off_hours(ts timestamptz) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT extract(hour FROM hl_local(ts)) * 60 + extract(minute FROM hl_local(ts)) NOT BETWEEN 420 AND 1049
		OR extract(isodow FROM hl_local(ts)) IN (6, 7)
$$;--> statement-breakpoint
-- A device press at a counter the device was not bound to at press time.
CREATE OR REPLACE FUNCTION hl_foreign_press(device integer, counter integer, at timestamptz) RETURNS boolean LANGUAGE sql STABLE AS $$
	SELECT device IS NOT NULL AND counter IS NOT NULL AND NOT EXISTS (
		SELECT 1 FROM device_bindings b WHERE b.device_id = device AND b.counter_id = counter
			AND b.bound_at <= at AND (b.unbound_at IS NULL OR at < b.unbound_at))
$$;--> statement-breakpoint
-- New ratings: their own marks, then bursts (BURST_RULE.windowMs = 10 s) marked on both sides.
-- A transaction-scoped lock per device makes two concurrent batches of one device see each
-- other: the second waits for the first to commit, then finds its presses.
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
CREATE TRIGGER ratings_marks AFTER INSERT ON ratings
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_marks_ratings_inserted();--> statement-breakpoint
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
$$;--> statement-breakpoint
CREATE TRIGGER device_bindings_marks_insert AFTER INSERT ON device_bindings
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_marks_bindings_changed();--> statement-breakpoint
CREATE TRIGGER device_bindings_marks_update AFTER UPDATE ON device_bindings
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_marks_bindings_changed();--> statement-breakpoint
CREATE TRIGGER device_bindings_marks_delete AFTER DELETE ON device_bindings
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_marks_bindings_changed();--> statement-breakpoint
-- The ratings already stored.
INSERT INTO rating_marks (rating_id, pressed_at, counter_id, device_id, officer_id, unit_id, counted, no_service, burst, off_hours, foreign_device)
SELECT id, pressed_at, counter_id, device_id, officer_id, unit_id, counted, no_service, burst, off_hours, foreign_device FROM (
	SELECT r.id, r.pressed_at, r.counter_id, r.device_id, r.officer_id, r.unit_id, r.counted,
		coalesce(r.not_counted_reason = 'no_service', false) AS no_service,
		coalesce(r.device_id IS NOT NULL AND (
			r.pressed_at - lag(r.pressed_at) OVER w <= interval '10 seconds' OR lead(r.pressed_at) OVER w - r.pressed_at <= interval '10 seconds'), false) AS burst,
		hl_off_hours(r.pressed_at) AS off_hours, hl_foreign_press(r.device_id, r.counter_id, r.pressed_at) AS foreign_device
	FROM ratings r
	WINDOW w AS (PARTITION BY r.device_id ORDER BY r.pressed_at)
) m
WHERE no_service OR burst OR off_hours OR foreign_device;
