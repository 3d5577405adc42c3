-- rollup_unit_day (schema/rollups.ts): the rating and service triggers of 0005 now also keep it,
-- dossiers get triggers of their own, and existing data is counted in once here.

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
	INSERT INTO rollup_unit_day AS t (unit_id, day, ratings, satisfied, neutral, dissatisfied)
	SELECT r.unit_id, hl_local(r.pressed_at)::date,
		sign * count(*),
		sign * count(*) FILTER (WHERE l.class = 'satisfied'),
		sign * count(*) FILTER (WHERE l.class = 'neutral'),
		sign * count(*) FILTER (WHERE l.class = 'dissatisfied')
	FROM ratings r JOIN rating_scale_levels l ON l.scale_id = r.scale_id AND l.level = r.level
	WHERE r.id = ANY(ids) AND r.counted
	GROUP BY 1, 2
	ORDER BY 1, 2
	ON CONFLICT (unit_id, day) DO UPDATE SET
		ratings = t.ratings + excluded.ratings,
		satisfied = t.satisfied + excluded.satisfied,
		neutral = t.neutral + excluded.neutral,
		dissatisfied = t.dissatisfied + excluded.dissatisfied;
$$;--> statement-breakpoint

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
$$;--> statement-breakpoint

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
$$;--> statement-breakpoint
CREATE TRIGGER dossiers_rollup_insert AFTER INSERT ON dossiers
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_dossiers_changed();--> statement-breakpoint
CREATE TRIGGER dossiers_rollup_update AFTER UPDATE ON dossiers
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_dossiers_changed();--> statement-breakpoint
CREATE TRIGGER dossiers_rollup_delete AFTER DELETE ON dossiers
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_dossiers_changed();--> statement-breakpoint

INSERT INTO rollup_unit_day (unit_id, day, services, ratings, satisfied, neutral, dissatisfied, received, completed, on_time)
SELECT unit_id, day, sum(services), sum(ratings), sum(satisfied), sum(neutral), sum(dissatisfied), sum(received), sum(completed), sum(on_time)
FROM (
	SELECT unit_id, day, services, ratings, satisfied, neutral, dissatisfied, 0 AS received, 0 AS completed, 0 AS on_time FROM rollup_officer_day
	UNION ALL
	SELECT unit_id, hl_local(received_at)::date, 0, 0, 0, 0, 0, 1, 0, 0 FROM dossiers
	UNION ALL
	SELECT unit_id, hl_local(completed_at)::date, 0, 0, 0, 0, 0, 0, 1, (completed_at <= due_at)::int FROM dossiers WHERE completed_at IS NOT NULL
) x
GROUP BY 1, 2;
