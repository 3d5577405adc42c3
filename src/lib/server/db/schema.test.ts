import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from './client';
import { openTestDatabase, testDatabaseKinds } from './testing';
import * as s from './schema';

/** drizzle wraps the driver's error; the database's own message is in `cause`. */
const appendOnly = (e: unknown) => /append-only/.test(String((e as { cause?: Error }).cause?.message));

describe.each(testDatabaseKinds)('schema integrity on %s', (kind) => {
	let h: DatabaseHandle;
	beforeAll(async () => {
		h = await openTestDatabase(kind);
	});
	afterAll(async () => h?.close());

	async function fixture() {
		const db = h.db;
		const [province] = await db
			.insert(s.units)
			.values({ code: 'P' + Math.random().toString(36).slice(2, 6), nameVi: 'Tỉnh Khánh Hòa', level: 'province', path: '/0/' })
			.returning();
		await db.update(s.units).set({ path: `/${province.id}/` }).where(sql`id = ${province.id}`);
		const [field] = await db.insert(s.fields).values({ code: 'F' + province.id, nameVi: 'Hộ tịch' }).returning();
		const [procedure] = await db
			.insert(s.procedures)
			.values({ code: 'TT' + province.id, nameVi: 'Đăng ký khai sinh', fieldId: field.id, handlingDays: 1, mode: 'one_stop' })
			.returning();
		const [centre] = await db
			.insert(s.serviceCentres)
			.values({ unitId: province.id, code: 'C' + province.id, nameVi: 'Trung tâm Phục vụ hành chính công' })
			.returning();
		const [counter] = await db.insert(s.counters).values({ centreId: centre.id, code: 'Q1', nameVi: 'Quầy 1' }).returning();
		const [officer] = await db
			.insert(s.officers)
			.values({ staffNumber: 'CB' + province.id, fullName: 'Nguyễn Thị Ánh Tuyết' })
			.returning();
		const [scale] = await db
			.insert(s.ratingScales)
			.values({ code: 'sc' + province.id, version: 1, levelCount: 3, nameVi: 'Ba mức' })
			.returning();
		await db.insert(s.ratingScaleLevels).values([
			{ scaleId: scale.id, level: 1, labelVi: 'Rất hài lòng', labelEn: 'Very satisfied', class: 'satisfied' },
			{ scaleId: scale.id, level: 2, labelVi: 'Hài lòng', labelEn: 'Satisfied', class: 'satisfied' },
			{ scaleId: scale.id, level: 3, labelVi: 'Không hài lòng', labelEn: 'Dissatisfied', class: 'dissatisfied' }
		]);
		const t0 = new Date('2026-03-02T01:30:00Z');
		const [dossier] = await db
			.insert(s.dossiers)
			.values({
				provinceId: province.id,
				unitId: province.id,
				code: 'H01.2026-000123',
				procedureId: procedure.id,
				channel: 'counter',
				receivedAt: t0,
				dueAt: new Date('2026-03-03T10:00:00Z')
			})
			.returning();
		const [event] = await db
			.insert(s.serviceEvents)
			.values({ dossierId: dossier.id, counterId: counter.id, officerId: officer.id, unitId: province.id, stage: 'receiving', openedAt: t0 })
			.returning();
		return { province, procedure, counter, officer, scale, dossier, event, t0 };
	}

	it('keeps Vietnamese names with diacritics intact', async () => {
		const { officer } = await fixture();
		const [row] = await h.rows<{ full_name: string }>(sql`select full_name from officers where id = ${officer.id}`);
		expect(row.full_name).toBe('Nguyễn Thị Ánh Tuyết');
		expect(row.full_name.normalize('NFC')).toBe(row.full_name);
	});

	it('accepts a rating once per idempotency key and refuses levels outside the scale', async () => {
		const f = await fixture();
		const base = {
			scaleId: f.scale.id,
			level: 1,
			source: 'tablet' as const,
			pressedAt: f.t0,
			serviceEventId: f.event.id,
			counterId: f.counter.id,
			officerId: f.officer.id,
			unitId: f.province.id,
			dossierId: f.dossier.id,
			stage: 'receiving' as const,
			counted: true
		};
		const key = 'tab:' + crypto.randomUUID();
		await h.db.insert(s.ratings).values({ ...base, idempotencyKey: key });
		await expect(h.db.insert(s.ratings).values({ ...base, idempotencyKey: key })).rejects.toThrow();
		// level 4 does not exist on a 3-level scale: the composite foreign key refuses it
		await expect(h.db.insert(s.ratings).values({ ...base, level: 4, idempotencyKey: 'tab:x4' })).rejects.toThrow();
		// a counted rating must carry a reason when not counted, and none when counted
		await expect(
			h.db.insert(s.ratings).values({ ...base, counted: false, idempotencyKey: 'tab:nc' })
		).rejects.toThrow();
		await h.db.insert(s.ratings).values({ ...base, counted: false, notCountedReason: 'repeat_press', idempotencyKey: 'tab:nc2' });
	});

	it('refuses to rewrite or delete a rating, a case event or an audit entry', async () => {
		const f = await fixture();
		const [r] = await h.db
			.insert(s.ratings)
			.values({ idempotencyKey: 'tab:' + crypto.randomUUID(), scaleId: f.scale.id, level: 3, source: 'web', pressedAt: f.t0, counted: false, notCountedReason: 'no_service' })
			.returning();
		await expect(h.db.execute(sql`update ratings set level = 1 where id = ${r.id}`)).rejects.toSatisfy(appendOnly);
		await expect(h.db.execute(sql`delete from ratings where id = ${r.id}`)).rejects.toSatisfy(appendOnly);
		await h.db.insert(s.auditLog).values({ action: 'sign_out' });
		await expect(h.db.execute(sql`delete from audit_log`)).rejects.toSatisfy(appendOnly);
		const [still] = await h.rows<{ level: number }>(sql`select level from ratings where id = ${r.id}`);
		expect(Number(still.level)).toBe(3);
	});

	it('allows one open service per counter and one holder per counter', async () => {
		const f = await fixture();
		await expect(
			h.db.insert(s.serviceEvents).values({ dossierId: f.dossier.id, counterId: f.counter.id, officerId: f.officer.id, unitId: f.province.id, stage: 'returning', openedAt: f.t0 })
		).rejects.toThrow();
		await h.db.insert(s.counterShifts).values({ counterId: f.counter.id, officerId: f.officer.id, startedAt: f.t0 });
		const [other] = await h.db.insert(s.officers).values({ staffNumber: 'X' + f.province.id, fullName: 'Trần Văn Bình' }).returning();
		await expect(
			h.db.insert(s.counterShifts).values({ counterId: f.counter.id, officerId: other.id, startedAt: f.t0 })
		).rejects.toThrow();
	});

	it('refuses malformed dossier codes and enum values', async () => {
		const f = await fixture();
		const base = { provinceId: f.province.id, unitId: f.province.id, procedureId: f.procedure.id, channel: 'online' as const, receivedAt: f.t0, dueAt: f.t0 };
		await expect(h.db.insert(s.dossiers).values({ ...base, code: 'has space' })).rejects.toThrow();
		await expect(h.db.insert(s.dossiers).values({ ...base, code: 'x'.repeat(65) })).rejects.toThrow();
		await expect(h.db.insert(s.dossiers).values({ ...base, code: 'OK-1', channel: 'fax' as never })).rejects.toThrow();
		// the same code is unique per province
		await h.db.insert(s.dossiers).values({ ...base, code: 'OK-1' });
		await expect(h.db.insert(s.dossiers).values({ ...base, code: 'OK-1' })).rejects.toThrow();
	});
});
