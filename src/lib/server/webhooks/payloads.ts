import type { WebhookEventType } from '../db/schema';

/**
 * The bodies subscribers receive. The trigger functions in drizzle/0016_webhook_outbox.sql build
 * `data`; the worker wraps it as { id, type, occurredAt, data }. No phone number, no name, no free
 * text: ids, codes, the officer's staff number, level and class, stage and times (ISO 8601, UTC).
 * Fields may be added in later versions: a subscriber ignores the ones it does not know.
 */

export type RatingStoredData = {
	ratingId: number;
	/** The dossier the rating is attributed to; null when it could not be (see notCountedReason). */
	dossierCode: string | null;
	stage: 'receiving' | 'returning' | null;
	officerStaffNumber: string | null;
	unitCode: string | null;
	/** 1 is the most satisfied level of the scale the rating was given on. */
	level: number;
	levelCount: number;
	class: 'satisfied' | 'neutral' | 'dissatisfied';
	counted: boolean;
	notCountedReason: string | null;
	source: 'tablet' | 'button_box' | 'qr' | 'web';
	reasonCodes: string[] | null;
	pressedAt: string;
	receivedAt: string;
};

export type ComplaintData = {
	complaintId: number;
	/** The public reference given to the citizen (PA-2026-000123). */
	complaintCode: string;
	unitCode: string;
	dossierCode: string | null;
	officerStaffNumber: string | null;
	ratingId: number | null;
	channel: 'rating' | 'qr' | 'web' | 'hotline' | 'in_person' | 'late_dossier';
	reasonCodes: string[] | null;
	status: 'new' | 'assigned' | 'investigating' | 'resolved' | 'rejected';
	outcome: 'upheld' | 'partly_upheld' | 'not_upheld' | null;
	receivedAt: string;
	dueAt: string;
	closedAt: string | null;
};

export type WebhookBody<T extends WebhookEventType = WebhookEventType> = {
	/** The event's id: the same on every retry and for every subscriber; de-duplicate on it. */
	id: string;
	type: T;
	occurredAt: string;
	data: T extends 'rating.stored' ? RatingStoredData : ComplaintData;
};

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
