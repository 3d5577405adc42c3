import { MAX_BATCH } from '../dossiers/schema';
import { badContentType, batchOf, componentSchemas, errorResponse, integration, itemOrBatch, jsonBody, pageParameters, ref, unauthorised, type OpenApiDocument, type SchemaObject } from '../openapi/kit';
import { procedureItemSchema } from './schema';
import { procedureAnswer, procedurePageAnswer } from './api';

/** /api/v1/procedures in the OpenAPI contract (merged into ../dossiers/openapi.ts): the request bodies from ./schema.ts, the answers from ./api.ts. */

export const procedureBodies = { ProcedureItem: procedureItemSchema, ProcedureBatch: batchOf(procedureItemSchema, MAX_BATCH) };

/** The answers, generated with the other parts' in ../dossiers/openapi.ts (POST answers DossierResults). */
export const procedureAnswers = { Procedure: procedureAnswer, ProcedurePage: procedurePageAnswer };

export const procedureSchemas: Record<string, SchemaObject> = componentSchemas(procedureBodies);

export const procedurePaths: OpenApiDocument['paths'] = {
	'/api/v1/procedures': {
		get: {
			operationId: 'listProcedures',
			summary: 'The province’s procedures, in code order',
			tags: ['catalogue'],
			security: integration,
			parameters: pageParameters('Only this code.'),
			responses: { '200': jsonBody(ref('ProcedurePage')), '400': errorResponse('Invalid query.'), '401': unauthorised }
		},
		post: {
			operationId: 'upsertProcedures',
			summary: 'Create or update procedures (idempotent by code); the same checks as the import',
			tags: ['catalogue'],
			security: integration,
			requestBody: itemOrBatch('ProcedureItem', 'ProcedureBatch'),
			responses: {
				'200': jsonBody(ref('DossierResults'), 'Per-item results (created, updated, unchanged).'),
				'400': errorResponse('Bad JSON or invalid fields (fields keyed like items[3].handlingTime); nothing written unless partial.'),
				'401': unauthorised,
				'403': errorResponse('The token is not the province’s (the catalogue is the province’s), or every problem is a unit outside its scope.'),
				'415': badContentType
			}
		}
	}
};
