import { z } from 'zod';
import { isoInstant } from '../api';
import { COMPLAINT_CHANNELS, COMPLAINT_OUTCOMES, COMPLAINT_STATUSES, LEVEL_CLASSES, NOT_COUNTED_REASONS, RATING_SOURCES, REASON_CODES, STAGES, type WebhookEventType } from '../db/schema';
import { HEADERS } from './signature';

/**
 * The bodies subscribers receive. The trigger functions in drizzle/0016_webhook_outbox.sql build
 * `data`; the worker wraps it as { id, type, occurredAt, data }. No phone number, no name, no free
 * text: ids, codes, the officer's staff number, level and class, stage and times (ISO 8601, UTC).
 * Fields may be added in later versions: a subscriber ignores the ones it does not know. The
 * schemas below are the contract (webhooks/openapi.ts generates the document's `webhooks` from
 * them); outbox.test.ts parses the bodies the worker delivers with them.
 */

const instant = (description: string) => isoInstant().describe(description);
const codes = z.array(z.enum(REASON_CODES)).nullable();

export const ratingStoredData = z
	.object({
		ratingId: z.int(),
		dossierCode: z.string().nullable().describe('The dossier the rating is attributed to (MaHoSo); null when no service was open.'),
		stage: z.enum(STAGES).nullable(),
		officerStaffNumber: z.string().nullable(),
		unitCode: z.string().nullable(),
		level: z.int().min(1).max(5).describe('1 is the most satisfied level of the scale the rating was given on.'),
		levelCount: z.int().min(3).max(5),
		class: z.enum(LEVEL_CLASSES),
		counted: z.boolean().describe('Counted when it arrived (a later exclusion is seen in GET /api/v1/dossiers/{code}/ratings).'),
		notCountedReason: z.enum(NOT_COUNTED_REASONS).nullable(),
		source: z.enum(RATING_SOURCES),
		reasonCodes: codes,
		pressedAt: instant('When the citizen rated.'),
		receivedAt: instant('When the server stored it.')
	})
	.describe('No phone number, no name, no comment: ids, codes, the officer’s staff number, level and class, stage, times.');
export type RatingStoredData = z.input<typeof ratingStoredData>;

export const complaintData = z
	.object({
		complaintId: z.int(),
		complaintCode: z.string().describe('The reference given to the citizen, e.g. PA-2026-000915.'),
		unitCode: z.string(),
		dossierCode: z.string().nullable(),
		officerStaffNumber: z.string().nullable(),
		ratingId: z.int().nullable().describe('The dissatisfied rating the case was opened from, if any.'),
		channel: z.enum(COMPLAINT_CHANNELS),
		reasonCodes: codes,
		status: z.enum(COMPLAINT_STATUSES),
		outcome: z.enum(COMPLAINT_OUTCOMES).nullable(),
		receivedAt: instant('When the case was received.'),
		dueAt: instant('Its deadline.'),
		closedAt: instant('When it was closed (resolved or rejected).').nullable()
	})
	.describe('A phản ánh, kiến nghị. No phone number, no name, no description text.');
export type ComplaintData = z.input<typeof complaintData>;

/** The envelope claimDue (outbox.ts) wraps an event's data in. */
const envelope = <T extends WebhookEventType, D extends z.ZodType>(type: T, data: D) =>
	z.object({
		id: z.uuid().describe(`The event id, also in ${HEADERS.eventId}: the same on every retry and for every subscriber. De-duplicate on it.`),
		type: z.literal(type),
		occurredAt: instant('When the fact happened (the rating was stored; the case was opened or closed).'),
		data
	});

/** Each event type's body, as the OpenAPI document's `webhooks` shows it. */
export const WEBHOOK_BODIES = {
	'rating.stored': envelope('rating.stored', ratingStoredData),
	'complaint.opened': envelope('complaint.opened', complaintData),
	'complaint.closed': envelope('complaint.closed', complaintData)
} satisfies { [K in WebhookEventType]: z.ZodType };

export type WebhookBody<T extends WebhookEventType = WebhookEventType> = z.input<(typeof WEBHOOK_BODIES)[T]>;

/** The one case both complaint examples are about: as opened, then as closed. */
const EXAMPLE_COMPLAINT = {
	complaintId: 915,
	complaintCode: 'PA-2026-000915',
	unitCode: '22366',
	dossierCode: '000.00.22.H56-260302-0017',
	officerStaffNumber: 'KH-0412',
	ratingId: 48214,
	channel: 'rating',
	reasonCodes: ['waiting_time'],
	status: 'new',
	outcome: null,
	receivedAt: '2026-03-02T01:17:05.400Z',
	dueAt: '2026-03-13T10:00:00.000Z',
	closedAt: null
} as const satisfies ComplaintData;

export const EXAMPLES = {
	'rating.stored': {
		id: '0b8f6f3e-2d7a-4c55-9a53-0f6a3c1e9b21',
		type: 'rating.stored',
		occurredAt: '2026-03-02T01:17:05.120Z',
		data: {
			ratingId: 48213,
			dossierCode: '000.00.22.H56-260302-0017',
			stage: 'receiving',
			officerStaffNumber: 'KH-0412',
			unitCode: '22366',
			level: 1,
			levelCount: 3,
			class: 'satisfied',
			counted: true,
			notCountedReason: null,
			source: 'tablet',
			reasonCodes: null,
			pressedAt: '2026-03-02T01:17:04.000Z',
			receivedAt: '2026-03-02T01:17:05.120Z'
		}
	},
	'complaint.opened': {
		id: '5c1d2e0a-7b44-4f0e-8d2c-6a9e1f3b7c40',
		type: 'complaint.opened',
		occurredAt: '2026-03-02T01:17:05.400Z',
		data: EXAMPLE_COMPLAINT
	},
	'complaint.closed': {
		id: '9e7a4b12-3c6d-4e8f-a1b2-c3d4e5f60718',
		type: 'complaint.closed',
		occurredAt: '2026-03-05T08:30:00.000Z',
		data: { ...EXAMPLE_COMPLAINT, status: 'resolved', outcome: 'partly_upheld', closedAt: '2026-03-05T08:30:00.000Z' }
	}
} as const satisfies { [K in WebhookEventType]: WebhookBody<K> };
