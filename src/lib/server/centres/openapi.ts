import { MAX_BATCH } from '../dossiers/schema';
import { badContentType, batchOf, componentSchemas, errorResponse, integration, itemOrBatch, jsonBody, pageParameters, ref, unauthorised, type OpenApiDocument, type SchemaObject } from '../openapi/kit';
import { centreItemSchema } from './schema';
import { centreAnswer, centrePageAnswer, centreReportAnswer } from './api';

/** /api/v1/centres in the OpenAPI contract (merged into ../dossiers/openapi.ts): the request bodies from ./schema.ts, the answers from ./api.ts. */

export const centreBodies = { CentreItem: centreItemSchema, CentreBatch: batchOf(centreItemSchema, MAX_BATCH) };

/** The answers, generated with the other parts' in ../dossiers/openapi.ts. */
export const centreAnswers = { Centre: centreAnswer, CentrePage: centrePageAnswer, CentreResults: centreReportAnswer };

export const centreSchemas: Record<string, SchemaObject> = componentSchemas(centreBodies);

export const centrePaths: OpenApiDocument['paths'] = {
	'/api/v1/centres': {
		get: {
			operationId: 'listCentres',
			summary: 'The centres of the token’s unit subtree with their counters, in code order',
			tags: ['catalogue'],
			security: integration,
			parameters: pageParameters('Only this centre.'),
			responses: { '200': jsonBody(ref('CentrePage')), '400': errorResponse('Invalid query.'), '401': unauthorised }
		},
		post: {
			operationId: 'upsertCentres',
			summary: 'Create or update centres and their counters (idempotent by code)',
			tags: ['catalogue'],
			security: integration,
			requestBody: itemOrBatch('CentreItem', 'CentreBatch'),
			responses: {
				'200': jsonBody(ref('CentreResults'), 'Per-item results; each also lists its counters’ results.'),
				'400': errorResponse('Bad JSON or invalid fields (keyed like items[2].counters[0].fields); nothing written unless partial.'),
				'401': unauthorised,
				'403': errorResponse('Every problem is a unit or centre outside the token’s scope; nothing written.'),
				'415': badContentType
			}
		}
	}
};
