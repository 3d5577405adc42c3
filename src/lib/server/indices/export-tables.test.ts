import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { toCsv, toXlsx, type ExportTable } from '../exports';
import {
	indicesBook,
	indicesTable,
	indicesTableParam,
	lateTable,
	LATE_EXPORT_CAP,
	type IndicesExportContext,
	type LateListRow
} from './export-tables';
import type { IndicesReport } from './report';
import { RULESET } from '../legal/sources';
import { onTimeRate, ratingSatisfactionRate, sipas, type FactorCount, type SipasFactor } from './satisfaction';
import { DEFAULT_SETTINGS_766, figures766, type DossierCounts766, type PetitionCounts766 } from './satisfaction-766';
import { sources766 } from './satisfaction-766-queries';
import { addTallies, DEFAULT_RANK_RULE, emptyTallies, OFFICER_INDICATORS, summariseGrid, TT01_INDICATORS, type IndicatorTally } from './tt01';

/**
 * A small report written by hand: the province's own office with three dossiers and 7 of the 9
 * indicators scored, a commune with ratings but no completed dossier, a department with one
 * dossier and 3 indicators scored (too few to rank). Expectations worked out in the comments.
 */

/** [n, sum] per indicator 1..9; n = 0 is "no data". */
const tallies = (pairs: [number, number][]): IndicatorTally[] => pairs.map(([n, sum]) => ({ n, sum }));

// Sở Nội vụ: 4/3 + 2 + 1 + 2 + 2/3 + 2 + 1 = 10 of 14 points over 7 indicators; 10 × 18 ÷ 14 = 12.857… → Tốt
const noiVu = tallies([[3, 4], [0, 0], [3, 6], [3, 3], [0, 0], [3, 6], [3, 2], [3, 6], [3, 3]]);
// Sở Tư pháp: indicators 1, 6, 9 only (2 + 1 + 0 = 3 of 6; 3 × 18 ÷ 6 = 9), 3 < 6 scored → not ranked
const tuPhap = tallies([[1, 2], [0, 0], [0, 0], [0, 0], [0, 0], [1, 1], [0, 0], [0, 0], [1, 0]]);
const mapping = { access: 'q_access', procedure: null, officer: '@level', result: 'q_result', feedback: null } as const;
const asked = new Set<SipasFactor>(['access', 'officer', 'result']);

function unitFigures(t: IndicatorTally[], completed: number, onTime: number, counted: number, satisfied: number, answers: FactorCount[]) {
	return {
		grid: summariseGrid(t, TT01_INDICATORS, completed, DEFAULT_RANK_RULE.minIndicators, DEFAULT_RANK_RULE),
		completed,
		onTime,
		onTimeRate: onTimeRate(onTime, completed),
		counted,
		satisfied,
		satisfactionRate: ratingSatisfactionRate(satisfied, counted),
		sipas: sipas([...answers, { factor: 'officer', answers: counted, satisfied }], asked)
	};
}

const total = emptyTallies(TT01_INDICATORS);
addTallies(total, noiVu);
addTallies(total, tuPhap);

/** No TT 01 unit-level score entered and no petition (tt01-queries.test.ts covers them). */
const noUnitLevel = { scores: [], petitions: null };

const report: IndicesReport = {
	tt01Quarter: { year: 2026, quarter: 4 },
	units: [
		{ id: 1, nameVi: 'Sở Nội vụ', nameEn: 'Department of Home Affairs', path: '/1/', depth: 0, unitLevel: noUnitLevel, ...unitFigures(noiVu, 3, 2, 40, 30, [{ factor: 'access', answers: 10, satisfied: 9 }]) },
		{ id: 2, nameVi: 'Xã Đạ Tẻh', nameEn: null, path: '/1/2/', depth: 1, unitLevel: noUnitLevel, ...unitFigures(emptyTallies(TT01_INDICATORS), 0, 0, 8, 8, []) },
		{ id: 3, nameVi: 'Sở Tư pháp', nameEn: 'Department of Justice', path: '/1/3/', depth: 1, unitLevel: noUnitLevel, ...unitFigures(tuPhap, 1, 0, 0, 0, []) }
	],
	total: unitFigures(total, 4, 2, 48, 38, [{ factor: 'access', answers: 10, satisfied: 9 }]),
	officers: [
		{
			id: 7,
			fullName: 'Nguyễn Thị Ánh Tuyết',
			staffNumber: 'CB-007',
			// indicators 1 and 7 only: 2 scored of 5, fewer than the 4 needed to rank
			grid: summariseGrid(tallies([[2, 3], [0, 0], [0, 0], [0, 0], [2, 4]]), OFFICER_INDICATORS, 2, DEFAULT_RANK_RULE.minOfficerIndicators, DEFAULT_RANK_RULE)
		},
		{
			id: 8,
			fullName: 'Trần Văn Đức',
			staffNumber: 'CB-008',
			// 2 + 2 + 2 + 2 + 2 = 10 of 10 → 18 → Xuất sắc
			grid: summariseGrid(tallies([[1, 2], [1, 2], [1, 2], [1, 2], [1, 2]]), OFFICER_INDICATORS, 1, DEFAULT_RANK_RULE.minOfficerIndicators, DEFAULT_RANK_RULE)
		}
	],
	trend: [
		{ month: '2026-09', counted: 0, satisfactionRate: null, completed: 0, onTimeRate: null },
		{ month: '2026-10', counted: 48, satisfactionRate: 38 / 48, completed: 4, onTimeRate: 0.5 }
	],
	sipasMapping: mapping,
	/**
	 * QĐ 766, October 2026 (target 95 %):
	 * Sở Nội vụ: 10 handled, 3 dissatisfied, 2 petitioned, 3 late, 5 not satisfied (overlapping) → 0.5,
	 *   6 × 0.5 ÷ 0.95 = 3.157…; 3 cases closed, 2 on time; 2 answered, 1 resolved.
	 * Xã Đạ Tẻh: nothing handled (no rate, no points), 1 case closed late, nobody answered.
	 * Sở Tư pháp: 3 handled, 1 petitioned → 2 ÷ 3; 1 case closed on time, answered "resolved".
	 * Total: 13 handled, 6 not satisfied → 7 ÷ 13; 5 closed, 3 on time → 0.6; 3 answered, 2 resolved.
	 */
	s766: {
		units: [
			s766Unit(1, 'Sở Nội vụ', 'Department of Home Affairs', { handled: 10, dissatisfied: 3, petitioned: 2, late: 3, notSatisfied: 5 }, { closed: 3, closedOnTime: 2, answered: 2, satisfied: 1 }),
			s766Unit(2, 'Xã Đạ Tẻh', null, { handled: 0, dissatisfied: 0, petitioned: 0, late: 0, notSatisfied: 0 }, { closed: 1, closedOnTime: 0, answered: 0, satisfied: 0 }),
			s766Unit(3, 'Sở Tư pháp', 'Department of Justice', { handled: 3, dissatisfied: 0, petitioned: 1, late: 0, notSatisfied: 1 }, { closed: 1, closedOnTime: 1, answered: 1, satisfied: 1 })
		],
		total: figures766({ handled: 13, dissatisfied: 3, petitioned: 3, late: 3, notSatisfied: 6 }, { closed: 5, closedOnTime: 3, answered: 3, satisfied: 2 }, DEFAULT_SETTINGS_766, 2026),
		settings: DEFAULT_SETTINGS_766,
		year: 2026,
		sources: sources766()
	}
};

function s766Unit(id: number, nameVi: string, nameEn: string | null, d: DossierCounts766, p: PetitionCounts766) {
	return { id, nameVi, nameEn, path: `/1/${id}/`, depth: 1, figures: figures766(d, p, DEFAULT_SETTINGS_766, 2026) };
}

const ctx = (locale: 'vi' | 'en' = 'vi'): IndicesExportContext => ({
	locale,
	month: '2026-10',
	place: locale === 'vi' ? 'Tỉnh Lâm Đồng' : 'Lam Dong province',
	rule: DEFAULT_RANK_RULE,
	units: new Map([
		[1, { code: 'SNV', parent: null }],
		[2, { code: 'X-DT', parent: 'Sở Nội vụ' }],
		[3, { code: 'STP', parent: 'Sở Nội vụ' }]
	])
});

const csvRows = (table: ExportTable) => parse(toCsv(table), { bom: true }) as string[][];
const column = (table: ExportTable, header: string) => table.columns.findIndex((c) => c.header === header);

describe('the Thông tư 01/2018 grid per unit', () => {
	const table = indicesTable('tt01', ctx(), report);

	it('has a row per unit with completed dossiers and the total, Vietnamese names intact', () => {
		expect(table.title).toBe('Thông tư 01/2018 theo đơn vị, tháng 10/2026');
		expect(table.rows.map((r) => [r.code, r.unit, r.parent])).toEqual([
			['SNV', 'Sở Nội vụ', null],
			['STP', 'Sở Tư pháp', 'Sở Nội vụ'],
			[null, 'Toàn bộ', null]
		]);
		expect(table.filters.slice(0, 2)).toEqual([
			{ label: 'Tháng', value: '10/2026' },
			{ label: 'Đơn vị', value: 'Tỉnh Lâm Đồng' }
		]);
		// the formula, the bands and what an empty cell means travel with the figures
		const text = table.filters.map((f) => f.value).join('\n');
		expect(text).toContain('Điểm quy đổi = Tổng điểm × 18 ÷ (2 × k)');
		expect(text).toContain('Xuất sắc từ 15 điểm trở lên');
		expect(text).toContain('Ô để trống là không có dữ liệu');
		expect(table.filters).toContainEqual({ label: 'Chỉ số 5', value: 'Thực hiện tổ chức tiếp nhận hồ sơ, giải quyết, trả kết quả tại Bộ phận Một cửa' });
		// the legal basis of the grid, each part marked when its article is not checked against the text
		expect(table.filters.filter((f) => f.label === 'Căn cứ').map((f) => f.value)).toContainEqual(expect.stringMatching(/^Thông tư 01\/2018\/TT-VPCP, Điều 13 .*\(Chưa đối chiếu được với văn bản gốc\)$/));
	});

	it('carries the hand-worked means, score, scale and rank; unranked says so', () => {
		const [noiVuRow, tuPhapRow, totalRow] = table.rows;
		expect(noiVuRow.dossiers).toBe(3);
		expect(noiVuRow.i1).toBeCloseTo(4 / 3, 12);
		expect(noiVuRow.i7).toBeCloseTo(2 / 3, 12);
		expect(noiVuRow.scored).toBe(7);
		expect(noiVuRow.score).toBe(10);
		expect(noiVuRow.max).toBe(14);
		expect(noiVuRow.score18).toBeCloseTo((10 * 18) / 14, 5);
		expect(noiVuRow.rank).toBe('Tốt');
		expect(tuPhapRow).toMatchObject({ scored: 3, score: 3, max: 6, score18: 9, rank: 'Chưa xếp loại' });
		// total: indicator 1 = (4 + 2) ÷ 4 dossiers with data; indicator 5 still no data
		expect(totalRow.i1).toBe(1.5);
		expect(totalRow.dossiers).toBe(4);
		expect(totalRow.scored).toBe(7); // indicators 2 and 5 have no data anywhere
	});

	it('leaves "no data" empty in number columns: never 0, never full marks, in CSV and in Excel', async () => {
		for (const kind of ['i2', 'i5']) {
			expect(table.columns.find((c) => c.key === kind)?.kind).toBe('number');
			for (const row of table.rows) expect(row[kind]).toBeNull();
		}
		const rows = csvRows(table);
		expect(rows[0]).toEqual([
			'Mã đơn vị',
			'Đơn vị',
			'Đơn vị cấp trên',
			'Hồ sơ',
			...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => `Chỉ số ${n} (điểm TB 0–2)`),
			'Số chỉ số có dữ liệu (trên 9)',
			'Số chỉ số chưa có dữ liệu',
			'Tổng điểm',
			'Điểm tối đa (2 × số chỉ số có dữ liệu)',
			'Quy đổi (thang 18)',
			'Xếp loại'
		]);
		const i5 = column(table, 'Chỉ số 5 (điểm TB 0–2)');
		const i3 = column(table, 'Chỉ số 3 (điểm TB 0–2)');
		expect(rows.slice(1).map((r) => r[i5])).toEqual(['', '', '']);
		expect(rows[2][i3]).toBe(''); // Sở Tư pháp: indicator 3 not recorded
		expect(rows[1][i3]).toBe('2');
		expect(rows[1][column(table, 'Chỉ số 1 (điểm TB 0–2)')]).toBe('1.33333333333333');

		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(new Uint8Array(await toXlsx(table)).buffer);
		const ws = wb.worksheets[0];
		const header = ws.getRow(table.filters.length + 3).number;
		expect(ws.getRow(header).getCell(i5 + 1).value).toBe('Chỉ số 5 (điểm TB 0–2)');
		for (let r = header + 1; r <= header + 3; r++) expect(ws.getRow(r).getCell(i5 + 1).value).toBeNull();
		expect(ws.getRow(header + 1).getCell(2).value).toBe('Sở Nội vụ');
	});

	it('is empty when no dossier was completed in the month, like the page', () => {
		const none: IndicesReport = { ...report, units: [report.units[1]], total: unitFigures(emptyTallies(TT01_INDICATORS), 0, 0, 8, 8, []) };
		expect(indicesTable('tt01', ctx(), none).rows).toEqual([]);
	});

	it('speaks English with English unit names where there are any', () => {
		const en = indicesTable('tt01', ctx('en'), report);
		expect(en.title).toBe('Circular 01/2018 by unit, 10/2026');
		expect(en.rows.map((r) => r.unit)).toEqual(['Department of Home Affairs', 'Department of Justice', 'All']);
		expect(en.rows.map((r) => r.rank)).toEqual(['Good', 'Not ranked', en.rows[2].rank]);
		expect(en.columns.find((c) => c.key === 'i1')?.header).toBe('Indicator 1 (mean points 0–2)');
	});
});

describe('the officer grid', () => {
	const table = indicesTable('officers', ctx(), report);
	it('has indicators 1, 2, 3, 4 and 7, the officers by name and staff number, no data empty', () => {
		expect(table.columns.filter((c) => /^i\d$/.test(c.key)).map((c) => c.key)).toEqual(['i1', 'i2', 'i3', 'i4', 'i7']);
		expect(table.rows.map((r) => [r.name, r.staffNumber])).toEqual([
			['Nguyễn Thị Ánh Tuyết', 'CB-007'],
			['Trần Văn Đức', 'CB-008']
		]);
		expect(table.rows[0]).toMatchObject({ i1: 1.5, i2: null, i3: null, i4: null, i7: 2, scored: 2, score: 3.5, max: 4, rank: 'Chưa xếp loại' });
		expect(table.rows[1]).toMatchObject({ score: 10, max: 10, score18: 18, rank: 'Xuất sắc' });
		const rows = csvRows(table);
		expect(rows[1].slice(3, 8)).toEqual(['1.5', '', '', '', '2']);
		expect(rows[0][rows[0].length - 6]).toBe('Số chỉ số có dữ liệu (trên 5)');
	});
});

describe('766, ratings and on time, the trend, SIPAS', () => {
	it('766: one row per unit in the layout sent upward, the total, the legal basis of each figure', () => {
		const table = indicesTable('766', ctx(), report);
		expect(table.title).toBe('Bộ chỉ số 766/QĐ-TTg — thành phần Mức độ hài lòng, tháng 10/2026');
		expect(table.rows.map((r) => [r.code, r.unit])).toEqual([
			['SNV', 'Sở Nội vụ'],
			['X-DT', 'Xã Đạ Tẻh'],
			['STP', 'Sở Tư pháp'],
			[null, 'Toàn bộ']
		]);
		expect(table.rows[0]).toMatchObject({ handled: 10, dissatisfied: 3, petitioned: 2, late: 3, notSatisfied: 5, rate: 0.5, target: 0.95, petitionsClosed: 3, petitionsOnTime: 2, answered: 2, answeredSatisfied: 1, petitionSatisfactionRate: 0.5 });
		expect(table.rows[0].points).toBeCloseTo(3.157894736842105, 12);
		expect(table.rows[0].petitionsOnTimeRate).toBeCloseTo(2 / 3, 12);
		// nothing handled: no rate and no points (not 0, not 6); nobody answered: no satisfaction rate
		expect(table.rows[1]).toMatchObject({ handled: 0, rate: null, points: null, petitionsOnTimeRate: 0, petitionSatisfactionRate: null });
		expect(table.rows[3]).toMatchObject({ handled: 13, notSatisfied: 6, petitionsClosed: 5, petitionsOnTimeRate: 0.6 });
		expect(table.rows[3].rate).toBeCloseTo(7 / 13, 12);
		expect(table.rows[3].points).toBeCloseTo(42 / 12.35, 12);

		const rows = csvRows(table);
		expect(rows[0].slice(3)).toEqual([
			'Hồ sơ đã giải quyết',
			'Có đánh giá không hài lòng',
			'Có phản ánh, kiến nghị',
			'Quá hạn',
			'Không hài lòng (mỗi hồ sơ một lần)',
			'Tỷ lệ hài lòng (%)',
			'Chỉ tiêu (%)',
			'Điểm (tối đa 6)',
			'Phản ánh, kiến nghị đã xử lý xong',
			'Xử lý đúng hạn',
			'Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn (%)',
			'Công dân trả lời phiếu hỏi lại',
			'Trả lời đã được giải quyết',
			'Tỷ lệ hài lòng về xử lý phản ánh, kiến nghị (%)',
			'Căn cứ'
		]);
		expect(rows[2].slice(3, 11)).toEqual(['0', '0', '0', '0', '0', '', '95.0', '']);
		for (const r of rows.slice(1)) expect(r.at(-1)).toMatch(/^Quyết định 766\/QĐ-TTg, Phụ lục.*; Nghị quyết 76\/NQ-CP/);
		const text = table.filters.map((f) => f.value).join('\n');
		expect(text).toContain('Tỷ lệ hài lòng = (Số hồ sơ đã giải quyết − Số hồ sơ không hài lòng) ÷ Số hồ sơ đã giải quyết');
		expect(text).toContain('Điểm (tối đa 6) = 6 khi tỷ lệ hài lòng đạt chỉ tiêu 95%');
		expect(text).toContain('Chỉ tiêu năm 2026 theo Nghị quyết 76/NQ-CP: 95%');
		// every figure names its source, and says when that source was not checked against the text
		expect(text.match(/\(chưa đối chiếu văn bản gốc\)/g)).toHaveLength(5);
	});

	it('766: empty when nothing was handled or closed', () => {
		const none = figures766({ handled: 0, dissatisfied: 0, petitioned: 0, late: 0, notSatisfied: 0 }, { closed: 0, closedOnTime: 0, answered: 0, satisfied: 0 }, DEFAULT_SETTINGS_766, 2026);
		expect(indicesTable('766', ctx(), { ...report, s766: { ...report.s766, units: [], total: none } }).rows).toEqual([]);
	});

	it('ratings: the share of satisfied ratings and the on-time rate per unit, no 766 points', () => {
		const table = indicesTable('ratings', ctx(), report);
		expect(table.rows.map((r) => r.unit)).toEqual(['Sở Nội vụ', 'Xã Đạ Tẻh', 'Sở Tư pháp', 'Toàn bộ']);
		expect(table.rows[0]).toMatchObject({ counted: 40, satisfied: 30, satisfactionRate: 0.75, completed: 3, onTime: 2 });
		expect(table.rows[0].onTimeRate).toBeCloseTo(2 / 3, 12);
		expect(table.columns.map((c) => c.key)).not.toContain('points766');
		// no counted rating: no rate, not 0
		expect(table.rows[2]).toMatchObject({ counted: 0, satisfactionRate: null, completed: 1, onTime: 0, onTimeRate: 0 });
		// a commune with ratings but no dossier: no on-time rate
		expect(table.rows[1]).toMatchObject({ satisfactionRate: 1, completed: 0, onTimeRate: null });
		expect(csvRows(table)[3].slice(3)).toEqual(['0', '0', '', '1', '0', '0.0']);
	});

	it('trend: one row per month, an empty month without rates', () => {
		const table = indicesTable('trend', ctx(), report);
		expect(table.filters[0]).toEqual({ label: 'Các tháng', value: '09/2026 – 10/2026' });
		expect(csvRows(table).slice(1)).toEqual([
			['09/2026', '0', '', '0', ''],
			['10/2026', '48', '79.2', '4', '50.0'] // 38 ÷ 48 as a percentage with one decimal
		]);
	});

	it('SIPAS: a factor not asked has neither rate nor count; asked and unanswered has 0 answers and no rate', () => {
		const table = indicesTable('sipas', ctx(), report);
		const [noiVuRow, commune] = table.rows;
		expect(noiVuRow).toMatchObject({ accessRate: 0.9, accessAnswers: 10, procedureRate: null, procedureAnswers: null, officerRate: 0.75, officerAnswers: 40 });
		expect(noiVuRow).toMatchObject({ resultRate: null, resultAnswers: 0, feedbackRate: null, feedbackAnswers: null, withData: 2 });
		expect(noiVuRow.overall).toBeCloseTo((0.9 + 0.75) / 2, 12);
		expect(commune).toMatchObject({ accessRate: null, accessAnswers: 0, officerRate: 1, overall: 1, withData: 1 });
		expect(table.filters).toContainEqual({ label: 'Nguồn: Thủ tục hành chính', value: 'không hỏi' });
		expect(table.filters).toContainEqual({ label: 'Nguồn: Công chức giải quyết công việc', value: 'mức đánh giá chính' });
		expect(table.filters).toContainEqual({ label: 'Nguồn: Tiếp cận dịch vụ hành chính công', value: 'câu hỏi trên máy tính bảng, mã q_access' });
		expect(table.columns.map((c) => c.header)).toContain('Tiếp cận dịch vụ hành chính công: tỷ lệ hài lòng');
		expect(table.rows.at(-1)?.unit).toBe('Toàn bộ');
	});
});

describe('which table, and the workbook of them all', () => {
	const url = (q: string) => new URL(`http://localhost/app/indices/export?${q}`);
	it('takes one of the page tables, or all of them for XLSX only', () => {
		expect(indicesTableParam(url('format=csv&table=766'), 'csv', 'vi')).toBe('766');
		expect(indicesTableParam(url('format=xlsx'), 'xlsx', 'vi')).toBe('all');
		expect(indicesTableParam(url('format=xlsx&table=all'), 'xlsx', 'vi')).toBe('all');
		expect(() => indicesTableParam(url('format=csv'), 'csv', 'vi')).toThrow(expect.objectContaining({ status: 400 }));
		expect(() => indicesTableParam(url('format=xlsx&table=units;drop'), 'xlsx', 'en')).toThrow(
			expect.objectContaining({ status: 400, body: expect.objectContaining({ message: expect.stringMatching(/^The table to download must be/) }) })
		);
	});

	it('names the rule set on every table, and the legal basis of the on-time rate and of SIPAS', () => {
		for (const which of ['tt01', 'tt01unit', 'officers', '766', 'ratings', 'trend', 'sipas'] as const) {
			const filters = indicesTable(which, ctx(), report).filters;
			expect(filters, which).toContainEqual({ label: 'Bộ quy tắc áp dụng', value: `${RULESET.labelVi} — 2025-07` });
		}
		const basis = (which: 'ratings' | 'trend' | 'sipas') => indicesTable(which, ctx(), report).filters.filter((f) => f.label === 'Căn cứ').map((f) => f.value);
		expect(basis('ratings')).toEqual(['Nghị định 118/2025/NĐ-CP, quy định về Giấy tiếp nhận hồ sơ và hẹn trả kết quả (chưa đối chiếu văn bản gốc)']);
		expect(basis('trend')).toEqual(basis('ratings'));
		expect(basis('sipas')).toEqual(['Quyết định 2640/QĐ-BNV (chưa đối chiếu văn bản gốc)', 'Chỉ số SIPAS (Bộ Nội vụ) (chưa đối chiếu văn bản gốc)']);
		expect(indicesTable('sipas', { ...ctx(), locale: 'en' }, report).filters).toContainEqual({ label: 'Rule set applied', value: `${RULESET.labelEn} — 2025-07` });
	});

	it('names a sheet per table in the page order, each table as exported alone', () => {
		const book = indicesBook(ctx(), report);
		expect(book.title).toBe('Chỉ số đánh giá tháng 10/2026 — Tỉnh Lâm Đồng');
		expect(book.filters).toEqual([
			{ label: 'Tháng', value: '10/2026' },
			{ label: 'Đơn vị', value: 'Tỉnh Lâm Đồng' }
		]);
		expect(book.sheets.map((s) => s.name)).toEqual(['TT01 theo đơn vị', 'TT01 theo đơn vị (quý)', 'TT01 theo cán bộ', '766 Mức độ hài lòng', 'Đánh giá và đúng hạn', 'Xu hướng 6 tháng', 'SIPAS 5 yếu tố']);
		expect(book.sheets.map((s) => s.table)).toEqual((['tt01', 'tt01unit', 'officers', '766', 'ratings', 'trend', 'sipas'] as const).map((w) => indicesTable(w, ctx(), report)));
	});
});

describe('the late-dossier list', () => {
	const rows: LateListRow[] = [
		{
			id: 1,
			code: 'H37.1-261015-0001',
			unitVi: 'Phường Bến Nghé',
			unitEn: 'Ben Nghe ward',
			procedureVi: 'Đăng ký khai sinh',
			procedureEn: null,
			dueAt: '2026-10-15T10:00:00.000Z', // 17:00 in Vietnam
			completedAt: null,
			daysLate: 12,
			officer: { id: 4, fullName: 'Lê Thị Hồng Gấm', staffNumber: 'CB-04' },
			apology: null,
			explanation: null,
			flagged: true
		},
		{
			id: 2,
			code: 'H37.1-261001-0002',
			unitVi: 'Phường Bến Nghé',
			unitEn: null,
			procedureVi: 'Chứng thực bản sao',
			procedureEn: 'Certified copy',
			dueAt: '2026-10-20T10:00:00.000Z',
			completedAt: '2026-10-22T02:30:00.000Z', // 09:30
			daysLate: 2,
			officer: null,
			apology: { status: 'on_time', number: '7/TXL', issuedAt: '2026-10-19T01:00:00.000Z', newDueAt: '2026-10-22T10:00:00.000Z', slips: 1 },
			explanation: { number: null, issuedAt: '2026-10-21T03:00:00.000Z' },
			flagged: false
		}
	];
	const base = { locale: 'vi' as const, month: '2026-10', place: 'Phường Bến Nghé', notice: 'all' as const, asOf: new Date('2026-11-02T02:00:00Z'), total: 2, format: 'csv' as const };

	it('has every row with its notice status, days late and the flag, instants in Vietnam time', () => {
		const table = lateTable(base, rows);
		expect(table.title).toBe('Hồ sơ trễ hạn, tháng 10/2026');
		const csv = csvRows(table);
		const at = (header: string) => csv[0].indexOf(header);
		expect(csv).toHaveLength(3);
		expect(csv[1][at('Mã hồ sơ')]).toBe('H37.1-261015-0001');
		expect(csv[1][at('Hạn trả')]).toBe('2026-10-15 17:00');
		expect(csv[1][at('Có kết quả')]).toBe('');
		expect(csv[1][at('Tình trạng')]).toBe('Chưa có kết quả');
		expect(csv[1][at('Trễ (ngày làm việc)')]).toBe('12');
		expect(csv[1][at('Cán bộ tiếp nhận')]).toBe('Lê Thị Hồng Gấm');
		expect(csv[1][at('Phiếu xin lỗi và hẹn lại ngày trả kết quả')]).toBe('Chưa có');
		expect(csv[1][at('Số lần hẹn lại')]).toBe('0');
		expect(csv[1][at('Văn bản giải trình')]).toBe('Chưa có');
		expect(csv[1][at('Cảnh báo trễ hạn, chưa xin lỗi')]).toBe('Có');
		expect(csv[2][at('Có kết quả')]).toBe('2026-10-22 09:30');
		expect(csv[2][at('Tình trạng')]).toBe('Đã có kết quả');
		expect(csv[2][at('Phiếu xin lỗi và hẹn lại ngày trả kết quả')]).toBe('Gửi đúng hạn (trước ngày hẹn trả ít nhất 01 ngày làm việc)');
		expect(csv[2][at('Số phiếu xin lỗi')]).toBe('7/TXL');
		expect(csv[2][at('Số lần hẹn lại')]).toBe('1');
		expect(csv[2][at('Hẹn trả lại')]).toBe('2026-10-22 17:00');
		expect(csv[2][at('Văn bản giải trình')]).toBe('Đã có');
		expect(csv[2][at('Số văn bản giải trình')]).toBe('');
		expect(csv[2][at('Cảnh báo trễ hạn, chưa xin lỗi')]).toBe('Không');
		expect(table.filters.map((f) => f.label)).toEqual(['Tháng', 'Đơn vị', 'Tình trạng văn bản', 'Tính đến', 'Số hồ sơ', 'Ghi chú', 'Ghi chú']);
		expect(table.filters[2].value).toBe('Tất cả');
		expect(table.filters[3].value).toBe('02/11/2026 09:00');
	});

	it('says so in its filters when the filter holds more rows than the file', () => {
		const table = lateTable({ ...base, notice: 'without_apology', total: 73_512 }, rows);
		expect(table.filters).toContainEqual({
			label: 'Giới hạn',
			value: 'Chỉ gồm 2 hồ sơ đầu tiên (theo hạn trả) trên tổng số 73.512. Chọn một đơn vị hoặc bộ lọc hẹp hơn để tải đủ.'
		});
		expect(table.filters[2].value).toBe('Trễ hạn, chưa xin lỗi');
		expect(lateTable(base, rows).filters.some((f) => f.label === 'Giới hạn')).toBe(false);
		// a workbook stops at 20,000 rows: it points to the CSV when that would hold them all
		const limit = (format: 'csv' | 'xlsx', total: number) => lateTable({ ...base, format, total }, rows).filters.find((f) => f.label === 'Giới hạn')?.value;
		expect(limit('xlsx', 30_000)).toBe('Chỉ gồm 2 hồ sơ đầu tiên (theo hạn trả) trên tổng số 30.000. Tải CSV để có đủ, hoặc chọn một đơn vị hay bộ lọc hẹp hơn.');
		expect(limit('xlsx', 73_512)).toMatch(/^Chỉ gồm 2 hồ sơ đầu tiên .* Chọn một đơn vị hoặc bộ lọc hẹp hơn để tải đủ\.$/);
		expect(LATE_EXPORT_CAP).toEqual({ csv: 50_000, xlsx: 20_000 });
	});

	it('in English, with English names where there are any', () => {
		const table = lateTable({ ...base, locale: 'en' }, rows);
		expect(table.rows.map((r) => [r.unit, r.procedure, r.apology, r.flagged])).toEqual([
			['Ben Nghe ward', 'Đăng ký khai sinh', 'None', 'Yes'],
			['Phường Bến Nghé', 'Certified copy', 'Sent in time (at least one working day before the due day)', 'No']
		]);
	});
});
