import { asc, sql } from 'drizzle-orm';
import { reader } from '../db/replicas';
import { units } from '../db/schema';
import { storedUnitColumns } from './upsert';
import { scopeCondition } from '../scope';
import { countedRating } from '../ratings/counted';
import { byPersonName, byVietnamese } from '$lib/vietnamese-order';
import { bool, iso, isoOrNull, num, type DbBool, type DbNumber, type DbTime } from '../db/decode';

/**
 * Read models for the overview, unit and officer pages, through `reader()`: one round trip per
 * figure, raw SQL (each query's row decoded through db/decode) where a figure aggregates.
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
	const rows = await reader().db.select(storedUnitColumns).from(units).where(scopeCondition(units.path, scope)).orderBy(asc(units.path));
	return rows.map(({ category: _category, validFrom: _validFrom, dissolvedAt, ...u }) => ({ ...u, dissolvedAt: dissolvedAt?.toISOString() ?? null }));
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
	const rows = await reader().rows<{
		id: DbNumber;
		full_name: string;
		staff_number: string;
		position_vi: string;
		position_en: string | null;
		ratings: DbNumber;
		satisfied: DbNumber;
	}>(sql`
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
	return byPersonName(rows, (r) => r.full_name).map((r) => ({
		id: num(r.id),
		fullName: r.full_name,
		staffNumber: r.staff_number,
		positionVi: r.position_vi,
		positionEn: r.position_en,
		ratings: num(r.ratings),
		satisfied: num(r.satisfied)
	}));
}

export async function unitCentres(unitId: number) {
	const rows = await reader().rows<{ id: DbNumber; name_vi: string; name_en: string | null; address: string | null; counters: DbNumber }>(sql`
		select c.id, c.name_vi, c.name_en, c.address, count(k.id) as counters
		from service_centres c left join counters k on k.centre_id = c.id and k.active
		where c.unit_id = ${unitId} group by c.id order by c.name_vi`);
	return byVietnamese(rows, (r) => [r.name_vi]).map((r) => ({
		id: num(r.id),
		nameVi: r.name_vi,
		nameEn: r.name_en,
		address: r.address,
		counters: num(r.counters)
	}));
}

export async function officerProfile(officerId: number, now = new Date()) {
	const since = new Date(now.getTime() - 90 * 86_400_000);
	const [officer] = await reader().rows<{ id: DbNumber; full_name: string; staff_number: string; active: DbBool }>(sql`
		select o.id, o.full_name, o.staff_number, o.active, o.photo_path from officers o where o.id = ${officerId}`);
	if (!officer) return null;
	const postings = await reader().rows<{
		unit_id: DbNumber;
		name_vi: string;
		name_en: string | null;
		path: string;
		position_vi: string;
		position_en: string | null;
		started_at: DbTime;
		ended_at: DbTime | null;
	}>(sql`
		select a.unit_id, u.name_vi, u.name_en, u.path, a.position_vi, a.position_en, a.started_at, a.ended_at
		from officer_assignments a join units u on u.id = a.unit_id
		where a.officer_id = ${officerId} order by a.started_at desc`);
	const [stats] = await reader().rows<{ services: DbNumber; ratings: DbNumber; satisfied: DbNumber }>(sql`
		select
			(select count(*) from service_events e where e.officer_id = ${officerId} and e.opened_at >= ${since.toISOString()}::timestamptz) as services,
			count(r.id) as ratings,
			count(r.id) filter (where l.class = 'satisfied') as satisfied
		from ratings r join rating_scale_levels l on l.scale_id = r.scale_id and l.level = r.level
		where r.officer_id = ${officerId} and r.pressed_at >= ${since.toISOString()}::timestamptz and ${countedRating()}`);
	return {
		id: num(officer.id),
		fullName: officer.full_name,
		staffNumber: officer.staff_number,
		active: bool(officer.active),
		postings: postings.map((p) => ({
			unitId: num(p.unit_id),
			unitNameVi: p.name_vi,
			unitNameEn: p.name_en,
			unitPath: p.path,
			positionVi: p.position_vi,
			positionEn: p.position_en,
			startedAt: iso(p.started_at),
			endedAt: isoOrNull(p.ended_at)
		})),
		services: num(stats.services),
		ratings: num(stats.ratings),
		satisfied: num(stats.satisfied)
	};
}
