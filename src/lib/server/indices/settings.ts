import { log } from '../ops/log';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { database } from '../db';
import { MAIN_LEVEL, SIPAS_FACTORS, type SipasFactor } from './satisfaction';
import { DEFAULT_RANK_RULE, TT01_MAX, type RankRule } from './tt01';
import { parseSettings766, S766_KEY, type Settings766 } from './satisfaction-766';

/**
 * Deployment settings of the indices, one JSON value per key in `settings`; a missing key takes
 * the default, a malformed value falls back to the default with a warning (a bad edit never
 * takes the page down):
 *
 * - `indices.tt01.ranks`: `{"excellent": 15, "good": 12, "fair": 9, "average": 6,
 *   "excellentStrict": false, "minIndicators": 6, "minOfficerIndicators": 4}` (see RankRule).
 * - `indices.sipas`: which answer key (of `ratings.answers`, declared for the tablet in
 *   `kiosk.questions`) measures each SIPAS factor; `"@level"` is the rating itself (the face the
 *   citizen pressed for the officer who served them), `null` means not asked. Default:
 *   `{"factors": {"access": "access", "procedure": "procedure", "officer": "@level",
 *   "result": "result", "feedback": "feedback"}}`.
 * - `indices.766`: the QĐ 766 points rule and the NQ 76 targets (satisfaction-766.ts):
 *   `{"maxPoints": 6, "rule": "proportional", "target2025": 90, "target2030": 95}`.
 */
export const RANKS_KEY = 'indices.tt01.ranks';
export const SIPAS_KEY = 'indices.sipas';

const threshold = z.number().min(0).max(TT01_MAX);
export const rankSchema = z
	.object({
		excellent: threshold.default(DEFAULT_RANK_RULE.excellent),
		good: threshold.default(DEFAULT_RANK_RULE.good),
		fair: threshold.default(DEFAULT_RANK_RULE.fair),
		average: threshold.default(DEFAULT_RANK_RULE.average),
		excellentStrict: z.boolean().default(DEFAULT_RANK_RULE.excellentStrict),
		minIndicators: z.number().int().min(1).max(9).default(DEFAULT_RANK_RULE.minIndicators),
		minOfficerIndicators: z.number().int().min(1).max(5).default(DEFAULT_RANK_RULE.minOfficerIndicators)
	})
	.refine((r) => r.excellent > r.good && r.good > r.fair && r.fair > r.average, {
		message: 'thresholds must decrease: excellent > good > fair > average'
	});

export function parseRankRule(value: unknown): RankRule {
	const parsed = rankSchema.safeParse(value ?? {});
	if (parsed.success) return parsed.data;
	log.warn(`settings "${RANKS_KEY}" is not valid, using the defaults: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
	return DEFAULT_RANK_RULE;
}

const answerKey = z.union([z.literal(MAIN_LEVEL), z.string().regex(/^[a-z_]{1,32}$/), z.null()]);

export type SipasMapping = Record<SipasFactor, string | null>;
export const DEFAULT_SIPAS_MAPPING: SipasMapping = {
	access: 'access',
	procedure: 'procedure',
	officer: MAIN_LEVEL,
	result: 'result',
	feedback: 'feedback'
};

export const sipasSchema = z.object({
	factors: z
		.object(Object.fromEntries(SIPAS_FACTORS.map((f) => [f, answerKey.optional()])) as Record<SipasFactor, z.ZodOptional<typeof answerKey>>)
		.default({})
});

export function parseSipasMapping(value: unknown): SipasMapping {
	const parsed = sipasSchema.safeParse(value ?? {});
	if (!parsed.success) {
		log.warn(`settings "${SIPAS_KEY}" is not valid, using the defaults: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
		return DEFAULT_SIPAS_MAPPING;
	}
	const given = parsed.data.factors as Partial<Record<SipasFactor, string | null>>;
	return Object.fromEntries(SIPAS_FACTORS.map((f) => [f, given[f] === undefined ? DEFAULT_SIPAS_MAPPING[f] : given[f]])) as SipasMapping;
}

export async function indexSettings(): Promise<{ ranks: RankRule; sipas: SipasMapping; s766: Settings766 }> {
	const rows = await database.rows<{ key: string; value: unknown }>(
		sql`select key, value from settings where key in (${RANKS_KEY}, ${SIPAS_KEY}, ${S766_KEY})`
	);
	const value = (key: string) => rows.find((r) => r.key === key)?.value;
	return { ranks: parseRankRule(value(RANKS_KEY)), sipas: parseSipasMapping(value(SIPAS_KEY)), s766: parseSettings766(value(S766_KEY)) };
}
