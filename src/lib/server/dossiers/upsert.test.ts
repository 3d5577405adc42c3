import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client';
import { useDatabase } from '../db';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { seedDossierFixture, type DossierFixture } from './test-fixture';
import { upsertDossiers } from './upsert';

const birth = (code: string, extra: Record<string, unknown> = {}) => ({
	code,
	unitCode: 'KH-PNT',
	procedureCode: '1.001193',
	channel: 'counter',
	receivedAt: '2026-03-02T08:15:00+07:00',
	receivingOfficer: 'KH-000101',
	...extra
});

describe.each(testDatabaseKinds)('dossier upserts on %s', (kind) => {
	let h: DatabaseHandle;
	let f: DossierFixture;
	const ntScope = () => [f.nhaTrang.path];

	const table = () =>
		h.rows<Record<string, unknown>>(sql`select id, province_id, unit_id, code, procedure_id, channel, status,
			received_at::text, due_at::text, completed_at::text, returned_at::text, receiving_officer_id, returning_officer_id,
			extra_visits, agencies_count, updated_at::text from dossiers order by code`);

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
		f = await seedDossierFixture(h);
	});
	beforeEach(async () => {
		await h.rows(sql`delete from dossiers`);
	});
	afterAll(async () => h?.close());

	it('creates a dossier, computes the due date on working days, and a repeat changes nothing', async () => {
		const first = await upsertDossiers([birth('000.00.01.H36-260302-0001')], ntScope());
		expect(first).toMatchObject({ written: true, problems: [], results: [{ index: 0, code: '000.00.01.H36-260302-0001', result: 'created' }] });
		const before = await table();
		// received Monday 2 March, 3 working days: due Thursday 5 March 17:00 Vietnam time
		const [row] = await h.rows<{ due: string; status: string; province_id: number }>(
			sql`select to_char(due_at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD HH24:MI') as due, status, province_id from dossiers`
		);
		expect(row).toMatchObject({ due: '2026-03-05 17:00', status: 'received', province_id: f.provinceId });
		const again = await upsertDossiers([birth('000.00.01.H36-260302-0001')], ntScope());
		expect(again.results).toEqual([{ ...first.results[0], result: 'unchanged' }]);
		expect(await table()).toEqual(before);
	});

	it('skips Tết when computing a due date', async () => {
		await upsertDossiers([birth('TET-1', { receivedAt: '2026-02-13T09:00:00+07:00' })], ntScope());
		const [row] = await h.rows<{ due: string }>(sql`select to_char(due_at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') as due from dossiers`);
		// Fri 13 Feb + 3 working days, 16–20 Feb off: 23, 24, 25 February
		expect(row.due).toBe('2026-02-25');
	});

	it('updates a changed dossier and reports the rest unchanged', async () => {
		await upsertDossiers([birth('A-1'), birth('A-2')], ntScope());
		const second = await upsertDossiers(
			[birth('A-1', { completedAt: '2026-03-04T10:00:00+07:00', returnedAt: '2026-03-04T15:00:00Z', returningOfficer: 'KH-000101' }), birth('A-2'), birth('A-3')],
			ntScope()
		);
		expect(second.results.map((r) => r.result)).toEqual(['updated', 'unchanged', 'created']);
		const [a1] = await h.rows<{ status: string; returning_officer_id: number }>(sql`select status, returning_officer_id from dossiers where code = 'A-1'`);
		expect(a1).toEqual({ status: 'returned', returning_officer_id: f.officerNT });
	});

	it('refuses a malformed batch as a whole, naming every field, and writes nothing', async () => {
		const report = await upsertDossiers(
			[
				birth('OK-1'),
				birth('bad code!'),
				birth('OK-2', { dueAt: '2026-03-01T08:00:00+07:00', channel: 'fax', extraVisits: -1 }),
				birth('OK-3', { receivedAt: '02/03/2026', unknownField: 1 }),
				birth('OK-4', { procedureCode: 'NO-SUCH', receivingOfficer: 'KH-999999', returnedAt: '2026-03-03T08:00:00+07:00' })
			],
			ntScope()
		);
		expect(report.written).toBe(false);
		expect(report.problems.map((p) => `${p.index}.${p.field}:${p.key}`)).toEqual([
			'1.code:dossiers.error.codeFormat',
			'2.channel:dossiers.error.oneOf',
			'2.extraVisits:dossiers.error.integerRange',
			'3.receivedAt:dossiers.error.isoDate',
			'3.unknownField:dossiers.error.unknownField',
			'4.procedureCode:dossiers.error.unknownProcedure',
			'4.receivingOfficer:dossiers.error.unknownOfficer',
			'4.returnedAt:dossiers.error.returnedNeedsCompleted'
		]);
		expect(await table()).toEqual([]);
		// the due-date problem is found once the item is otherwise well-formed
		const late = await upsertDossiers([birth('OK-2', { dueAt: '2026-03-01T08:00:00+07:00' })], ntScope());
		expect(late.problems).toMatchObject([{ index: 0, field: 'dueAt', key: 'dossiers.error.beforeReceived' }]);
	});

	it('writes the valid items of a partial batch and reports the others', async () => {
		const report = await upsertDossiers([birth('P-1'), birth('P-2', { channel: 'fax' }), birth('P-3')], ntScope(), { partial: true });
		expect(report.written).toBe(true);
		expect(report.results.map((r) => [r.index, r.code, r.result])).toEqual([
			[0, 'P-1', 'created'],
			[2, 'P-3', 'created']
		]);
		expect(report.problems).toMatchObject([{ index: 1, field: 'channel' }]);
	});

	it('refuses another unit, another unit’s officer and another unit’s dossier code', async () => {
		await upsertDossiers([birth('CR-1', { unitCode: 'KH-PCR', receivingOfficer: 'KH-000202' })], [f.camRanh.path]);
		const report = await upsertDossiers(
			[birth('X-1', { unitCode: 'KH-PCR' }), birth('X-2', { receivingOfficer: 'KH-000202' }), birth('CR-1')],
			ntScope()
		);
		expect(report.written).toBe(false);
		expect(report.problems.map((p) => [p.index, p.field, p.key, p.forbidden])).toEqual([
			[0, 'unitCode', 'dossiers.error.unitOutOfScope', true],
			[1, 'receivingOfficer', 'dossiers.error.officerOutOfScope', true],
			[2, 'code', 'dossiers.error.dossierOutOfScope', true]
		]);
		const [cr1] = await h.rows<{ unit_id: number }>(sql`select unit_id from dossiers where code = 'CR-1'`);
		expect(cr1.unit_id).toBe(f.camRanh.id);
		// the province scope may write anywhere below it
		const province = await upsertDossiers([birth('X-1', { unitCode: 'KH-PCR' })], [`/${f.provinceId}/`]);
		expect(province.results[0].result).toBe('created');
	});

	it('refuses the same code twice in one batch', async () => {
		const report = await upsertDossiers([birth('D-1'), birth('D-1', { channel: 'online' })], ntScope());
		expect(report.problems).toMatchObject([{ index: 1, field: 'code', key: 'dossiers.error.duplicateInBatch', params: { other: 0 } }]);
	});

	it('keeps instants exact whatever the offset they were sent in', async () => {
		await upsertDossiers([birth('T-1', { receivedAt: '2026-03-02T01:15:00.250Z', dueAt: '2026-03-06T17:00:00+07:00' })], ntScope());
		const [row] = await h.rows<{ r: string; d: string }>(sql`select to_char(received_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS') as r,
			to_char(due_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as d from dossiers`);
		expect(row).toEqual({ r: '2026-03-02 01:15:00.250', d: '2026-03-06 10:00' });
	});

	it('leaves the same table after upserting any batch a second time', async () => {
		const item = fc.record({
			code: fc.stringMatching(/^[A-Z0-9][A-Za-z0-9.-]{0,12}$/),
			unitCode: fc.constantFrom('KH-PNT', 'KH-PCR'),
			procedureCode: fc.constantFrom('1.001193', '2.000635'),
			channel: fc.constantFrom('counter', 'online', 'postal'),
			receivedAt: fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
			extraVisits: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
			completedAfterHours: fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined })
		});
		await fc.assert(
			fc.asyncProperty(fc.array(item, { minLength: 1, maxLength: 12 }), async (raw) => {
				await h.rows(sql`delete from dossiers`);
				const items = raw.map(({ completedAfterHours, ...rest }) => ({
					...rest,
					completedAt:
						completedAfterHours === undefined ? undefined : new Date(Date.parse(rest.receivedAt) + completedAfterHours * 3_600_000).toISOString()
				}));
				const scope = [`/${f.provinceId}/`];
				const first = await upsertDossiers(items, scope, { partial: true });
				const after = await table();
				const second = await upsertDossiers(items, scope, { partial: true });
				expect(await table()).toEqual(after);
				expect(second.problems).toEqual(first.problems);
				expect(second.results.map((r) => [r.index, r.id])).toEqual(first.results.map((r) => [r.index, r.id]));
				expect(second.results.every((r) => r.result === 'unchanged')).toBe(true);
			}),
			{ numRuns: kind === 'pglite' ? 25 : 15 }
		);
	});
});
