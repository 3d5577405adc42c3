import { sql } from 'drizzle-orm';
import { reader } from '../db/replicas';
import { scopeCondition } from '../scope';
import { countedRating } from '../ratings/counted';
import { byPersonName, byVietnamese } from '$lib/vietnamese-order';

/**
 * Read models for the overview, unit and officer pages. Raw SQL through `reader().rows` keeps
 * each page to one round trip per figure and the same shape on PGlite and PostgreSQL.
 */


export type UnitRow = {
	id: number;
	parentId: number | null;
	code: string;
	nameVi: string;
	nameEn: string | null;
	level: string;
	path: string;
	dissolvedAt: string | null;
};

export async function unitsInScope(scope: string[] | null): Promise<UnitRow[]> {
	const rows = await reader().rows<Record<string, unknown>>(sql`
		select id, parent_id, code, name_vi, name_en, level, path, dissolved_at
		from units u where ${scopeCondition(sql`u.path`, scope)} order by path`);
	return rows.map((r) => ({
		id: Number(r.id),
		parentId: r.parent_id === null ? null : Number(r.parent_id),
		code: String(r.code),
		nameVi: String(r.name_vi),
		nameEn: r.name_en === null ? null : String(r.name_en),
		level: String(r.level),
		path: String(r.path),
		dissolvedAt: r.dissolved_at ? new Date(r.dissolved_at as string).toISOString() : null
	}));
}

export type OfficerRow = {
	id: number;
	fullName: string;
	staffNumber: string;
	positionVi: string;
	positionEn: string | null;
	ratings: number;
	satisfied: number;
};

/** Officers currently posted to the unit, with their counted ratings over the last 90 days. */
export async function unitOfficers(unitId: number, now = new Date()): Promise<OfficerRow[]> {
	const since = new Date(now.getTime() - 90 * 86_400_000);
	const rows = await reader().rows<Record<string, unknown>>(sql`
		select o.id, o.full_name, o.staff_number, a.position_vi, a.position_en,
			count(r.id) as ratings,
			count(r.id) filter (where l.class = 'satisfied') as satisfied
		from officer_assignments a
		join officers o on o.id = a.officer_id
		left join ratings r on r.officer_id = o.id and r.unit_id = a.unit_id and r.pressed_at >= ${since.toISOString()}::timestamptz
			and ${countedRating()}
		left join rating_scale_levels l on l.scale_id = r.scale_id and l.level = r.level
		where a.unit_id = ${unitId} and a.ended_at is null
		group by o.id, o.full_name, o.staff_number, a.position_vi, a.position_en
		order by o.full_name`);
	return byPersonName(rows, (r) => String(r.full_name)).map((r) => ({
		id: Number(r.id),
		fullName: String(r.full_name),
		staffNumber: String(r.staff_number),
		positionVi: String(r.position_vi),
		positionEn: r.position_en === null ? null : String(r.position_en),
		ratings: Number(r.ratings),
		satisfied: Number(r.satisfied)
	}));
}

export async function unitCentres(unitId: number) {
	const rows = await reader().rows<Record<string, unknown>>(sql`
		select c.id, c.name_vi, c.name_en, c.address, count(k.id) as counters
		from service_centres c left join counters k on k.centre_id = c.id and k.active
		where c.unit_id = ${unitId} group by c.id order by c.name_vi`);
	return byVietnamese(rows, (r) => [String(r.name_vi)]).map((r) => ({
		id: Number(r.id),
		nameVi: String(r.name_vi),
		nameEn: r.name_en === null ? null : String(r.name_en),
		address: r.address === null ? null : String(r.address),
		counters: Number(r.counters)
	}));
}

export async function officerProfile(officerId: number, now = new Date()) {
	const since = new Date(now.getTime() - 90 * 86_400_000);
	const [officer] = await reader().rows<Record<string, unknown>>(sql`
		select o.id, o.full_name, o.staff_number, o.active, o.photo_path from officers o where o.id = ${officerId}`);
	if (!officer) return null;
	const postings = await reader().rows<Record<string, unknown>>(sql`
		select a.unit_id, u.name_vi, u.name_en, u.path, a.position_vi, a.position_en, a.started_at, a.ended_at
		from officer_assignments a join units u on u.id = a.unit_id
		where a.officer_id = ${officerId} order by a.started_at desc`);
	const [stats] = await reader().rows<Record<string, unknown>>(sql`
		select
			(select count(*) from service_events e where e.officer_id = ${officerId} and e.opened_at >= ${since.toISOString()}::timestamptz) as services,
			count(r.id) as ratings,
			count(r.id) filter (where l.class = 'satisfied') as satisfied
		from ratings r join rating_scale_levels l on l.scale_id = r.scale_id and l.level = r.level
		where r.officer_id = ${officerId} and r.pressed_at >= ${since.toISOString()}::timestamptz and ${countedRating()}`);
	return {
		id: Number(officer.id),
		fullName: String(officer.full_name),
		staffNumber: String(officer.staff_number),
		active: Boolean(officer.active),
		postings: postings.map((p) => ({
			unitId: Number(p.unit_id),
			unitNameVi: String(p.name_vi),
			unitNameEn: p.name_en === null ? null : String(p.name_en),
			unitPath: String(p.path),
			positionVi: String(p.position_vi),
			positionEn: p.position_en === null ? null : String(p.position_en),
			startedAt: new Date(p.started_at as string).toISOString(),
			endedAt: p.ended_at ? new Date(p.ended_at as string).toISOString() : null
		})),
		services: Number(stats.services),
		ratings: Number(stats.ratings),
		satisfied: Number(stats.satisfied)
	};
}
