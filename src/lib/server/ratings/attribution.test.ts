import { describe, expect, it } from 'vitest';
import { DEFAULT_GRACE_MS, decideAttribution, inRatingWindow, type AttributionFacts, type CandidateEvent } from './attribution';

const opened = new Date('2026-03-02T02:00:00Z');
const closed = new Date('2026-03-02T02:10:00Z');
const event: CandidateEvent = { id: 9, counterId: 3, officerId: 4, unitId: 5, dossierId: 6, stage: 'receiving', openedAt: opened, closedAt: closed };
const at = (ms: number, from = opened) => new Date(from.getTime() + ms);
const facts = (over: Partial<AttributionFacts>): AttributionFacts => ({
	pressedAt: at(60_000),
	counterId: 3,
	event,
	named: false,
	priorCounted: null,
	graceMs: DEFAULT_GRACE_MS,
	...over
});

describe('attribution decision', () => {
	it('counts a press inside a service, at its opening instant, and up to the end of the grace period', () => {
		for (const pressedAt of [opened, at(60_000), closed, at(DEFAULT_GRACE_MS, closed)]) {
			expect(decideAttribution(facts({ pressedAt }))).toEqual({ counted: true, notCountedReason: null, event });
		}
		expect(decideAttribution(facts({ event: { ...event, closedAt: null }, pressedAt: at(8 * 3600_000) })).counted).toBe(true);
	});

	it('does not count a press one millisecond outside the window', () => {
		expect(decideAttribution(facts({ pressedAt: at(-1) }))).toEqual({ counted: false, notCountedReason: 'no_service', event: null });
		expect(decideAttribution(facts({ pressedAt: at(DEFAULT_GRACE_MS + 1, closed) }))).toEqual({
			counted: false,
			notCountedReason: 'no_service',
			event: null
		});
		expect(decideAttribution(facts({ event: null }))).toMatchObject({ counted: false, notCountedReason: 'no_service' });
	});

	it('honours a configured grace', () => {
		expect(decideAttribution(facts({ pressedAt: at(30_001, closed), graceMs: 30_000 })).notCountedReason).toBe('no_service');
		expect(decideAttribution(facts({ pressedAt: at(30_000, closed), graceMs: 30_000 })).counted).toBe(true);
		expect(inRatingWindow(event, at(1, closed), 0)).toBe(false);
	});

	it('stores repeats and second ratings of the same dossier and stage without counting them', () => {
		expect(decideAttribution(facts({ priorCounted: 'same_event' }))).toEqual({ counted: false, notCountedReason: 'repeat_press', event });
		expect(decideAttribution(facts({ priorCounted: 'same_dossier_stage' }))).toEqual({
			counted: false,
			notCountedReason: 'already_rated',
			event
		});
	});

	it('marks a rating of a named event that closed too long ago as stale, keeping the event', () => {
		expect(decideAttribution(facts({ named: true, pressedAt: at(DEFAULT_GRACE_MS + 1, closed) }))).toEqual({
			counted: false,
			notCountedReason: 'stale',
			event
		});
	});

	it('never counts a press of an unbound device, nor one for an event at another counter', () => {
		expect(decideAttribution(facts({ counterId: null }))).toEqual({ counted: false, notCountedReason: 'unassigned_device', event: null });
		expect(decideAttribution(facts({ counterId: 4 })).notCountedReason).toBe('no_service');
	});

	it('counts a press a bridge brought only at a counter assigned to that bridge', () => {
		expect(decideAttribution(facts({ channelCounters: [3, 7] }))).toEqual({ counted: true, notCountedReason: null, event });
		expect(decideAttribution(facts({ channelCounters: [7] }))).toEqual({ counted: false, notCountedReason: 'bridge_not_assigned', event: null });
		expect(decideAttribution(facts({ channelCounters: [] }))).toEqual({ counted: false, notCountedReason: 'bridge_not_assigned', event: null });
		// an unbound box stays "unassigned", whatever the bridge
		expect(decideAttribution(facts({ counterId: null, channelCounters: [] })).notCountedReason).toBe('unassigned_device');
	});

	it('never attributes a press older than its channel can hold one, even inside a service', () => {
		expect(decideAttribution(facts({ tooOld: true }))).toEqual({ counted: false, notCountedReason: 'too_old', event: null });
		expect(decideAttribution(facts({ tooOld: true, counterId: null, channelCounters: [] })).notCountedReason).toBe('too_old');
	});
});
