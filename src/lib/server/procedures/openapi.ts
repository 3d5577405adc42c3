import type { OpenApiDocument } from '../dossiers/openapi';
import { MAX_HANDLING_DAYS, MAX_HANDLING_HOURS, PROCEDURE_LEVELS, WORKING_HOURS_PER_DAY } from './parse';

/** /api/v1/procedures in the OpenAPI contract (merged into ../dossiers/openapi.ts). */

type Schemas = OpenApiDocument['components']['schemas'];
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonBody = (schema: Schemas[string], description?: string) => ({ ...(description ? { description } : {}), content: { 'application/json': { schema } } });
const errorResponse = (description: string) => jsonBody(ref('Error'), description);
const integration = [{ integrationToken: [] }];

const yesNoUnknown = (description: string) => ({
	type: ['boolean', 'string', 'null'],
	description: `${description} true / false, or the text "Có" / "Không"; null or "Chưa rõ" = not known. Absent: leave as stored (new: not known).`
});

export const procedureSchemas: Schemas = {
	ProcedureItem: {
		type: 'object',
		additionalProperties: false,
		required: ['code', 'nameVi', 'field'],
		description: `One procedure, keyed by code. Give the handling time one way: handlingTime (text), handlingDays, or handlingHours (days are then the hours ÷ ${WORKING_HOURS_PER_DAY}, rounded up; handlingDays may accompany handlingHours when it is exactly that). An absent optional field leaves what is stored (for a new procedure: not known); null clears it. So the national list and the province's own facts (posted at the desk…) can come from different systems without erasing each other.`,
		properties: {
			code: { type: 'string', pattern: '^[0-9]\\.[0-9]{6}(\\.[0-9]{3}\\.[0-9]{2}\\.[0-9]{2}\\.[A-Z][0-9]{2})?$', description: 'Mã TTHC, short (1.004227) or full (1.003560.000.00.00.H56); kept as given.' },
			nameVi: { type: 'string', maxLength: 1000 },
			nameEn: { type: ['string', 'null'], maxLength: 1000 },
			field: { type: 'string', maxLength: 200, description: 'Lĩnh vực: its name (or code). A field not yet known is created from its name.' },
			levelVi: { type: ['string', 'null'], description: `Cấp thực hiện: one or more of ${PROCEDURE_LEVELS.join(', ')} (comma-separated).` },
			handlingTime: { type: 'string', description: 'As the national database writes it: "05 ngày làm việc", "04 giờ làm việc", "0,5 ngày làm việc", "Trong ngày".' },
			handlingDays: { type: ['integer', 'string'], minimum: 0, maximum: MAX_HANDLING_DAYS, description: 'Working days (0 = the same day).' },
			handlingHours: { type: ['integer', 'string'], minimum: 1, maximum: MAX_HANDLING_HOURS, description: 'Working hours, when the law sets the time in hours.' },
			mode: { type: 'string', description: 'one_stop (default for a new procedure) or inter_linked; or "Một cửa" / "Một cửa liên thông".' },
			onlineLevel: {
				type: ['integer', 'string', 'null'],
				description: '2 = fully online (toàn trình), 1 = partly (một phần), 0 = not online; or that text, or "Mức độ 3/4". null or "Chưa rõ" = not known.'
			},
			postedAtDesk: yesNoUnknown('Posted at the One-Stop Desk (TT 01/2018 indicator 6).'),
			publishedOnline: yesNoUnknown('Published on the public service portal (indicator 6).'),
			unitCodes: {
				type: ['array', 'string'],
				items: { type: 'string', maxLength: 32 },
				description: 'Codes of the units handling it, replacing those stored; absent = leave them. Each in the token’s scope.'
			},
			active: { type: 'boolean', description: 'false withdraws it (never deleted). Absent: as stored (new: true).' }
		}
	},
	ProcedureBatch: {
		type: 'object',
		additionalProperties: false,
		required: ['items'],
		properties: {
			items: { type: 'array', minItems: 1, maxItems: 1000, items: ref('ProcedureItem') },
			partial: { type: 'boolean', default: false, description: 'false: any problem refuses the whole batch. true: valid items are written, the others reported.' }
		}
	},
	Procedure: {
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
	}
};

const pageParameters: Schemas[string][] = [
	{ name: 'code', in: 'query', schema: { type: 'string', maxLength: 64 }, description: 'Only this code.' },
	{ name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 1000 } },
	{ name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } }
];

export const procedurePaths: OpenApiDocument['paths'] = {
	'/api/v1/procedures': {
		get: {
			operationId: 'listProcedures',
			summary: 'The province’s procedures, in code order',
			tags: ['catalogue'],
			security: integration,
			parameters: pageParameters,
			responses: {
				'200': jsonBody({ type: 'object', properties: { total: { type: 'integer' }, limit: { type: 'integer' }, offset: { type: 'integer' }, items: { type: 'array', items: ref('Procedure') } } }),
				'400': errorResponse('Invalid query.'),
				'401': errorResponse('No bearer token, or a revoked or unknown one.')
			}
		},
		post: {
			operationId: 'upsertProcedures',
			summary: 'Create or update procedures (idempotent by code); the same checks as the import',
			tags: ['catalogue'],
			security: integration,
			requestBody: { required: true, ...jsonBody({ oneOf: [ref('ProcedureItem'), ref('ProcedureBatch')] }) },
			responses: {
				'200': jsonBody(ref('DossierResults'), 'Per-item results (created, updated, unchanged).'),
				'400': errorResponse('Bad JSON or invalid fields (fields keyed like items[3].handlingTime); nothing written unless partial.'),
				'401': errorResponse('No bearer token, or a revoked or unknown one.'),
				'403': errorResponse('The token is not the province’s (the catalogue is the province’s), or every problem is a unit outside its scope.'),
				'415': errorResponse('The body is not application/json.')
			}
		}
	}
};
