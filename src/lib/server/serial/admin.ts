import { and, eq, isNull, sql } from 'drizzle-orm';
import type { DatabaseHandle, Db } from '../db';
import { deviceBindings, devices } from '../db/schema';
import { OFFLINE_AFTER_MS } from './host-session';

/**
 * What the administrators' boxes page reads and does: box status (online = a valid frame within
 * two heartbeats), binding a box to a counter (closing the previous binding, so history stays
 * right: presses keep the counter they were made at), and the list of bridges.
 */

export type BoxStatus = {
	id: number;
	uid: string;
	label: string | null;
	firmware: string | null;
	boot: number | null;
	buttons: number | null;
	revoked: boolean;
	counterId: number | null;
	counterVi: string | null;
	counterEn: string | null;
	online: boolean;
	lastSeenAt: string | null;
	port: string | null;
	bridge: string | null;
	pending: number | null;
	lastSeq: number | null;
	badFrames: number;
	badByCode: Record<string, number>;
	pressesToday: number;
	countedToday: number;
};

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);

export async function boxStatusList(handle: DatabaseHandle, now = new Date()): Promise<BoxStatus[]> {
	const onlineSince = new Date(now.getTime() - OFFLINE_AFTER_MS).toISOString();
	// Vietnam has no daylight saving: its day starts at 17:00 UTC the day before.
	const rows = await handle.rows<Record<string, unknown>>(sql`
		with today as (select (date_trunc('day', ${now.toISOString()}::timestamptz + interval '7 hours') - interval '7 hours') as start)
		select d.id, d.uid, d.label, d.firmware, d.boot_count, d.buttons, d.revoked_at, d.last_seen_at,
			b.counter_id, k.name_vi as counter_vi, k.name_en as counter_en, c.name_vi as centre_vi, c.name_en as centre_en,
			p.path, p.connected, p.last_frame_at, p.pending, p.last_seq, br.name as bridge,
			coalesce(bad.bad_frames, 0) as bad_frames, bad.by_code,
			(select count(*) from ratings r, today where r.device_id = d.id and r.pressed_at >= today.start) as presses_today,
			(select count(*) from ratings r, today where r.device_id = d.id and r.pressed_at >= today.start and r.counted) as counted_today
		from devices d
		left join device_bindings b on b.device_id = d.id and b.unbound_at is null
		left join counters k on k.id = b.counter_id
		left join service_centres c on c.id = k.centre_id
		left join lateral (
			select * from serial_port_status s where s.device_id = d.id order by s.last_frame_at desc nulls last limit 1
		) p on true
		left join box_bridges br on br.id = p.bridge_id
		left join lateral (
			select sum(s.bad_frames) as bad_frames, jsonb_agg(s.bad_by_code) as by_code from serial_port_status s where s.device_id = d.id
		) bad on true
		where d.kind = 'button_box'
		order by d.revoked_at nulls first, c.name_vi nulls first, k.code, d.uid`);
	return rows.map((r) => {
		const byCode: Record<string, number> = {};
		for (const part of (typeof r.by_code === 'string' ? JSON.parse(r.by_code) : (r.by_code ?? [])) as Record<string, number>[]) {
			for (const [code, n] of Object.entries(part ?? {})) byCode[code] = (byCode[code] ?? 0) + Number(n);
		}
		const lastFrame = iso(r.last_frame_at);
		return {
			id: Number(r.id),
			uid: String(r.uid),
			label: (r.label as string | null) ?? null,
			firmware: (r.firmware as string | null) ?? null,
			boot: num(r.boot_count),
			buttons: num(r.buttons),
			revoked: r.revoked_at !== null && r.revoked_at !== undefined,
			counterId: num(r.counter_id),
			counterVi: r.counter_vi ? `${r.centre_vi} — ${r.counter_vi}` : null,
			counterEn: r.counter_vi ? `${r.centre_en ?? r.centre_vi} — ${r.counter_en ?? r.counter_vi}` : null,
			online: r.connected === 'open' && lastFrame !== null && lastFrame >= onlineSince,
			lastSeenAt: [lastFrame, iso(r.last_seen_at)].filter((x): x is string => x !== null).sort().at(-1) ?? null,
			port: (r.path as string | null) ?? null,
			bridge: (r.bridge as string | null) ?? null,
			pending: num(r.pending),
			lastSeq: num(r.last_seq),
			badFrames: Number(r.bad_frames ?? 0),
			badByCode: byCode,
			pressesToday: Number(r.presses_today ?? 0),
			countedToday: Number(r.counted_today ?? 0)
		};
	});
}

/** Ports with bad frames but no box identified yet (a wrong baud rate shows up here). */
export async function unidentifiedPorts(handle: DatabaseHandle) {
	const rows = await handle.rows<Record<string, unknown>>(sql`
		select s.path, br.name as bridge, s.bad_frames, s.valid_frames, s.connected, s.updated_at
		from serial_port_status s left join box_bridges br on br.id = s.bridge_id
		where s.device_id is null order by s.updated_at desc limit 50`);
	return rows.map((r) => ({
		path: String(r.path),
		bridge: (r.bridge as string | null) ?? null,
		badFrames: Number(r.bad_frames),
		validFrames: Number(r.valid_frames),
		connected: String(r.connected),
		updatedAt: iso(r.updated_at)!
	}));
}

export async function bindBox(db: Db, deviceId: number, counterId: number | null, userId: number | null, now = new Date()): Promise<boolean> {
	return db.transaction(async (tx) => {
		const [box] = await tx
			.select({ id: devices.id })
			.from(devices)
			.where(and(eq(devices.id, deviceId), eq(devices.kind, 'button_box'), isNull(devices.revokedAt)))
			.for('update');
		if (!box) return false;
		await tx.update(deviceBindings).set({ unboundAt: now }).where(and(eq(deviceBindings.deviceId, deviceId), isNull(deviceBindings.unboundAt)));
		if (counterId !== null) await tx.insert(deviceBindings).values({ deviceId, counterId, boundAt: now, boundBy: userId });
		return true;
	});
}

export async function bridgeList(handle: DatabaseHandle) {
	const rows = await handle.rows<Record<string, unknown>>(sql`
		select id, name, created_at, last_used_at, last_ip, revoked_at from box_bridges order by revoked_at nulls first, id`);
	return rows.map((r) => ({
		id: Number(r.id),
		name: String(r.name),
		createdAt: iso(r.created_at)!,
		lastUsedAt: iso(r.last_used_at),
		lastIp: (r.last_ip as string | null) ?? null,
		revoked: r.revoked_at !== null && r.revoked_at !== undefined
	}));
}
