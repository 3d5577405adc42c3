-- The rating insert trigger ran its three rollup statements through EXECUTE, planned again for
-- every batch. The same statements written out (sign +1, the transition table as the source) are
-- planned once per connection; rollup_rating_statements still serves exclusions and revocations.
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
$$;
