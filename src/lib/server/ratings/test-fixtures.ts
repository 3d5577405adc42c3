import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import * as s from '../db/schema';

/**
 * A small centre for rating tests: one unit, one centre, `counters` counters, an officer, a
 * procedure, a dossier per call of `dossier()`, and an active 5-level scale.
 */
export async function seedCentre(db: Db, counters = 2) {
	const [unit] = await db.insert(s.units).values({ code: 'PX', nameVi: 'Phường Xương Huân', level: 'commune', path: '/0/' }).returning();
	await db.update(s.units).set({ path: `/${unit.id}/` }).where(eq(s.units.id, unit.id));
	const [centre] = await db.insert(s.serviceCentres).values({ unitId: unit.id, code: 'C1', nameVi: 'Bộ phận Một cửa phường' }).returning();
	const counterIds: number[] = [];
	for (let i = 1; i <= counters; i++) {
		const [c] = await db.insert(s.counters).values({ centreId: centre.id, code: `Q${i}`, nameVi: `Quầy ${i}` }).returning();
		counterIds.push(c.id);
	}
	const [officer] = await db.insert(s.officers).values({ staffNumber: 'CB001', fullName: 'Nguyễn Thị Lan' }).returning();
	const [field] = await db.insert(s.fields).values({ code: 'HT', nameVi: 'Hộ tịch' }).returning();
	const [procedure] = await db.insert(s.procedures).values({ code: 'HT-01', nameVi: 'Đăng ký khai sinh', fieldId: field.id, handlingDays: 0, mode: 'one_stop' }).returning();
	const [scale] = await db.insert(s.ratingScales).values({ code: 'std', version: 1, levelCount: 5, nameVi: 'Thang 5 mức', active: true }).returning();
	const labels = ['Rất hài lòng', 'Hài lòng', 'Bình thường', 'Chưa hài lòng', 'Không hài lòng'];
	const classes = ['satisfied', 'satisfied', 'neutral', 'dissatisfied', 'dissatisfied'] as const;
	await db.insert(s.ratingScaleLevels).values(labels.map((labelVi, i) => ({ scaleId: scale.id, level: i + 1, labelVi, labelEn: labelVi, class: classes[i] })));
	let dossierNo = 0;
	const t0 = new Date('2026-01-01T00:00:00Z');
	async function dossier() {
		dossierNo++;
		const [d] = await db
			.insert(s.dossiers)
			.values({ provinceId: unit.id, unitId: unit.id, code: `HS-${dossierNo}-${Math.random().toString(36).slice(2, 8)}`, procedureId: procedure.id, channel: 'counter', receivedAt: t0, dueAt: t0 })
			.returning();
		return d.id;
	}
	async function openService(counterId: number, openedAt: Date, closedAt: Date | null = null, stage: s.Stage = 'receiving', dossierId?: number) {
		const [e] = await db
			.insert(s.serviceEvents)
			.values({ dossierId: dossierId ?? (await dossier()), counterId, officerId: officer.id, unitId: unit.id, stage, openedAt, closedAt })
			.returning();
		return e;
	}
	async function closeService(id: number, closedAt: Date) {
		await db.update(s.serviceEvents).set({ closedAt }).where(eq(s.serviceEvents.id, id));
	}
	async function box(uid: string, counterId: number | null, boundAt = new Date('2020-01-01T00:00:00Z')) {
		const [d] = await db.insert(s.devices).values({ uid, kind: 'button_box', buttons: 5 }).returning();
		if (counterId !== null) await db.insert(s.deviceBindings).values({ deviceId: d.id, counterId, boundAt });
		return d.id;
	}
	return { unitId: unit.id, centreId: centre.id, counterIds, officerId: officer.id, scaleId: scale.id, dossier, openService, closeService, box };
}
