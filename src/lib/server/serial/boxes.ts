import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { deviceBindings, devices, ratings, serviceEvents } from '../db/schema';
import type { LedMode, HelloFrame } from './codec';

/**
 * Button boxes in the devices table. A HELLO from a uid never seen registers an unassigned box
 * (no binding: its presses are stored, acknowledged and not counted until an administrator
 * binds it). Returns null when the uid belongs to a tablet: that box is refused, not merged.
 */
export async function registerBox(db: Db, hello: HelloFrame, now = new Date()): Promise<{ deviceId: number; created: boolean } | null> {
	const [row] = await db
		.insert(devices)
		.values({ uid: hello.uid, kind: 'button_box', firmware: hello.fw, bootCount: hello.boot, buttons: hello.buttons, lastSeenAt: now })
		.onConflictDoUpdate({
			target: devices.uid,
			set: { firmware: hello.fw, bootCount: hello.boot, buttons: hello.buttons, lastSeenAt: now },
			setWhere: sql`${devices.kind} = 'button_box'`
		})
		.returning({ id: devices.id, createdAt: devices.createdAt });
	if (!row) return null;
	return { deviceId: row.id, created: row.createdAt.getTime() === now.getTime() };
}

export async function touchBox(db: Db, deviceId: number, now = new Date()): Promise<void> {
	await db.update(devices).set({ lastSeenAt: now }).where(eq(devices.id, deviceId));
}

/** Uids of the boxes bound to a counter now. */
export async function boxUidsAtCounter(db: Db, counterId: number): Promise<string[]> {
	const rows = await db
		.select({ uid: devices.uid })
		.from(deviceBindings)
		.innerJoin(devices, eq(devices.id, deviceBindings.deviceId))
		.where(and(eq(deviceBindings.counterId, counterId), isNull(deviceBindings.unboundAt), eq(devices.kind, 'button_box'), isNull(devices.revokedAt)));
	return rows.map((r) => r.uid);
}

/**
 * What a box's LED should show now: ASK while a service is open at its counter and not yet
 * rated, IDLE otherwise (THANKS is sent once, on the counted rating, and the box falls back).
 */
export async function ledModeForBox(db: Db, uid: string): Promise<LedMode> {
	const rows = await db.execute(sql`
		select exists (
			select 1 from devices d
			join device_bindings b on b.device_id = d.id and b.unbound_at is null
			join ${serviceEvents} e on e.counter_id = b.counter_id and e.closed_at is null
			where d.uid = ${uid} and d.revoked_at is null
				and not exists (select 1 from ${ratings} r where r.service_event_id = e.id and r.counted)
		) as ask`);
	const list = (Array.isArray(rows) ? rows : (rows as unknown as { rows: unknown[] }).rows) as { ask: boolean }[];
	return list[0]?.ask ? 'ASK' : 'IDLE';
}
