import { describe, expect, it } from 'vitest';
import { buildCalendar, localTime } from '../calendar/working-days';
import { apologyStatus, isLate, lateWithoutApology, matchesNoticeFilter, workingDaysLate } from './late';

const due = localTime('2026-04-24', 17); // a Friday
const asOf = localTime('2026-05-06', 10);

describe('late dossiers', () => {
	it('is late when completed after the due time, or still open past it', () => {
		expect(isLate({ dueAt: due, completedAt: new Date(due.getTime() + 60_000), status: 'ready' }, asOf)).toBe(true);
		expect(isLate({ dueAt: due, completedAt: due, status: 'returned' }, asOf)).toBe(false);
		expect(isLate({ dueAt: due, completedAt: null, status: 'in_progress' }, asOf)).toBe(true);
		expect(isLate({ dueAt: due, completedAt: null, status: 'in_progress' }, localTime('2026-04-24', 16))).toBe(false);
		// withdrawn and rejected dossiers have no result to be late with
		expect(isLate({ dueAt: due, completedAt: null, status: 'withdrawn' }, asOf)).toBe(false);
		expect(isLate({ dueAt: due, completedAt: null, status: 'rejected' }, asOf)).toBe(false);
	});

	it('flags a late dossier whose apology slip did not go out a working day before the due day', () => {
		const weekdays = buildCalendar([]);
		// due Friday 24/4: the slip must be issued by Thursday 23/4; on the due day itself is too late
		expect(apologyStatus(due, localTime('2026-04-23', 16), weekdays)).toBe('on_time');
		expect(apologyStatus(due, localTime('2026-04-24', 9), weekdays)).toBe('late');
		expect(apologyStatus(due, localTime('2026-04-28', 9), weekdays)).toBe('late');
		expect(apologyStatus(due, null, weekdays)).toBe('none');
		expect(lateWithoutApology(due, localTime('2026-04-23', 9), weekdays)).toBe(false);
		expect(lateWithoutApology(due, localTime('2026-04-24', 9), weekdays)).toBe(true);
		expect(lateWithoutApology(due, null, weekdays)).toBe(true);
	});

	it('counts working days late on the holiday calendar', () => {
		const cal = buildCalendar([
			{ day: '2026-04-27', kind: 'holiday' },
			{ day: '2026-04-30', kind: 'holiday' },
			{ day: '2026-05-01', kind: 'holiday' }
		]);
		// completed Tuesday 28 April: Monday 27 is a day off in this calendar, so one working day late
		expect(workingDaysLate({ dueAt: due, completedAt: localTime('2026-04-28', 10) }, asOf, cal)).toBe(1);
		// still open on Wednesday 6 May: 28, 29 April, 4, 5, 6 May
		expect(workingDaysLate({ dueAt: due, completedAt: null }, asOf, cal)).toBe(5);
		// completed the evening of the due day: late, but on the same day
		expect(workingDaysLate({ dueAt: due, completedAt: localTime('2026-04-24', 18) }, asOf, cal)).toBe(0);
	});

	it('filters by notice status', () => {
		const d = (apology: string | null, explanation: string | null) => ({
			dueAt: due,
			apologyAt: apology ? localTime(apology, 9) : null,
			explanationAt: explanation ? localTime(explanation, 9) : null
		});
		const cases = {
			both: d('2026-04-23', '2026-04-28'),
			lateApology: d('2026-04-28', '2026-04-28'),
			apologyOnly: d('2026-04-23', null),
			none: d(null, null)
		};
		const pick = (f: Parameters<typeof matchesNoticeFilter>[0]) =>
			Object.entries(cases)
				.filter(([, v]) => matchesNoticeFilter(f, v, buildCalendar([])))
				.map(([k]) => k);
		expect(pick('all')).toEqual(['both', 'lateApology', 'apologyOnly', 'none']);
		expect(pick('without_apology')).toEqual(['lateApology', 'none']);
		expect(pick('without_explanation')).toEqual(['apologyOnly', 'none']);
		expect(pick('complete')).toEqual(['both']);
	});
});
