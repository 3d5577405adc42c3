import { badContentType, batchOf, componentSchemas, errorResponse, integration, itemOrBatch, jsonBody, ref, unauthorised, type OpenApiDocument, type SchemaObject } from '../openapi/kit';
import { MAX_OFFICER_BATCH, MAX_READ, officerItemSchema, postingItemSchema } from './schema';
import { officerAnswer, officerPageAnswer, officerReportAnswer } from './api';

/** The officers' part of the OpenAPI document (merged by dossiers/openapi.ts): the request bodies from ./schema.ts, the answers from ./api.ts. */

export const officerBodies = { OfficerItem: officerItemSchema, OfficerBatch: batchOf(officerItemSchema, MAX_OFFICER_BATCH) };

export const officerSchemas: Record<string, SchemaObject> = componentSchemas({ Posting: postingItemSchema, ...officerBodies });

/** The answers, generated with the other parts' in ../dossiers/openapi.ts. */
export const officerAnswers = { Officer: officerAnswer, OfficerPage: officerPageAnswer, OfficerResults: officerReportAnswer };

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
				'200': jsonBody(ref('OfficerPage'), 'Each officer in the shape POST accepts (OfficerItem).'),
				'400': errorResponse('Invalid parameters.'),
				'401': unauthorised
			}
		},
		post: {
			operationId: 'upsertOfficers',
			summary: 'Create or update officers and their postings (idempotent by staff number)',
			tags: ['officers'],
			security: integration,
			requestBody: itemOrBatch('OfficerItem', 'OfficerBatch'),
			responses: {
				'200': jsonBody(ref('OfficerResults'), 'Per-item results.'),
				'400': errorResponse('Bad JSON or invalid fields (unknown unit, bad day, overlapping postings, duplicate staff number…); nothing written unless partial.'),
				'401': unauthorised,
				'403': errorResponse('Every problem is an officer, unit or account outside the token’s scope; nothing written.'),
				'409': errorResponse('A staff number was created concurrently; send again.'),
				'413': errorResponse('The body is over 1 MB (a full batch with a few postings each is about 0.4 MB); send smaller batches.'),
				'415': badContentType
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
