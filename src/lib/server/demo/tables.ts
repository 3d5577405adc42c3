/**
 * Column lists of the tables the generator writes, in dependency order (a table only points
 * to tables above it). Rows are arrays in these column orders. Ids are assigned by the
 * generator so rows can refer to each other without a round trip; the identity sequences are
 * moved past them at the end.
 */
import type { TableSpec } from './writer';

const t = (name: string, ...columns: string[]): TableSpec => ({ name, columns });

export const T = {
	units: t(
		'units',
		'id',
		'parent_id',
		'code',
		'name_vi',
		'name_en',
		'level',
		'path',
		'dissolved_at',
		'created_at'
	),
	fields: t('fields', 'id', 'code', 'name_vi', 'name_en'),
	procedures: t(
		'procedures',
		'id',
		'code',
		'name_vi',
		'name_en',
		'field_id',
		'handling_days',
		'mode',
		'online_level',
		'posted_at_desk',
		'published_online'
	),
	serviceCentres: t('service_centres', 'id', 'unit_id', 'code', 'name_vi', 'name_en', 'address'),
	counters: t('counters', 'id', 'centre_id', 'code', 'name_vi', 'name_en'),
	counterFields: t('counter_fields', 'counter_id', 'field_id'),
	officers: t('officers', 'id', 'staff_number', 'full_name', 'created_at'),
	officerAssignments: t(
		'officer_assignments',
		'id',
		'officer_id',
		'unit_id',
		'position_vi',
		'position_en',
		'started_at',
		'ended_at'
	),
	users: t('users', 'id', 'username', 'display_name', 'password_hash', 'officer_id', 'created_at'),
	userRoles: t('user_roles', 'id', 'user_id', 'role', 'unit_id', 'granted_at'),
	ratingScales: t(
		'rating_scales',
		'id',
		'code',
		'version',
		'level_count',
		'name_vi',
		'name_en',
		'active',
		'created_at'
	),
	ratingScaleLevels: t('rating_scale_levels', 'scale_id', 'level', 'label_vi', 'label_en', 'class'),
	devices: t(
		'devices',
		'id',
		'uid',
		'kind',
		'label',
		'firmware',
		'boot_count',
		'buttons',
		'last_seen_at',
		'created_at'
	),
	deviceBindings: t('device_bindings', 'id', 'device_id', 'counter_id', 'bound_at', 'unbound_at'),
	citizenContacts: t(
		'citizen_contacts',
		'id',
		'phone',
		'consent_text_version',
		'consented_at',
		'erased_at',
		'erasure_reason'
	),
	dossiers: t(
		'dossiers',
		'id',
		'province_id',
		'unit_id',
		'code',
		'procedure_id',
		'channel',
		'status',
		'received_at',
		'due_at',
		'completed_at',
		'returned_at',
		'receiving_officer_id',
		'returning_officer_id',
		'extra_visits',
		'agencies_count',
		'updated_at'
	),
	dossierLateNotices: t(
		'dossier_late_notices',
		'id',
		'dossier_id',
		'kind',
		'document_number',
		'issued_at',
		'new_due_at',
		'note',
		'created_at'
	),
	serviceEvents: t(
		'service_events',
		'id',
		'dossier_id',
		'counter_id',
		'officer_id',
		'unit_id',
		'stage',
		'opened_at',
		'closed_at',
		'origin'
	),
	counterShifts: t('counter_shifts', 'id', 'counter_id', 'officer_id', 'started_at', 'ended_at'),
	ratings: t(
		'ratings',
		'id',
		'idempotency_key',
		'scale_id',
		'level',
		'source',
		'pressed_at',
		'received_at',
		'device_id',
		'service_event_id',
		'counter_id',
		'officer_id',
		'unit_id',
		'dossier_id',
		'stage',
		'reason_codes',
		'comment',
		'contact_id',
		'counted',
		'not_counted_reason',
		'answers'
	),
	complaints: t(
		'complaints',
		'id',
		'code',
		'unit_id',
		'officer_id',
		'dossier_id',
		'rating_id',
		'channel',
		'reason_codes',
		'description',
		'contact_id',
		'status',
		'outcome',
		'assignee_id',
		'received_at',
		'due_at',
		'closed_at'
	),
	complaintEvents: t(
		'complaint_events',
		'id',
		'complaint_id',
		'at',
		'actor_id',
		'kind',
		'from_status',
		'to_status',
		'note'
	),
	settings: t('settings', 'key', 'value', 'updated_at'),
	auditLog: t('audit_log', 'id', 'at', 'action', 'target_type', 'detail')
} as const;

/** Every table above in write order. */
export const TABLE_ORDER: TableSpec[] = Object.values(T);

/** Tables with a generated-by-default identity `id` the generator fills itself. */
export const ID_TABLES: TableSpec[] = TABLE_ORDER.filter((x) => x.columns[0] === 'id');
