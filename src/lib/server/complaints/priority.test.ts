import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMPLAINT_KINDS, REASON_CODES } from '../db/schema';
import { byPriority, compareCases, priorityTier, type PriorityInput } from './priority';

const due = (day: number) => new Date(Date.UTC(2026, 11, day, 10));
const c = (id: number, kind: PriorityInput['kind'], reasonCodes: PriorityInput['reasonCodes'], flag: PriorityInput['flag'], day: number): PriorityInput => ({ id, kind, reasonCodes, flag, dueAt: due(day) });

describe('complaint queue priority', () => {
	it('puts a bribery complaint first, then overdue and near cases, citizens before automatic cases', () => {
		const cases = [
			c(1, 'internal', [], 'overdue', 1), // a late dossier without an apology slip, long overdue
			c(2, 'internal', [], 'overdue', 2),
			c(3, 'petition', ['waiting_time'], null, 20),
			c(4, 'petition', ['attitude'], 'near', 9),
			c(5, 'petition', ['attitude', 'harassment'], null, 25), // asking for money
			c(6, 'complaint', [], 'overdue', 3),
			c(7, 'petition', ['other'], 'overdue', 2),
			c(8, 'internal', [], null, 30),
			c(9, 'petition', [], null, 15)
		];
		expect(byPriority(cases).map((x) => x.id)).toEqual([5, 7, 6, 4, 9, 3, 1, 2, 8]);
	});

	it('names the tier a row shows', () => {
		expect(priorityTier({ reasonCodes: ['harassment'], flag: null })).toBe('serious');
		expect(priorityTier({ reasonCodes: ['extra_papers'], flag: 'overdue' })).toBe('overdue');
		expect(priorityTier({ reasonCodes: [], flag: 'near' })).toBe('near');
		expect(priorityTier({ reasonCodes: ['attitude'], flag: null })).toBe('normal');
	});

	it('is a total order: antisymmetric, transitive, and no citizen case ever follows an internal one', () => {
		const arb = fc.record({
			id: fc.integer({ min: 1, max: 1000 }),
			kind: fc.constantFrom(...COMPLAINT_KINDS),
			reasonCodes: fc.subarray([...REASON_CODES]),
			flag: fc.constantFrom('overdue' as const, 'near' as const, null),
			dueAt: fc.date({ min: new Date('2026-01-01'), max: new Date('2027-01-01'), noInvalidDate: true })
		});
		fc.assert(
			fc.property(fc.array(arb, { maxLength: 40 }), (cases) => {
				const sorted = byPriority(cases);
				for (let i = 1; i < sorted.length; i++) {
					expect(compareCases(sorted[i - 1], sorted[i])).toBeLessThanOrEqual(0);
					if (sorted[i - 1].kind === 'internal') expect(sorted[i].kind).toBe('internal');
				}
				for (const a of cases) for (const b of cases) expect(Math.sign(compareCases(a, b))).toBe(-Math.sign(compareCases(b, a)) || 0);
			})
		);
	});
});
