-- The webhook outbox's writers. Each fact has one writer, a trigger on the table that records it,
-- so the outbox row commits or rolls back with the fact whatever code path stored it:
--   rating.stored     AFTER INSERT on ratings (every rating, counted or not)
--   complaint.opened  AFTER INSERT on complaint_events, kind 'created'
--   complaint.closed  AFTER INSERT on complaint_events, to_status 'resolved' or 'rejected'
-- Nothing is written while no subscriber (active or paused, not deleted) wants the type. One
-- webhook_deliveries row per wanting subscriber is written with the event.
-- Payloads hold no phone number, no name and no free text (comments, complaint descriptions):
-- ids, codes, the officer's staff number, level and class, stage, times (ISO 8601, UTC, hl_iso in
-- local-time.sql). The payload shapes are documented in src/lib/server/webhooks/payloads.ts.

CREATE OR REPLACE FUNCTION webhook_ratings_stored() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM webhook_subscribers s WHERE s.deleted_at IS NULL AND 'rating.stored' = ANY (s.events)) THEN
		RETURN NULL;
	END IF;
	WITH ev AS (
		INSERT INTO webhook_events (type, occurred_at, data)
		SELECT 'rating.stored', r.received_at, jsonb_build_object(
			'ratingId', r.id,
			'dossierCode', d.code,
			'stage', r.stage,
			'officerStaffNumber', o.staff_number,
			'unitCode', u.code,
			'level', r.level,
			'levelCount', sc.level_count,
			'class', l.class,
			'counted', r.counted,
			'notCountedReason', r.not_counted_reason,
			'source', r.source,
			'reasonCodes', to_jsonb(r.reason_codes),
			'pressedAt', hl_iso(r.pressed_at),
			'receivedAt', hl_iso(r.received_at))
		FROM new_rows r
		JOIN rating_scales sc ON sc.id = r.scale_id
		JOIN rating_scale_levels l ON l.scale_id = r.scale_id AND l.level = r.level
		LEFT JOIN dossiers d ON d.id = r.dossier_id
		LEFT JOIN officers o ON o.id = r.officer_id
		LEFT JOIN units u ON u.id = r.unit_id
		ORDER BY r.id
		RETURNING seq
	)
	INSERT INTO webhook_deliveries (event_seq, subscriber_id)
	SELECT ev.seq, s.id FROM ev CROSS JOIN webhook_subscribers s
	WHERE s.deleted_at IS NULL AND 'rating.stored' = ANY (s.events)
	ORDER BY ev.seq, s.id;
	RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS ratings_webhooks ON ratings;
CREATE TRIGGER ratings_webhooks AFTER INSERT ON ratings
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION webhook_ratings_stored();

-- complaint.opened (kind created) and complaint.closed (status changed to resolved or rejected).
CREATE OR REPLACE FUNCTION webhook_complaint_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM webhook_subscribers s WHERE s.deleted_at IS NULL AND s.events && ARRAY['complaint.opened', 'complaint.closed']) THEN
		RETURN NULL;
	END IF;
	WITH facts AS (
		SELECT e.id, e.at, e.complaint_id,
			CASE WHEN e.kind = 'created' THEN 'complaint.opened' ELSE 'complaint.closed' END AS type
		FROM new_rows e
		WHERE e.kind = 'created' OR (e.kind = 'status_changed' AND e.to_status IN ('resolved', 'rejected'))
	), ev AS (
		INSERT INTO webhook_events (type, occurred_at, data)
		SELECT f.type, f.at, jsonb_build_object(
			'complaintId', c.id,
			'complaintCode', c.code,
			'unitCode', u.code,
			'dossierCode', d.code,
			'officerStaffNumber', o.staff_number,
			'ratingId', c.rating_id,
			'channel', c.channel,
			'reasonCodes', to_jsonb(c.reason_codes),
			'status', c.status,
			'outcome', c.outcome,
			'receivedAt', hl_iso(c.received_at),
			'dueAt', hl_iso(c.due_at),
			'closedAt', hl_iso(c.closed_at))
		FROM facts f
		JOIN complaints c ON c.id = f.complaint_id
		JOIN units u ON u.id = c.unit_id
		LEFT JOIN dossiers d ON d.id = c.dossier_id
		LEFT JOIN officers o ON o.id = c.officer_id
		WHERE EXISTS (SELECT 1 FROM webhook_subscribers s WHERE s.deleted_at IS NULL AND f.type = ANY (s.events))
		ORDER BY f.id
		RETURNING seq, type
	)
	INSERT INTO webhook_deliveries (event_seq, subscriber_id)
	SELECT ev.seq, s.id FROM ev JOIN webhook_subscribers s ON s.deleted_at IS NULL AND ev.type = ANY (s.events)
	ORDER BY ev.seq, s.id;
	RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS complaint_events_webhooks ON complaint_events;
CREATE TRIGGER complaint_events_webhooks AFTER INSERT ON complaint_events
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION webhook_complaint_events();
