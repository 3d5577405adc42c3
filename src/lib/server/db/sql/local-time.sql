-- Time helpers shared by the rollups, the rating marks and the webhook payloads.

-- Vietnam local time: UTC+7 all year (no daylight saving since 1975). A fixed offset rather than
-- the zone name keeps the function IMMUTABLE (usable in expressions the planner folds).
CREATE OR REPLACE FUNCTION hl_local(ts timestamptz) RETURNS timestamp LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT ($1 AT TIME ZONE 'UTC') + interval '{{VIETNAM_OFFSET_HOURS}} hours'
$$;

-- An instant as ISO 8601 in UTC with milliseconds, as the webhook payloads carry it.
CREATE OR REPLACE FUNCTION hl_iso(ts timestamptz) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;
