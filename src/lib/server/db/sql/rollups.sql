-- Rollups are kept in the transaction that changes the raw rows (see schema/rollups.ts), by
-- statement-level triggers with transition tables: one aggregated upsert per statement, so a
-- batch of 500 ratings costs a few upserts, not a thousand. Rows are upserted in key order so
-- concurrent transactions lock them in the same order (no deadlocks between batches).
-- dashboards/rollups.ts defines each rollup as a plain query; dashboards/rollups.test.ts checks
-- the kept rows against it on both databases.

-- The four rating upserts for a row source (SQL text) and a sign: exclusions and revocations run
-- them with the ratings by id as the source, sign ±1. Counted ratings per officer-day are split by
-- source for the device-against-QR detector; per counter-day only the ratings that name a counter
-- count (a QR rating from a phone may name none).
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
		dissatisfied = t.dissatisfied + excluded.dissatisfied$q$, src, sign),
		format($q$INSERT INTO rollup_counter_day AS t (unit_id, day, counter_id, ratings, satisfied, neutral, dissatisfied)
	SELECT r.unit_id, hl_local(r.pressed_at)::date, r.counter_id,
		%2$s * count(*),
		%2$s * count(*) FILTER (WHERE l.class = 'satisfied'),
		%2$s * count(*) FILTER (WHERE l.class = 'neutral'),
		%2$s * count(*) FILTER (WHERE l.class = 'dissatisfied')
	FROM (%1$s) r JOIN rating_scale_levels l ON l.scale_id = r.scale_id AND l.level = r.level
	WHERE r.counted AND r.counter_id IS NOT NULL
	GROUP BY 1, 2, 3
	ORDER BY 1, 2, 3
	ON CONFLICT (unit_id, day, counter_id) DO UPDATE SET
		ratings = t.ratings + excluded.ratings,
		satisfied = t.satisfied + excluded.satisfied,
		neutral = t.neutral + excluded.neutral,
		dissatisfied = t.dissatisfied + excluded.dissatisfied$q$, src, sign)
	]
$f$;

-- Adds sign × the given ratings (only the counted ones) to the rollups.
CREATE OR REPLACE FUNCTION rollup_add_ratings(ids bigint[], sign integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	stmt text;
BEGIN
	FOREACH stmt IN ARRAY rollup_rating_statements(format('SELECT * FROM ratings WHERE id = ANY(%L::bigint[])', ids), sign) LOOP
		EXECUTE stmt;
	END LOOP;
END;
$$;

-- The rating insert trigger: the same statements, with the transition table as the source and
-- sign +1, written into the function's body here rather than run through EXECUTE per batch, so
-- PL/pgSQL plans them once per connection (the ingest path; bench:api). One definition for both
-- paths: the body is generated from rollup_rating_statements every time this file is applied.
DO $gen$
BEGIN
	EXECUTE format(
		'CREATE OR REPLACE FUNCTION rollup_ratings_inserted() RETURNS trigger LANGUAGE plpgsql AS %L',
		E'BEGIN\n' || array_to_string(rollup_rating_statements('SELECT * FROM new_rows', 1), E';\n') || E';\n\tRETURN NULL;\nEND;'
	);
END;
$gen$;

DROP TRIGGER IF EXISTS ratings_rollup ON ratings;
CREATE TRIGGER ratings_rollup AFTER INSERT ON ratings
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_ratings_inserted();

-- An active exclusion takes its rating out of the counts; revoking (or deleting) it puts it back.
CREATE OR REPLACE FUNCTION rollup_exclusions_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	removed bigint[];
	restored bigint[];
BEGIN
	IF TG_OP = 'INSERT' THEN
		removed := ARRAY(SELECT rating_id FROM new_rows WHERE revoked_at IS NULL);
		restored := '{}';
	ELSIF TG_OP = 'UPDATE' THEN
		removed := ARRAY(SELECT n.rating_id FROM new_rows n JOIN old_rows o ON o.id = n.id
			WHERE n.revoked_at IS NULL AND (o.revoked_at IS NOT NULL OR o.rating_id <> n.rating_id));
		restored := ARRAY(SELECT o.rating_id FROM old_rows o JOIN new_rows n ON n.id = o.id
			WHERE o.revoked_at IS NULL AND (n.revoked_at IS NOT NULL OR o.rating_id <> n.rating_id));
	ELSE
		removed := '{}';
		restored := ARRAY(SELECT rating_id FROM old_rows WHERE revoked_at IS NULL);
	END IF;
	IF cardinality(removed) > 0 THEN PERFORM rollup_add_ratings(removed, -1); END IF;
	IF cardinality(restored) > 0 THEN PERFORM rollup_add_ratings(restored, 1); END IF;
	-- the indices page's month rollups (indices-rollups.sql): SIPAS answers and the QĐ 766 rows
	IF cardinality(removed) > 0 THEN
		EXECUTE rollup_answers_statement(format('SELECT * FROM ratings WHERE id = ANY(%L::bigint[])', removed), -1);
	END IF;
	IF cardinality(restored) > 0 THEN
		EXECUTE rollup_answers_statement(format('SELECT * FROM ratings WHERE id = ANY(%L::bigint[])', restored), 1);
	END IF;
	PERFORM rollup_766_refresh(ARRAY(SELECT DISTINCT dossier_id FROM ratings WHERE id = ANY (removed || restored) AND dossier_id IS NOT NULL));
	RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS rating_exclusions_rollup_insert ON rating_exclusions;
CREATE TRIGGER rating_exclusions_rollup_insert AFTER INSERT ON rating_exclusions
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_exclusions_changed();

DROP TRIGGER IF EXISTS rating_exclusions_rollup_update ON rating_exclusions;
CREATE TRIGGER rating_exclusions_rollup_update AFTER UPDATE ON rating_exclusions
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_exclusions_changed();

DROP TRIGGER IF EXISTS rating_exclusions_rollup_delete ON rating_exclusions;
CREATE TRIGGER rating_exclusions_rollup_delete AFTER DELETE ON rating_exclusions
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_exclusions_changed();

-- Services: counted by the local day they opened (their facts never change: append-only.sql).
CREATE OR REPLACE FUNCTION rollup_services_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	src text := CASE WHEN TG_OP = 'INSERT' THEN 'SELECT *, 1 AS sign FROM new_rows' ELSE 'SELECT *, -1 AS sign FROM old_rows' END;
BEGIN
	EXECUTE format($q$
		INSERT INTO rollup_officer_day AS t (unit_id, day, officer_id, stage, services)
		SELECT unit_id, hl_local(opened_at)::date, officer_id, stage, sum(sign)
		FROM (%1$s) e GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
		ON CONFLICT (unit_id, day, officer_id, stage) DO UPDATE SET services = t.services + excluded.services
	$q$, src);
	EXECUTE format($q$
		INSERT INTO rollup_unit_day AS t (unit_id, day, services)
		SELECT unit_id, hl_local(opened_at)::date, sum(sign)
		FROM (%1$s) e GROUP BY 1, 2 ORDER BY 1, 2
		ON CONFLICT (unit_id, day) DO UPDATE SET services = t.services + excluded.services
	$q$, src);
	RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS service_events_rollup_insert ON service_events;
CREATE TRIGGER service_events_rollup_insert AFTER INSERT ON service_events
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_services_changed();

DROP TRIGGER IF EXISTS service_events_rollup_delete ON service_events;
CREATE TRIGGER service_events_rollup_delete AFTER DELETE ON service_events
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_services_changed();

-- Dossiers count once on the day received and, when completed, on the day completed (on time when
-- completed_at <= due_at). An update moves a dossier's counts only when one of those facts changed.
CREATE OR REPLACE FUNCTION rollup_dossiers_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	changed text := '(o.unit_id, o.received_at, o.completed_at, o.due_at) IS DISTINCT FROM (n.unit_id, n.received_at, n.completed_at, n.due_at)';
	src text;
BEGIN
	IF TG_OP = 'INSERT' THEN
		src := 'SELECT unit_id, received_at, completed_at, due_at, 1 AS sign FROM new_rows';
	ELSIF TG_OP = 'DELETE' THEN
		src := 'SELECT unit_id, received_at, completed_at, due_at, -1 AS sign FROM old_rows';
	ELSE
		src := format('SELECT o.unit_id, o.received_at, o.completed_at, o.due_at, -1 AS sign FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE %1$s
			UNION ALL SELECT n.unit_id, n.received_at, n.completed_at, n.due_at, 1 FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE %1$s', changed);
	END IF;
	EXECUTE format($q$
		INSERT INTO rollup_unit_day AS t (unit_id, day, received, completed, on_time)
		SELECT unit_id, day, sum(received), sum(completed), sum(on_time) FROM (
			SELECT unit_id, hl_local(received_at)::date AS day, sign AS received, 0 AS completed, 0 AS on_time FROM (%1$s) d
			UNION ALL
			SELECT unit_id, hl_local(completed_at)::date, 0, sign, CASE WHEN completed_at <= due_at THEN sign ELSE 0 END
			FROM (%1$s) d WHERE completed_at IS NOT NULL
		) x
		GROUP BY 1, 2
		HAVING sum(received) <> 0 OR sum(completed) <> 0 OR sum(on_time) <> 0
		ORDER BY 1, 2
		ON CONFLICT (unit_id, day) DO UPDATE SET
			received = t.received + excluded.received,
			completed = t.completed + excluded.completed,
			on_time = t.on_time + excluded.on_time
	$q$, src);
	RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS dossiers_rollup_insert ON dossiers;
CREATE TRIGGER dossiers_rollup_insert AFTER INSERT ON dossiers
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_dossiers_changed();

DROP TRIGGER IF EXISTS dossiers_rollup_update ON dossiers;
CREATE TRIGGER dossiers_rollup_update AFTER UPDATE ON dossiers
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_dossiers_changed();

DROP TRIGGER IF EXISTS dossiers_rollup_delete ON dossiers;
CREATE TRIGGER dossiers_rollup_delete AFTER DELETE ON dossiers
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_dossiers_changed();

-- rollup_counter_day came after ratings (drizzle/0025): the ratings already stored are counted in
-- once, here, in the transaction that re-created ratings_rollup above. DROP TRIGGER holds ratings'
-- exclusive lock until this file commits, so no rating is written between the count and the
-- trigger that keeps it from then on.
DO $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM rollup_builds WHERE name = 'counter_day') THEN
		DELETE FROM rollup_counter_day;
		-- the exclusion path's counter statement (the fourth above), over every stored rating not excluded
		EXECUTE (rollup_rating_statements('SELECT r.* FROM ratings r
			WHERE NOT EXISTS (SELECT 1 FROM rating_exclusions x WHERE x.rating_id = r.id AND x.revoked_at IS NULL)', 1))[4];
		INSERT INTO rollup_builds (name, built_at) VALUES ('counter_day', now());
	END IF;
END;
$$;
