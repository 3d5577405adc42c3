import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	fold,
	handlingTimeText,
	parseHandlingTime,
	parseLevel,
	parseMode,
	parseOnlineLevel,
	parseProcedureCode,
	parseYesNoUnknown,
	WORKING_HOURS_PER_DAY
} from './parse';

describe('procedure codes', () => {
	it('keeps a short or full national code as given and derives the short code from a full one', () => {
		expect(parseProcedureCode('1.004227')).toEqual({ code: '1.004227', shortCode: null });
		expect(parseProcedureCode(' 1.003560.000.00.00.H56 ')).toEqual({ code: '1.003560.000.00.00.H56', shortCode: '1.003560' });
		expect(parseProcedureCode('1.003560.000.00.00.h56')).toEqual({ code: '1.003560.000.00.00.H56', shortCode: '1.003560' });
	});

	it('refuses what is not a national code, such as a code Excel turned into a number', () => {
		for (const bad of ['1.00422', '1004227', '1.004227.000', 'BTP-KHA-277', '', '1.003560.000.00.00.56']) expect(parseProcedureCode(bad)).toBeUndefined();
	});
});

describe('handling time', () => {
	it('reads working days and working hours as the national database writes them', () => {
		expect(parseHandlingTime('05 ngày làm việc')).toEqual({ days: 5, hours: null });
		expect(parseHandlingTime('5 Ngày làm việc.')).toEqual({ days: 5, hours: null });
		expect(parseHandlingTime('0 ngày làm việc')).toEqual({ days: 0, hours: null });
		expect(parseHandlingTime('Trong ngày')).toEqual({ days: 0, hours: null });
		expect(parseHandlingTime('trong ngày làm việc')).toEqual({ days: 0, hours: null });
		// hours: rounded up to whole working days of 8 hours
		expect(parseHandlingTime('04 giờ làm việc')).toEqual({ days: 1, hours: 4 });
		expect(parseHandlingTime('8 giờ làm việc')).toEqual({ days: 1, hours: 8 });
		expect(parseHandlingTime('12 giờ làm việc')).toEqual({ days: 2, hours: 12 });
		expect(parseHandlingTime('0,5 ngày làm việc')).toEqual({ days: 1, hours: 4 });
		expect(parseHandlingTime('1.5 ngay lam viec')).toEqual({ days: 2, hours: 12 });
	});

	it('refuses anything else, calendar days included', () => {
		for (const bad of ['15 ngày', '05', 'ngày làm việc', '5 tuần', 'Theo quy định', '0 giờ làm việc', '0,3 ngày làm việc', '366 ngày làm việc', '2,5 giờ làm việc', ''])
			expect(parseHandlingTime(bad), bad).toBeUndefined();
	});

	it('reads back what it wrote, and never gives fewer days than the hours take (property)', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 2920 }), (hours) => {
				const t = parseHandlingTime(`${hours} giờ làm việc`)!;
				expect(t.hours).toBe(hours);
				expect(t.days * WORKING_HOURS_PER_DAY).toBeGreaterThanOrEqual(hours);
				expect((t.days - 1) * WORKING_HOURS_PER_DAY).toBeLessThan(hours);
				expect(parseHandlingTime(handlingTimeText(t))).toEqual(t);
			})
		);
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 365 }), (days) => {
				expect(parseHandlingTime(handlingTimeText({ days, hours: null }))).toEqual({ days, hours: null });
			})
		);
	});
});

describe('level, online service, yes / no / unknown, mode', () => {
	it('reads one or several levels in the list’s order, and refuses an unknown one', () => {
		expect(parseLevel('Cấp Tỉnh')).toBe('Cấp Tỉnh');
		expect(parseLevel('cấp xã; CẤP TỈNH')).toBe('Cấp Tỉnh, Cấp Xã');
		expect(parseLevel('Xã')).toBe('Cấp Xã');
		expect(parseLevel('Cap Huyen')).toBe('Cấp Huyện');
		expect(parseLevel('Cấp Tỉnh, Cấp Thôn')).toBeUndefined();
		expect(parseLevel('Trung ương')).toBeUndefined();
	});

	it('reads online availability, the older levels too, and keeps "not known" apart from "no"', () => {
		expect(parseOnlineLevel('Toàn trình')).toBe(2);
		expect(parseOnlineLevel('Dịch vụ công trực tuyến toàn trình')).toBe(2);
		expect(parseOnlineLevel('DVC trực tuyến một phần')).toBe(1);
		expect(parseOnlineLevel('Mức độ 4')).toBe(2);
		expect(parseOnlineLevel('Mức độ 3')).toBe(1);
		expect(parseOnlineLevel('Mức độ 2')).toBe(0);
		expect(parseOnlineLevel('Không')).toBe(0);
		expect(parseOnlineLevel('Chưa rõ')).toBeNull();
		expect(parseOnlineLevel('Có')).toBeUndefined();
	});

	it('reads Có / Không / Chưa rõ', () => {
		expect(['Có', 'x', 'yes', 'đã'].map(parseYesNoUnknown)).toEqual([true, true, true, true]);
		expect(['Không', 'chưa', 'No'].map(parseYesNoUnknown)).toEqual([false, false, false]);
		expect(['Chưa rõ', 'không rõ', 'unknown'].map(parseYesNoUnknown)).toEqual([null, null, null]);
		expect(parseYesNoUnknown('có lẽ')).toBeUndefined();
	});

	it('reads the mode', () => {
		expect(['Một cửa', 'one_stop', 'Không'].map(parseMode)).toEqual(['one_stop', 'one_stop', 'one_stop']);
		expect(['Một cửa liên thông', 'Liên thông', 'inter_linked', 'Có'].map(parseMode)).toEqual(['inter_linked', 'inter_linked', 'inter_linked', 'inter_linked']);
		expect(parseMode('Bưu chính')).toBeUndefined();
	});

	it('folds case, accents and spacing only', () => {
		expect(fold('  Đất   Đai ')).toBe('dat dai');
	});
});
