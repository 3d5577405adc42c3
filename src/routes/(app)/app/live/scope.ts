import { pathInScope } from '$lib/server/auth/guard';
import { POLICY } from '$lib/policy';

/** The roles whose pages hear the live stream (administrators always pass the guard). */
export const LIVE_ROLES = POLICY.readFigures;

/**
 * Which bus events a dashboard may hear about: those of a unit inside the viewer's scope
 * (a unit subtree, by `units.path`; null scope = administrator, everything). An event whose
 * unit is unknown reaches administrators only.
 */
export function eventVisible(
	unitPath: string | null | undefined,
	scope: readonly string[] | null
): boolean {
	if (scope === null) return true;
	if (!unitPath) return false;
	return pathInScope(unitPath, scope);
}

/**
 * A small cache of unit id → path in front of a loader, so a burst of ratings costs one query
 * per unit rather than one per rating and per listener. Entries live `ttlMs` (a unit moved in
 * the tree is seen within that time); concurrent misses for one unit share one load.
 */
export function unitPathCache(
	load: (unitId: number) => Promise<string | null>,
	ttlMs = 60_000,
	now: () => number = Date.now
) {
	const entries = new Map<number, { path: Promise<string | null>; at: number }>();
	return (unitId: number): Promise<string | null> => {
		const hit = entries.get(unitId);
		if (hit && now() - hit.at < ttlMs) return hit.path;
		const path = load(unitId).catch((e) => {
			entries.delete(unitId);
			throw e;
		});
		entries.set(unitId, { path, at: now() });
		if (entries.size > 10_000) entries.delete(entries.keys().next().value!);
		return path;
	};
}
