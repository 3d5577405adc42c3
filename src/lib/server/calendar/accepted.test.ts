import { describe, expect, it } from 'vitest';
import { acceptedDay, acceptedDaySchema, acceptedLocalMinute, acceptedPeriod } from './accepted';
import { parseNoticeForm } from './notice';

describe('dates typed into the forms, as the server accepts them', () => {
	it('reads days as the date fields write them (dd/mm/yyyy) and as ISO, as YYYY-MM-DD', () => {
		expect(acceptedDay('24/12/2026')).toBe('2026-12-24');
		expect(acceptedDay('1/7/2025')).toBe('2025-07-01');
		expect(acceptedDay('2026-12-24')).toBe('2026-12-24');
		expect(acceptedDaySchema.parse('24/12/2026')).toBe('2026-12-24');
		expect(acceptedPeriod('01/02/2026', '28/02/2026', 400)).toEqual({ from: '2026-02-01', to: '2026-02-28' });
	});

	it('refuses days that do not exist or fall outside the accepted years', () => {
		for (const text of ['30/02/2026', '31/02/2026', '2026-02-30', '31/12/9999', '24/12/26', '12/24/2026']) {
			expect(acceptedDay(text), text).toBeUndefined();
			expect(acceptedDaySchema.safeParse(text).success, text).toBe(false);
		}
	});

	it('reads a day and a time typed dd/mm/yyyy HH:mm, or the ISO of datetime-local, as Vietnam time', () => {
		expect(acceptedLocalMinute('24/12/2026 14:05')?.toISOString()).toBe('2026-12-24T07:05:00.000Z');
		expect(acceptedLocalMinute('2026-12-24T14:05')?.toISOString()).toBe('2026-12-24T07:05:00.000Z');
		for (const text of ['31/02/2026 14:05', '24/12/2026 24:00', '24/12/2026', '31/12/9999 08:00']) expect(acceptedLocalMinute(text), text).toBeUndefined();
	});

	it('reads a holiday notice typed dd/mm/yyyy, and refuses an impossible day in it', () => {
		const form = { year: '2027', document: 'Thông báo 1234/TB-BNV', issuer: 'Bộ Nội vụ', issued: '15/10/2026', 'off.0.from': '05/02/2027', 'off.0.to': '2027-02-11', 'off.0.nameVi': 'Tết' };
		const read = parseNoticeForm(form);
		expect(read.ok && read.notice).toMatchObject({ issued: '2026-10-15', daysOff: [{ from: '2027-02-05', to: '2027-02-11' }] });
		const bad = parseNoticeForm({ ...form, 'off.0.to': '30/02/2027' });
		expect(bad.ok ? [] : bad.problems).toEqual([{ field: 'off.0', key: 'calendar.notice.error.field' }]);
	});
});
