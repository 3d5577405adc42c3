import { DOSSIER_CODE_PATTERN } from '$lib/dossier-code';
import { EXCLUSION_REASONS, LEVEL_CLASSES, NOT_COUNTED_REASONS, RATING_SOURCES, REASON_CODES, STAGES, COMPLAINT_CHANNELS, COMPLAINT_OUTCOMES, COMPLAINT_STATUSES } from '../db/schema';
import { errorResponse, instant, integration, jsonBody, ref, unauthorised, type Json, type OpenApiDocument, type SchemaObject } from '../openapi/kit';
import { EXAMPLES } from './payloads';
import { HEADERS } from './signature';

/**
 * Ratings fed back, in the OpenAPI document (merged by dossiers/openapi.ts): the read API for a
 * dossier's ratings, and the webhooks (OpenAPI 3.1 `webhooks`) with their bodies and headers.
 * Written by hand: they are what the app sends (payloads.ts; the outbox's triggers build them),
 * which no zod schema parses; outbox.test.ts checks real deliveries against these schemas.
 */

const nullable = (schema: SchemaObject): SchemaObject => ({ ...schema, type: [String(schema.type), 'null'] });
const codes = (values: readonly string[]) => ({ type: ['array', 'null'], items: { type: 'string', enum: [...values] } });

export const ratingsReadSchemas: Record<string, SchemaObject> = {
	DossierRating: {
		type: 'object',
		required: ['ratingId', 'stage', 'officerStaffNumber', 'level', 'levelCount', 'class', 'counted', 'notCountedReason', 'exclusion', 'pressedAt', 'receivedAt'],
		properties: {
			ratingId: { type: 'integer' },
			stage: { type: ['string', 'null'], enum: [...STAGES, null], description: 'receiving (tiếp nhận) or returning (trả kết quả).' },
			officerStaffNumber: { type: ['string', 'null'], description: 'The officer who served: their staff number (never a name).' },
			unitCode: { type: ['string', 'null'] },
			level: { type: 'integer', minimum: 1, maximum: 5, description: '1 is the most satisfied level of the scale.' },
			levelCount: { type: 'integer', minimum: 3, maximum: 5 },
			class: { type: 'string', enum: [...LEVEL_CLASSES] },
			labelVi: { type: 'string', description: 'The level’s label as the citizen saw it, e.g. “Hài lòng”.' },
			labelEn: { type: 'string' },
			counted: { type: 'boolean', description: 'Counts in scores now: counted when it arrived and not excluded since.' },
			notCountedReason: { type: ['string', 'null'], enum: [...NOT_COUNTED_REASONS, null], description: 'Why it did not count when it arrived (a repeat press, no service open…).' },
			exclusion: {
				type: ['object', 'null'],
				required: ['reason', 'at'],
				properties: { reason: { type: 'string', enum: [...EXCLUSION_REASONS] }, at: instant('When a reviewer excluded it.') },
				description: 'A reviewer’s exclusion in force, if any (the note is not sent).'
			},
			source: { type: 'string', enum: [...RATING_SOURCES] },
			reasonCodes: codes(REASON_CODES),
			pressedAt: instant('When the citizen rated.'),
			receivedAt: instant('When the server stored it.')
		}
	},
	DossierRatings: {
		type: 'object',
		required: ['dossierCode', 'ratings'],
		properties: { dossierCode: { type: 'string' }, ratings: { type: 'array', items: ref('DossierRating') } }
	}
};

const envelope = (type: string, data: string): SchemaObject => ({
	type: 'object',
	required: ['id', 'type', 'occurredAt', 'data'],
	properties: {
		id: { type: 'string', format: 'uuid', description: `The event id, also in ${HEADERS.eventId}: the same on every retry. De-duplicate on it.` },
		type: { type: 'string', const: type },
		occurredAt: instant('When the fact happened (the rating was stored; the case was opened or closed).'),
		data: ref(data)
	}
});

export const webhookSchemas: Record<string, SchemaObject> = {
	RatingStoredData: {
		type: 'object',
		description: 'No phone number, no name, no comment: ids, codes, the officer’s staff number, level and class, stage, times.',
		required: ['ratingId', 'dossierCode', 'stage', 'officerStaffNumber', 'unitCode', 'level', 'levelCount', 'class', 'counted', 'notCountedReason', 'source', 'pressedAt', 'receivedAt'],
		properties: {
			ratingId: { type: 'integer' },
			dossierCode: { type: ['string', 'null'], description: 'The dossier the rating is attributed to (MaHoSo); null when no service was open.' },
			stage: { type: ['string', 'null'], enum: [...STAGES, null] },
			officerStaffNumber: { type: ['string', 'null'] },
			unitCode: { type: ['string', 'null'] },
			level: { type: 'integer', minimum: 1, maximum: 5 },
			levelCount: { type: 'integer', minimum: 3, maximum: 5 },
			class: { type: 'string', enum: [...LEVEL_CLASSES] },
			counted: { type: 'boolean', description: 'Counted when it arrived (a later exclusion is seen in GET /api/v1/dossiers/{code}/ratings).' },
			notCountedReason: { type: ['string', 'null'], enum: [...NOT_COUNTED_REASONS, null] },
			source: { type: 'string', enum: [...RATING_SOURCES] },
			reasonCodes: codes(REASON_CODES),
			pressedAt: instant('When the citizen rated.'),
			receivedAt: instant('When the server stored it.')
		}
	},
	ComplaintData: {
		type: 'object',
		description: 'A phản ánh, kiến nghị. No phone number, no name, no description text.',
		required: ['complaintId', 'complaintCode', 'unitCode', 'channel', 'status', 'receivedAt', 'dueAt'],
		properties: {
			complaintId: { type: 'integer' },
			complaintCode: { type: 'string', description: 'The reference given to the citizen, e.g. PA-2026-000915.' },
			unitCode: { type: 'string' },
			dossierCode: { type: ['string', 'null'] },
			officerStaffNumber: { type: ['string', 'null'] },
			ratingId: { type: ['integer', 'null'], description: 'The dissatisfied rating the case was opened from, if any.' },
			channel: { type: 'string', enum: [...COMPLAINT_CHANNELS] },
			reasonCodes: codes(REASON_CODES),
			status: { type: 'string', enum: [...COMPLAINT_STATUSES] },
			outcome: { type: ['string', 'null'], enum: [...COMPLAINT_OUTCOMES, null] },
			receivedAt: instant('When the case was received.'),
			dueAt: instant('Its deadline.'),
			closedAt: nullable(instant('When it was closed (resolved or rejected).'))
		}
	},
	RatingStoredEvent: envelope('rating.stored', 'RatingStoredData'),
	ComplaintOpenedEvent: envelope('complaint.opened', 'ComplaintData'),
	ComplaintClosedEvent: envelope('complaint.closed', 'ComplaintData')
};

export const ratingsReadPaths: OpenApiDocument['paths'] = {
	'/api/v1/dossiers/{code}/ratings': {
		get: {
			operationId: 'getDossierRatings',
			summary: 'Ratings of a dossier in the token’s scope',
			description: 'For the one-stop software’s own screens: every rating attributed to the dossier, oldest first, with stage, officer, level and class, and whether it counts and why. A dossier in scope without ratings gives an empty list.',
			tags: ['dossiers'],
			security: integration,
			parameters: [{ name: 'code', in: 'path', required: true, schema: { type: 'string', pattern: DOSSIER_CODE_PATTERN }, example: '000.00.22.H56-260302-0017' }],
			responses: {
				'200': jsonBody(ref('DossierRatings'), undefined, {
					example: {
						dossierCode: '000.00.22.H56-260302-0017',
						ratings: [
							{ ratingId: 48213, stage: 'receiving', officerStaffNumber: 'KH-0412', unitCode: '22366', level: 1, levelCount: 3, class: 'satisfied', labelVi: 'Rất hài lòng', labelEn: 'Very satisfied', counted: true, notCountedReason: null, exclusion: null, source: 'tablet', reasonCodes: null, pressedAt: '2026-03-02T01:17:04.000Z', receivedAt: '2026-03-02T01:17:05.120Z' }
						]
					}
				}),
				'401': unauthorised,
				'404': errorResponse('No such dossier in the token’s scope.')
			}
		}
	}
};

const SIGNING = `Every delivery is a POST of application/json with these headers: ${HEADERS.eventId} (the event id, for de-duplication), ${HEADERS.eventType}, ${HEADERS.timestamp} (Unix seconds when this attempt was sent), ${HEADERS.signature}: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with the subscriber’s secret>, and ${HEADERS.attempt} (1, 2, …). Verify the signature over the raw body bytes before parsing, refuse a timestamp more than 5 minutes from your clock, and answer 2xx once stored: anything else (or no answer within 10 s) is retried with exponential back-off (5 s doubling to 10 min, jittered) for 7 days. Delivery is at least once and not ordered: de-duplicate on the id, order by occurredAt.`;

const headerParams: SchemaObject[] = [
	{ name: HEADERS.eventId, in: 'header', required: true, schema: { type: 'string', format: 'uuid' } },
	{ name: HEADERS.eventType, in: 'header', required: true, schema: { type: 'string' } },
	{ name: HEADERS.timestamp, in: 'header', required: true, schema: { type: 'string', pattern: '^[0-9]+$' }, example: '1772414225' },
	{ name: HEADERS.signature, in: 'header', required: true, schema: { type: 'string', pattern: '^sha256=[0-9a-f]{64}$' } },
	{ name: HEADERS.attempt, in: 'header', required: true, schema: { type: 'string', pattern: '^[0-9]+$' } }
];

const webhook = (operationId: string, summary: string, schema: string, example: Json): { post: SchemaObject } => ({
	post: {
		operationId,
		summary,
		description: SIGNING,
		tags: ['webhooks'],
		parameters: headerParams,
		requestBody: { required: true, ...jsonBody(ref(schema), undefined, { example }) },
		responses: { '2XX': { description: 'Stored: the delivery is done.' }, default: { description: 'Anything else, or no answer: retried later.' } }
	}
});

/** OpenAPI 3.1 `webhooks`: what Hài Lòng sends to subscribers an administrator registered (/app/admin/webhooks). */
export const webhooks = {
	'rating.stored': webhook('ratingStored', 'A rating was stored (counted or not)', 'RatingStoredEvent', EXAMPLES['rating.stored'] as unknown as Json),
	'complaint.opened': webhook('complaintOpened', 'A complaint (phản ánh, kiến nghị) was opened', 'ComplaintOpenedEvent', EXAMPLES['complaint.opened'] as unknown as Json),
	'complaint.closed': webhook('complaintClosed', 'A complaint was resolved or rejected', 'ComplaintClosedEvent', EXAMPLES['complaint.closed'] as unknown as Json)
};
