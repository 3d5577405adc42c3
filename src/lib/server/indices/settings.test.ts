import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SIPAS_MAPPING, parseRankRule, parseSipasMapping } from './settings';
import { DEFAULT_RANK_RULE } from './tt01';
import { log } from '../ops/log';

describe('index settings', () => {
	it('takes the defaults for missing keys and the given values for the rest', () => {
		expect(parseRankRule(undefined)).toEqual(DEFAULT_RANK_RULE);
		expect(parseRankRule({ excellentStrict: true, minIndicators: 7 })).toEqual({ ...DEFAULT_RANK_RULE, excellentStrict: true, minIndicators: 7 });
		expect(parseSipasMapping({ factors: { feedback: null, officer: 'officer' } })).toEqual({ ...DEFAULT_SIPAS_MAPPING, feedback: null, officer: 'officer' });
	});

	it('falls back to the defaults, with a warning, on a malformed value', () => {
		const warn = vi.spyOn(log, 'warn').mockImplementation(() => {});
		expect(parseRankRule({ excellent: 12, good: 12 })).toEqual(DEFAULT_RANK_RULE);
		expect(parseRankRule({ excellent: 19 })).toEqual(DEFAULT_RANK_RULE);
		expect(parseRankRule('15')).toEqual(DEFAULT_RANK_RULE);
		expect(parseSipasMapping({ factors: { access: "x'; drop table ratings; --" } })).toEqual(DEFAULT_SIPAS_MAPPING);
		expect(warn).toHaveBeenCalledTimes(4);
		warn.mockRestore();
	});
});
