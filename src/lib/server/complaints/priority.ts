import type { ComplaintKind, ReasonCode } from '../db/schema';
import type { DeadlineFlag } from './deadline';
import { isCitizenCase } from './regimes';

/**
 * The order of the open-case queue (issue 15, item 2): what an inspector must look at first.
 * Citizens' cases come before the internal ones the system opens (a late dossier without an
 * apology slip, a manipulation follow-up); within each, a serious reason first (harassment,
 * asking for money: the reason code `harassment`, "gây phiền hà, sách nhiễu, đòi tiền"), then
 * overdue, then near the deadline, then the rest; within a tier the earliest deadline, then the
 * oldest case. Pure: the queue query fetches the few columns this reads for every open case in
 * scope, sorts with `compareCases`, and loads the rows of the first page only.
 */
export const SERIOUS_REASONS: readonly ReasonCode[] = ['harassment'];

export const PRIORITY_TIERS = ['serious', 'overdue', 'near', 'normal'] as const;
export type PriorityTier = (typeof PRIORITY_TIERS)[number];

export type PriorityInput = { id: number; kind: ComplaintKind; reasonCodes: readonly ReasonCode[]; dueAt: Date; flag: DeadlineFlag };

export function priorityTier(c: Pick<PriorityInput, 'reasonCodes' | 'flag'>): PriorityTier {
	if (c.reasonCodes.some((r) => SERIOUS_REASONS.includes(r))) return 'serious';
	if (c.flag === 'overdue') return 'overdue';
	if (c.flag === 'near') return 'near';
	return 'normal';
}

export function compareCases(a: PriorityInput, b: PriorityInput): number {
	return (
		Number(!isCitizenCase(a.kind)) - Number(!isCitizenCase(b.kind)) ||
		PRIORITY_TIERS.indexOf(priorityTier(a)) - PRIORITY_TIERS.indexOf(priorityTier(b)) ||
		a.dueAt.getTime() - b.dueAt.getTime() ||
		a.id - b.id
	);
}

export const byPriority = <T extends PriorityInput>(cases: readonly T[]): T[] => [...cases].sort(compareCases);
