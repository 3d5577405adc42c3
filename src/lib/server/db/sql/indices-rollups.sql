-- The indices page's rollups (tables: migration 0022_index_rollups; meaning: schema/index-rollups.ts).
-- Current state: this file is applied after the migrations on every start (db/current-state.ts).
-- indices/rollups.ts writes the same figures as queries over the raw rows; rollups.test.ts
-- compares the two on random data, on both databases.
--
-- The rules written here are those of their owners, which the test pins:
--   a counted rating: ratings.counted and no active exclusion (ratings/counted.ts);
--   a citizen's case: complaints.kind <> 'internal' (complaints/regimes.ts, citizenCaseFilter);
--   TT 01 indicators 1–4 per dossier (indices/tt01.ts, written as SQL in tt01-queries.ts);
--   the month of a dossier: its completion's local month; of a rating: its press's local month.

CREATE OR REPLACE FUNCTION hl_local_month(ts timestamptz) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT date_trunc('month', hl_local(ts))::date
$$;

-- ---- QĐ 766: completed dossiers with a dissatisfied rating or a citizen's case ---------------------

-- Recomputes the given dossiers' row from the raw rows: present when completed and flagged, absent
-- otherwise, written only when it changed.
CREATE OR REPLACE FUNCTION rollup_766_refresh(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	IF ids IS NULL OR cardinality(ids) = 0 THEN
		RETURN;
	END IF;
	WITH cur AS (
		SELECT d.id AS dossier_id, d.unit_id, hl_local_month(d.completed_at) AS month, d.completed_at > d.due_at AS late,
			EXISTS (
				SELECT 1 FROM ratings r
				JOIN rating_scale_levels l ON l.scale_id = r.scale_id AND l.level = r.level AND l.class = 'dissatisfied'
				WHERE r.dossier_id = d.id AND r.counted
					AND NOT EXISTS (SELECT 1 FROM rating_exclusions x WHERE x.rating_id = r.id AND x.revoked_at IS NULL)
			) AS dissatisfied,
			EXISTS (SELECT 1 FROM complaints k WHERE k.dossier_id = d.id AND k.kind <> 'internal') AS petitioned
		FROM dossiers d
		WHERE d.id = ANY (ids) AND d.completed_at IS NOT NULL
	), gone AS (
		DELETE FROM rollup_766_dossier f
		WHERE f.dossier_id = ANY (ids)
			AND NOT EXISTS (SELECT 1 FROM cur WHERE cur.dossier_id = f.dossier_id AND (cur.dissatisfied OR cur.petitioned))
	)
	INSERT INTO rollup_766_dossier AS f (dossier_id, unit_id, month, late, dissatisfied, petitioned)
	SELECT dossier_id, unit_id, month, late, dissatisfied, petitioned FROM cur WHERE dissatisfied OR petitioned
	ORDER BY dossier_id
	ON CONFLICT (dossier_id) DO UPDATE SET
		unit_id = excluded.unit_id, month = excluded.month, late = excluded.late,
		dissatisfied = excluded.dissatisfied, petitioned = excluded.petitioned
	WHERE (f.unit_id, f.month, f.late, f.dissatisfied, f.petitioned)
		IS DISTINCT FROM (excluded.unit_id, excluded.month, excluded.late, excluded.dissatisfied, excluded.petitioned);
END;
$$;

-- rollup_766_unit_month follows rollup_766_dossier.
CREATE OR REPLACE FUNCTION rollup_766_dossier_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	src text;
BEGIN
	IF TG_OP = 'INSERT' THEN
		src := 'SELECT *, 1 AS sign FROM new_rows';
	ELSIF TG_OP = 'DELETE' THEN
		src := 'SELECT *, -1 AS sign FROM old_rows';
	ELSE
		src := 'SELECT *, -1 AS sign FROM old_rows UNION ALL SELECT *, 1 FROM new_rows';
	END IF;
	EXECUTE format($q$
		INSERT INTO rollup_766_unit_month AS t (unit_id, month, dissatisfied, petitioned, flagged_on_time)
		SELECT unit_id, month, sum(sign * dissatisfied::int), sum(sign * petitioned::int), sum(sign * (NOT late)::int)
		FROM (%s) c
		GROUP BY 1, 2
		ORDER BY 1, 2
		ON CONFLICT (unit_id, month) DO UPDATE SET
			dissatisfied = t.dissatisfied + excluded.dissatisfied,
			petitioned = t.petitioned + excluded.petitioned,
			flagged_on_time = t.flagged_on_time + excluded.flagged_on_time$q$, src);
	RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS rollup_766_dossier_insert ON rollup_766_dossier;
CREATE TRIGGER rollup_766_dossier_insert AFTER INSERT ON rollup_766_dossier
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_766_dossier_changed();
DROP TRIGGER IF EXISTS rollup_766_dossier_update ON rollup_766_dossier;
CREATE TRIGGER rollup_766_dossier_update AFTER UPDATE ON rollup_766_dossier
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_766_dossier_changed();
DROP TRIGGER IF EXISTS rollup_766_dossier_delete ON rollup_766_dossier;
CREATE TRIGGER rollup_766_dossier_delete AFTER DELETE ON rollup_766_dossier
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_766_dossier_changed();

-- ---- SIPAS answers -------------------------------------------------------------------------------------

-- The statement adding `sign` × the counted answers (values 1–5) of the ratings `src` selects. A
-- statement, not a function doing it: a trigger's transition tables are visible to the trigger
-- function's own statements only, so the trigger EXECUTEs it.
CREATE OR REPLACE FUNCTION rollup_answers_statement(src text, sign integer) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
	SELECT format($q$
		INSERT INTO rollup_answers_unit_month AS t (unit_id, month, key, scale_id, level, answers)
		SELECT r.unit_id, hl_local_month(r.pressed_at), a.key, r.scale_id, a.value::smallint, %2$s * count(*)
		FROM (%1$s) r
		CROSS JOIN LATERAL jsonb_each_text(r.answers) a
		WHERE r.answers IS NOT NULL AND jsonb_typeof(r.answers) = 'object' AND r.counted AND a.value ~ '^[1-5]$'
		GROUP BY 1, 2, 3, 4, 5
		ORDER BY 1, 2, 3, 4, 5
		ON CONFLICT (unit_id, month, key, scale_id, level) DO UPDATE SET answers = t.answers + excluded.answers$q$, src, sign)
$f$;

-- ---- ratings and exclusions ---------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION rollup_indices_ratings_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM rollup_766_refresh(ARRAY(
		SELECT DISTINCT n.dossier_id FROM new_rows n
		JOIN rating_scale_levels l ON l.scale_id = n.scale_id AND l.level = n.level AND l.class = 'dissatisfied'
		WHERE n.dossier_id IS NOT NULL AND n.counted));
	IF EXISTS (SELECT 1 FROM new_rows WHERE answers IS NOT NULL AND counted) THEN
		EXECUTE rollup_answers_statement('SELECT * FROM new_rows', 1);
	END IF;
	RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS ratings_indices_rollup ON ratings;
CREATE TRIGGER ratings_indices_rollup AFTER INSERT ON ratings
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_indices_ratings_inserted();

-- Exclusions: rollup_exclusions_changed (rollups.sql) adjusts these rollups too, from the one
-- removed/restored computation; the separate trigger of the first version is dropped.
DROP TRIGGER IF EXISTS rating_exclusions_indices_rollup_insert ON rating_exclusions;
DROP TRIGGER IF EXISTS rating_exclusions_indices_rollup_update ON rating_exclusions;
DROP TRIGGER IF EXISTS rating_exclusions_indices_rollup_delete ON rating_exclusions;
DROP FUNCTION IF EXISTS rollup_indices_exclusions_changed();

-- ---- complaints ------------------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION rollup_indices_complaints_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	ids bigint[];
BEGIN
	IF TG_OP = 'INSERT' THEN
		ids := ARRAY(SELECT DISTINCT dossier_id FROM new_rows WHERE dossier_id IS NOT NULL);
	ELSIF TG_OP = 'DELETE' THEN
		ids := ARRAY(SELECT DISTINCT dossier_id FROM old_rows WHERE dossier_id IS NOT NULL);
	ELSE
		ids := ARRAY(
			SELECT o.dossier_id FROM old_rows o JOIN new_rows n ON n.id = o.id
			WHERE o.dossier_id IS NOT NULL AND (o.dossier_id, o.kind) IS DISTINCT FROM (n.dossier_id, n.kind)
			UNION
			SELECT n.dossier_id FROM new_rows n JOIN old_rows o ON o.id = n.id
			WHERE n.dossier_id IS NOT NULL AND (o.dossier_id, o.kind) IS DISTINCT FROM (n.dossier_id, n.kind));
	END IF;
	PERFORM rollup_766_refresh(ids);
	RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS complaints_indices_rollup_insert ON complaints;
CREATE TRIGGER complaints_indices_rollup_insert AFTER INSERT ON complaints
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_indices_complaints_changed();
DROP TRIGGER IF EXISTS complaints_indices_rollup_update ON complaints;
CREATE TRIGGER complaints_indices_rollup_update AFTER UPDATE ON complaints
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_indices_complaints_changed();
DROP TRIGGER IF EXISTS complaints_indices_rollup_delete ON complaints;
CREATE TRIGGER complaints_indices_rollup_delete AFTER DELETE ON complaints
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_indices_complaints_changed();

-- ---- dossiers: TT 01 tallies and the 766 rows of completed dossiers ------------------------------------

-- The statements adding the TT 01 per-dossier tallies of the dossiers `src` selects (with a `sign`
-- column); EXECUTEd by the caller (transition tables, as above).
-- Indicator 1: 0 late, 1 on the due day, 2 before it; 2 = 1 when one agency handled the dossier;
-- 3 from the extra visits (0 → 2, 1 → 1, more → 0); 4 from the agencies (≤ 1 → 2, 2 → 1, more → 0);
-- NULL facts are no data (Thông tư 01/2018/TT-VPCP, Phụ lục; indices/tt01.ts cites each).
CREATE OR REPLACE FUNCTION rollup_tt01_statements(src text) RETURNS text[] LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
	points text := format($q$
		SELECT unit_id, procedure_id, receiving_officer_id, returning_officer_id, hl_local_month(completed_at) AS month, sign,
			p1, CASE WHEN agencies_count = 1 THEN p1 END AS p2,
			CASE WHEN extra_visits IS NULL THEN NULL WHEN extra_visits = 0 THEN 2 WHEN extra_visits = 1 THEN 1 ELSE 0 END AS p3,
			CASE WHEN agencies_count IS NULL THEN NULL WHEN agencies_count <= 1 THEN 2 WHEN agencies_count = 2 THEN 1 ELSE 0 END AS p4
		FROM (%s) d
		CROSS JOIN LATERAL (SELECT CASE WHEN d.completed_at > d.due_at THEN 0
			WHEN hl_local(d.completed_at)::date = hl_local(d.due_at)::date THEN 1 ELSE 2 END AS p1) x
		WHERE completed_at IS NOT NULL$q$, src);
	sums text := 'sum(sign), sum(sign * (p1 >= 1)::int),
			sum(sign), sum(sign * p1),
			sum(sign * (p2 IS NOT NULL)::int), sum(sign * coalesce(p2, 0)),
			sum(sign * (p3 IS NOT NULL)::int), sum(sign * coalesce(p3, 0)),
			sum(sign * (p4 IS NOT NULL)::int), sum(sign * coalesce(p4, 0))';
	sets text := 'dossiers = t.dossiers + excluded.dossiers, on_time = t.on_time + excluded.on_time,
			n1 = t.n1 + excluded.n1, s1 = t.s1 + excluded.s1, n2 = t.n2 + excluded.n2, s2 = t.s2 + excluded.s2,
			n3 = t.n3 + excluded.n3, s3 = t.s3 + excluded.s3, n4 = t.n4 + excluded.n4, s4 = t.s4 + excluded.s4';
BEGIN
	RETURN ARRAY[format($q$
		INSERT INTO rollup_tt01_unit_month AS t (unit_id, procedure_id, month, dossiers, on_time, n1, s1, n2, s2, n3, s3, n4, s4)
		SELECT unit_id, procedure_id, month, %2$s FROM (%1$s) p
		GROUP BY 1, 2, 3
		ORDER BY 1, 2, 3
		ON CONFLICT (unit_id, procedure_id, month) DO UPDATE SET %3$s$q$, points, sums, sets),
	-- an officer who both received and returned a dossier counts it once
	format($q$
		INSERT INTO rollup_tt01_officer_month AS t (officer_id, unit_id, month, dossiers, on_time, n1, s1, n2, s2, n3, s3, n4, s4)
		SELECT officer_id, unit_id, month, %2$s FROM (
			SELECT receiving_officer_id AS officer_id, p.* FROM (%1$s) p WHERE receiving_officer_id IS NOT NULL
			UNION ALL
			SELECT returning_officer_id, p.* FROM (%1$s) p
			WHERE returning_officer_id IS NOT NULL AND returning_officer_id IS DISTINCT FROM receiving_officer_id
		) o
		GROUP BY 1, 2, 3
		ORDER BY 1, 2, 3
		ON CONFLICT (officer_id, unit_id, month) DO UPDATE SET %3$s$q$, points, sums, sets)];
END;
$$;

CREATE OR REPLACE FUNCTION rollup_indices_dossiers_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	stmt text;
	tt01 text := '(o.unit_id, o.procedure_id, o.completed_at, o.due_at, o.receiving_officer_id, o.returning_officer_id, o.agencies_count, o.extra_visits)
		IS DISTINCT FROM (n.unit_id, n.procedure_id, n.completed_at, n.due_at, n.receiving_officer_id, n.returning_officer_id, n.agencies_count, n.extra_visits)';
BEGIN
	IF TG_OP = 'INSERT' THEN
		-- a new dossier has no ratings or cases yet (they reference it): no 766 row to compute
		FOREACH stmt IN ARRAY rollup_tt01_statements('SELECT *, 1 AS sign FROM new_rows WHERE completed_at IS NOT NULL') LOOP
			EXECUTE stmt;
		END LOOP;
	ELSIF TG_OP = 'DELETE' THEN
		FOREACH stmt IN ARRAY rollup_tt01_statements('SELECT *, -1 AS sign FROM old_rows WHERE completed_at IS NOT NULL') LOOP
			EXECUTE stmt;
		END LOOP;
		DELETE FROM rollup_766_dossier WHERE dossier_id IN (SELECT id FROM old_rows);
	ELSE
		IF EXISTS (SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id
			WHERE (o.completed_at IS NOT NULL OR n.completed_at IS NOT NULL) AND (
				(o.unit_id, o.procedure_id, o.completed_at, o.due_at, o.receiving_officer_id, o.returning_officer_id, o.agencies_count, o.extra_visits)
				IS DISTINCT FROM (n.unit_id, n.procedure_id, n.completed_at, n.due_at, n.receiving_officer_id, n.returning_officer_id, n.agencies_count, n.extra_visits))) THEN
			FOREACH stmt IN ARRAY rollup_tt01_statements(format('SELECT o.*, -1 AS sign FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE o.completed_at IS NOT NULL AND %1$s
				UNION ALL SELECT n.*, 1 FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.completed_at IS NOT NULL AND %1$s', tt01)) LOOP
				EXECUTE stmt;
			END LOOP;
			PERFORM rollup_766_refresh(ARRAY(
				SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
				WHERE (o.completed_at IS NOT NULL OR n.completed_at IS NOT NULL)
					AND (o.unit_id, o.completed_at, o.due_at) IS DISTINCT FROM (n.unit_id, n.completed_at, n.due_at)));
		END IF;
	END IF;
	RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS dossiers_indices_rollup_insert ON dossiers;
CREATE TRIGGER dossiers_indices_rollup_insert AFTER INSERT ON dossiers
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_indices_dossiers_changed();
DROP TRIGGER IF EXISTS dossiers_indices_rollup_update ON dossiers;
CREATE TRIGGER dossiers_indices_rollup_update AFTER UPDATE ON dossiers
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_indices_dossiers_changed();
DROP TRIGGER IF EXISTS dossiers_indices_rollup_delete ON dossiers;
CREATE TRIGGER dossiers_indices_rollup_delete AFTER DELETE ON dossiers
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_indices_dossiers_changed();

-- ---- rebuild ----------------------------------------------------------------------------------------------

-- Recomputes every indices rollup from the raw rows (after a bulk load with the rollup triggers off,
-- or to repair); records it in rollup_builds.
CREATE OR REPLACE FUNCTION rollup_indices_rebuild() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	stmt text;
BEGIN
	DELETE FROM rollup_766_dossier;
	DELETE FROM rollup_766_unit_month;
	DELETE FROM rollup_tt01_unit_month;
	DELETE FROM rollup_tt01_officer_month;
	DELETE FROM rollup_answers_unit_month;
	-- set-based: the flagged dossiers are found from the ratings' and cases' side
	INSERT INTO rollup_766_dossier (dossier_id, unit_id, month, late, dissatisfied, petitioned)
	SELECT d.id, d.unit_id, hl_local_month(d.completed_at), d.completed_at > d.due_at, f.dissatisfied, f.petitioned
	FROM (
		SELECT dossier_id, bool_or(dissatisfied) AS dissatisfied, bool_or(petitioned) AS petitioned FROM (
			SELECT DISTINCT r.dossier_id, true AS dissatisfied, false AS petitioned
			FROM ratings r JOIN rating_scale_levels l ON l.scale_id = r.scale_id AND l.level = r.level AND l.class = 'dissatisfied'
			WHERE r.dossier_id IS NOT NULL AND r.counted
				AND NOT EXISTS (SELECT 1 FROM rating_exclusions x WHERE x.rating_id = r.id AND x.revoked_at IS NULL)
			UNION ALL
			SELECT DISTINCT k.dossier_id, false, true FROM complaints k WHERE k.dossier_id IS NOT NULL AND k.kind <> 'internal'
		) e GROUP BY dossier_id
	) f
	JOIN dossiers d ON d.id = f.dossier_id
	WHERE d.completed_at IS NOT NULL
	ORDER BY d.id;
	-- summed here, not by the trigger (a bulk load may have it disabled)
	DELETE FROM rollup_766_unit_month;
	INSERT INTO rollup_766_unit_month (unit_id, month, dissatisfied, petitioned, flagged_on_time)
	SELECT unit_id, month, count(*) FILTER (WHERE dissatisfied), count(*) FILTER (WHERE petitioned), count(*) FILTER (WHERE NOT late)
	FROM rollup_766_dossier GROUP BY 1, 2;
	FOREACH stmt IN ARRAY rollup_tt01_statements('SELECT *, 1 AS sign FROM dossiers WHERE completed_at IS NOT NULL') LOOP
		EXECUTE stmt;
	END LOOP;
	EXECUTE rollup_answers_statement('SELECT r.* FROM ratings r WHERE r.answers IS NOT NULL
		AND NOT EXISTS (SELECT 1 FROM rating_exclusions x WHERE x.rating_id = r.id AND x.revoked_at IS NULL)', 1);
	INSERT INTO rollup_builds (name, built_at) VALUES ('indices', now())
	ON CONFLICT (name) DO UPDATE SET built_at = excluded.built_at;
END;
$$;

-- A database that had dossiers before these rollups existed gets them computed once.
DO $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM rollup_builds WHERE name = 'indices') THEN
		PERFORM rollup_indices_rebuild();
	END IF;
END;
$$;
