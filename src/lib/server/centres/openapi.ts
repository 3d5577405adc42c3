import { CENTRE_KINDS } from '../db/schema';
import type { OpenApiDocument } from '../dossiers/openapi';
import { MAX_COUNTERS_PER_CENTRE } from './schema';

/** /api/v1/centres in the OpenAPI contract (merged into ../dossiers/openapi.ts). */

type Schemas = OpenApiDocument['components']['schemas'];
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonBody = (schema: Schemas[string], description?: string) => ({ ...(description ? { description } : {}), content: { 'application/json': { schema } } });
const errorResponse = (description: string) => jsonBody(ref('Error'), description);
const integration = [{ integrationToken: [] }];

const counterProperties = {
	code: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,32}$', description: 'The counter’s number within its centre (Q01…).' },
	nameVi: { type: 'string', maxLength: 200 },
	nameEn: { type: ['string', 'null'], maxLength: 200 },
	fields: { type: 'array', items: { type: 'string' }, description: 'Codes (or names) of the fields it serves, each existing; replaces those stored. Absent: leave them. Empty: every procedure.' },
	active: { type: 'boolean', description: 'false retires it: not offered at "My counter", its shift ends, its devices are unpaired; its ratings stay. Absent: as stored (new: true).' }
};

export const centreSchemas: Schemas = {
	CentreItem: {
		type: 'object',
		additionalProperties: false,
		required: ['code', 'unitCode', 'nameVi'],
		description:
			'A service centre, keyed by its code (unique in the province), with the counters to create or update. An absent optional field leaves what is stored; null clears it. Counters not listed are left as they are: nothing is deleted.',
		properties: {
			code: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,64}$' },
			unitCode: { type: 'string', maxLength: 32, description: 'The unit it belongs to: the token’s unit or one below it.' },
			nameVi: { type: 'string', maxLength: 300 },
			nameEn: { type: ['string', 'null'], maxLength: 300 },
			address: { type: ['string', 'null'], maxLength: 500 },
			kind: { type: ['string', 'null'], enum: [...CENTRE_KINDS, null] },
			active: { type: 'boolean', description: 'false takes the centre and all its counters out of service.' },
			counters: { type: 'array', maxItems: MAX_COUNTERS_PER_CENTRE, items: { type: 'object', additionalProperties: false, required: ['code', 'nameVi'], properties: counterProperties } }
		}
	},
	CentreBatch: {
		type: 'object',
		additionalProperties: false,
		required: ['items'],
		properties: {
			items: { type: 'array', minItems: 1, maxItems: 1000, items: ref('CentreItem') },
			partial: { type: 'boolean', default: false, description: 'false: any problem refuses the whole batch. true: valid items are written, the others reported.' }
		}
	},
	Centre: {
		type: 'object',
		properties: {
			code: { type: 'string' },
			unitCode: { type: 'string' },
			nameVi: { type: 'string' },
			nameEn: { type: ['string', 'null'] },
			address: { type: ['string', 'null'] },
			kind: { type: ['string', 'null'], enum: [...CENTRE_KINDS, null] },
			active: { type: 'boolean' },
			counters: { type: 'array', items: { type: 'object', properties: counterProperties } }
		}
	}
};

export const centrePaths: OpenApiDocument['paths'] = {
	'/api/v1/centres': {
		get: {
			operationId: 'listCentres',
			summary: 'The centres of the token’s unit subtree with their counters, in code order',
			tags: ['catalogue'],
			security: integration,
			parameters: [
				{ name: 'code', in: 'query', schema: { type: 'string', maxLength: 64 }, description: 'Only this centre.' },
				{ name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 1000 } },
				{ name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } }
			],
			responses: {
				'200': jsonBody({ type: 'object', properties: { total: { type: 'integer' }, limit: { type: 'integer' }, offset: { type: 'integer' }, items: { type: 'array', items: ref('Centre') } } }),
				'400': errorResponse('Invalid query.'),
				'401': errorResponse('No bearer token, or a revoked or unknown one.')
			}
		},
		post: {
			operationId: 'upsertCentres',
			summary: 'Create or update centres and their counters (idempotent by code)',
			tags: ['catalogue'],
			security: integration,
			requestBody: { required: true, ...jsonBody({ oneOf: [ref('CentreItem'), ref('CentreBatch')] }) },
			responses: {
				'200': jsonBody(ref('DossierResults'), 'Per-item results; each also lists its counters’ results.'),
				'400': errorResponse('Bad JSON or invalid fields (keyed like items[2].counters[0].fields); nothing written unless partial.'),
				'401': errorResponse('No bearer token, or a revoked or unknown one.'),
				'403': errorResponse('Every problem is a unit or centre outside the token’s scope; nothing written.'),
				'415': errorResponse('The body is not application/json.')
			}
		}
	}
};
