import type { MessageKey } from '$lib/i18n';

/**
 * Every action the log records has a sentence in the audit catalogue (`audit.sentence.…`, in
 * `$lib/i18n/parts/audit-log.ts`): an action without one does not type-check — neither through
 * `audit()` nor through an `auditLog` insert — so the log never shows an administrator "another
 * action" for something the app itself did.
 */
export type AuditAction = MessageKey extends infer K
	? K extends `audit.sentence.${infer A}`
		? A
		: never
	: never;

/** An action's kind, its first word ('counter' of 'counter.create'): what the audit page filters by. */
type GroupOf<A> = A extends `${infer G}.${string}` ? G : A;
export type AuditGroup = GroupOf<AuditAction>;

/**
 * Every kind, in the order the filter lists them. `satisfies` keeps it whole: a kind missing from
 * the list, or one no action has, fails the type check.
 */
const GROUPS = {
	sign_in: 1,
	sign_out: 1,
	user: 1,
	role: 1,
	setting: 1,
	device: 1,
	box: 1,
	bridge: 1,
	unit: 1,
	centre: 1,
	counter: 1,
	procedure: 1,
	field: 1,
	officer: 1,
	scale: 1,
	integration_token: 1,
	webhook: 1,
	calendar: 1,
	dossier: 1,
	national: 1,
	import: 1,
	export: 1,
	report: 1,
	indices: 1,
	complaint: 1,
	flag: 1,
	demo: 1
} as const satisfies Record<AuditGroup, 1>;
export const AUDIT_GROUPS = Object.keys(GROUPS) as AuditGroup[];

export function isAuditGroup(v: string): v is AuditGroup {
	return Object.hasOwn(GROUPS, v);
}
