import { translate, type Locale, type MessageKey } from '$lib/i18n';
import type { Db } from '../db';
import { db } from '../db';
import { zodProblems, type FieldProblem } from '../dossiers/errors';
import { normaliseHeader, type TableRow } from '../imports/table';
import type { Checked, ImportContext, Importer, RowProblem, WriteCounts } from '../imports/session';
import { parseDay, restoreLeadingZeros, UNIT_CODE, unitItemSchema, type UnitItem } from './record';
import { REFORM_DAY, kindFromNote, planSuccessions, writeSuccessions, type SuccessionItem } from './successors';
import { loadUnitTable, lockUnits, planUnits, writeUnits, type EntryProblem, type UnitEntry } from './upsert';
import type { UnitLevel } from '../db/schema';

/**
 * The three unit imports on the shared two-step import (../imports/session.ts):
 *  - `units`: the statistics office's list of administrative units (Mã, Tên, Cấp; for a commune
 *    its province's Mã TP and name), the 34 provinces and 3,321 commune-level units of 1 July 2025;
 *  - `agencies`: sở, ban, ngành and branches of central agencies, from a simple list;
 *  - `unit-successors`: the conversion table, old commune code → new commune code.
 * Each row goes through the same schema and the same plan as the integration API (record.ts,
 * upsert.ts), so the two accept and refuse the same things.
 */

const message = (locale: Locale, p: FieldProblem) => translate(locale, p.key, p.params);

function rowProblems(locale: Locale, line: number, problems: readonly FieldProblem[], column: (field: string) => string): RowProblem[] {
	return problems.map((p) => ({ line, column: column(p.field), message: message(locale, p) }));
}

/* ---------------------------------------------------------------- the official list */

/**
 * "Cấp" as the official list writes it → the app's level. The two-level government has no
 * district: a list with Quận/Huyện rows is the pre-2025 one and is refused row by row.
 */
const OFFICIAL_KINDS: Record<string, UnitLevel> = {
	tinh: 'province',
	thanh_pho_trung_uong: 'province',
	thanh_pho_truc_thuoc_trung_uong: 'province',
	thanh_pho: 'province',
	xa: 'commune',
	phuong: 'commune',
	dac_khu: 'commune'
};
const OFFICIAL_KINDS_SHOWN = 'Tỉnh, Thành phố Trung ương, Xã, Phường, Đặc khu';

type OfficialColumn = 'code' | 'name' | 'level' | 'provinceCode' | 'provinceName' | 'nameEn';
const OFFICIAL_HEADERS: Record<OfficialColumn, string> = {
	code: 'Mã',
	name: 'Tên',
	level: 'Cấp',
	provinceCode: 'Mã TP',
	provinceName: 'Tỉnh / Thành Phố',
	nameEn: 'Tên tiếng Anh'
};
const officialColumnOf: Record<string, string> = {
	code: OFFICIAL_HEADERS.code,
	nameVi: OFFICIAL_HEADERS.name,
	level: OFFICIAL_HEADERS.level,
	category: OFFICIAL_HEADERS.level,
	parentCode: OFFICIAL_HEADERS.provinceCode,
	parentName: OFFICIAL_HEADERS.provinceName,
	nameEn: OFFICIAL_HEADERS.nameEn,
	validFrom: 'validFrom'
};

/** A row of the official list as a unit item, or the problems of its cells. */
export function officialRowItem(row: TableRow<OfficialColumn>): { item: UnitItem } | { problems: FieldProblem[] } {
	const v = row.values;
	const category = (v.level ?? '').normalize('NFC').trim();
	const level = OFFICIAL_KINDS[normaliseHeader(category)];
	if (!level) {
		return { problems: [{ field: 'category', key: category ? 'units.error.category' : 'dossiers.error.required', params: { value: category, values: OFFICIAL_KINDS_SHOWN } }] };
	}
	const raw = {
		code: restoreLeadingZeros(v.code ?? '', level),
		nameVi: v.name,
		nameEn: v.nameEn,
		level,
		category,
		...(level !== 'province' ? { parentCode: restoreLeadingZeros(v.provinceCode ?? '', 'province'), parentName: v.provinceName } : {})
	};
	const parsed = unitItemSchema.safeParse(raw);
	return parsed.success ? { item: parsed.data } : { problems: zodProblems(parsed.error) };
}

async function checkUnitRows<C extends string>(
	rows: TableRow<C>[],
	ctx: ImportContext,
	q: Db,
	toItem: (row: TableRow<C>) => { item: UnitItem } | { problems: FieldProblem[] },
	column: (field: string) => string
): Promise<Checked<UnitItem>> {
	const problems: RowProblem[] = [];
	const entries: UnitEntry[] = [];
	for (const row of rows) {
		const r = toItem(row);
		if ('item' in r) entries.push({ ref: row.line, item: r.item });
		else problems.push(...rowProblems(ctx.locale, row.line, r.problems, column));
	}
	const plan = planUnits(await loadUnitTable(q), entries, ctx.scope);
	problems.push(...plan.problems.flatMap((p) => rowProblems(ctx.locale, p.ref, [p], column)));
	// Written in the plan's order, parents first, so every batch finds its parents stored.
	return { valid: plan.planned.filter((p) => p.ref >= 0).map((p) => ({ line: p.ref, item: p.item })), problems };
}

async function writeUnitRows(tx: Db, batch: { line: number; item: UnitItem }[], ctx: ImportContext, validFromForNew?: string): Promise<WriteCounts> {
	await lockUnits(tx);
	const table = await loadUnitTable(tx);
	// Checked again on the state the write sees: a row another writer made invalid meanwhile is skipped.
	const plan = planUnits(table, batch.map((b) => ({ ref: b.line, item: b.item })), ctx.scope);
	const results = await writeUnits(tx, table, plan.planned, { userId: ctx.userId, via: 'import' }, { validFromForNew });
	const rows = results.filter((r) => r.ref >= 0);
	const count = (o: string) => rows.filter((r) => r.result === o).length;
	return { created: count('created'), updated: count('updated'), unchanged: count('unchanged'), skipped: batch.length - rows.length };
}

/** The page's start date for the units an import creates: empty = not recorded. */
function validFromOption(ctx: ImportContext): { ok: true; day?: string } | { ok: false } {
	const raw = (ctx.options.validFrom ?? '').trim();
	if (!raw) return { ok: true };
	const day = parseDay(raw);
	return day ? { ok: true, day } : { ok: false };
}

const dateOptionProblem = (ctx: ImportContext, column: string): Checked<never> => ({
	valid: [],
	problems: [{ line: 0, column, message: translate(ctx.locale, 'units.error.date') }]
});

const showUnit = (item: UnitItem) => ({
	code: item.code,
	name: item.nameVi,
	level: item.category ?? item.level,
	parent: item.parentCode ? `${item.parentCode}${item.parentName ? ` — ${item.parentName}` : ''}` : ''
});

export const officialUnitsImporter: Importer<UnitItem, OfficialColumn> = {
	kind: 'units',
	table: {
		columns: {
			code: ['Mã', 'Mã đơn vị', 'Mã ĐVHC', 'Mã đơn vị hành chính', 'Mã xã', 'Mã PX'],
			name: ['Tên', 'Tên đơn vị', 'Tên ĐVHC', 'Tên đơn vị hành chính', 'Tên xã', 'Phường Xã'],
			level: ['Cấp', 'Cấp hành chính', 'Loại'],
			provinceCode: ['Mã TP', 'Mã tỉnh', 'Mã Tỉnh/TP', 'Mã tỉnh thành phố'],
			provinceName: ['Tỉnh / Thành Phố', 'Tên tỉnh', 'Tên Tỉnh / Thành Phố', 'Tỉnh thành phố', 'Tên tỉnh thành phố'],
			nameEn: ['Tên tiếng Anh', 'Tên Tiếng Anh', 'English name']
		},
		required: ['code', 'name', 'level'],
		maxRows: 20_000
	},
	batchSize: 1000,
	async check(rows, ctx, q = db) {
		if (!validFromOption(ctx).ok) return dateOptionProblem(ctx, 'validFrom');
		return checkUnitRows(rows, ctx, q, officialRowItem, (f) => officialColumnOf[f] ?? f);
	},
	async write(tx, batch, ctx) {
		const from = validFromOption(ctx);
		return writeUnitRows(tx, batch, ctx, from.ok ? from.day : undefined);
	},
	show: showUnit
};

/* ---------------------------------------------------------------- agencies */

type AgencyColumn = 'code' | 'name' | 'category' | 'parentCode' | 'nameEn';
const AGENCY_HEADERS: Record<AgencyColumn, string> = {
	code: 'Mã',
	name: 'Tên',
	category: 'Loại',
	parentCode: 'Mã cấp trên',
	nameEn: 'Tên tiếng Anh'
};
const agencyColumnOf: Record<string, string> = {
	code: AGENCY_HEADERS.code,
	nameVi: AGENCY_HEADERS.name,
	category: AGENCY_HEADERS.category,
	parentCode: AGENCY_HEADERS.parentCode,
	nameEn: AGENCY_HEADERS.nameEn
};

export function agencyRowItem(row: TableRow<AgencyColumn>): { item: UnitItem } | { problems: FieldProblem[] } {
	const v = row.values;
	const parsed = unitItemSchema.safeParse({
		code: v.code,
		nameVi: v.name,
		nameEn: v.nameEn,
		level: 'department',
		category: v.category,
		parentCode: v.parentCode ? restoreLeadingZeros(v.parentCode, 'province') : v.parentCode
	});
	return parsed.success ? { item: parsed.data } : { problems: zodProblems(parsed.error) };
}

export const agenciesImporter: Importer<UnitItem, AgencyColumn> = {
	kind: 'agencies',
	table: {
		columns: {
			code: ['Mã', 'Mã cơ quan', 'Mã đơn vị'],
			name: ['Tên', 'Tên cơ quan', 'Tên đơn vị'],
			category: ['Loại', 'Loại cơ quan', 'Cấp'],
			parentCode: ['Mã cấp trên', 'Mã đơn vị cấp trên', 'Mã cơ quan chủ quản', 'Mã tỉnh', 'Mã TP'],
			nameEn: ['Tên tiếng Anh', 'English name']
		},
		required: ['code', 'name', 'parentCode'],
		maxRows: 5_000
	},
	async check(rows, ctx, q = db) {
		return checkUnitRows(rows, ctx, q, agencyRowItem, (f) => agencyColumnOf[f] ?? f);
	},
	write: (tx, batch, ctx) => writeUnitRows(tx, batch, ctx),
	show: showUnit
};

/* ---------------------------------------------------------------- the conversion table */

type SuccessionColumn = 'oldCode' | 'oldName' | 'newCode' | 'newName' | 'note' | 'effectiveAt';
const SUCCESSION_HEADERS: Record<SuccessionColumn, string> = {
	oldCode: 'Mã cũ',
	oldName: 'Tên cũ',
	newCode: 'Mã mới',
	newName: 'Tên mới',
	note: 'Ghi chú',
	effectiveAt: 'Ngày hiệu lực'
};

export function successionRowItem(row: TableRow<SuccessionColumn>, defaultDay: string): { item: SuccessionItem } | { problems: FieldProblem[] } {
	const v = row.values;
	const problems: FieldProblem[] = [];
	const code = (field: 'oldCode' | 'newCode') => {
		const c = restoreLeadingZeros((v[field] ?? '').trim(), 'commune');
		if (!c) problems.push({ field, key: 'dossiers.error.required' });
		else if (!UNIT_CODE.test(c)) problems.push({ field, key: 'units.error.codeFormat' });
		return c;
	};
	const oldCode = code('oldCode');
	const newCode = code('newCode');
	const day = v.effectiveAt ? parseDay(v.effectiveAt) : defaultDay;
	if (!day) problems.push({ field: 'effectiveAt', key: 'units.error.date' });
	const note = v.note?.normalize('NFC').trim() || undefined;
	if (note && note.length > 200) problems.push({ field: 'note', key: 'dossiers.error.tooLong', params: { max: 200 } });
	const oldName = v.oldName?.normalize('NFC').trim() || undefined;
	if (oldName && oldName.length > 200) problems.push({ field: 'oldName', key: 'dossiers.error.tooLong', params: { max: 200 } });
	if (problems.length) return { problems };
	return { item: { oldCode, newCode, kind: kindFromNote(note), effectiveAt: day!, ...(note ? { note } : {}), ...(oldName ? { oldName } : {}) } };
}

/** The page's effective date for rows without their own: 1 July 2025 unless changed. */
function effectiveOption(ctx: ImportContext): string | undefined {
	const raw = (ctx.options.effectiveAt ?? '').trim();
	return raw ? parseDay(raw) : REFORM_DAY;
}

type SuccessionRowItem = SuccessionItem & { dissolve: boolean; skip?: 'sameCode' | 'outside' };

export const unitSuccessorsImporter: Importer<SuccessionRowItem, SuccessionColumn> = {
	kind: 'unit-successors',
	table: {
		columns: {
			oldCode: ['Mã cũ', 'Mã xã cũ', 'Mã đơn vị cũ', 'Mã ĐVHC cũ', 'Mã PX cũ', 'Mã đơn vị hành chính cũ'],
			oldName: ['Tên cũ', 'Tên xã cũ', 'Tên đơn vị cũ', 'Tên ĐVHC cũ', 'Tên đơn vị hành chính cũ'],
			newCode: ['Mã mới', 'Mã xã mới', 'Mã đơn vị mới', 'Mã ĐVHC mới', 'Mã PX mới', 'Mã đơn vị hành chính mới'],
			newName: ['Tên mới', 'Tên xã mới', 'Tên đơn vị mới', 'Tên ĐVHC mới', 'Tên đơn vị hành chính mới'],
			note: ['Ghi chú', 'Hình thức', 'Hình thức sắp xếp', 'Loại sắp xếp'],
			effectiveAt: ['Ngày hiệu lực', 'Ngày có hiệu lực', 'Hiệu lực từ']
		},
		required: ['oldCode', 'newCode'],
		maxRows: 20_000
	},
	async check(rows, ctx, q = db) {
		const day = effectiveOption(ctx);
		if (!day) return dateOptionProblem(ctx, SUCCESSION_HEADERS.effectiveAt);
		const column = (f: string) => SUCCESSION_HEADERS[f as SuccessionColumn] ?? f;
		const problems: RowProblem[] = [];
		const entries: { ref: number; item: SuccessionItem }[] = [];
		for (const row of rows) {
			const r = successionRowItem(row, day);
			if ('item' in r) entries.push({ ref: row.line, item: r.item });
			else problems.push(...rowProblems(ctx.locale, row.line, r.problems, column));
		}
		const plan = planSuccessions(await loadUnitTable(q), entries);
		problems.push(...plan.problems.flatMap((p: EntryProblem) => rowProblems(ctx.locale, p.ref, [p], column)));
		// The end of an old unit is decided on the whole table (does its code continue?), before batching.
		return { valid: plan.planned.map((p) => ({ line: p.ref, item: { ...p.item, dissolve: p.dissolve, ...(p.skip ? { skip: p.skip } : {}) } })), problems };
	},
	async write(tx, batch, ctx) {
		await lockUnits(tx);
		const table = await loadUnitTable(tx);
		const plan = planSuccessions(table, batch.map((b) => ({ ref: b.line, item: b.item })));
		const byRef = new Map(batch.map((b) => [b.line, b.item]));
		const planned = plan.planned.map((p) => ({ ...p, dissolve: byRef.get(p.ref)!.dissolve }));
		const counts = await writeSuccessions(tx, table, planned, { userId: ctx.userId, via: 'import' });
		return { ...counts, skipped: counts.skipped + plan.problems.length };
	},
	show: (item) => ({
		oldCode: item.oldName ? `${item.oldCode} — ${item.oldName}` : item.oldCode,
		newCode: item.newCode,
		// The table's own words (Vietnamese, as the official table writes them), not a translation.
		kind: [item.note ?? translate('vi', `units.kind.${item.kind}`), item.skip ? translate('vi', `units.skip.${item.skip}`) : ''].filter(Boolean).join(' — '),
		effectiveAt: item.effectiveAt
	})
};

/** Labels of the preview table's columns, per kind (the keys `show` returns). */
export const UNIT_IMPORT_COLUMNS: Record<string, { key: string; label: MessageKey }[]> = {
	units: [
		{ key: 'code', label: 'units.col.code' },
		{ key: 'name', label: 'units.col.name' },
		{ key: 'level', label: 'units.col.level' },
		{ key: 'parent', label: 'units.col.parent' }
	],
	'unit-successors': [
		{ key: 'oldCode', label: 'units.col.oldCode' },
		{ key: 'newCode', label: 'units.col.newCode' },
		{ key: 'kind', label: 'units.col.kind' },
		{ key: 'effectiveAt', label: 'units.col.effectiveAt' }
	]
};
UNIT_IMPORT_COLUMNS.agencies = UNIT_IMPORT_COLUMNS.units;
