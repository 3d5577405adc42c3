/**
 * Fair officer scores: statistics, not raw averages, so an officer with 3 ratings cannot top or
 * bottom the table by luck. Pure functions; every figure on a page comes from here.
 */

/** z for a two-sided 95 % interval. */
export const Z95 = 1.959963984540054;

/** Wilson score interval for a proportion (successes of n). */
export function wilson(successes: number, n: number, z = Z95): { low: number; high: number } | null {
	if (n <= 0) return null;
	const p = successes / n;
	const z2 = z * z;
	const centre = p + z2 / (2 * n);
	const spread = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
	const denom = 1 + z2 / n;
	return { low: Math.max(0, (centre - spread) / denom), high: Math.min(1, (centre + spread) / denom) };
}

/**
 * Bayesian shrinkage towards the unit's rate: a Beta prior worth `strength` ratings at the unit
 * mean. Few ratings → close to the unit; many → close to the officer's own rate.
 */
export function shrunkRate(successes: number, n: number, unitRate: number, strength = 20): number {
	return (successes + strength * unitRate) / (n + strength);
}

/** ln C(n, k) via log-gamma (Lanczos), accurate to ~1e-12 for the n we meet. */
function logGamma(x: number): number {
	const g = 7;
	const c = [
		0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
		12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7
	];
	if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
	x -= 1;
	let a = c[0];
	const t = x + g + 0.5;
	for (let i = 1; i < g + 2; i++) a += c[i] / (x + i);
	return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** P(X ≤ k) for X ~ Binomial(n, p): exact, summed in log space. */
export function binomialCdf(k: number, n: number, p: number): number {
	if (k < 0) return 0;
	if (k >= n) return 1;
	if (p <= 0) return 1;
	if (p >= 1) return 0;
	const lnN = logGamma(n + 1);
	let total = 0;
	for (let i = 0; i <= k; i++) {
		total += Math.exp(lnN - logGamma(i + 1) - logGamma(n - i + 1) + i * Math.log(p) + (n - i) * Math.log(1 - p));
	}
	return Math.min(1, total);
}

/**
 * minRatings: below this an officer is not judged at all. margin: how far below the rest of the
 * unit counts as "low" (statistically certain but small gaps are normal variation between good
 * officers, not a problem to act on). confidence: how sure we must be that the gap exceeds it.
 */
export type LowScoreRule = { minRatings: number; margin: number; confidence: number };
export const DEFAULT_LOW_SCORE_RULE: LowScoreRule = { minRatings: 30, margin: 0.1, confidence: 0.99 };

export type OfficerCounts = { officerId: number; ratings: number; satisfied: number };

export type LowScoreFlag = {
	officerId: number;
	rate: number;
	ratings: number;
	/** The rest of the unit, without this officer (so one officer cannot pull the yardstick). */
	peerRate: number;
	/** Probability of a rate this low or lower if the officer were only `margin` below their peers. */
	pValue: number;
	margin: number;
	confidence: number;
};

/**
 * The low-scoring officer rule: with at least `minRatings` counted ratings, an officer is flagged
 * when, were their true rate only `margin` below their peers' (the unit without them), seeing this
 * few satisfied ratings would be less likely than 1 − confidence (exact one-sided binomial test).
 * In words: "below the rest of the unit by more than 10 points, with 99 % confidence".
 */
export function lowScoreFlags(officers: OfficerCounts[], rule: LowScoreRule = DEFAULT_LOW_SCORE_RULE): LowScoreFlag[] {
	const total = officers.reduce((n, o) => n + o.ratings, 0);
	const totalSatisfied = officers.reduce((n, o) => n + o.satisfied, 0);
	const flags: LowScoreFlag[] = [];
	for (const o of officers) {
		if (o.ratings < rule.minRatings) continue;
		const peerN = total - o.ratings;
		if (peerN < rule.minRatings) continue;
		const peerRate = (totalSatisfied - o.satisfied) / peerN;
		const rate = o.satisfied / o.ratings;
		const threshold = peerRate - rule.margin;
		if (rate >= threshold || threshold <= 0) continue;
		const pValue = binomialCdf(o.satisfied, o.ratings, threshold);
		if (pValue < 1 - rule.confidence) {
			flags.push({ officerId: o.officerId, rate, ratings: o.ratings, peerRate, pValue, margin: rule.margin, confidence: rule.confidence });
		}
	}
	return flags;
}
