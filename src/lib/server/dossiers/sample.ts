import { and, asc, eq, isNull } from 'drizzle-orm';
import { db } from '../db';
import { officerAssignments, officers, procedures, serviceCentres, units } from '../db/schema';
import { scopeCondition } from '../scope';
import type { Scope } from './upsert';

const quote = (v: string) => (/[",;\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * A small CSV in the documented format, built from a unit in scope that has a one-stop desk, its
 * procedures and one of its officers, with a BOM so spreadsheet programs read it as UTF-8.
 */
export async function sampleCsv(scope: Scope): Promise<string> {
	const [unit] = await db
		.selectDistinct({ id: units.id, code: units.code, path: units.path })
		.from(units)
		.innerJoin(serviceCentres, eq(serviceCentres.unitId, units.id))
		.where(scopeCondition(units.path, scope))
		.orderBy(asc(units.path))
		.limit(1);
	const [officer] = unit
		? await db
				.select({ staffNumber: officers.staffNumber })
				.from(officerAssignments)
				.innerJoin(officers, eq(officers.id, officerAssignments.officerId))
				.where(and(eq(officerAssignments.unitId, unit.id), isNull(officerAssignments.endedAt)))
				.orderBy(asc(officers.staffNumber))
				.limit(1)
		: [];
	const procs = await db
		.select({ code: procedures.code, nameVi: procedures.nameVi })
		.from(procedures)
		.where(eq(procedures.active, true))
		.orderBy(asc(procedures.code))
		.limit(3);
	const unitCode = unit?.code ?? 'MA-DON-VI';
	const staff = officer?.staffNumber ?? '';
	const p = (i: number) => procs[i % Math.max(1, procs.length)] ?? { code: '1.001193', nameVi: 'Đăng ký khai sinh' };
	const header = ['ma_ho_so', 'ma_thu_tuc', 'ma_don_vi', 'kenh', 'ngay_tiep_nhan', 'han_tra', 'ngay_co_ket_qua', 'ngay_tra', 'can_bo_tiep_nhan', 'can_bo_tra', 'ten_thu_tuc'];
	const rows = [
		['MAU-000001', p(0).code, unitCode, 'counter', '2026-03-02 08:15', '', '', '', staff, '', p(0).nameVi],
		['MAU-000002', p(1).code, '', 'online', '02/03/2026 09:40', '06/03/2026 17:00', '05/03/2026 10:00', '05/03/2026 15:30', staff, staff, p(1).nameVi],
		['MAU-000003', p(2).code, unitCode, 'postal', '2026-03-03 14:05', '', '', '', '', '', p(2).nameVi]
	];
	return '\uFEFF' + [header, ...rows].map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
}
