/**
 * The satisfaction component of Quyết định 766/QĐ-TTg as the national portal computes it, pure
 * (satisfaction-766-queries.ts counts in SQL; the sources are in ../legal/sources.ts):
 *
 * - Satisfaction rate, per dossier over every dossier handled in the period (source
 *   `qd766SatisfactionRate`): (handled − not satisfied) ÷ handled, where a dossier is not
 *   satisfied if it has a counted dissatisfied rating, OR a citizen's complaint/petition, OR it
 *   was handled late. A dossier meeting several conditions is subtracted once (the union).
 *   A dossier belongs to the period its handling ended in (completed_at: the result was ready,
 *   NgayKetThucXuLy), because the denominator is the dossiers "handled".
 * - Petitions handled on time (`qd766PetitionsOnTime`): citizens' cases closed in the period on or
 *   before their deadline ÷ citizens' cases closed in the period.
 * - Petition-handling satisfaction (`qd766PetitionSatisfaction`): of the citizens who answered the
 *   re-survey of a case closed in the period (their latest answer), those answering "resolved".
 * - Points (`qd766PointsRule`, targets `nq76SatisfactionTargets`): up to 6, against the Nghị
 *   quyết 76/NQ-CP target of the period's year; the rule is a setting (`indices.766`).
 *
 * No data is null, never a default: no dossier handled → no rate and no points.
 */
import { log } from '../ops/log';
import { z } from 'zod';
import type { SourceId } from '../legal/sources';

/** Counts of the dossiers handled in a period (one unit, or a whole selection). */
export interface DossierCounts766 {
	handled: number;
	/** With at least one counted rating in a "dissatisfied" level. */
	dissatisfied: number;
	/** With at least one citizen's complaint or petition. */
	petitioned: number;
	/** Completed after the due time. */
	late: number;
	/** Dossiers with any of the three (each counted once). */
	notSatisfied: number;
}

/** Citizens' cases closed in a period, and the re-survey answers about them. */
export interface PetitionCounts766 {
	closed: number;
	closedOnTime: number;
	/** Cases whose citizen answered the re-survey. */
	answered: number;
	/** Of which the (latest) answer is "resolved". */
	satisfied: number;
}

export const EMPTY_DOSSIER_COUNTS: DossierCounts766 = { handled: 0, dissatisfied: 0, petitioned: 0, late: 0, notSatisfied: 0 };
export const EMPTY_PETITION_COUNTS: PetitionCounts766 = { closed: 0, closedOnTime: 0, answered: 0, satisfied: 0 };

// ---- settings ----------------------------------------------------------------------------------

export const S766_KEY = 'indices.766';
export const POINTS_RULES = ['proportional', 'threshold'] as const;
export type PointsRule = (typeof POINTS_RULES)[number];

export interface Settings766 {
	/** Points of the satisfaction-rate criterion (QĐ 766: 6). */
	maxPoints: number;
	/** proportional: full points at or above the target, max × rate ÷ target below; threshold: full points or none. */
	rule: PointsRule;
	/** Target (percent) for periods in the years up to 2025, and from 2026 (NQ 76: 90 and 95). */
	target2025: number;
	target2030: number;
}

export const DEFAULT_SETTINGS_766: Settings766 = { maxPoints: 6, rule: 'proportional', target2025: 90, target2030: 95 };

const percent = z.number().min(1).max(100);
export const settings766Schema = z.object({
	maxPoints: z.number().min(0).max(100).default(DEFAULT_SETTINGS_766.maxPoints),
	rule: z.enum(POINTS_RULES).default(DEFAULT_SETTINGS_766.rule),
	target2025: percent.default(DEFAULT_SETTINGS_766.target2025),
	target2030: percent.default(DEFAULT_SETTINGS_766.target2030)
});

/** The stored setting, or the defaults when absent or malformed (with a warning: a bad edit never takes the page down). */
export function parseSettings766(value: unknown): Settings766 {
	const parsed = settings766Schema.safeParse(value ?? {});
	if (parsed.success) return parsed.data;
	log.warn(`settings "${S766_KEY}" is not valid, using the defaults: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
	return DEFAULT_SETTINGS_766;
}

/** The NQ 76 target (a fraction) for a period starting in `year`: the stage (2021–2025, 2026–2030) it falls in. */
export function targetFor(settings: Settings766, year: number): number {
	return (year <= 2025 ? settings.target2025 : settings.target2030) / 100;
}

// ---- formulas ----------------------------------------------------------------------------------

const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/** (handled − not satisfied) ÷ handled; null when nothing was handled. */
export function satisfactionRate766(c: Pick<DossierCounts766, 'handled' | 'notSatisfied'>): number | null {
	return ratio(c.handled - c.notSatisfied, c.handled);
}

/** Points for a rate against a target; null without a rate. */
export function points766(rate: number | null, target: number, settings: Pick<Settings766, 'maxPoints' | 'rule'>): number | null {
	if (rate === null) return null;
	if (rate >= target) return settings.maxPoints;
	return settings.rule === 'threshold' ? 0 : (settings.maxPoints * rate) / target;
}

/** One dossier's facts, as the SQL reads them: what the counts are of. */
export interface DossierFlags766 {
	dissatisfied: boolean;
	petitioned: boolean;
	late: boolean;
}

/** The counts of a list of handled dossiers: the rule the SQL applies, written once in TypeScript for the tests. */
export function countDossiers766(dossiers: readonly DossierFlags766[]): DossierCounts766 {
	const c = { ...EMPTY_DOSSIER_COUNTS };
	for (const d of dossiers) {
		c.handled++;
		if (d.dissatisfied) c.dissatisfied++;
		if (d.petitioned) c.petitioned++;
		if (d.late) c.late++;
		if (d.dissatisfied || d.petitioned || d.late) c.notSatisfied++;
	}
	return c;
}

export interface Figures766 extends DossierCounts766, PetitionCounts766 {
	rate: number | null;
	/** The target the points were scored against (a fraction). */
	target: number;
	points: number | null;
	petitionsOnTimeRate: number | null;
	petitionSatisfactionRate: number | null;
}

export function figures766(d: DossierCounts766, p: PetitionCounts766, settings: Settings766, year: number): Figures766 {
	const rate = satisfactionRate766(d);
	const target = targetFor(settings, year);
	return {
		...d,
		...p,
		rate,
		target,
		points: points766(rate, target, settings),
		petitionsOnTimeRate: ratio(p.closedOnTime, p.closed),
		petitionSatisfactionRate: ratio(p.satisfied, p.answered)
	};
}

export function addCounts<T extends object>(into: T, more: T): T {
	for (const k of Object.keys(into) as (keyof T)[]) (into[k] as number) += more[k] as number;
	return into;
}

/** The legal source of each figure (ids of ../legal/sources.ts). */
export const SOURCES_766 = {
	rate: 'qd766SatisfactionRate',
	points: 'qd766PointsRule',
	target: 'nq76SatisfactionTargets',
	petitionsOnTime: 'qd766PetitionsOnTime',
	petitionSatisfaction: 'qd766PetitionSatisfaction'
} as const satisfies Record<string, SourceId>;
