-- The insert trigger used to look its new ratings up again by id; on a large table without fresh
-- statistics (PGlite never analyses) that look-up could scan the table once per batch. The
-- statements are now built for a row source: the transition table itself on insert, the
-- excluded or restored ratings by id for exclusions.
CREATE OR REPLACE FUNCTION rollup_rating_statements(src text, sign integer) RETURNS text[] LANGUAGE sql IMMUTABLE AS $f$
	SELECT ARRAY[
		format($q$INSERT INTO rollup_officer_day AS t (unit_id, day, officer_id, stage, ratings, satisfied, neutral, dissatisfied, level1, level2, level3, level4, level5)
	SELECT r.unit_id, hl_local(r.pressed_at)::date, r.officer_id, r.stage,
		%2$s * count(*),
		%2$s * count(*) FILTER (WHERE l.class = 'satisfied'),
		%2$s * count(*) FILTER (WHERE l.class = 'neutral'),
		%2$s * count(*) FILTER (WHERE l.class = 'dissatisfied'),
		%2$s * count(*) FILTER (WHERE r.level = 1),
		%2$s * count(*) FILTER (WHERE r.level = 2),
		%2$s * count(*) FILTER (WHERE r.level = 3),
		%2$s * count(*) FILTER (WHERE r.level = 4),
		%2$s * count(*) FILTER (WHERE r.level = 5)
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
		level5 = t.level5 + excluded.level5$q$, src, sign),
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

CREATE OR REPLACE FUNCTION rollup_add_ratings(ids bigint[], sign integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	stmt text;
BEGIN
	FOREACH stmt IN ARRAY rollup_rating_statements(format('SELECT * FROM ratings WHERE id = ANY(%L::bigint[])', ids), sign) LOOP
		EXECUTE stmt;
	END LOOP;
END;
$$;--> statement-breakpoint

CREATE OR REPLACE FUNCTION rollup_ratings_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	stmt text;
BEGIN
	FOREACH stmt IN ARRAY rollup_rating_statements('SELECT * FROM new_rows', 1) LOOP
		EXECUTE stmt;
	END LOOP;
	RETURN NULL;
END;
$$;
