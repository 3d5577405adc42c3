import { MAX_BATCH } from '../dossiers/schema';
import { badContentType, batchOf, componentSchemas, errorResponse, integration, itemOrBatch, jsonBody, page, pageParameters, ref, unauthorised, type OpenApiDocument, type SchemaObject } from '../openapi/kit';
import { procedureItemSchema } from './schema';

/** /api/v1/procedures in the OpenAPI contract (merged into ../dossiers/openapi.ts): the request bodies from ./schema.ts. */

export const procedureBodies = { ProcedureItem: procedureItemSchema, ProcedureBatch: batchOf(procedureItemSchema, MAX_BATCH) };

/** What GET answers, by hand (api.ts builds it; no schema parses it). */
const procedure: SchemaObject = {
	type: 'object',
	properties: {
		code: { type: 'string' },
		shortCode: { type: ['string', 'null'], description: 'The short code of a full code.' },
		nameVi: { type: 'string' },
		nameEn: { type: ['string', 'null'] },
		field: { type: 'string' },
		fieldCode: { type: 'string' },
		levelVi: { type: ['string', 'null'] },
		handlingDays: { type: 'integer' },
		handlingHours: { type: ['integer', 'null'] },
		mode: { type: 'string', enum: ['one_stop', 'inter_linked'] },
		onlineLevel: { type: ['integer', 'null'] },
		postedAtDesk: { type: ['boolean', 'null'] },
		publishedOnline: { type: ['boolean', 'null'] },
		unitCodes: { type: 'array', items: { type: 'string' }, description: 'Units handling it, those in the token’s scope.' },
		active: { type: 'boolean' }
	}
};

export const procedureSchemas: Record<string, SchemaObject> = { ...componentSchemas(procedureBodies), Procedure: procedure };

export const procedurePaths: OpenApiDocument['paths'] = {
	'/api/v1/procedures': {
		get: {
			operationId: 'listProcedures',
			summary: 'The province’s procedures, in code order',
			tags: ['catalogue'],
			security: integration,
			parameters: pageParameters('Only this code.'),
			responses: { '200': jsonBody(page('Procedure')), '400': errorResponse('Invalid query.'), '401': unauthorised }
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
