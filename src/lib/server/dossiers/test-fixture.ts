import { eq } from 'drizzle-orm';
import type { DatabaseHandle } from '../db/client';
import * as s from '../db/schema';

/**
 * A small province for dossier tests: Khánh Hòa with two communes (Nha Trang, Cam Ranh), one
 * procedure of 3 working days and one same-day procedure, an officer and a counter in each
 * commune, and Tết 2026 as holidays.
 */
export type DossierFixture = {
	provinceId: number;
	nhaTrang: { id: number; path: string };
	camRanh: { id: number; path: string };
	officerNT: number;
	officerCR: number;
	counterNT: number;
};

async function unit(h: DatabaseHandle, code: string, nameVi: string, level: s.UnitLevel, parent?: { id: number; path: string }) {
	const [row] = await h.db.insert(s.units).values({ code, nameVi, level, parentId: parent?.id ?? null, path: '/0/' }).returning();
	const path = `${parent?.path ?? '/'}${row.id}/`;
	await h.db.update(s.units).set({ path }).where(eq(s.units.id, row.id));
	return { id: row.id, path };
}

export async function seedDossierFixture(h: DatabaseHandle): Promise<DossierFixture> {
	const province = await unit(h, 'KH', 'Tỉnh Khánh Hòa', 'province');
	const nhaTrang = await unit(h, 'KH-PNT', 'Phường Nha Trang', 'commune', province);
	const camRanh = await unit(h, 'KH-PCR', 'Phường Cam Ranh', 'commune', province);
	const [field] = await h.db.insert(s.fields).values({ code: 'HT', nameVi: 'Tư pháp – Hộ tịch' }).returning();
	await h.db.insert(s.procedures).values([
		{ code: '1.001193', nameVi: 'Đăng ký khai sinh', fieldId: field.id, handlingDays: 3, mode: 'one_stop' },
		{ code: '2.000635', nameVi: 'Cấp bản sao trích lục hộ tịch', fieldId: field.id, handlingDays: 0, mode: 'one_stop' }
	]);
	const [a, b] = await h.db
		.insert(s.officers)
		.values([
			{ staffNumber: 'KH-000101', fullName: 'Nguyễn Thị Hồng Nhung' },
			{ staffNumber: 'KH-000202', fullName: 'Trần Văn Đức' }
		])
		.returning();
	const since = new Date('2024-01-01T00:00:00Z');
	await h.db.insert(s.officerAssignments).values([
		{ officerId: a.id, unitId: nhaTrang.id, positionVi: 'Công chức một cửa', startedAt: since },
		{ officerId: b.id, unitId: camRanh.id, positionVi: 'Công chức một cửa', startedAt: since }
	]);
	const [centreNT, centreCR] = await h.db
		.insert(s.serviceCentres)
		.values([
			{ unitId: nhaTrang.id, code: 'KH-PNT-MC', nameVi: 'Bộ phận Một cửa phường Nha Trang' },
			{ unitId: camRanh.id, code: 'KH-PCR-MC', nameVi: 'Bộ phận Một cửa phường Cam Ranh' }
		])
		.returning();
	const [counterNT] = await h.db
		.insert(s.counters)
		.values([
			{ centreId: centreNT.id, code: 'Q01', nameVi: 'Quầy 01' },
			{ centreId: centreCR.id, code: 'Q01', nameVi: 'Quầy 01' }
		])
		.returning();
	await h.db.insert(s.calendarDays).values(
		['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20'].map((day) => ({ day, kind: 'holiday', nameVi: 'Tết Nguyên đán' }))
	);
	return { provinceId: province.id, nhaTrang, camRanh, officerNT: a.id, officerCR: b.id, counterNT: counterNT.id };
}
