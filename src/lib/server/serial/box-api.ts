import { eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { errorReply, jsonText, parseJsonText } from '../api';
import type { Db } from '../db';
import { NOT_COUNTED_REASONS, devices } from '../db/schema';
import { recordRatings, RatingRejected, type RatingInput, type RatingResult } from '../ratings/record';
import { config } from '../config';
import { authenticateBridge, bridgeCounterIds } from './bridge-auth';
import { ledModeForBox, registerBox, touchBox } from './boxes';
import { FW_PATTERN, LED_MODES, UID_PATTERN, UINT32_MAX, type LedMode } from './codec';
import { writePortStatus } from './port-status';
import { pressKey } from './sink';

/**
 * The device API bridges post to (/api/v1/boxes/…), as plain Request → Response functions so
 * the SvelteKit routes and the bridge tests' small HTTP server run the very same code.
 *
 *   POST hello    {port, uid, fw, buttons, boot}                → {deviceId, led}
 *   POST presses  {presses: [{uid, boot, seq, button, buttons, ageMs}]}
 *                 → {results: [{key, status: stored|duplicate|rejected, reason?, counted, notCountedReason?}]}
 *                 ageMs is the press's age when the bridge sends it (box age + time in the
 *                 outbox), so the server dates it with its own clock: pressed at = now − ageMs.
 *                 A press counts only if its box is bound to a counter assigned to the bridge
 *                 and it is at most BRIDGE_MAX_AGE_DAYS old; any other is stored uncounted
 *                 (notCountedReason bridge_not_assigned / too_old), never refused.
 *   POST status   {port, connected, uid?, boot?, lastSeq?, pending?, frameAgeMs?, heartbeat, validDelta, badDelta}
 *   GET  led?uid=A&uid=B                                         → {modes: {A: 'ASK', B: 'IDLE'}}
 */

const uint = z.number().int().min(0).max(UINT32_MAX);
const uid = z.string().regex(UID_PATTERN);
const portPath = z.string().min(1).max(200);

export const HelloBody = z
	.object({ port: portPath, uid, fw: z.string().regex(FW_PATTERN), buttons: z.number().int().min(3).max(5), boot: uint })
	.meta({ examples: [{ port: '/dev/ttyUSB0', uid: 'BOX-1', fw: '1.2.0', buttons: 5, boot: 7 }] });
export const PressesBody = z
	.object({
		presses: z
			.array(z.object({ uid, boot: uint, seq: uint.min(1), button: uint.min(1), buttons: z.number().int().min(3).max(5), ageMs: z.number().int().min(0).max(366 * 86_400_000) }))
			.min(1)
			.max(500)
	})
	.meta({ examples: [{ presses: [{ uid: 'BOX-1', boot: 7, seq: 1, button: 2, buttons: 5, ageMs: 150 }] }] });
export const StatusBody = z.object({
	port: portPath,
	connected: z.enum(['open', 'closed']),
	uid: uid.nullable().optional(),
	boot: uint.nullable().optional(),
	lastSeq: uint.nullable().optional(),
	pending: uint.nullable().optional(),
	/** How long ago the last valid frame arrived, by the bridge's clock (a year at most, as a press's age: it dates the box's last contact). */
	frameAgeMs: z.number().int().min(0).max(366 * 86_400_000).nullable().optional(),
	heartbeat: z.boolean().default(false),
	validDelta: z.number().int().min(0).default(0),
	badDelta: z.record(z.string().max(32), z.number().int().min(0)).default({})
}).meta({ examples: [{ port: '/dev/ttyUSB0', connected: 'open', uid: 'BOX-1', boot: 7, lastSeq: 1, pending: 0, frameAgeMs: 900, heartbeat: true, validDelta: 3, badDelta: { crc: 1 } }] });

/** What each route answers (the OpenAPI document shows these). */
export const helloAnswer = z.object({ deviceId: z.int(), led: z.enum(LED_MODES) });
export const statusAnswer = z.object({ ok: z.literal(true) });
export const ledAnswer = z.object({ modes: z.record(z.string(), z.enum(LED_MODES)).describe('By box uid, for the uids asked about that are well formed (at most 64).') });
const pressOutcome = z.object({
	key: z.string(),
	status: z.enum(['stored', 'duplicate', 'rejected']),
	reason: z.string().optional().describe('Why a press was rejected (the box gets a NAK).'),
	counted: z.boolean(),
	notCountedReason: z.enum(NOT_COUNTED_REASONS).optional().describe('Why a stored press does not count.')
});
export type PressOutcomeJson = z.input<typeof pressOutcome>;
export const pressesAnswer = z.object({ results: z.array(pressOutcome).describe('One per press, in the order sent.') });

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const problem = (status: number, error: string, message: string) => json(errorReply(status, error, message).body, status);

async function body<T extends z.ZodType>(request: Request, schema: T): Promise<{ ok: true; data: z.infer<T> } | { ok: false; response: Response }> {
	const parsed = parseJsonText(request.headers.get('content-type'), await jsonText(request), schema);
	return parsed.ok ? parsed : { ok: false, response: json(parsed.reply.body, parsed.reply.status) };
}

/** Device ids for uids, registering unknown ones as unassigned boxes (a press can precede a HELLO that got lost). */
async function deviceIds(db: Db, boxes: Map<string, number>): Promise<Map<string, number | null>> {
	const uids = [...boxes.keys()];
	const rows = await db.select({ id: devices.id, uid: devices.uid, kind: devices.kind }).from(devices).where(inArray(devices.uid, uids));
	const out = new Map<string, number | null>(rows.map((r) => [r.uid, r.kind === 'button_box' ? r.id : null]));
	for (const u of uids) {
		if (out.has(u)) continue;
		const reg = await registerBox(db, { type: 'HELLO', uid: u, fw: 'unknown', buttons: boxes.get(u)!, boot: 0 });
		out.set(u, reg?.deviceId ?? null);
	}
	return out;
}

export type BoxApiOptions = {
	db: Db;
	graceMs?: number;
	/** The oldest a press may claim to be and still count; default BRIDGE_MAX_AGE_DAYS. */
	maxAgeMs?: number;
	now?: () => Date;
};

export async function handleBoxApi(route: 'hello' | 'presses' | 'status' | 'led', request: Request, opts: BoxApiOptions, ip: string | null = null): Promise<Response> {
	const { db } = opts;
	const bridge = await authenticateBridge(db, request.headers.get('authorization'), ip);
	if (!bridge) return problem(401, 'unauthorised', 'Mã cầu nối không hợp lệ hoặc đã bị thu hồi / Bridge token invalid or revoked');
	const now = opts.now?.() ?? new Date();

	if (route === 'led') {
		if (request.method !== 'GET') return problem(405, 'method', 'GET');
		const uids = new URL(request.url).searchParams.getAll('uid').filter((u) => UID_PATTERN.test(u)).slice(0, 64);
		const modes: Record<string, LedMode> = {};
		for (const u of uids) modes[u] = await ledModeForBox(db, u);
		return json({ modes } satisfies z.input<typeof ledAnswer>);
	}
	if (request.method !== 'POST') return problem(405, 'method', 'POST');

	if (route === 'hello') {
		const b = await body(request, HelloBody);
		if (!b.ok) return b.response;
		const reg = await registerBox(db, { type: 'HELLO', uid: b.data.uid, fw: b.data.fw, buttons: b.data.buttons, boot: b.data.boot }, now);
		if (!reg) return problem(409, 'uid_taken', `${b.data.uid} là mã của một máy tính bảng / belongs to a tablet`);
		await writePortStatus(db, {
			bridgeId: bridge.bridgeId,
			path: b.data.port,
			deviceId: reg.deviceId,
			connected: 'open',
			boot: b.data.boot,
			lastSeq: null,
			pending: null,
			lastFrameAt: now,
			heartbeatAt: null,
			validDelta: 0,
			badDelta: {}
		});
		return json({ deviceId: reg.deviceId, led: await ledModeForBox(db, b.data.uid) } satisfies z.input<typeof helloAnswer>);
	}

	if (route === 'status') {
		const b = await body(request, StatusBody);
		if (!b.ok) return b.response;
		const s = b.data;
		const deviceId = s.uid ? ((await db.select({ id: devices.id }).from(devices).where(eq(devices.uid, s.uid)))[0]?.id ?? null) : null;
		const frameAt = s.frameAgeMs != null ? new Date(now.getTime() - s.frameAgeMs) : null;
		if (deviceId && s.heartbeat) await touchBox(db, deviceId, frameAt ?? now);
		await writePortStatus(db, {
			bridgeId: bridge.bridgeId,
			path: s.port,
			deviceId,
			connected: s.connected,
			boot: s.boot ?? null,
			lastSeq: s.lastSeq ?? null,
			pending: s.pending ?? null,
			lastFrameAt: frameAt,
			heartbeatAt: s.heartbeat ? frameAt : null,
			validDelta: s.validDelta,
			badDelta: s.badDelta
		});
		return json({ ok: true } satisfies z.input<typeof statusAnswer>);
	}

	const b = await body(request, PressesBody);
	if (!b.ok) return b.response;
	const presses = b.data.presses;
	const ids = await deviceIds(db, new Map(presses.map((p) => [p.uid, p.buttons])));
	const via = { id: bridge.bridgeId, counterIds: await bridgeCounterIds(db, bridge.bridgeId) };
	const maxAgeMs = opts.maxAgeMs ?? config().bridgeMaxAgeMs;
	const results: (PressOutcomeJson | null)[] = presses.map((p) => {
		if (p.button > p.buttons) return { key: pressKey(p), status: 'rejected', reason: 'button_range', counted: false };
		if (ids.get(p.uid) == null) return { key: pressKey(p), status: 'rejected', reason: 'uid_taken', counted: false };
		return null;
	});
	const todo = presses
		.map((p, i) => ({
			i,
			input: {
				source: 'button_box',
				idempotencyKey: pressKey(p),
				deviceId: ids.get(p.uid)!,
				pressedAt: new Date(now.getTime() - p.ageMs),
				button: p.button,
				buttons: p.buttons,
				bridge: via,
				maxAgeMs
			} as RatingInput
		}))
		.filter((t) => results[t.i] === null);
	const record = (inputs: RatingInput[]) => recordRatings(inputs, { db, graceMs: opts.graceMs, receivedAt: now });
	const fill = (i: number, r: RatingResult) =>
		(results[i] = {
			key: pressKey(presses[i]),
			status: r.duplicate ? 'duplicate' : 'stored',
			counted: r.counted,
			...(r.notCountedReason ? { notCountedReason: r.notCountedReason } : {})
		});
	// Only a press no scale level can hold is refused for good (the box drops it on NAK); anything
	// else, a missing active scale included, is transient: 503, and the bridge keeps the batch.
	const notReady = (e: unknown) =>
		e instanceof RatingRejected ? problem(503, 'not_ready', `Chưa thể lưu lượt bấm / Cannot store presses yet: ${e.message}`) : null;
	try {
		const rs = await record(todo.map((t) => t.input));
		todo.forEach((t, j) => fill(t.i, rs[j]));
	} catch (e) {
		if (!(e instanceof RatingRejected) || e.code !== 'bad_level') return notReady(e) ?? Promise.reject(e);
		for (const t of todo) {
			try {
				fill(t.i, (await record([t.input]))[0]);
			} catch (err) {
				if (!(err instanceof RatingRejected) || err.code !== 'bad_level') return notReady(err) ?? Promise.reject(err);
				results[t.i] = { key: t.input.idempotencyKey, status: 'rejected', reason: 'button_range', counted: false };
			}
		}
	}
	return json({ results });
}
