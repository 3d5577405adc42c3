/** The demo sign-in accounts, one per role, pointed at the units where the planted stories are. */
import type { Role } from '../db/schema';
import type { ProvinceModel } from './province';
import { T } from './tables';
import type { RowBuffer } from './writer';

export interface DemoAccount {
	username: string;
	role: Role;
	unitNameVi: string | null;
	descriptionVi: string;
	descriptionEn: string;
}

interface AccountPlan extends DemoAccount {
	displayName: string;
	unitId: number | null;
	officerId: number | null;
}

function plan(m: ProvinceModel): AccountPlan[] {
	const { canbo1, canbo2, headCommune, headDepartment } = m.people;
	const root = m.province;
	return [
		{
			username: 'admin',
			role: 'admin',
			displayName: 'Quản trị hệ thống',
			unitId: null,
			officerId: null,
			unitNameVi: null,
			descriptionVi: 'Quản trị hệ thống: đơn vị, người dùng, thiết bị, thang đo.',
			descriptionEn: 'System administrator: units, users, devices, scales.'
		},
		{
			username: 'caicach',
			role: 'reform',
			displayName: 'Võ Thị Ngọc Ánh',
			unitId: root.id,
			officerId: null,
			unitNameVi: root.nameVi,
			descriptionVi: 'Phòng Cải cách hành chính: chỉ số hài lòng toàn tỉnh, xuất báo cáo.',
			descriptionEn: 'Administrative reform team: province-wide satisfaction indices and exports.'
		},
		{
			username: 'lanhdao1',
			role: 'unit_head',
			displayName: 'Trần Quốc Bảo',
			unitId: headCommune.id,
			officerId: null,
			unitNameVi: headCommune.nameVi,
			descriptionVi: `Lãnh đạo ${headCommune.nameVi}: một công chức có mức hài lòng thấp.`,
			descriptionEn: `Head of ${headCommune.nameEn}: one officer scores poorly.`
		},
		{
			username: 'lanhdao2',
			role: 'unit_head',
			displayName: 'Lê Thị Mỹ Dung',
			unitId: headDepartment.id,
			officerId: null,
			unitNameVi: headDepartment.nameVi,
			descriptionVi: `Lãnh đạo ${headDepartment.nameVi}.`,
			descriptionEn: `Head of the ${headDepartment.nameEn}.`
		},
		{
			username: 'thanhtra',
			role: 'inspector',
			displayName: 'Phạm Văn Thanh',
			unitId: root.id,
			officerId: null,
			unitNameVi: root.nameVi,
			descriptionVi: 'Thanh tra: theo dõi phản ánh, kiến nghị đến khi giải quyết xong.',
			descriptionEn: 'Inspector: follows complaints to a resolution.'
		},
		{
			username: 'canbo1',
			role: 'officer',
			displayName: canbo1.fullName,
			unitId: headCommune.id,
			officerId: canbo1.id,
			unitNameVi: headCommune.nameVi,
			descriptionVi: `Công chức ${canbo1.fullName} (${canbo1.staffNumber}), ${headCommune.nameVi}.`,
			descriptionEn: `Officer ${canbo1.fullName} (${canbo1.staffNumber}), ${headCommune.nameEn}.`
		},
		{
			username: 'canbo2',
			role: 'officer',
			displayName: canbo2.fullName,
			unitId: headDepartment.id,
			officerId: canbo2.id,
			unitNameVi: headDepartment.nameVi,
			descriptionVi: `Công chức ${canbo2.fullName} (${canbo2.staffNumber}), ${headDepartment.nameVi}.`,
			descriptionEn: `Officer ${canbo2.fullName} (${canbo2.staffNumber}), ${headDepartment.nameEn}.`
		}
	];
}

/**
 * Adds the accounts not already taken (case-insensitive username) and their roles; all share
 * one password hash. Returns the accounts made and the inspector's user id.
 */
export function addAccountRows(
	buffer: RowBuffer,
	m: ProvinceModel,
	passwordHash: string,
	takenUsernames: Set<string>,
	nextId: (table: string) => number,
	createdAt: Date
): { accounts: DemoAccount[]; inspectorUserId: number | null } {
	const accounts: DemoAccount[] = [];
	let inspectorUserId: number | null = null;
	for (const a of plan(m)) {
		if (takenUsernames.has(a.username.toLowerCase())) continue;
		const userId = nextId('users');
		buffer.add(T.users, [userId, a.username, a.displayName, passwordHash, a.officerId, createdAt]);
		buffer.add(T.userRoles, [nextId('user_roles'), userId, a.role, a.unitId, createdAt]);
		if (a.role === 'inspector') inspectorUserId = userId;
		accounts.push({
			username: a.username,
			role: a.role,
			unitNameVi: a.unitNameVi,
			descriptionVi: a.descriptionVi,
			descriptionEn: a.descriptionEn
		});
	}
	return { accounts, inspectorUserId };
}
