import vm from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	acceptedDay,
	acceptedLocalMinute,
	acceptedPeriod,
	acceptedRange,
	addWorkingDays,
	buildCalendar,
	isAcceptedInstant,
	localDate,
	localDayNumber,
	nextWorkingDay,
	VIETNAM_CALENDAR_DAYS,
	workingDaysBetween
} from '../src/lib/server/calendar';
import { parseMonth as dashboardMonth, parsePeriod as dashboardPeriod } from '../src/lib/server/dashboards/period';
import { rowToRecord, parseLocalDateTime } from '../src/lib/server/dossiers/csv';
import { dossierItemSchema, isoInstant, serviceEventSchema } from '../src/lib/server/dossiers/schema';
import { monthsEnding, parseMonth as indicesMonth } from '../src/lib/server/indices/period';
import { parsePeriod as flagsPeriod } from '../src/routes/(app)/app/flags/data';

/**
 * Issue 19: every date the app takes from outside goes through a parser that returns or refuses,
 * and everything a parser accepts goes through the working-day arithmetic and returns. Random
 * dates of any year (negative, five digits), any offset, impossible days and garbage.
 *
 * Each call runs under a deadline: the parsers and the calendar are synchronous, so a loop that
 * never ends would block vitest's own timeout for ever; node:vm's timeout interrupts it and the
 * property fails with "Script execution timed out".
 */
const DEADLINE_MS = 2_000;
const sandbox = vm.createContext({ run: () => undefined as unknown });
function withinDeadline<T>(run: () => T): T {
	sandbox.run = run;
	return vm.runInContext('run()', sandbox, { timeout: DEADLINE_MS }) as T;
}

/** Returns, or refuses with a RangeError: never hangs, never another kind of failure. */
function returnsOrRefuses(run: () => unknown) {
	try {
		withinDeadline(run);
	} catch (e) {
		expect(e, String(e)).toBeInstanceOf(RangeError);
	}
}

const cal = buildCalendar(VIETNAM_CALENDAR_DAYS);
const pad = (n: number, width: number) => String(Math.abs(n)).padStart(width, '0');

const year = fc.oneof(
	fc.integer({ min: 1995, max: 2105 }),
	fc.constantFrom(0, 1, 99, 1899, 1999, 2000, 2100, 2101, 9999, 10000, 99999, 275760, -1, -271821),
	fc.integer({ min: -300_000, max: 300_000 })
);
/** Years as people and programs write them: four digits, more, signed (ISO expanded years). */
const yearText = year.chain((y) =>
	fc.constantFrom(y < 0 ? `-${pad(y, 4)}` : pad(y, 4), y < 0 ? `-${pad(y, 6)}` : `+${pad(y, 6)}`, String(y))
);
const two = (max: number) => fc.integer({ min: 0, max }).map((n) => pad(n, 2));
const offset = fc.oneof(fc.constant('Z'), fc.constant(''), fc.tuple(fc.constantFrom('+', '-'), two(99), two(99)).map(([s, h, m]) => `${s}${h}:${m}`));
const parts = fc.record({ y: yearText, mo: two(13), d: two(32), h: two(25), mi: two(61), s: two(61), off: offset });

/** Real dates around the accepted range, written as each parser expects them. */
const plausible = fc.date({ min: new Date('1995-01-01T00:00:00Z'), max: new Date('2105-12-31T00:00:00Z'), noInvalidDate: true }).chain((d) => {
	const [y, mo, day, h, mi] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()].map((n) => pad(n, 2));
	return fc.constantFrom(d.toISOString(), `${y}-${mo}-${day}T${h}:${mi}:00+07:00`, `${day}/${mo}/${y} ${h}:${mi}`, `${y}-${mo}-${day}`, `${y}-${mo}-${day}T${h}:${mi}`, `${y}-${mo}`);
});

const dateText = fc.oneof(
	{ arbitrary: plausible, weight: 4 },
	parts.map((p) => `${p.y}-${p.mo}-${p.d}T${p.h}:${p.mi}:${p.s}${p.off}`),
	parts.map((p) => `${p.y}-${p.mo}-${p.d}`),
	parts.map((p) => `${p.y}-${p.mo}-${p.d}T${p.h}:${p.mi}`),
	parts.map((p) => `${p.d}/${p.mo}/${p.y} ${p.h}:${p.mi}`),
	parts.map((p) => `${p.d}/${p.mo}/${p.y}`),
	parts.map((p) => `${p.y}-${p.mo}`),
	fc.constantFrom('9999-12-31T23:59:59+07:00', '31/12/9999', '2026-02-30', '0000-01-01', '-1', '+010000-01-01', '2026-02-28T24:00:00Z', '', ' '),
	fc.string(),
	fc.string({ unit: 'binary', maxLength: 40 })
);

/** Any instant a Date can hold, and a few it cannot. */
const instant = fc.oneof(
	fc.integer({ min: -8.64e15, max: 8.64e15 }).map((t) => new Date(t)),
	fc.integer({ min: Date.parse('1990-01-01'), max: Date.parse('2110-01-01') }).map((t) => new Date(t)),
	fc.constant(new Date(NaN))
);

const item = (receivedAt: string) => ({ code: 'HS-1', unitCode: 'U', procedureCode: 'P', channel: 'counter', receivedAt });
const { first, last } = acceptedRange();
const accepted = (d: Date) => {
	const n = localDayNumber(d);
	return n >= first && n <= last;
};

describe('dates from outside, and the arithmetic on what is accepted', () => {
	it('the dossier API and service events accept only real instants within the accepted dates, whose deadlines compute', () => {
		fc.assert(
			fc.property(dateText, fc.constantFrom(0, 1, 5, 365), (text, days) => {
				const parsed = withinDeadline(() => dossierItemSchema.safeParse(item(text)));
				if (!parsed.success) return;
				expect(accepted(parsed.data.receivedAt)).toBe(true);
				const due = withinDeadline(() => addWorkingDays(parsed.data.receivedAt, days, cal));
				expect(due.getTime()).toBeGreaterThanOrEqual(parsed.data.receivedAt.getTime());
				const event = withinDeadline(() => serviceEventSchema.safeParse({ dossierCode: 'HS-1', centreCode: 'C', counterCode: 'Q1', officer: 'CB1', stage: 'receiving', openedAt: text }));
				expect(event.success).toBe(true);
			}),
			{ numRuns: 3000 }
		);
	});

	it('a CSV row gets a record within the accepted dates, or a problem naming its column', () => {
		fc.assert(
			fc.property(dateText, (text) => {
				withinDeadline(() => parseLocalDateTime(text));
				const { record, problems } = withinDeadline(() => rowToRecord({ line: 2, values: { ma_ho_so: 'HS-1', ma_thu_tuc: 'P', ngay_tiep_nhan: text } }, 'U'));
				if (record) {
					expect(accepted(record.receivedAt)).toBe(true);
					withinDeadline(() => addWorkingDays(record.receivedAt, 365, cal));
				} else expect(problems.some((p) => p.field === 'ngay_tiep_nhan')).toBe(true);
			}),
			{ numRuns: 3000 }
		);
	});

	it('period and month parameters fall back (marked bad) unless both are accepted days', () => {
		fc.assert(
			fc.property(dateText, dateText, (from, to) => {
				const params = new URLSearchParams({ from, to });
				const choice = withinDeadline(() => dashboardPeriod(params));
				if (!choice.bad) expect([acceptedDay(from), acceptedDay(to)]).toEqual([choice.from, choice.to]);
				const flags = withinDeadline(() => flagsPeriod({ from, to }));
				expect(flags.bad).toBe(choice.bad);
				expect(withinDeadline(() => acceptedPeriod(from, to, 400)) === null).toBe(choice.bad);
				const month = withinDeadline(() => dashboardMonth(from));
				if (!month.bad) expect(acceptedDay(`${month.month}-01`)).toBeDefined();
				const indices = withinDeadline(() => indicesMonth(from, '2026-05'));
				withinDeadline(() => monthsEnding(indices.month.key, 6));
			}),
			{ numRuns: 2000 }
		);
	});

	it('form dates (calendar days, call-back times) are accepted days or nothing', () => {
		fc.assert(
			fc.property(dateText, (text) => {
				const day = withinDeadline(() => acceptedDay(text));
				if (day !== undefined) withinDeadline(() => nextWorkingDay(day, cal));
				const at = withinDeadline(() => acceptedLocalMinute(text));
				if (at) expect(isAcceptedInstant(at)).toBe(true);
				const iso = withinDeadline(() => isoInstant(text));
				if (iso) expect(Number.isNaN(iso.getTime())).toBe(false);
			}),
			{ numRuns: 3000 }
		);
	});

	it('the working-day functions return or refuse with a RangeError for any instant', () => {
		fc.assert(
			fc.property(instant, instant, fc.oneof(fc.integer({ min: -2, max: 400 }), fc.constantFrom(3660, 3661, 1e6)), (a, b, days) => {
				returnsOrRefuses(() => localDate(a));
				returnsOrRefuses(() => addWorkingDays(a, days, cal));
				returnsOrRefuses(() => workingDaysBetween(a, b, cal));
				returnsOrRefuses(() => nextWorkingDay(localDate(a), cal));
			}),
			{ numRuns: 1000 }
		);
	});

	it('answers the dates of issue 19 at once', () => {
		expect(withinDeadline(() => dossierItemSchema.safeParse(item('9999-12-31T23:59:59+07:00'))).success).toBe(false);
		expect(withinDeadline(() => rowToRecord({ line: 2, values: { ma_ho_so: 'HS-1', ma_thu_tuc: 'P', ngay_tiep_nhan: '31/12/9999' } }, 'U')).problems).toEqual([
			{ field: 'ngay_tiep_nhan', key: 'input.dateRange', params: { first: '01/01/2000', last: '31/12/2100' } }
		]);
		returnsOrRefuses(() => addWorkingDays(new Date('9999-12-31T23:59:59+07:00'), 1, cal));
		expect(dashboardPeriod(new URLSearchParams({ from: '-1', to: '2026-01-01' })).bad).toBe(true);
	});
});
