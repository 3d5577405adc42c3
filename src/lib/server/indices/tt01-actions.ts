/**
 * The indices page's form for Thông tư 01/2018's unit-level indicators (5 and 8): a unit's
 * self-score and the reform team's verified score for a quarter.
 *
 * Who may: the reform team (and administrators) enter both, for units in their scope; a unit
 * head enters the self-score of a unit in their subtree and can never verify (the verification
 * is the reform team's check on the unit's own claim).
 */
import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { translate } from '$lib/i18n';
import { hasRole, requireRole } from '../auth/guard';
import { pathInScope, scopePaths } from '../scope';
import type { SessionUser } from '../auth/session';
import { db } from '../db';
import { units } from '../db/schema';
import { saveUnitScore, type SaveUnitScore, type ScoreKind } from './tt01-queries';
import { UNIT_INDICATORS, type Points, type UnitIndicator } from './tt01';
import { POLICY } from '$lib/policy';

/** Roles that may open the form at all (admin passes everywhere). */
export const UNIT_SCORE_ROLES = POLICY.scoreUnits;

const intField = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const unitScoreSchema = z.object({
	unitId: intField(1, 2_147_483_647),
	year: intField(2018, 2100),
	quarter: intField(1, 4),
	indicator: z.coerce
		.number()
		.int()
		.refine((n): n is UnitIndicator => (UNIT_INDICATORS as readonly number[]).includes(n)),
	kind: z.enum(['self', 'verified']),
	score: intField(0, 2),
	note: z
		.string()
		.trim()
		.max(500)
		.transform((s) => (s === '' ? null : s))
		.nullable()
		.default(null)
});

/** Unit-path prefixes where the user may enter this kind of score; null = everywhere. */
export function scoreScope(user: SessionUser, kind: ScoreKind): string[] | null | 'none' {
	const roles = kind === 'verified' ? (['reform'] as const) : UNIT_SCORE_ROLES;
	if (!hasRole(user, ...roles)) return 'none';
	return scopePaths(user, ...roles);
}

export function mayScore(user: SessionUser, unitPath: string, kind: ScoreKind): boolean {
	const scope = scoreScope(user, kind);
	return scope !== 'none' && pathInScope(unitPath, scope);
}

/**
 * The form action: parse, check, save, audit. A bad field is a 400 naming it; verifying without
 * the reform role is a 403; a unit out of the user's scope (or no such unit) is a 404.
 */
export async function unitScoreAction(event: RequestEvent) {
	const user = requireRole(event, ...UNIT_SCORE_ROLES);
	const locale = event.locals.locale;
	const form = await event.request.formData();
	const parsed = unitScoreSchema.safeParse({
		unitId: form.get('unitId'),
		year: form.get('year'),
		quarter: form.get('quarter'),
		indicator: form.get('indicator'),
		kind: form.get('kind'),
		score: form.get('score'),
		note: form.get('note') ?? null
	});
	if (!parsed.success) {
		const fields = [...new Set(parsed.error.issues.map((i) => String(i.path[0])))];
		return fail(400, { unitScore: { error: translate(locale, 'indices.tt01.unit.bad', { fields: fields.join(', ') }) } });
	}
	const input = parsed.data;
	if (input.kind === 'verified' && !hasRole(user, 'reform')) error(403, translate(locale, 'indices.tt01.unit.cannotVerify'));
	const [unit] = await db.select({ path: units.path }).from(units).where(eq(units.id, input.unitId));
	if (!unit || !mayScore(user, unit.path, input.kind)) error(404, 'Không tìm thấy / Not found');
	const save: SaveUnitScore = { ...input, indicator: input.indicator as UnitIndicator, quarter: input.quarter as 1 | 2 | 3 | 4, score: input.score as Points };
	await saveUnitScore(save, { userId: user.id, ip: event.getClientAddress() });
	return { unitScore: { saved: true, unitId: input.unitId, indicator: input.indicator, kind: input.kind } };
}
