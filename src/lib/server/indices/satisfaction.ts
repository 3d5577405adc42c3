/**
 * The satisfaction figures reported upwards, as pure functions of counts the read models return.
 *
 * - Share of satisfied ratings: satisfied ÷ counted ratings of the unit in the period (a rating in a
 *   level of the "satisfied" class of its scale). This is NOT the QĐ 766 satisfaction rate, which
 *   is per dossier and also counts petitions and late dossiers: see satisfaction-766.ts.
 * - On-time rate: dossiers whose result was completed in the period on or before their due time,
 *   ÷ dossiers completed in the period.
 * - SIPAS (Ministry of Home Affairs) five factors: access to the service, the procedure, the
 *   officer, the result, handling of feedback. Each factor's rate = answers in a satisfied level ÷
 *   answers to that factor's question; the overall index = the average of the factors with answers.
 */

export function ratio(part: number, whole: number): number | null {
	return whole > 0 ? part / whole : null;
}

/** Share of satisfied ratings; null when the unit has no counted rating. */
export function ratingSatisfactionRate(satisfied: number, counted: number): number | null {
	return ratio(satisfied, counted);
}

export function onTimeRate(onTime: number, completed: number): number | null {
	return ratio(onTime, completed);
}

export const SIPAS_FACTORS = ['access', 'procedure', 'officer', 'result', 'feedback'] as const;
export type SipasFactor = (typeof SIPAS_FACTORS)[number];

/** The rating's own level (the face the citizen pressed), instead of an extra question's answer. */
export const MAIN_LEVEL = '@level';

export interface FactorCount {
	factor: SipasFactor;
	answers: number;
	satisfied: number;
}

export interface SipasResult {
	factors: { factor: SipasFactor; asked: boolean; answers: number; rate: number | null }[];
	/** Average of the factors' rates over the factors with answers; null when none has any. */
	overall: number | null;
	/** Factors with answers (the overall index is over these). */
	withData: number;
}

/**
 * SIPAS view from per-factor counts. `asked` lists the factors the deployment maps to a question
 * (or to the main rating); a factor not asked, or asked but never answered in the period, is "no
 * data" and stays out of the overall average.
 */
export function sipas(counts: readonly FactorCount[], asked: ReadonlySet<SipasFactor>): SipasResult {
	const factors = SIPAS_FACTORS.map((factor) => {
		const c = counts.find((x) => x.factor === factor);
		const answers = asked.has(factor) ? (c?.answers ?? 0) : 0;
		return { factor, asked: asked.has(factor), answers, rate: answers > 0 ? c!.satisfied / answers : null };
	});
	const rated = factors.filter((f) => f.rate !== null);
	return {
		factors,
		overall: rated.length ? rated.reduce((s, f) => s + f.rate!, 0) / rated.length : null,
		withData: rated.length
	};
}
