import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { toCsv } from '../exports';
import { explainFlag, flagsTable, formatFigure, type FlagGroupView, type FlagRules, type FlagView } from './export-tables';

const rules: FlagRules = {
	no_service: { minPresses: 5 },
	burst: { minBursts: 2, minPresses: 3, seconds: 10 },
	out_of_hours: { minRatings: 5 },
	perfect: { minRatings: 50, minTopShare: 0.95, gap: 20 },
	device_vs_qr: { minPerSource: 30, gap: 20, z: 3.29 },
	foreign_device: { minPresses: 3 },
	low_score: { minRatings: 30, margin: 5, confidence: 0.99 }
};

const flag = (v: Partial<FlagView> & Pick<FlagView, 'id' | 'subjectType' | 'evidence'>): FlagView => ({
	subject: null,
	officer: null,
	counter: null,
	device: null,
	boundCounter: null,
	examples: [],
	acknowledged: false,
	acks: [],
	...v
});

const lowScore = flag({
	id: 'low_score:officer-12:2026-07-01..2026-09-28',
	subjectType: 'officer',
	subject: 'Phạm Thị Thu Hương (CB-12)',
	officer: { id: 12, label: 'Phạm Thị Thu Hương (CB-12)' },
	evidence: { ratings: 140, satisfiedRate: 0.62, peerRate: 0.91, margin: 5, confidence: 0.99 },
	acknowledged: true,
	acks: [
		// newest first, as acknowledgementsFor returns them
		{ flagId: 'low_score:officer-12:2026-07-01..2026-09-28', at: '2026-09-29T02:15:00.000Z', by: 'Trưởng phòng Lê Văn Tám', note: 'Đã nhắc nhở, theo dõi thêm một tháng', period: '2026-07-01..2026-09-28', thisPeriod: true },
		{ flagId: 'low_score:officer-12:2026-04-01..2026-06-30', at: '2026-07-02T03:00:00.000Z', by: 'Trưởng phòng Lê Văn Tám', note: 'Lần đầu', period: '2026-04-01..2026-06-30', thisPeriod: false }
	]
});
const foreign = flag({
	id: 'foreign_device:counter-3.device-9:2026-07-01..2026-09-28',
	subjectType: 'counter',
	subject: 'Q03 — Trung tâm Phục vụ hành chính công',
	officer: { id: 14, label: 'Đỗ Văn Nam (CB-14)' },
	counter: 'Q03 — Trung tâm Phục vụ hành chính công',
	device: 'HL-BOX-0009',
	boundCounter: 'Q07 — UBND phường Lộc Thọ',
	evidence: { presses: 6, boundCounterId: 7, days: 2 },
	examples: ['2026-08-03T01:05:00.000Z', '2026-08-04T08:40:00.000Z'],
	// acknowledged only over another period: still open for this one
	acks: [{ flagId: 'foreign_device:counter-3.device-9:2026-06-01..2026-06-30', at: '2026-07-01T01:00:00.000Z', by: 'Phòng Cải cách', note: '=thiết bị tạm mượn', period: '2026-06-01..2026-06-30', thisPeriod: false }]
});
const burst = flag({
	id: 'burst:device-9:2026-07-01..2026-09-28',
	subjectType: 'device',
	subject: null, // a device since removed: its name is unknown
	evidence: { bursts: 3, presses: 11, largest: 5, windowSeconds: 10 },
	examples: ['2026-08-05T02:00:00.000Z']
});

// in the page's kind order regardless of the order given
const groups: FlagGroupView[] = [
	{ kind: 'low_score', flags: [lowScore] },
	{ kind: 'burst', flags: [burst] },
	{ kind: 'foreign_device', flags: [foreign] },
	{ kind: 'perfect', flags: [] }
];

describe('the flags export', () => {
	const table = flagsTable({ locale: 'vi', from: '2026-07-01', to: '2026-09-28', rules }, groups);

	it('has one row per flag in the page order, subjects and officers by name', () => {
		expect(table.title).toBe('Cảnh báo bất thường từ 01/07/2026 đến 28/09/2026');
		expect(table.rows.map((r) => [r.kind, r.subject, r.officer])).toEqual([
			['Bấm dồn nhiều lần trong vài giây', 'Thiết bị không rõ', null],
			['Thiết bị không được gán cho quầy', 'Quầy Q03 — Trung tâm Phục vụ hành chính công', 'Đỗ Văn Nam (CB-14)'],
			['Cán bộ có mức hài lòng thấp', 'Cán bộ Phạm Thị Thu Hương (CB-12)', 'Phạm Thị Thu Hương (CB-12)']
		]);
		expect(table.filters[0]).toEqual({ label: 'Kỳ', value: '01/07/2026 – 28/09/2026' });
		expect(table.filters[1]).toEqual({ label: 'Số cảnh báo', value: '3' });
		expect(table.filters).toContainEqual({
			label: 'Quy tắc: Cán bộ có mức hài lòng thấp',
			value: expect.stringMatching(/^Quy tắc: ít nhất 30 đánh giá, thấp hơn các cán bộ khác của đơn vị quá 5 điểm với độ tin cậy 99,0\s?%\.$/)
		});
	});

	it('gives the evidence in the words of the page and in figures a machine can read', () => {
		const low = table.rows[2];
		expect(low.evidence).toMatch(/^62,0\s?% hài lòng trên 140 đánh giá; các cán bộ khác của đơn vị 91,0\s?%; thấp hơn quá 5 điểm với độ tin cậy 99,0\s?%\.$/);
		expect(JSON.parse(String(low.figures))).toEqual({ ratings: 140, satisfiedRate: 0.62, peerRate: 0.91, margin: 5, confidence: 0.99 });
		const dev = table.rows[1];
		expect(dev.evidence).toBe('6 đánh giá tại quầy này, trong 2 ngày, đến từ thiết bị HL-BOX-0009 lúc đó được gán cho quầy Q07 — UBND phường Lộc Thọ.');
		// an internal id is no figure for a reader
		expect(JSON.parse(String(dev.figures))).toEqual({ presses: 6, days: 2 });
		expect(dev.examples).toBe('03/08/2026 08:05; 04/08/2026 15:40');
		expect(table.rows[0].evidence).toContain('3 đợt bấm dồn');
	});

	it('says whether the flag is acknowledged for this period, with the latest note whatever its period', () => {
		expect(table.rows.map((r) => [r.acknowledged, r.lastNote, r.lastPeriod])).toEqual([
			['Không', null, null],
			['Không', '=thiết bị tạm mượn', '01/06/2026 – 30/06/2026'],
			['Có', 'Đã nhắc nhở, theo dõi thêm một tháng', '01/07/2026 – 28/09/2026']
		]);
		const csv = parse(toCsv(table), { bom: true }) as string[][];
		const at = (h: string) => csv[0].indexOf(h);
		expect(csv[3][at('Người ghi nhận')]).toBe('Trưởng phòng Lê Văn Tám');
		expect(csv[3][at('Thời điểm ghi nhận')]).toBe('2026-09-29 09:15');
		// a note typed by a person never runs as a formula in Excel
		expect(csv[2][at('Ghi chú xử lý gần nhất')]).toBe("'=thiết bị tạm mượn");
		expect(csv[1][at('Ghi chú xử lý gần nhất')]).toBe('');
		expect(csv[3][at('Mã cảnh báo')]).toBe('low_score:officer-12:2026-07-01..2026-09-28');
	});

	it('is empty, with its header, when the period has no flag', () => {
		const none = flagsTable({ locale: 'vi', from: '2026-07-01', to: '2026-07-31', rules }, []);
		expect(none.rows).toEqual([]);
		expect(none.filters[1].value).toBe('0');
		expect((parse(toCsv(none), { bom: true }) as string[][])[0][0]).toBe('Loại cảnh báo');
	});

	it('in English', () => {
		const en = flagsTable({ locale: 'en', from: '2026-07-01', to: '2026-09-28', rules }, groups);
		expect(en.rows[2].evidence).toBe('62.0% satisfied over 140 ratings; rest of the unit 91.0%; more than 5 points below with 99.0% confidence.');
		expect(en.rows[2].acknowledged).toBe('Yes');
		expect(en.columns[0].header).toBe('Kind of flag');
	});
});

describe('figures in words', () => {
	it('formats proportions as percentages, z to two decimals, counts whole', () => {
		expect(formatFigure('en', 'qrRate', 0.4567)).toBe('45.7%');
		expect(formatFigure('en', 'topShare', 1)).toBe('100.0%');
		expect(formatFigure('en', 'z', 4.56789)).toBe('4.57');
		expect(formatFigure('en', 'z', 12.34)).toBe('12.3');
		expect(formatFigure('vi', 'ratings', 12345)).toBe('12.345');
		expect(explainFlag('en', 'device_vs_qr', { evidence: { deviceRatings: 80, deviceRate: 0.98, qrRatings: 40, qrRate: 0.6, z: 5.123 }, officer: null, device: null, boundCounter: null })).toBe(
			'On the counter device: 98.0% satisfied (80 ratings); on citizens’ phones (QR): 60.0% (40 ratings). A gap this large is very unlikely by chance (z = 5.12).'
		);
	});
});
