import { db } from './db';
import { auditLog } from './db/schema';
import type { AuditAction } from './audit-actions';

export type { AuditAction } from './audit-actions';

export type AuditActor = { userId?: number | null; deviceId?: number | null; ip?: string | null };

/**
 * Appends to the audit log. Never pass a phone number, password or token in `detail`: the log
 * is kept for years and shown to administrators.
 */
export async function audit(
	actor: AuditActor,
	action: AuditAction,
	target?: { type: string; id: string | number },
	detail?: Record<string, unknown>
): Promise<void> {
	await db.insert(auditLog).values({
		actorUserId: actor.userId ?? null,
		actorDeviceId: actor.deviceId ?? null,
		action,
		targetType: target?.type ?? null,
		targetId: target ? String(target.id) : null,
		detail: detail ?? null,
		ip: actor.ip ?? null
	});
}
