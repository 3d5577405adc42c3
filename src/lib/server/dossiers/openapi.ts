import { z } from 'zod';
import { PairRequest, TabletRatingBody } from '$lib/kiosk/contract';
import { HelloBody, PressesBody, StatusBody } from '../serial/box-api';
import { importCommitSchema } from '../imports/schema';
import { DOSSIER_CODE_PATTERN } from '$lib/dossier-code';
import { MAX_UNIT_BATCH, unitItemSchema } from '../units/record';
import { MAX_BATCH, dossierItemSchema, lateNoticeSchema, serviceEventSchema } from './schema';
import { centreAnswers, centrePaths, centreSchemas } from '../centres/openapi';
import { procedureAnswers, procedurePaths, procedureSchemas } from '../procedures/openapi';
import { officerAnswers, officerPaths, officerSchemas } from '../officers/openapi';
import { nationalAnswers, nationalPaths, nationalSchemas } from '../national/openapi';
import { ratingsReadAnswers, ratingsReadPaths, webhookSchemas, webhooks } from '../webhooks/openapi';
import { apiErrorBody } from '../api';
import { integrationSelfAnswer } from '../auth/credentials';
import { deviceCounterAnswer, deviceSelfAnswer, pairAnswer, tabletRatingAnswer } from '../kiosk/answers';
import { helloAnswer, ledAnswer, pressesAnswer, statusAnswer } from '../serial/box-api';
import { unitAnswer, unitListAnswer, unitReportAnswer } from '../units/api';
import { dossierAnswer, dossierReportAnswer } from './api';
import { serviceEventAnswer } from './service-events';
import { badContentType, batchOf, componentSchemas, errorResponse, integration, jsonBody, ref, toOpenApiSchema, unauthorised, type OpenApiDocument, type SchemaObject } from '../openapi/kit';

export type { OpenApiDocument };

/**
 * The OpenAPI 3.1 contract of every /api/v1 endpoint, served at /api/v1/openapi.json;
 * openapi.test.ts checks it names every route. Request bodies are generated from the zod schemas
 * their routes parse with (openapi/kit.ts): the tablets', bridges' and import commits' below, the
 * dossiers' and units', and each part's (`*Bodies` in centres/, procedures/, officers/,
 * national/openapi.ts). The JSON answers are generated the same way from the schemas their
 * producers are typed with (ANSWERS below, and each part's `*Answers`), the webhook bodies from
 * webhooks/payloads.ts. contract.test.ts sends each route its schema's example and bodies the
 * document forbids, and parses the real answers with the schema shown for their status;
 * outbox.test.ts parses delivered webhook bodies. Still by hand: the stats answers, the tablet's
 * prompt (kiosk/prompt.ts) and the import commits' NDJSON lines.
 */

/** Request bodies generated from the schemas the routes parse with, by operation, inlined. */
export const GENERATED_BODIES = {
	'post /api/v1/device/ratings': TabletRatingBody,
	'post /api/v1/devices/pair': PairRequest,
	'post /api/v1/boxes/hello': HelloBody,
	'post /api/v1/boxes/presses': PressesBody,
	'post /api/v1/boxes/status': StatusBody,
	'post /api/v1/imports/dossiers': importCommitSchema,
	'post /api/v1/imports/{kind}': importCommitSchema
} satisfies Record<string, z.core.$ZodType>;

const generated = (operation: keyof typeof GENERATED_BODIES) => toOpenApiSchema(GENERATED_BODIES[operation]);

const device = [{ deviceCredential: [] }];
const bridge = [{ bridgeToken: [] }];
const statsPeriod = [
	{ name: 'from', in: 'query', schema: { type: 'string', examples: ['2026-11-01', '01/11/2026'] }, description: 'First day (Vietnam local date), YYYY-MM-DD (DD/MM/YYYY, day before month, also read); with `to`.' },
	{ name: 'to', in: 'query', schema: { type: 'string', examples: ['2026-11-30', '30/11/2026'] }, description: 'Last day, inclusive, written as `from`; at most 400 days after `from`.' }
];
/** The dossier bodies, generated from ./schema.ts; the lists' items by reference. */
export const dossierBodies = { DossierItem: dossierItemSchema, DossierBatch: batchOf(dossierItemSchema, MAX_BATCH), ServiceEventPush: serviceEventSchema };
/** The units' bodies, generated from units/record.ts. */
export const unitBodies = { UnitItem: unitItemSchema, UnitBatch: batchOf(unitItemSchema, MAX_UNIT_BATCH) };

/**
 * Every JSON answer, by component name: generated together (one holding another refers to it),
 * from the schemas their producers are typed with. contract.test.ts parses real answers with them.
 */
export const ANSWERS = {
	Error: apiErrorBody,
	DossierResults: dossierReportAnswer,
	Dossier: dossierAnswer,
	ServiceEvent: serviceEventAnswer,
	UnitResults: unitReportAnswer,
	Unit: unitAnswer,
	UnitList: unitListAnswer,
	Integration: integrationSelfAnswer,
	Counter: deviceCounterAnswer,
	PairedTablet: pairAnswer,
	DeviceSelf: deviceSelfAnswer,
	TabletRatingResult: tabletRatingAnswer,
	BoxHello: helloAnswer,
	BoxPresses: pressesAnswer,
	BoxStatus: statusAnswer,
	BoxLed: ledAnswer,
	...centreAnswers,
	...procedureAnswers,
	...officerAnswers,
	...nationalAnswers,
	...ratingsReadAnswers
} satisfies Record<string, z.core.$ZodType>;

const schemas: Record<string, SchemaObject> = {
	...componentSchemas({ LateNotice: lateNoticeSchema, ...dossierBodies }),
	...componentSchemas(unitBodies),
	...officerSchemas,
	...componentSchemas(ANSWERS)
};

const paths: OpenApiDocument['paths'] = {
	...procedurePaths,
	...centrePaths,
	...nationalPaths,
	'/api/v1/dossiers': {
		post: {
			operationId: 'upsertDossiers',
			summary: 'Create or update dossiers (idempotent by province and code)',
			tags: ['dossiers'],
			security: integration,
			requestBody: { required: true, ...jsonBody({ oneOf: [ref('DossierItem'), ref('DossierBatch')] }) },
			responses: {
				'200': jsonBody(ref('DossierResults'), 'Per-item results.'),
				'400': errorResponse('Bad JSON or invalid fields; nothing written unless partial.'),
				'401': unauthorised,
				'403': errorResponse('Every problem is a unit, officer or dossier outside the token’s scope; nothing written.'),
				'409': errorResponse('A code was created concurrently elsewhere; send the batch again.'),
				'415': badContentType
			}
		}
	},
	'/api/v1/dossiers/{code}': {
		get: {
			operationId: 'getDossier',
			summary: 'Read back a dossier in the token’s scope',
			tags: ['dossiers'],
			security: integration,
			parameters: [{ name: 'code', in: 'path', required: true, schema: { type: 'string', pattern: DOSSIER_CODE_PATTERN } }],
			responses: {
				'200': jsonBody(ref('Dossier')),
				'401': unauthorised,
				'404': errorResponse('No such dossier in the token’s scope.')
			}
		}
	},
	'/api/v1/service-events': {
		post: {
			operationId: 'pushServiceEvent',
			summary: 'Open, record or close a service at a counter',
			description:
				'Opening a service at a counter that has one open closes that one at the new opening time (recorded as superseded by the new one). A service reported with an opening time earlier than a service already at the counter is recorded closed (at closedAt, or at its own opening time) and closes nothing.',
			tags: ['dossiers'],
			security: integration,
			requestBody: { required: true, ...jsonBody(ref('ServiceEventPush')) },
			responses: {
				'200': jsonBody(ref('ServiceEvent'), 'Closed, or unchanged (a repeat).'),
				'201': jsonBody(ref('ServiceEvent'), 'Opened or recorded.'),
				'400': errorResponse('Invalid fields, or an unknown dossier, counter or officer.'),
				'401': unauthorised,
				'403': errorResponse('Dossier, counter or officer outside the token’s scope.'),
				'409': errorResponse('The same key (dossier, counter, stage, openedAt) was recorded with other values. A busy counter is not a conflict: its open service is closed (see `superseded`).'),
				'415': badContentType
			}
		}
	},
	'/api/v1/units': {
		get: {
			operationId: 'listUnits',
			summary: 'The units of the token’s subtree, parents first, ended ones included',
			tags: ['units'],
			security: integration,
			responses: {
				'200': jsonBody(ref('UnitList')),
				'401': unauthorised
			}
		},
		post: {
			operationId: 'upsertUnits',
			summary: 'Create or update units (idempotent by code)',
			description:
				'Renames are audited. A batch’s items may come in any order: parents are written before their children. A unit missing from a batch is never deleted; units end through the conversion table or the admin page.',
			tags: ['units'],
			security: integration,
			requestBody: { required: true, ...jsonBody({ oneOf: [ref('UnitItem'), ref('UnitBatch')] }) },
			responses: {
				'200': jsonBody(ref('UnitResults'), 'Per-item results.'),
				'400': errorResponse('Bad JSON or invalid fields (keyed like items[3].code); nothing written unless partial.'),
				'401': unauthorised,
				'403': errorResponse('Every problem is a unit or parent outside the token’s scope, or a new province; nothing written.'),
				'415': badContentType
			}
		}
	},
	'/api/v1/integration': {
		get: {
			operationId: 'whoAmI',
			summary: 'Check an integration token and see its unit',
			tags: ['integration'],
			security: integration,
			responses: {
				'200': jsonBody(ref('Integration')),
				'401': unauthorised
			}
		}
	},
	'/api/v1/devices/pair': {
		post: {
			operationId: 'pairTablet',
			summary: 'Exchange a one-time pairing code for a tablet credential',
			tags: ['devices'],
			requestBody: { required: true, ...jsonBody(generated('post /api/v1/devices/pair')) },
			responses: {
				'201': jsonBody(ref('PairedTablet')),
				'400': errorResponse('Invalid fields.'),
				'404': errorResponse('Wrong code.'),
				'410': errorResponse('Code expired or already used.'),
				'415': badContentType,
				'429': errorResponse('Too many wrong codes from this address; retry later.')
			}
		}
	},
	'/api/v1/device': {
		get: {
			operationId: 'deviceSelf',
			summary: 'A paired tablet asks who it is and which counter it serves (also its heartbeat)',
			tags: ['devices'],
			security: device,
			responses: {
				'200': jsonBody(ref('DeviceSelf')),
				'401': unauthorised
			}
		}
	},
	'/api/v1/device/prompt': {
		get: {
			operationId: 'devicePrompt',
			summary: 'A tablet’s long poll for what to show (idle, or the service to rate)',
			tags: ['devices'],
			security: device,
			parameters: [
				{ name: 'known', in: 'query', schema: { type: 'string', maxLength: 40 }, description: 'The state key the tablet already shows.' },
				{ name: 'wait', in: 'query', schema: { type: 'integer', minimum: 0, maximum: 25 }, description: 'Seconds to wait for a change.' }
			],
			responses: { '200': jsonBody({ type: 'object', description: 'The kiosk state (see src/lib/server/kiosk/prompt.ts).' }), '401': unauthorised }
		}
	},
	'/api/v1/device/ratings': {
		post: {
			operationId: 'deviceRating',
			summary: 'A tablet posts one rating; idempotent by its key',
			tags: ['devices'],
			security: device,
			requestBody: { required: true, ...jsonBody(generated('post /api/v1/device/ratings')) },
			responses: {
				'200': jsonBody(ref('TabletRatingResult')),
				'400': errorResponse('Invalid fields.'),
				'401': unauthorised,
				'413': errorResponse('The body is over 64 KB (error too_large).'),
				'415': badContentType,
				'422': errorResponse('The rating was refused (see error).')
			}
		}
	},
	'/api/v1/boxes/hello': {
		post: {
			operationId: 'boxHello',
			summary: 'A serial bridge announces a button box on a port',
			tags: ['boxes'],
			security: bridge,
			requestBody: { required: true, ...jsonBody(generated('post /api/v1/boxes/hello')) },
			responses: {
				'200': jsonBody(ref('BoxHello')),
				'400': errorResponse('Invalid fields.'),
				'401': unauthorised,
				'409': errorResponse('The uid is a tablet’s (error uid_taken).')
			}
		}
	},
	'/api/v1/boxes/presses': {
		post: {
			operationId: 'boxPresses',
			summary: 'A serial bridge forwards button presses (idempotent per box, boot and sequence number)',
			description:
				'A press counts only if its box is bound to a counter assigned to the bridge and it is at most BRIDGE_MAX_AGE_DAYS old; any other is stored uncounted (notCountedReason bridge_not_assigned or too_old).',
			tags: ['boxes'],
			security: bridge,
			requestBody: { required: true, ...jsonBody(generated('post /api/v1/boxes/presses')) },
			responses: {
				'200': jsonBody(ref('BoxPresses')),
				'400': errorResponse('Invalid fields.'),
				'401': unauthorised
			}
		}
	},
	'/api/v1/boxes/status': {
		post: {
			operationId: 'boxStatus',
			summary: 'A serial bridge reports a port’s health',
			tags: ['boxes'],
			security: bridge,
			requestBody: { required: true, ...jsonBody(generated('post /api/v1/boxes/status')) },
			responses: { '200': jsonBody(ref('BoxStatus')), '400': errorResponse('Invalid fields.'), '401': unauthorised }
		}
	},
	'/api/v1/boxes/led': {
		get: {
			operationId: 'boxLed',
			summary: 'What each box’s LED should show now',
			tags: ['boxes'],
			security: bridge,
			parameters: [{ name: 'uid', in: 'query', schema: { type: 'array', items: { type: 'string' } }, style: 'form', explode: true }],
			responses: { '200': jsonBody(ref('BoxLed')), '401': unauthorised }
		}
	},
	'/api/v1/imports/dossiers': {
		post: importCommit(
			'post /api/v1/imports/dossiers',
			'commitDossierImport',
			'Commit a previewed CSV import (the import page’s progress bar)',
			'roles admin or unit head of the chosen unit',
			'Not an administrator or unit head, or a foreign Origin.',
			'No such preview for this user, or it expired (15 minutes).'
		)
	},
	'/api/v1/imports/{kind}': {
		post: {
			...importCommit(
				'post /api/v1/imports/{kind}',
				'commitTableImport',
				'Commit a previewed import of a province list (units, officers, procedures…): the import pages’ progress bar',
				'the roles the kind asks for (administrators for units and procedures; unit heads too for officers in their subtree)',
				'Not allowed to run this import, or a foreign Origin.',
				'No such kind, or no such preview for this user, or it expired (15 minutes).'
			),
			parameters: [{ name: 'kind', in: 'path', required: true, schema: { type: 'string' } }]
		}
	},
	'/api/v1/stats/units': {
		get: {
			operationId: 'unitStats',
			summary: 'Satisfaction, participation and on-time figures per unit in the token’s scope',
			description:
				'Each unit’s own figures and its subtree’s, for the period [from, to] (Vietnam local dates, default the last 30 days) and the same length before. Satisfaction rate = satisfied ÷ counted ratings; participation = counted ratings ÷ services; on-time rate = dossiers completed by their due time ÷ dossiers completed.',
			tags: ['stats'],
			security: integration,
			parameters: statsPeriod,
			responses: { '200': jsonBody({ type: 'object', required: ['period', 'units'] }), '400': errorResponse('Invalid period.'), '401': unauthorised }
		}
	},
	'/api/v1/stats/units/{code}/officers': {
		get: {
			operationId: 'unitOfficerStats',
			summary: 'The unit head’s officer table: rates, fair score with its 95 % interval, open complaints and flags',
			description:
				'Officers of the unit’s subtree. fairScore = (satisfied + 20 × unit rate) ÷ (ratings + 20); interval95 is the Wilson interval; flags carry their kind and evidence (the low-score rule: at least 30 ratings and below the rest of the unit by more than 10 points with 99 % confidence).',
			tags: ['stats'],
			security: integration,
			parameters: [{ name: 'code', in: 'path', required: true, schema: { type: 'string', maxLength: 64 } }, ...statsPeriod],
			responses: {
				'200': jsonBody({ type: 'object', required: ['period', 'unit', 'officers'] }),
				'400': errorResponse('Invalid period.'),
				'401': unauthorised,
				'404': errorResponse('No such unit in the token’s scope.')
			}
		}
	},
	...officerPaths,
	...ratingsReadPaths,
	'/api/v1/openapi.json': {
		get: {
			operationId: 'openApi',
			summary: 'This document',
			tags: ['meta'],
			responses: { '200': jsonBody({ type: 'object' }) }
		}
	}
};

export function openApiDocument(origin: string): OpenApiDocument {
	return {
		openapi: '3.1.0',
		info: {
			title: 'Hài Lòng API',
			version: '1',
			description:
				'JSON API for the one-stop software (integration tokens, created by an administrator for one unit subtree) and for counter tablets (device credentials). Send `Authorization: Bearer <token>` and `Content-Type: application/json`. Errors share one shape: { error, message, fields }.'
		},
		servers: [{ url: origin }],
		tags: [
			{ name: 'dossiers', description: 'Dossiers and service events from the one-stop software.' },
			{ name: 'national', description: 'The dossier-sync payload provincial one-stop systems already send the national public service portal, taken as it is.' },
			{ name: 'queue', description: 'Queue (ticket) systems: a called ticket opens a service at the counter.' },
			{ name: 'units', description: 'Administrative units and agencies, kept in sync by HR and one-stop software.' },
			{ name: 'integration', description: 'Integration tokens.' },
			{ name: 'devices', description: 'Counter tablets.' },
			{ name: 'boxes', description: 'Serial bridges for button boxes (the serial ingestion’s contract is in src/lib/server/serial/box-api.ts).' },
			{ name: 'officers', description: 'Officers and their postings, kept in sync by the HR software.' },
			{ name: 'imports', description: 'The CSV import page’s own endpoint.' },
			{ name: 'catalogue', description: 'Procedures, centres and counters: read and kept in sync by the province’s systems.' },
			{ name: 'stats', description: 'Dashboard figures for the province’s other systems (the same functions as the pages).' },
			{ name: 'webhooks', description: 'Ratings fed back: signed POSTs to subscribers an administrator registered (see `webhooks`).' },
			{ name: 'meta', description: 'This contract.' }
		],
		paths,
		webhooks,
		components: {
			securitySchemes: {
				integrationToken: { type: 'http', scheme: 'bearer', description: 'itg_<id>.<secret>, scoped to one unit subtree.' },
				deviceCredential: { type: 'http', scheme: 'bearer', description: 'dev_<id>.<secret>, bound to one counter.' },
				bridgeToken: { type: 'http', scheme: 'bearer', description: 'brg_<id>.<secret>, for serial bridges.' },
				sessionCookie: { type: 'apiKey', in: 'cookie', name: 'session', description: 'A signed-in user of the app itself.' }
			},
			schemas: { ...schemas, ...procedureSchemas, ...centreSchemas, ...nationalSchemas, ...webhookSchemas }
		}
	};
}

/** The import pages' commit: a previewed import's id in, NDJSON progress lines out (session cookie only). */
function importCommit(operation: keyof typeof GENERATED_BODIES, operationId: string, summary: string, roles: string, forbidden: string, missing: string) {
	return {
		operationId,
		summary,
		description: `For the app’s own pages: session cookie and same-origin Origin header; ${roles}. Streams NDJSON lines {"type":"progress",done,total,created,updated,unchanged,skipped}, then {"type":"done",…} or {"type":"error",message}.`,
		tags: ['imports'],
		security: [{ sessionCookie: [] }],
		requestBody: { required: true, ...jsonBody(generated(operation)) },
		responses: {
			'200': { description: 'Progress lines.', content: { 'application/x-ndjson': { schema: { type: 'object' } } } },
			'400': errorResponse('Invalid body, or no valid rows.'),
			'401': unauthorised,
			'403': errorResponse(forbidden),
			'404': errorResponse(missing),
			'409': errorResponse('The file has errors and validOnly is false, or the import is already running.'),
			'415': badContentType
		}
	};
}
