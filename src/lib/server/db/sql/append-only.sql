-- Raw ratings, case histories and the audit log are append-only for every role:
-- corrections are new, attributed rows (rating_exclusions, complaint_events), never rewrites.
CREATE OR REPLACE FUNCTION refuse_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'table % is append-only: % refused', TG_TABLE_NAME, TG_OP
		USING ERRCODE = 'insufficient_privilege';
END;
$$;

DROP TRIGGER IF EXISTS ratings_append_only ON ratings;
CREATE TRIGGER ratings_append_only BEFORE UPDATE OR DELETE ON ratings
	FOR EACH ROW EXECUTE FUNCTION refuse_rewrite();

DROP TRIGGER IF EXISTS ratings_no_truncate ON ratings;
CREATE TRIGGER ratings_no_truncate BEFORE TRUNCATE ON ratings
	FOR EACH STATEMENT EXECUTE FUNCTION refuse_rewrite();

DROP TRIGGER IF EXISTS complaint_events_append_only ON complaint_events;
CREATE TRIGGER complaint_events_append_only BEFORE UPDATE OR DELETE ON complaint_events
	FOR EACH ROW EXECUTE FUNCTION refuse_rewrite();

DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
	FOR EACH ROW EXECUTE FUNCTION refuse_rewrite();

DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log;
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
	FOR EACH STATEMENT EXECUTE FUNCTION refuse_rewrite();

-- A service event is closed by setting closed_at; its officer, unit, stage and opening time are
-- facts the rollups counted it under and never change.
CREATE OR REPLACE FUNCTION refuse_service_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'a service event''s officer, unit, stage and opening time cannot change (close it and open another)'
		USING ERRCODE = 'insufficient_privilege';
END;
$$;

DROP TRIGGER IF EXISTS service_events_fixed_facts ON service_events;
CREATE TRIGGER service_events_fixed_facts BEFORE UPDATE ON service_events
	FOR EACH ROW WHEN (OLD.officer_id IS DISTINCT FROM NEW.officer_id OR OLD.unit_id IS DISTINCT FROM NEW.unit_id
		OR OLD.stage IS DISTINCT FROM NEW.stage OR OLD.opened_at IS DISTINCT FROM NEW.opened_at)
	EXECUTE FUNCTION refuse_service_rewrite();
