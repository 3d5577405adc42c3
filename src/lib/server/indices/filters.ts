import { error, type RequestEvent } from '@sveltejs/kit';
import { idParam, requireRole } from '../auth/guard';
import { pathInScope, scopePaths } from '../scope';
import { unitsInScope, type UnitRow } from '../units/queries';
import { parseMonth, type Month } from './period';
import { POLICY } from '$lib/policy';

/** Who reads the indices and the late-dossier list (admin passes everywhere). */
export const INDEX_ROLES = POLICY.readFigures;

export interface IndexFilters {
	month: Month;
	badMonth: boolean;
	/** Every unit the user may choose (for the selector). */
	units: UnitRow[];
	/** The chosen unit, or null for the whole scope. */
	unit: UnitRow | null;
	/** The units shown: the chosen unit's subtree, or the whole scope. */
	shown: UnitRow[];
	/** Unit-path prefixes for the read models. */
	scope: string[] | null;
}

/**
 * The month and unit of an indices page, from the query string, checked against the user's scope.
 * With no unit asked, a scope with one top unit selects it; a unit outside the scope (or an id
 * that is not one) answers 404, like every other id out of reach.
 */
export async function indexFilters(event: RequestEvent, defaultMonth: string): Promise<IndexFilters> {
	const user = requireRole(event, ...INDEX_ROLES);
	const scope = scopePaths(user, ...INDEX_ROLES);
	const q = event.url.searchParams;
	const { month, bad } = parseMonth(q.get('month'), defaultMonth);
	const units = await unitsInScope(scope);
	const roots = units.filter((u) => !units.some((p) => p.id !== u.id && u.path.startsWith(p.path)));
	let unit: UnitRow | null = null;
	const asked = q.get('unit');
	if (asked) {
		const id = idParam(asked);
		unit = units.find((u) => u.id === id) ?? null;
		if (!unit || !pathInScope(unit.path, scope)) error(404, 'Không tìm thấy / Not found');
	} else if (asked === null && roots.length === 1) {
		unit = roots[0];
	}
	return {
		month,
		badMonth: bad,
		units,
		unit,
		shown: unit ? units.filter((u) => u.path.startsWith(unit.path)) : units,
		scope: unit ? [unit.path] : scope
	};
}
