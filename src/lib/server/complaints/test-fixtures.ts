import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import * as s from '../db/schema';
import { seedCentre } from '../ratings/test-fixtures';

/**
 * A centre (unit A, its officer posted there) plus a second unit B, an inspector for each, a
 * unit head of A, and an administrator: the cast of the complaint tests.
 */
export async function seedComplaintCast(db: Db) {
	const centre = await seedCentre(db, 2);
	// the centre's officer works in unit A: a complaint may name them there
	await db.insert(s.officerAssignments).values({ officerId: centre.officerId, unitId: centre.unitId, positionVi: 'Công chức một cửa', startedAt: new Date('2020-01-01T00:00:00Z') });
	const [other] = await db.insert(s.units).values({ code: 'PB', nameVi: 'Phường Bình', level: 'commune', path: '/0/' }).returning();
	await db.update(s.units).set({ path: `/${other.id}/` }).where(eq(s.units.id, other.id));
	const user = async (username: string, role: s.Role, unitId: number | null) => {
		const [u] = await db.insert(s.users).values({ username, displayName: username, passwordHash: 'x' }).returning();
		await db.insert(s.userRoles).values({ userId: u.id, role, unitId });
		return u.id;
	};
	return {
		centre,
		unitA: centre.unitId,
		unitB: other.id,
		inspectorA: await user('thanhtra.a', 'inspector', centre.unitId),
		inspectorA2: await user('thanhtra.a2', 'inspector', centre.unitId),
		inspectorB: await user('thanhtra.b', 'inspector', other.id),
		headA: await user('lanhdao.a', 'unit_head', centre.unitId),
		admin: await user('quantri', 'admin', null)
	};
}
