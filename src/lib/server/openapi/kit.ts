import { z } from 'zod';
import { dossierBatchSchema } from '../dossiers/schema';

/**
 * The pieces every part of the OpenAPI document is built from (dossiers/openapi.ts assembles the
 * parts). Request bodies are generated from the zod schemas their routes parse with (zod 4's
 * z.toJSONSchema, input side: what a client sends); the fields' JSON types come from their parsers
 * (`accepts` in dossiers/schema.ts), descriptions and examples from `.describe()` / `.meta()` on the
 * schemas. Answers and webhook bodies are generated the same way from the schemas their producers
 * are typed with (`*Answers` of each part, webhooks/payloads.ts), also on the input side: what the
 * producing code hands to `json()` is the schema's input. The output side would add
 * `additionalProperties: false` to every object, and answers may gain fields (a client ignores
 * the ones it does not know).
 */

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type SchemaObject = { [key: string]: Json };
type Operation = {
	operationId: string;
	summary: string;
	description?: string;
	tags: string[];
	security?: Record<string, string[]>[];
	parameters?: SchemaObject[];
	requestBody?: SchemaObject;
	responses: Record<string, SchemaObject>;
};
export type OpenApiDocument = {
	openapi: '3.1.0';
	info: { title: string; version: string; description: string };
	servers: { url: string }[];
	tags: { name: string; description: string }[];
	paths: Record<string, Partial<Record<'get' | 'post', Operation>>>;
	/** What the app sends to subscribers (OpenAPI 3.1): webhooks/openapi.ts. */
	webhooks: Record<string, { post: SchemaObject }>;
	components: { securitySchemes: Record<string, SchemaObject>; schemas: Record<string, SchemaObject> };
};

const JSON_SCHEMA = { target: 'draft-2020-12', io: 'input', unrepresentable: 'throw' } as const;

/** One schema as OpenAPI 3.1 shows it (JSON Schema 2020-12), its nested schemas inlined. */
export function toOpenApiSchema(schema: z.core.$ZodType): SchemaObject {
	const { $schema: _dialect, ...json } = z.toJSONSchema(schema, JSON_SCHEMA);
	return withExamples(json as SchemaObject, schema);
}

/**
 * Named components, generated together so that one holding another refers to it
 * (`#/components/schemas/<name>`) instead of repeating it.
 */
export function componentSchemas(named: Record<string, z.core.$ZodType>): Record<string, SchemaObject> {
	const registry = z.registry<{ id: string }>();
	for (const [id, schema] of Object.entries(named)) registry.add(schema, { id });
	const { schemas } = z.toJSONSchema(registry, { ...JSON_SCHEMA, uri: (id) => `#/components/schemas/${id}` });
	return Object.fromEntries(
		Object.entries(named).map(([id, schema]) => {
			const { $schema: _dialect, $id: _id, ...json } = schemas[id];
			return [id, withExamples(json as SchemaObject, schema)];
		})
	);
}

/**
 * z.toJSONSchema drops the examples of a schema that transforms (it takes them for outputs); ours
 * are what a client sends. Those of a pipe's input side count (an object refined, then transformed).
 */
function withExamples(json: SchemaObject, schema: z.core.$ZodType): SchemaObject {
	const examples = z.globalRegistry.get(schema)?.examples;
	if (Array.isArray(examples)) return { ...json, examples: examples as Json[] };
	const def = schema._zod.def;
	return def.type === 'pipe' ? withExamples(json, (def as z.core.$ZodPipeDef).in) : json;
}

/** A batch body as readEnvelope (dossiers/api.ts) reads it: { items: 1..max items, partial }. */
export const batchOf = (item: z.ZodType, max: number) => dossierBatchSchema.extend({ items: z.array(item).min(1).max(max) });

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** A JSON request or answer, with the media type's example or named examples. */
export const jsonBody = (schema: Json, description?: string, examples?: { example: Json } | { examples: Json }) => ({
	...(description ? { description } : {}),
	content: { 'application/json': { schema, ...examples } }
});

export const errorResponse = (description: string) => jsonBody(ref('Error'), description);
export const instant = (description: string) => ({ type: 'string', format: 'date-time', description });
export const integration = [{ integrationToken: [] }];
export const unauthorised = errorResponse('No bearer token, or a revoked or unknown one.');
export const badContentType = errorResponse('The body is not application/json.');

/** A body of one item or a batch of them. */
export const itemOrBatch = (item: string, batch: string) => ({ required: true, ...jsonBody({ oneOf: [ref(item), ref(batch)] }) });

/** The catalogue's list queries (procedures, centres): one code, or a page. */
export const pageParameters = (code: string): SchemaObject[] => [
	{ name: 'code', in: 'query', schema: { type: 'string', maxLength: 64 }, description: code },
	{ name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 1000 } },
	{ name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } }
];
