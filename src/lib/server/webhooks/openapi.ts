import { DOSSIER_CODE_PATTERN } from '$lib/dossier-code';
import { componentSchemas, errorResponse, integration, jsonBody, ref, unauthorised, type Json, type OpenApiDocument, type SchemaObject } from '../openapi/kit';
import { dossierRatingAnswer, dossierRatingsAnswer } from '../ratings/by-dossier';
import { EXAMPLES, WEBHOOK_BODIES, complaintData, ratingStoredData } from './payloads';
import { HEADERS } from './signature';

/**
 * Ratings fed back, in the OpenAPI document (merged by dossiers/openapi.ts): the read API for a
 * dossier's ratings, and the webhooks (OpenAPI 3.1 `webhooks`) with their bodies and headers.
 * The bodies are generated from the schemas in payloads.ts (the outbox's triggers build `data`,
 * claimDue wraps it); outbox.test.ts parses real deliveries with them.
 */

/** The read API's answer, generated with the other parts' in ../dossiers/openapi.ts. */
export const ratingsReadAnswers = { DossierRating: dossierRatingAnswer, DossierRatings: dossierRatingsAnswer };

/** The webhook bodies, generated from payloads.ts: each event's envelope, its data by reference. */
export const webhookSchemas: Record<string, SchemaObject> = componentSchemas({
	RatingStoredData: ratingStoredData,
	ComplaintData: complaintData,
	RatingStoredEvent: WEBHOOK_BODIES['rating.stored'],
	ComplaintOpenedEvent: WEBHOOK_BODIES['complaint.opened'],
	ComplaintClosedEvent: WEBHOOK_BODIES['complaint.closed']
});

/** The component each event type's body is. */
export const WEBHOOK_COMPONENTS = { 'rating.stored': 'RatingStoredEvent', 'complaint.opened': 'ComplaintOpenedEvent', 'complaint.closed': 'ComplaintClosedEvent' } as const;

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

const webhook = (operationId: string, summary: string, schema: (typeof WEBHOOK_COMPONENTS)[keyof typeof WEBHOOK_COMPONENTS], example: Json): { post: SchemaObject } => ({
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
	'rating.stored': webhook('ratingStored', 'A rating was stored (counted or not)', WEBHOOK_COMPONENTS['rating.stored'], EXAMPLES['rating.stored'] as unknown as Json),
	'complaint.opened': webhook('complaintOpened', 'A complaint (phản ánh, kiến nghị) was opened', WEBHOOK_COMPONENTS['complaint.opened'], EXAMPLES['complaint.opened'] as unknown as Json),
	'complaint.closed': webhook('complaintClosed', 'A complaint was resolved or rejected', WEBHOOK_COMPONENTS['complaint.closed'], EXAMPLES['complaint.closed'] as unknown as Json)
};
