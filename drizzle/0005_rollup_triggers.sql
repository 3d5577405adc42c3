-- Rollups are maintained in the transaction that changes the raw rows (see schema/rollups.ts).
-- Statement-level triggers with transition tables: one aggregated upsert per INSERT statement,
-- so a batch of 500 ratings costs two upserts, not a thousand.

-- Vietnam local time: UTC+7 all year (no daylight saving since 1975).
CREATE OR REPLACE FUNCTION hl_local(ts timestamptz) RETURNS timestamp LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT ($1 AT TIME ZONE 'UTC') + interval '7 hours'
$$;--> statement-breakpoint

-- Adds sign × the given ratings (only the counted ones) to both rollups. Rows are upserted in key
-- order so concurrent transactions lock them in the same order (no deadlocks between batches).
CREATE OR REPLACE FUNCTION rollup_add_ratings(ids bigint[], sign integer) RETURNS void LANGUAGE sql AS $$
	INSERT INTO rollup_officer_day AS t (unit_id, day, officer_id, stage, ratings, satisfied, neutral, dissatisfied, level1, level2, level3, level4, level5)
	SELECT r.unit_id, hl_local(r.pressed_at)::date, r.officer_id, r.stage,
		sign * count(*),
		sign * count(*) FILTER (WHERE l.class = 'satisfied'),
		sign * count(*) FILTER (WHERE l.class = 'neutral'),
		sign * count(*) FILTER (WHERE l.class = 'dissatisfied'),
		sign * count(*) FILTER (WHERE r.level = 1),
		sign * count(*) FILTER (WHERE r.level = 2),
		sign * count(*) FILTER (WHERE r.level = 3),
		sign * count(*) FILTER (WHERE r.level = 4),
		sign * count(*) FILTER (WHERE r.level = 5)
	FROM ratings r JOIN rating_scale_levels l ON l.scale_id = r.scale_id AND l.level = r.level
	WHERE r.id = ANY(ids) AND r.counted
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
		level5 = t.level5 + excluded.level5;
	INSERT INTO rollup_unit_hour AS t (unit_id, day, hour, ratings, satisfied, neutral, dissatisfied)
	SELECT r.unit_id, hl_local(r.pressed_at)::date, extract(hour FROM hl_local(r.pressed_at))::smallint,
		sign * count(*),
		sign * count(*) FILTER (WHERE l.class = 'satisfied'),
		sign * count(*) FILTER (WHERE l.class = 'neutral'),
		sign * count(*) FILTER (WHERE l.class = 'dissatisfied')
	FROM ratings r JOIN rating_scale_levels l ON l.scale_id = r.scale_id AND l.level = r.level
	WHERE r.id = ANY(ids) AND r.counted
	GROUP BY 1, 2, 3
	ORDER BY 1, 2, 3
	ON CONFLICT (unit_id, day, hour) DO UPDATE SET
		ratings = t.ratings + excluded.ratings,
		satisfied = t.satisfied + excluded.satisfied,
		neutral = t.neutral + excluded.neutral,
		dissatisfied = t.dissatisfied + excluded.dissatisfied;
$$;--> statement-breakpoint

CREATE OR REPLACE FUNCTION rollup_ratings_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM rollup_add_ratings(ARRAY(SELECT id FROM new_rows WHERE counted), 1);
	RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER ratings_rollup AFTER INSERT ON ratings
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_ratings_inserted();--> statement-breakpoint

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
	RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER rating_exclusions_rollup_insert AFTER INSERT ON rating_exclusions
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_exclusions_changed();--> statement-breakpoint
CREATE TRIGGER rating_exclusions_rollup_update AFTER UPDATE ON rating_exclusions
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_exclusions_changed();--> statement-breakpoint
CREATE TRIGGER rating_exclusions_rollup_delete AFTER DELETE ON rating_exclusions
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_exclusions_changed();--> statement-breakpoint

-- Services: counted by the local day they opened. Their officer, unit, stage and opening time
-- are facts of the service and never change (closing one only sets closed_at).
CREATE OR REPLACE FUNCTION rollup_services_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		INSERT INTO rollup_officer_day AS t (unit_id, day, officer_id, stage, services)
		SELECT unit_id, hl_local(opened_at)::date, officer_id, stage, count(*)
		FROM new_rows GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
		ON CONFLICT (unit_id, day, officer_id, stage) DO UPDATE SET services = t.services + excluded.services;
	ELSE
		INSERT INTO rollup_officer_day AS t (unit_id, day, officer_id, stage, services)
		SELECT unit_id, hl_local(opened_at)::date, officer_id, stage, -count(*)
		FROM old_rows GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
		ON CONFLICT (unit_id, day, officer_id, stage) DO UPDATE SET services = t.services + excluded.services;
	END IF;
	RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER service_events_rollup_insert AFTER INSERT ON service_events
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_services_changed();--> statement-breakpoint
CREATE TRIGGER service_events_rollup_delete AFTER DELETE ON service_events
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_services_changed();--> statement-breakpoint

CREATE OR REPLACE FUNCTION refuse_service_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'a service event''s officer, unit, stage and opening time cannot change (close it and open another)'
		USING ERRCODE = 'insufficient_privilege';
END;
$$;--> statement-breakpoint
CREATE TRIGGER service_events_fixed_facts BEFORE UPDATE ON service_events
	FOR EACH ROW WHEN (OLD.officer_id IS DISTINCT FROM NEW.officer_id OR OLD.unit_id IS DISTINCT FROM NEW.unit_id
		OR OLD.stage IS DISTINCT FROM NEW.stage OR OLD.opened_at IS DISTINCT FROM NEW.opened_at)
	EXECUTE FUNCTION refuse_service_rewrite();
