import { error } from '@sveltejs/kit';
import { sql } from 'drizzle-orm';
import { reader } from '../db/replicas';
import { computeFlags } from '../flags';
import { acceptedRangeParams } from '../calendar/accepted';
import { MAX_PERIOD_DAYS, parsePeriod, type PeriodChoice } from './period';
import { rate, subtreeOfficers, unitFigures, withSubtreeTotals } from './queries';
import { standings } from './standings';

/**
 * The dashboards' figures as JSON for the province's other systems (integration tokens, scoped
 * to the token's unit subtree). Same functions as the pages, so the figures agree.
 */

function period(url: URL): PeriodChoice {
	const choice = parsePeriod(url.searchParams);
	if (choice.bad) {
		const { first, last } = acceptedRangeParams();
		error(400, { error: 'validation', message: `Kỳ không hợp lệ: from, to là ngày YYYY-MM-DD (hoặc DD/MM/YYYY, ngày trước tháng) từ ${first} đến ${last}, from ≤ to, tối đa ${MAX_PERIOD_DAYS} ngày / Invalid period: from and to are YYYY-MM-DD dates (or DD/MM/YYYY, day before month) from ${first} to ${last}, from ≤ to, at most ${MAX_PERIOD_DAYS} days` });
	}
	return choice;
}

const periodJson = (c: PeriodChoice) => ({ from: c.from, to: c.to, previousFrom: c.previous.from.toISOString(), timeZone: 'Asia/Ho_Chi_Minh' });

export async function unitsStats(url: URL, tokenPath: string) {
	const choice = period(url);
	const units = withSubtreeTotals(await unitFigures([tokenPath], choice));
	return {
		period: periodJson(choice),
		units: units.map((u) => ({
			code: u.code,
			nameVi: u.nameVi,
			nameEn: u.nameEn,
			level: u.level,
			parentCode: units.find((p) => p.id === u.parentId)?.code ?? null,
			own: { ...u.own, satisfactionRate: rate(u.own.satisfied, u.own.ratings) },
			subtree: {
				services: u.services,
				ratings: u.ratings,
				satisfied: u.satisfied,
				neutral: u.neutral,
				dissatisfied: u.dissatisfied,
				satisfactionRate: rate(u.satisfied, u.ratings),
				participationRate: rate(u.ratings, u.services),
				previousSatisfactionRate: rate(u.prevSatisfied, u.prevRatings),
				dossiersReceived: u.received,
				dossiersCompleted: u.completed,
				dossiersOnTime: u.onTime,
				onTimeRate: rate(u.onTime, u.completed)
			}
		}))
	};
}

export async function officerStats(url: URL, tokenPath: string, unitCode: string) {
	const choice = period(url);
	const [unit] = await reader().rows<{ id: number; path: string; code: string }>(sql`
		select id, path, code from units where code = ${unitCode} and path like ${tokenPath.replace(/[%_\\]/g, '\\$&') + '%'}`);
	if (!unit) error(404, { error: 'not_found', message: 'Không tìm thấy đơn vị trong phạm vi của mã tích hợp / No such unit in the token’s scope' });
	const [rows, flags] = await Promise.all([subtreeOfficers(unit.path, choice), computeFlags([unit.path], choice.period)]);
	const { unitRate, officers } = standings(rows, flags);
	return {
		period: periodJson(choice),
		unit: unit.code,
		satisfactionRate: unitRate,
		officers: officers.map((o) => ({
			staffNumber: o.staffNumber,
			fullName: o.fullName,
			services: o.services,
			ratings: o.ratings,
			satisfied: o.satisfied,
			participationRate: o.participation,
			satisfactionRate: o.rate,
			fairScore: o.fair,
			interval95: o.low === null ? null : [o.low, o.high],
			previousSatisfactionRate: o.prevRate,
			openComplaints: o.openComplaints,
			flags: o.flags.map((f) => ({ kind: f.kind, evidence: f.evidence }))
		}))
	};
}
