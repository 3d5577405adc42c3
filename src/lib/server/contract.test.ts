import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { DatabaseHandle } from './db/client';
import { useDatabase } from './db';
import * as s from './db/schema';
import { openTestDatabase, testDatabaseKinds } from './db/testing';
import { seedCentre } from './ratings/test-fixtures';
import { createPairingCode, pairTablet } from './auth/credentials';
import { GENERATED_BODIES, openApiDocument, toOpenApiSchema } from './dossiers/openapi';
import { answerRatingRequest } from './kiosk/tablet-rating';
import { POST as pairPost } from '../../routes/api/v1/devices/pair/+server';
import { handleBoxApi } from './serial/box-api';
import { createBridgeToken } from './serial/bridge-auth';

/**
 * The API contract against the real handlers: for every request body the OpenAPI document
 * generates from a zod schema, the schema's example is accepted by the route, and a body that
 * breaks the schema at one field (missing when required, of the wrong type) is refused with a 400
 * naming that field. A route that parses with another schema than the document shows fails here.
 */
type Answer = { status: number; body: { error?: string; fields?: Record<string, string> } };
type JsonSchema = { type?: string | string[]; anyOf?: JsonSchema[]; properties?: Record<string, JsonSchema>; required?: string[]; examples?: unknown[] };

describe.each(testDatabaseKinds)('the API contract on %s', (kind) => {
	let h: DatabaseHandle;
	let credential: string;
	let bridgeToken: string;
	let ip = 0;

	const box = (route: 'hello' | 'presses' | 'status') => async (body: unknown) => {
		const request = new Request(`http://bridge.test/api/v1/boxes/${route}`, {
			method: 'POST',
			headers: { authorization: `Bearer ${bridgeToken}`, 'content-type': 'application/json' },
			body: JSON.stringify(body)
		});
		const response = await handleBoxApi(route, request, { db: h.db });
		return { status: response.status, body: await response.json() };
	};

	/** Each documented operation's real handler, from a JSON body to its answer. */
	const handlers: Record<keyof typeof GENERATED_BODIES, (body: unknown) => Promise<Answer>> = {
		'post /api/v1/device/ratings': async (body) => {
			const text = JSON.stringify(body);
			const reply = await answerRatingRequest({
				authorization: `Bearer ${credential}`,
				contentType: 'application/json',
				contentLength: String(Buffer.byteLength(text)),
				readBody: async () => text
			});
			return reply as Answer;
		},
		'post /api/v1/devices/pair': async (body) => {
			const request = new Request('http://localhost/api/v1/devices/pair', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
			const address = `192.0.2.${++ip}`; // a fresh address each time: wrong codes are throttled per address
			// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the handler reads only these
			const response = await pairPost({ request, getClientAddress: () => address } as any);
			return { status: response.status, body: await response.json() };
		},
		'post /api/v1/boxes/hello': box('hello'),
		'post /api/v1/boxes/presses': box('presses'),
		'post /api/v1/boxes/status': box('status')
	};

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
		const c = await seedCentre(h.db, 1);
		const [user] = await h.db.insert(s.users).values({ username: 'contract', displayName: 'Contract', passwordHash: 'x' }).returning();
		const { code } = await createPairingCode(c.counterIds[0], user.id);
		const paired = await pairTablet(code, 'contract test');
		if (!paired.ok) throw new Error('pairing failed');
		credential = paired.credential;
		bridgeToken = (await createBridgeToken(h.db, 'contract test', user.id)).token;
	});
	afterAll(async () => h?.close());

	const doc = openApiDocument('https://hailong.example.gov.vn');
	const operations = Object.keys(GENERATED_BODIES) as (keyof typeof GENERATED_BODIES)[];

	/** A value of another JSON type than the field takes. */
	function wrongValue(field: JsonSchema): unknown {
		const types = [field.type, ...(field.anyOf ?? []).map((a) => a.type)].flat().filter(Boolean);
		if (types.includes('string')) return 12345;
		if (types.includes('integer') || types.includes('number') || types.includes('boolean')) return 'not a number';
		return 'not an object';
	}

	it.each(operations)('%s: the document shows the schema the route parses with', (operation) => {
		const [method, path] = operation.split(' ');
		const documented = (doc.paths[path] as Record<string, { requestBody: { content: { 'application/json': { schema: unknown } } } }>)[method].requestBody.content['application/json'].schema;
		expect(documented).toEqual(toOpenApiSchema(GENERATED_BODIES[operation] as z.core.$ZodType));
	});

	it.each(operations)('%s: its example is accepted, and each field broken alone is a 400 naming it', async (operation) => {
		const schema = toOpenApiSchema(GENERATED_BODIES[operation] as z.core.$ZodType) as JsonSchema;
		const example = schema.examples?.[0] as Record<string, unknown>;
		expect(example, 'the schema has an example').toBeTypeOf('object');
		const accepted = await handlers[operation](example);
		// accepted by the parser: what follows (a 404 for an unknown pairing code, a 422 for a service elsewhere) is not the contract's
		expect([400, 413, 415], JSON.stringify(accepted)).not.toContain(accepted.status);

		const properties = Object.entries(schema.properties ?? {});
		expect(properties.length).toBeGreaterThan(0);
		for (const [name, field] of properties) {
			const cases: Record<string, unknown>[] = [{ ...example, [name]: wrongValue(field) }];
			if (schema.required?.includes(name)) {
				const { [name]: _gone, ...missing } = example;
				cases.push(missing);
			}
			for (const body of cases) {
				const refused = await handlers[operation](body);
				expect([refused.status, refused.body.error], `${name}: ${JSON.stringify(body)}`).toEqual([400, 'validation']);
				expect(Object.keys(refused.body.fields ?? {}).some((f) => f === name || f.startsWith(`${name}.`)), `${name} named in ${JSON.stringify(refused.body)}`).toBe(true);
			}
		}
	});
});
