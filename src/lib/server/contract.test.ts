import { isHttpError } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { DatabaseHandle } from './db/client';
import type { SessionUser } from './auth/session';
import { useDatabase } from './db';
import * as s from './db/schema';
import { openTestDatabase, testDatabaseKinds } from './db/testing';
import { seedCentre } from './ratings/test-fixtures';
import { createIntegrationToken, createPairingCode, pairTablet } from './auth/credentials';
import { ANSWERS, GENERATED_BODIES, dossierBodies, openApiDocument, unitBodies } from './dossiers/openapi';
import { componentSchemas, toOpenApiSchema } from './openapi/kit';
import { officerBodies } from './officers/openapi';
import { centreBodies } from './centres/openapi';
import { procedureBodies } from './procedures/openapi';
import { nationalBodies } from './national/openapi';
import { answerRatingRequest } from './kiosk/tablet-rating';
import { handleBoxApi } from './serial/box-api';
import { createBridgeToken } from './serial/bridge-auth';
import { POST as pairPost } from '../../routes/api/v1/devices/pair/+server';
import { POST as dossiersPost } from '../../routes/api/v1/dossiers/+server';
import { POST as serviceEventsPost } from '../../routes/api/v1/service-events/+server';
import { POST as officersPost } from '../../routes/api/v1/officers/+server';
import { POST as centresPost } from '../../routes/api/v1/centres/+server';
import { POST as proceduresPost } from '../../routes/api/v1/procedures/+server';
import { POST as nationalPost } from '../../routes/api/v1/national/dossiers/+server';
import { POST as queueCallPost } from '../../routes/api/v1/queue/calls/+server';
import { POST as queueDonePost } from '../../routes/api/v1/queue/calls/done/+server';
import { GET as unitsGet, POST as unitsPost } from '../../routes/api/v1/units/+server';
import { GET as centresGet } from '../../routes/api/v1/centres/+server';
import { GET as proceduresGet } from '../../routes/api/v1/procedures/+server';
import { GET as officersGet } from '../../routes/api/v1/officers/+server';
import { GET as integrationGet } from '../../routes/api/v1/integration/+server';
import { GET as dossierGet } from '../../routes/api/v1/dossiers/[code]/+server';
import { GET as dossierRatingsGet } from '../../routes/api/v1/dossiers/[code]/ratings/+server';
import { GET as deviceGet } from '../../routes/api/v1/device/+server';
import { POST as dossierImportPost } from '../../routes/api/v1/imports/dossiers/+server';
import { POST as tableImportPost } from '../../routes/api/v1/imports/[kind]/+server';

/**
 * The API contract against the real handlers. Every request body the OpenAPI document shows is
 * generated from a zod schema; for each, the schema's example is accepted by the route's parser,
 * and bodies the document forbids (each field missing when required, of another JSON type, too
 * long, outside its enum, pattern or range; a field the document does not list; an empty or
 * malformed batch) are refused by the route with a 400 naming the field. A route that parses with
 * another schema than the document shows, or a schema that says less than its parser, fails here;
 * so does a documented body that is not generated.
 *
 * The answers the same way: every JSON answer the document shows is a component generated from
 * the schema its producer is typed with (ANSWERS), and each real answer below (the examples', the
 * refusals', 401s, the GET lists) parses with the schema shown for its status, to the same value:
 * a field the schema does not show, or a status the operation does not list, fails.
 */

type Answer = { status: number; body: { error?: string; fields?: Record<string, string> } };
type JsonSchema = {
	$ref?: string;
	type?: string | string[];
	oneOf?: JsonSchema[];
	anyOf?: JsonSchema[];
	properties?: Record<string, JsonSchema>;
	required?: string[];
	additionalProperties?: boolean;
	items?: JsonSchema;
	maxItems?: number;
	maxLength?: number;
	enum?: unknown[];
	pattern?: string;
	minimum?: number;
	maximum?: number;
	examples?: unknown[];
};
type Route = (event: never) => Response | Promise<Response>;

const JSON_TYPES: [string, unknown][] = [
	['integer', 12345],
	['string', 'text'],
	['boolean', true],
	['object', {}],
	['array', []]
];

/** Values of the field the document forbids, with what each breaks. */
function forbiddenValues(field: JsonSchema, sample: unknown): [string, unknown][] {
	const types = [field.type ?? [], ...(field.anyOf ?? []).map((a) => a.type ?? [])].flat();
	const out: [string, unknown][] = JSON_TYPES.filter(([t]) => !types.includes(t) && !(t === 'integer' && types.includes('number'))).map(([t, v]) => [`a ${t}`, v]);
	if (field.maxLength !== undefined) out.push(['too long', 'x'.repeat(field.maxLength + 1)]);
	if (field.enum) out.push(['outside the enum', 'not_in_the_enum']);
	if (field.pattern) {
		const unmatched = ['#', ' ', 'x'.repeat(300)].find((c) => !new RegExp(field.pattern!, 'u').test(c));
		if (unmatched !== undefined) out.push(['not matching the pattern', unmatched]);
	}
	if (field.minimum !== undefined) out.push(['below the minimum', field.minimum - 1]);
	if (field.maximum !== undefined) out.push(['above the maximum', field.maximum + 1]);
	if (field.maxItems !== undefined && Array.isArray(sample) && sample.length > 0) out.push(['too many items', Array.from({ length: field.maxItems + 1 }, () => sample[0])]);
	return out;
}

/** Bodies the document forbids, each with the field the answer must name. */
function forbiddenBodies(schema: JsonSchema, example: Record<string, unknown>, resolve: (s: JsonSchema) => JsonSchema, at = ''): { field: string; why: string; body: Record<string, unknown> }[] {
	const out: { field: string; why: string; body: Record<string, unknown> }[] = [];
	if (schema.additionalProperties === false) out.push({ field: `${at}notInTheContract`, why: 'not in the document', body: { ...example, notInTheContract: 1 } });
	for (const [name, field] of Object.entries(schema.properties ?? {})) {
		const named = `${at}${name}`;
		for (const [why, value] of forbiddenValues(field, example[name])) out.push({ field: named, why, body: { ...example, [name]: value } });
		if (schema.required?.includes(name)) {
			const { [name]: _gone, ...missing } = example;
			out.push({ field: named, why: 'missing', body: missing });
		}
		const list = example[name];
		if (field.type === 'array' && field.items && Array.isArray(list) && typeof list[0] === 'object') {
			const item = resolve(field.items);
			for (const nested of forbiddenBodies(item, list[0] as Record<string, unknown>, resolve, `${named}[0].`)) {
				out.push({ ...nested, body: { ...example, [name]: [nested.body, ...list.slice(1)] } });
			}
		}
	}
	return out;
}

describe('the OpenAPI document’s request bodies (openapi.test.ts: one for every route that takes one)', () => {
	const doc = openApiDocument('https://hailong.example.gov.vn');
	const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.entries(ops).filter(([, op]) => op.requestBody).map(([m]) => `${m} ${p}`));

	it('generates every documented JSON body from a zod schema this test sends requests to', () => {
		const checked = [...Object.keys(GENERATED_BODIES), ...Object.keys(ITEM_OPERATIONS)];
		expect(documented.sort()).toEqual(checked.sort());
	});
});

/** JSON answers the document shows without a generated schema. */
const BY_HAND = ['get /api/v1/openapi.json 200', 'get /api/v1/stats/units 200', 'get /api/v1/stats/units/{code}/officers 200', 'get /api/v1/device/prompt 200'];

describe('the OpenAPI document’s answers', () => {
	const doc = openApiDocument('https://hailong.example.gov.vn');

	it('shows every JSON answer as a component generated from its producer’s schema', () => {
		const shown = Object.entries(doc.paths).flatMap(([p, ops]) =>
			Object.entries(ops).flatMap(([m, op]) =>
				Object.entries(op.responses).flatMap(([status, r]) => {
					const schema = (r.content as { 'application/json'?: { schema: JsonSchema } } | undefined)?.['application/json']?.schema;
					return schema ? [[`${m} ${p} ${status}`, schema.$ref?.split('/').pop()] as const] : [];
				})
			)
		);
		const unnamed = shown.filter(([, name]) => !name || !(name in ANSWERS)).map(([operation]) => operation);
		expect(unnamed.sort()).toEqual([...BY_HAND].sort());
		const generated = componentSchemas(ANSWERS);
		for (const name of Object.keys(ANSWERS)) expect(doc.components.schemas[name], name).toEqual(generated[name]);
	});
});

/** Operations whose body is a schema component (an item, or an item or a batch of them), with the route's parser of one item. */
const ITEM_OPERATIONS = {
	'post /api/v1/dossiers': { parser: dossierBodies.DossierItem, route: dossiersPost },
	'post /api/v1/service-events': { parser: dossierBodies.ServiceEventPush, route: serviceEventsPost },
	'post /api/v1/officers': { parser: officerBodies.OfficerItem, route: officersPost },
	'post /api/v1/centres': { parser: centreBodies.CentreItem, route: centresPost },
	'post /api/v1/procedures': { parser: procedureBodies.ProcedureItem, route: proceduresPost },
	'post /api/v1/national/dossiers': { parser: nationalBodies.NationalDossier, route: nationalPost },
	'post /api/v1/queue/calls': { parser: nationalBodies.QueueCall, route: queueCallPost },
	'post /api/v1/queue/calls/done': { parser: nationalBodies.QueueDone, route: queueDonePost },
	'post /api/v1/units': { parser: unitBodies.UnitItem, route: unitsPost }
} satisfies Record<string, { parser: z.core.$ZodType; route: Route }>;

describe.each(testDatabaseKinds)('the API contract on %s', (kind) => {
	let h: DatabaseHandle;
	let credential: string;
	let bridgeToken: string;
	let integrationToken: string;
	let admin: SessionUser;
	let seededDossierCode: string;
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

	/** The generated bodies' real handlers, from a JSON body to its answer. */
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
		'post /api/v1/boxes/status': box('status'),
		'post /api/v1/imports/dossiers': (body) => importCommit(dossierImportPost, 'dossiers', body),
		'post /api/v1/imports/{kind}': (body) => importCommit(tableImportPost, 'units', body)
	};

	/** An import commit by a signed-in administrator (no preview is pending: a body the route accepts is a 404). */
	async function importCommit(route: Route, kind: string, body: unknown): Promise<Answer> {
		const url = new URL(`http://localhost/api/v1/imports/${kind}`);
		const request = new Request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
		const response = await route({ request, url, params: { kind }, locals: { user: admin, locale: 'vi' } } as never);
		return { status: response.status, body: await response.json() };
	}

	/** An integration route, called as SvelteKit would with the province's token. */
	async function integrationCall(operation: keyof typeof ITEM_OPERATIONS, body: unknown): Promise<Answer> {
		const url = new URL(`http://localhost${operation.split(' ')[1]}`);
		const request = new Request(url, { method: 'POST', headers: { authorization: `Bearer ${integrationToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
		const route: Route = ITEM_OPERATIONS[operation].route;
		const response = await route({ request, url, params: {}, locals: { user: null, locale: 'vi' }, getClientAddress: () => '192.0.2.200' } as never);
		return { status: response.status, body: await response.json() };
	}

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
		const c = await seedCentre(h.db, 1);
		const dossierId = await c.dossier();
		[{ code: seededDossierCode }] = await h.db.select({ code: s.dossiers.code }).from(s.dossiers).where(eq(s.dossiers.id, dossierId));
		// CB001 posted to the seeded unit, so that a service can name them
		await h.db.insert(s.officerAssignments).values({ officerId: c.officerId, unitId: c.unitId, positionVi: 'Công chức một cửa', startedAt: new Date('2026-01-01T00:00:00Z') });
		const [user] = await h.db.insert(s.users).values({ username: 'contract', displayName: 'Contract', passwordHash: 'x' }).returning();
		const { code } = await createPairingCode(c.counterIds[0], user.id);
		const paired = await pairTablet(code, 'contract test');
		if (!paired.ok) throw new Error('pairing failed');
		credential = paired.credential;
		bridgeToken = (await createBridgeToken(h.db, 'contract test', user.id)).token;
		integrationToken = (await createIntegrationToken(c.unitId, 'contract test', user.id)).token;
		admin = { id: user.id, username: 'contract', displayName: 'Contract', locale: 'vi', officerId: null, roles: [{ role: 'admin', unitId: null, unitPath: null }] };
	});
	afterAll(async () => h?.close());

	const doc = openApiDocument('https://hailong.example.gov.vn');
	const resolve = (schema: JsonSchema): JsonSchema => (schema.$ref ? (doc.components.schemas[schema.$ref.split('/').pop()!] as JsonSchema) : schema);
	const bodySchema = (operation: string) => {
		const [method, route] = operation.split(' ');
		return (doc.paths[route] as Record<string, { requestBody: { content: { 'application/json': { schema: JsonSchema } } } }>)[method].requestBody.content['application/json'].schema;
	};

	/** The schema the document shows for an operation's answer with this status. */
	const answerSchema = (operation: string, status: number) => {
		const [method, route] = operation.split(' ');
		const op = (doc.paths[route] as Record<string, { responses: Record<string, { content?: { 'application/json'?: { schema: JsonSchema } } }> }>)[method];
		const shown = op.responses[String(status)]?.content?.['application/json']?.schema;
		expect(shown, `${operation} documents ${status}`).toBeDefined();
		const name = shown!.$ref?.split('/').pop() as keyof typeof ANSWERS;
		expect(ANSWERS, `${operation} ${status}: ${JSON.stringify(shown)}`).toHaveProperty(name);
		return ANSWERS[name] as z.ZodType;
	};

	/** The answer parses with the schema shown for its status, to the same value (no field the schema does not show). */
	const expectDocumented = (operation: string, answer: { status: number; body: unknown }) => {
		const parsed = answerSchema(operation, answer.status).safeParse(answer.body);
		expect(parsed.error?.issues ?? [], `${operation} ${answer.status}: ${JSON.stringify(answer.body)}`).toEqual([]);
		expect(parsed.data, `${operation} ${answer.status}: nothing the schema does not show`).toEqual(answer.body);
	};

	/** A route's answer as SvelteKit would write it: a raised error() is its JSON body (App.Error). */
	async function answered(call: () => Response | Promise<Response>): Promise<Answer> {
		try {
			const response = await call();
			return { status: response.status, body: await response.json() };
		} catch (e) {
			if (isHttpError(e)) return { status: e.status, body: e.body as Answer['body'] };
			throw e;
		}
	}

	/** A route called as SvelteKit would, with a bearer token. */
	const call = (route: Route, path: string, token: string, params: Record<string, string> = {}) => {
		const url = new URL(`http://localhost${path}`);
		const request = new Request(url, { headers: { authorization: `Bearer ${token}` } });
		return answered(() => route({ request, url, params, locals: { user: null, locale: 'vi' }, getClientAddress: () => '192.0.2.201' } as never));
	};

	/** A 400 naming the field (items[0].from and items.0.from alike), or naming the whole body when `orBody`. */
	const expectRefused = (answer: Answer, field: string, what: string, orBody = false) => {
		expect([answer.status, answer.body.error], what).toEqual([400, 'validation']);
		const dotted = (f: string) => f.replace(/\[(\d+)\]/g, '.$1');
		const named = Object.keys(answer.body.fields ?? {}).map(dotted);
		expect(
			named.some((f) => f === dotted(field) || f.startsWith(`${dotted(field)}.`) || (orBody && f === '(body)')),
			`${what}: ${field} named in ${JSON.stringify(answer.body)}`
		).toBe(true);
	};

	describe('answers of the GET routes', () => {
		it('lists, a dossier and its ratings, the token and the tablet answer as documented', async () => {
			const gets: [string, Answer][] = [
				['get /api/v1/units', await call(unitsGet, '/api/v1/units', integrationToken)],
				['get /api/v1/centres', await call(centresGet, '/api/v1/centres', integrationToken)],
				['get /api/v1/centres', await call(centresGet, '/api/v1/centres?limit=0', integrationToken)],
				['get /api/v1/procedures', await call(proceduresGet, '/api/v1/procedures?limit=5', integrationToken)],
				['get /api/v1/officers', await call(officersGet, '/api/v1/officers', integrationToken)],
				['get /api/v1/officers', await call(officersGet, '/api/v1/officers?limit=0', integrationToken)],
				['get /api/v1/integration', await call(integrationGet, '/api/v1/integration', integrationToken)],
				['get /api/v1/integration', await call(integrationGet, '/api/v1/integration', 'itg_1.wrong')],
				['get /api/v1/dossiers/{code}', await call(dossierGet, '/api/v1/dossiers/HS-NONE', integrationToken, { code: 'HS-NONE' })],
				['get /api/v1/dossiers/{code}/ratings', await call(dossierRatingsGet, '/api/v1/dossiers/HS-NONE/ratings', integrationToken, { code: 'HS-NONE' })],
				['get /api/v1/device', await call(deviceGet, '/api/v1/device', credential)],
				['get /api/v1/device', await call(deviceGet, '/api/v1/device', 'dev_1.wrong')]
			];
			expect(gets.map(([o, a]) => `${o} ${a.status}`)).toEqual([
				'get /api/v1/units 200',
				'get /api/v1/centres 200',
				'get /api/v1/centres 400',
				'get /api/v1/procedures 200',
				'get /api/v1/officers 200',
				'get /api/v1/officers 400',
				'get /api/v1/integration 200',
				'get /api/v1/integration 401',
				'get /api/v1/dossiers/{code} 404',
				'get /api/v1/dossiers/{code}/ratings 404',
				'get /api/v1/device 200',
				'get /api/v1/device 401'
			]);
			for (const [operation, answer] of gets) expectDocumented(operation, answer);
			// the lists are not empty: the centre seeded, its unit and the officer serving there
			expect((gets[0][1].body as { units: unknown[] }).units.length).toBeGreaterThan(0);
			expect((gets[1][1].body as { items: unknown[] }).items.length).toBeGreaterThan(0);
		});
	});

	describe('bodies shown inline', () => {
		const operations = Object.keys(GENERATED_BODIES) as (keyof typeof GENERATED_BODIES)[];

		it.each(operations)('%s: the document shows the schema the route parses with', (operation) => {
			expect(bodySchema(operation)).toEqual(toOpenApiSchema(GENERATED_BODIES[operation] as z.core.$ZodType));
		});

		it.each(operations)('%s: its example is accepted, and each body the document forbids is a 400 naming the field', async (operation) => {
			const schema = bodySchema(operation);
			const example = schema.examples?.[0] as Record<string, unknown>;
			expect(example, 'the schema has an example').toBeTypeOf('object');
			expect((GENERATED_BODIES[operation] as z.ZodType).safeParse(example).success).toBe(true);
			const accepted = await handlers[operation](example);
			if (!operation.startsWith('post /api/v1/imports/')) expectDocumented(operation, accepted); // the imports answer NDJSON
			// accepted by the parser: what follows (a 404 for an unknown pairing code or import, a 422 for a service elsewhere) is not the contract's
			expect([400, 413, 415], JSON.stringify(accepted)).not.toContain(accepted.status);
			const forbidden = forbiddenBodies(schema, example, resolve);
			expect(forbidden.length).toBeGreaterThan(0);
			for (const { field, why, body } of forbidden) {
				const refused = await handlers[operation](body);
				expectRefused(refused, field, `${field} ${why}`);
				expectDocumented(operation, refused);
			}
		});
	});

	describe('bodies shown as components', () => {
		const operations = Object.keys(ITEM_OPERATIONS) as (keyof typeof ITEM_OPERATIONS)[];
		const itemSchema = (operation: string) => {
			const body = bodySchema(operation);
			return resolve(body.oneOf?.[0] ?? body);
		};

		it.each(operations)('%s: every field says what JSON it takes', (operation) => {
			const untyped = (schema: JsonSchema): string[] =>
				Object.entries(schema.properties ?? {}).flatMap(([name, field]) => (field.type ? (field.items ? untyped(resolve(field.items)).map((n) => `${name}[].${n}`) : []) : [name]));
			expect(untyped(itemSchema(operation))).toEqual([]);
		});

		it.each(operations)('%s: its example is accepted by the route’s parser', (operation) => {
			const examples = itemSchema(operation).examples ?? [];
			expect(examples.length, 'the schema has an example').toBeGreaterThan(0);
			for (const example of examples) {
				const parsed = (ITEM_OPERATIONS[operation].parser as z.ZodType).safeParse(example);
				expect(parsed.error?.issues ?? [], JSON.stringify(example)).toEqual([]);
			}
		});

		it.each(operations)('%s: each body the document forbids is a 400 naming the field', async (operation) => {
			const schema = itemSchema(operation);
			const forbidden = forbiddenBodies(schema, schema.examples![0] as Record<string, unknown>, resolve);
			expect(forbidden.length).toBeGreaterThan(5);
			for (const { field, why, body } of forbidden) {
				const refused = await integrationCall(operation, body);
				expectRefused(refused, field, `${field} ${why}`);
				expectDocumented(operation, refused);
			}
		});

		/** The examples pointed at what beforeAll seeded (unit PX, procedure HT-01 in field HT; no officer: CB001 holds no posting), so that they are written. */
		const seeded: Partial<Record<(typeof operations)[number], (example: Record<string, unknown>) => Record<string, unknown>>> = {
			'post /api/v1/dossiers': ({ receivingOfficer: _in, returningOfficer: _out, ...e }) => ({ ...e, unitCode: 'PX', procedureCode: 'HT-01' }),
			'post /api/v1/centres': (e) => ({ ...e, unitCode: 'PX', counters: (e.counters as Record<string, unknown>[]).map((c) => ({ ...c, fields: ['HT'] })) }),
			'post /api/v1/procedures': (e) => ({ ...e, unitCodes: ['PX'] }),
			'post /api/v1/officers': (e) => ({ ...e, postings: (e.postings as Record<string, unknown>[]).map((p) => ({ ...p, unitCode: 'PX' })) }),
			'post /api/v1/units': (e) => ({ ...e, parentCode: 'PX' })
		};

		it.each(operations)('%s: the answer to its example is the one documented for its status', async (operation) => {
			const example = itemSchema(operation).examples![0] as Record<string, unknown>;
			expectDocumented(operation, await integrationCall(operation, example));
			const adapt = seeded[operation];
			if (!adapt) return;
			const written = await integrationCall(operation, adapt(example));
			expect(written.status, JSON.stringify(written.body)).toBe(200);
			expectDocumented(operation, written);
			const batch = await integrationCall(operation, { items: [adapt(example), { ...adapt(example), notInTheContract: 1 }], partial: true });
			expect(batch.status, JSON.stringify(batch.body)).toBe(200);
			expect((batch.body as unknown as { errors: unknown[] }).errors.length).toBeGreaterThan(0);
			expectDocumented(operation, batch);
		});

		it('an officer as GET /api/v1/officers answers it is accepted back by POST unchanged (officers/api.ts: the same shape both ways)', async () => {
			const example = seeded['post /api/v1/officers']!(itemSchema('post /api/v1/officers').examples![0] as Record<string, unknown>);
			expect((await integrationCall('post /api/v1/officers', example)).status).toBe(200);
			const read = await call(officersGet, `/api/v1/officers?staffNumber=${encodeURIComponent(String(example.staffNumber))}`, integrationToken);
			const items = (read.body as unknown as { items: Record<string, unknown>[] }).items;
			expect(items).toHaveLength(1);
			const back = await integrationCall('post /api/v1/officers', items[0]);
			expect([back.status, back.body], JSON.stringify(items[0])).toMatchObject([200, { created: 0, updated: 0, unchanged: 1, refused: 0 }]);
		});

		it('a queue call, its done and a service event for the seeded counter are written and answered as documented', async () => {
			const at = (m: number) => new Date(Date.UTC(2026, 2, 2, 1, m)).toISOString();
			const queued = { ticket: 'A012', centreCode: 'C1', counterCode: 'Q1', calledAt: at(4), procedureCode: 'HT-01', officer: 'CB001' };
			const called = await integrationCall('post /api/v1/queue/calls', queued);
			const done = await integrationCall('post /api/v1/queue/calls/done', { ticket: queued.ticket, centreCode: 'C1', counterCode: 'Q1', calledAt: queued.calledAt, doneAt: at(12) });
			const event = await integrationCall('post /api/v1/service-events', { dossierCode: seededDossierCode, centreCode: 'C1', counterCode: 'Q1', officer: 'CB001', stage: 'receiving', openedAt: at(20) });
			const answers: [keyof typeof ITEM_OPERATIONS, Answer][] = [
				['post /api/v1/queue/calls', called],
				['post /api/v1/queue/calls/done', done],
				['post /api/v1/service-events', event]
			];
			expect(answers.map(([o, a]) => `${o} ${a.status}`), JSON.stringify(answers)).toEqual([
				'post /api/v1/queue/calls 201',
				'post /api/v1/queue/calls/done 200',
				'post /api/v1/service-events 201'
			]);
			for (const [operation, answer] of answers) expectDocumented(operation, answer);
		});

		it.each(operations)('%s: a wrong token is a documented 401', async (operation) => {
			const url = new URL(`http://localhost${operation.split(' ')[1]}`);
			const request = new Request(url, { method: 'POST', headers: { authorization: 'Bearer itg_1.wrong', 'content-type': 'application/json' }, body: '{}' });
			const refused = await answered(() => ITEM_OPERATIONS[operation].route({ request, url, params: {}, locals: { user: null, locale: 'vi' }, getClientAddress: () => '192.0.2.202' } as never));
			expect(refused.status).toBe(401);
			expectDocumented(operation, refused);
		});

		it.each(operations.filter((o) => bodySchema(o).oneOf))('%s: a batch the document forbids is a 400 naming the field', async (operation) => {
			const example = itemSchema(operation).examples![0] as Record<string, unknown>;
			// the national envelope names the body for these (national/http.ts), the others the field
			expectRefused(await integrationCall(operation, { items: [] }), 'items', 'an empty batch', true);
			expectRefused(await integrationCall(operation, { items: [example], partial: 'yes' }), 'partial', 'partial not a boolean', true);
			expectRefused(await integrationCall(operation, { items: [example, { ...example, notInTheContract: 1 }], partial: false }), 'items[1]', 'a bad second item');
		});
	});
});
