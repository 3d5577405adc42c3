import type { RequestEvent, ResolveOptions } from '@sveltejs/kit';
import { afterEach, describe, expect, it } from 'vitest';
import { useDatabase } from '.';
import type { DatabaseHandle } from './client';
import { lagOf, markWrites, reader, readingReplica, replicaStatus, ReplicaSet, useReplicas, WROTE_COOKIE } from './replicas';

/**
 * The pure parts of the read-replica choice (the standby itself: tests/replicas.test.ts).
 */
describe('lag of a standby', () => {
	it('is zero when it replayed the primary’s position, or is not a standby', () => {
		expect(lagOf({ standby: true, caught_up: true, behind_s: '3600' })).toBe(0);
		expect(lagOf({ standby: false, caught_up: null, behind_s: null })).toBe(0);
	});
	it('is the age of the last replayed transaction when behind, and unknown before any', () => {
		expect(lagOf({ standby: true, caught_up: false, behind_s: '12.5' })).toBe(12.5);
		expect(lagOf({ standby: true, caught_up: null, behind_s: 4 })).toBe(4);
		expect(lagOf({ standby: true, caught_up: false, behind_s: null })).toBeNull();
	});
});

describe('without standbys', () => {
	it('reads the primary and says nothing about age', async () => {
		const primary = { description: 'the primary' } as DatabaseHandle;
		useDatabase(primary);
		const read = await readingReplica(null, async () => reader());
		expect(read.value).toBe(primary);
		expect(read.staleSeconds).toBeNull();
		expect(await replicaStatus()).toMatchObject({ configured: 0, withinBounds: true });
	});
});

describe('marking a browser that wrote', () => {
	afterEach(() => useReplicas(null));
	const run = async (method: string, status: number) => {
		const event = { request: new Request('https://danhgia.example/app', { method }), url: new URL('https://danhgia.example/app') } as RequestEvent;
		const response = await markWrites({ event, resolve: async (_e: RequestEvent, _o?: ResolveOptions) => new Response('x', { status }) });
		return response.headers.getSetCookie().find((c) => c.startsWith(`${WROTE_COOKIE}=`));
	};

	it('marks a successful write for the lag limit plus a second, only when standbys are configured', async () => {
		expect(await run('POST', 303)).toBeUndefined();
		useReplicas(new ReplicaSet(() => ({}) as DatabaseHandle, [], { maxLagS: 4 }));
		const cookie = await run('POST', 303);
		expect(cookie).toMatch(/Max-Age=5; HttpOnly; SameSite=Lax; Secure$/);
		const until = Number(/=(\d+);/.exec(cookie!)![1]);
		expect(until).toBeGreaterThan(Date.now() + 4000);
		expect(until).toBeLessThanOrEqual(Date.now() + 5000);
		expect(await run('GET', 200)).toBeUndefined();
		expect(await run('POST', 400)).toBeUndefined();
	});
});
