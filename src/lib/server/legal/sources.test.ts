import { describe, expect, it } from 'vitest';
import { allSources, cite, LEGAL_SOURCES, RULESET } from './sources';

describe('legal sources', () => {
	it('every source has a document, a real date, and a note when it is not confirmed', () => {
		for (const { id, source } of allSources()) {
			expect(source.document, id).not.toBe('');
			for (const day of [source.issued, source.inForce].filter(Boolean) as string[]) {
				expect(day, id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
				expect(new Date(day + 'T00:00:00Z').toISOString().slice(0, 10), id).toBe(day);
			}
			if (source.status === 'unconfirmed') expect(source.note, `${id} says what is unconfirmed`).toBeTruthy();
			for (const old of source.replaces ?? []) expect(Object.keys(LEGAL_SOURCES), `${id} replaces ${old}`).toContain(old);
		}
	});

	it('the one-stop rules in force are Decree 118/2025, replacing 61/2018 and 107/2021 from 1 July 2025', () => {
		expect(LEGAL_SOURCES.nd118OneStop.inForce).toBe(RULESET.inForceFrom);
		expect(LEGAL_SOURCES.nd118OneStop.replaces).toEqual(['nd61OneStop', 'nd107OneStop']);
		expect(cite('complaintsLaw')).toBe('Luật Khiếu nại 2011 (Luật số 02/2011/QH13), Điều 27, Điều 28');
	});
});
