import type { OpenApiDocument } from '../dossiers/openapi';
import { MAX_OFFICER_BATCH, MAX_POSTINGS_PER_OFFICER, MAX_READ } from './schema';

/** The officers' part of the OpenAPI document (merged by dossiers/openapi.ts). */

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type SchemaObject = { [key: string]: Json };

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonBody = (schema: Json, description?: string) => ({ ...(description ? { description } : {}), content: { 'application/json': { schema } } });
const errorResponse = (description: string) => jsonBody(ref('Error'), description);
const day = (description: string) => ({ type: 'string', description, examples: ['2025-07-01', '01/07/2025'] });
const keepOrClear = (schema: SchemaObject, description: string): SchemaObject => ({ ...schema, type: [String(schema.type), 'null'], description });

export const officerSchemas: Record<string, SchemaObject> = {
	Posting: {
		type: 'object',
		additionalProperties: false,
		required: ['unitCode', 'positionVi', 'from'],
		properties: {
			unitCode: { type: 'string', maxLength: 32 },
			positionVi: { type: 'string', maxLength: 120, description: 'Vị trí công tác, e.g. “Công chức Bộ phận Một cửa”.' },
			positionEn: keepOrClear({ type: 'string', maxLength: 120 }, 'Absent: keep; null: clear.'),
			from: day('First day, YYYY-MM-DD (DD/MM/YYYY also read).'),
			to: keepOrClear(day('Last day, included.'), 'Last day, included. Absent: not stated (an open posting stays open); null: still serving there.')
		}
	},
	OfficerItem: {
		type: 'object',
		additionalProperties: false,
		required: ['staffNumber', 'fullName'],
		description: `Keyed by staff number. Absent optional fields keep what is stored; null clears it. Postings are applied by date: a posting in the same unit starting the same day is that posting (its position and end are updated); the same unit and position as the open posting with no end is that posting; a posting starting after the open one began is a transfer (the open posting ends the day before); an earlier posting joins the history if it overlaps nothing; anything overlapping is refused. Postings outside the token’s scope may be listed as stored but not added or changed. Sending the same item twice changes nothing; what GET returns can be sent back unchanged.`,
		properties: {
			staffNumber: { type: 'string', pattern: '^[\\p{L}\\p{N}._/-]{1,32}$' },
			fullName: { type: 'string', maxLength: 120 },
			titleVi: keepOrClear({ type: 'string', maxLength: 120 }, 'Chức danh, e.g. “Chuyên viên”.'),
			titleEn: keepOrClear({ type: 'string', maxLength: 120 }, 'Title in English.'),
			active: { type: 'boolean', description: 'Absent: keep (true for a new officer).' },
			postings: { type: 'array', maxItems: MAX_POSTINGS_PER_OFFICER, items: ref('Posting'), description: 'Only the latest may lack `to`; they must not overlap each other.' },
			username: keepOrClear(
				{ type: 'string', pattern: '^[A-Za-z0-9._-]{3,64}$' },
				'An existing account to link (not linked to another officer, every role of it within the token’s scope); null unlinks.'
			)
		}
	},
	OfficerBatch: {
		type: 'object',
		additionalProperties: false,
		required: ['items'],
		properties: {
			items: { type: 'array', minItems: 1, maxItems: MAX_OFFICER_BATCH, items: ref('OfficerItem') },
			partial: { type: 'boolean', default: false, description: 'false: any problem refuses the whole batch. true: valid items are written, the others reported.' }
		}
	},
	OfficerResults: {
		type: 'object',
		required: ['results', 'errors', 'created', 'updated', 'unchanged', 'transfers', 'refused'],
		properties: {
			results: {
				type: 'array',
				items: {
					type: 'object',
					properties: {
						index: { type: 'integer' },
						staffNumber: { type: 'string' },
						id: { type: 'integer' },
						result: { type: 'string', enum: ['created', 'updated', 'unchanged'] },
						transfers: { type: 'integer', description: 'Open postings ended by a transfer.' }
					}
				}
			},
			errors: { type: 'array', items: { type: 'object', properties: { index: { type: 'integer' }, field: { type: 'string' }, message: { type: 'string' } } } },
			created: { type: 'integer' },
			updated: { type: 'integer' },
			unchanged: { type: 'integer' },
			transfers: { type: 'integer' },
			refused: { type: 'integer' }
		}
	}
};

const integration = [{ integrationToken: [] }];
const unauthorised = errorResponse('No bearer token, or a revoked or unknown one.');

export const officerPaths: OpenApiDocument['paths'] = {
	'/api/v1/officers': {
		get: {
			operationId: 'listOfficers',
			summary: 'Officers in the token’s scope with their postings, a page at a time',
			description: 'An officer is in scope where their open posting is, else their latest one. Ordered by internal id; pass `next` as `after` for the following page.',
			tags: ['officers'],
			security: integration,
			parameters: [
				{ name: 'staffNumber', in: 'query', schema: { type: 'string', maxLength: 32 } },
				{ name: 'after', in: 'query', schema: { type: 'integer', minimum: 0 } },
				{ name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_READ, default: 100 } }
			],
			responses: {
				'200': jsonBody({ type: 'object', properties: { items: { type: 'array', items: ref('OfficerItem') }, next: { type: ['integer', 'null'] } } }),
				'400': errorResponse('Invalid parameters.'),
				'401': unauthorised
			}
		},
		post: {
			operationId: 'upsertOfficers',
			summary: 'Create or update officers and their postings (idempotent by staff number)',
			tags: ['officers'],
			security: integration,
			requestBody: { required: true, ...jsonBody({ oneOf: [ref('OfficerItem'), ref('OfficerBatch')] }) },
			responses: {
				'200': jsonBody(ref('OfficerResults'), 'Per-item results.'),
				'400': errorResponse('Bad JSON or invalid fields (unknown unit, bad day, overlapping postings, duplicate staff number…); nothing written unless partial.'),
				'401': unauthorised,
				'403': errorResponse('Every problem is an officer, unit or account outside the token’s scope; nothing written.'),
				'409': errorResponse('A staff number was created concurrently; send again.'),
				'413': errorResponse('The body is over 1 MB (a full batch with a few postings each is about 0.4 MB); send smaller batches.'),
				'415': errorResponse('The body is not application/json.')
			}
		}
	},
	'/api/v1/device/photos/{id}': {
		get: {
			operationId: 'deviceOfficerPhoto',
			summary: 'The photo of the officer serving at the tablet’s counter (the prompt’s photoUrl)',
			description: 'JPEG, at most 480×600. ETag and Cache-Control: private, no-cache; If-None-Match answers 304. 404 for an officer not serving at this counter or without a photo.',
			tags: ['devices'],
			security: [{ deviceCredential: [] }],
			parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }],
			responses: {
				'200': { description: 'The photo.', content: { 'image/jpeg': { schema: { type: 'string', contentEncoding: 'binary' } } } },
				'304': { description: 'The tablet’s copy is current.' },
				'401': unauthorised,
				'404': errorResponse('Not serving at this counter, or no photo.')
			}
		}
	}
};
