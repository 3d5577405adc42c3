import type { MessageKey } from '$lib/i18n';

/**
 * Every action the log records has a sentence in the audit catalogue (`audit.sentence.…`, in
 * `$lib/i18n/parts/audit-log.ts`): an action without one does not type-check — neither through
 * `audit()` nor through an `auditLog` insert — so the log never shows an administrator "another
 * action" for something the app itself did.
 */
export type AuditAction = MessageKey extends infer K ? (K extends `audit.sentence.${infer A}` ? A : never) : never;
