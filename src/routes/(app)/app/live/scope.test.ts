import { describe, expect, it } from 'vitest';
import { eventVisible, unitPathCache } from './scope';

describe('live events reach only dashboards whose scope holds the unit', () => {
	const commune = '/1/4/17/';
	const department = '/1/2/';

	it('a unit head sees their subtree and nothing beside it', () => {
		expect(eventVisible(commune, ['/1/4/'])).toBe(true);
		expect(eventVisible('/1/4/17/33/', [commune])).toBe(true);
		expect(eventVisible(department, [commune])).toBe(false);
		// a sibling whose path merely starts with the same digits is another unit
		expect(eventVisible('/1/4/170/', [commune])).toBe(false);
	});

	it('several grants add up; no grant sees nothing; an administrator sees everything', () => {
		expect(eventVisible(department, [commune, department])).toBe(true);
		expect(eventVisible(commune, [])).toBe(false);
		expect(eventVisible(commune, null)).toBe(true);
	});

	it('an event without a known unit reaches administrators only', () => {
		expect(eventVisible(null, null)).toBe(true);
		expect(eventVisible(null, ['/1/'])).toBe(false);
		expect(eventVisible(undefined, ['/1/'])).toBe(false);
	});
});

describe('unit path cache', () => {
	it('loads a unit once while fresh, shares a pending load, and reloads after the TTL', async () => {
		let clock = 0;
		const loads: number[] = [];
		const lookup = unitPathCache(
			async (id) => {
				loads.push(id);
				return id === 404 ? null : `/1/${id}/`;
			},
			1000,
			() => clock
		);
		const [a, b] = await Promise.all([lookup(7), lookup(7)]);
		expect([a, b]).toEqual(['/1/7/', '/1/7/']);
		expect(await lookup(404)).toBeNull();
		clock = 999;
		await lookup(7);
		expect(loads).toEqual([7, 404]);
		clock = 1000;
		await lookup(7);
		expect(loads).toEqual([7, 404, 7]);
	});

	it('forgets a failed load so the next event tries again', async () => {
		let fail = true;
		const lookup = unitPathCache(async () => {
			if (fail) throw new Error('database busy');
			return '/1/';
		});
		await expect(lookup(1)).rejects.toThrow('database busy');
		fail = false;
		expect(await lookup(1)).toBe('/1/');
	});
});
