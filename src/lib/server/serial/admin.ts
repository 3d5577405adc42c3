import { and, eq, isNull, notInArray, sql } from 'drizzle-orm';
import type { DatabaseHandle, Db } from '../db';
import { boxBridgeCounters, boxBridges, deviceBindings, devices } from '../db/schema';
import { OFFLINE_AFTER_MS } from './host-session';
import { counterInService } from '../auth/credentials';
import { SQL_VIETNAM_OFFSET } from '../rules';
import { iso, isoOrNull, num, numOrNull, textOrNull, type DbNumber, type DbTime } from '../db/decode';

/**
 * What the administrators' boxes page reads and does: box status (online = a valid frame within
 * two heartbeats), binding a box to a counter (closing the previous binding, so history stays
 * right: presses keep the counter they were made at), the list of bridges with the counters
 * assigned to each and how many of their recent presses could not count.
 */

/** How far back the bridges' warnings look. */
export const BRIDGE_WARNING_DAYS = 30;

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

/** A json / jsonb value: parsed by PGlite, JSON text from postgres.js. */
const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

type BoxRow = {
	id: DbNumber;
	uid: string;
	label: string | null;
	firmware: string | null;
	boot_count: DbNumber | null;
	buttons: DbNumber | null;
	revoked_at: DbTime | null;
	last_seen_at: DbTime | null;
	counter_id: DbNumber | null;
	counter_vi: string | null;
	counter_en: string | null;
	centre_vi: string | null;
	centre_en: string | null;
	path: string | null;
	connected: string | null;
	last_frame_at: DbTime | null;
	pending: DbNumber | null;
	last_seq: DbNumber | null;
	bridge: string | null;
	bad_frames: DbNumber;
	/** jsonb_agg of the ports' bad_by_code: null when the box has no port row. */
	by_code: (Record<string, DbNumber> | null)[] | string | null;
	presses_today: DbNumber;
	counted_today: DbNumber;
};

export async function boxStatusList(handle: DatabaseHandle, now = new Date()): Promise<BoxStatus[]> {
	const onlineSince = new Date(now.getTime() - OFFLINE_AFTER_MS).toISOString();
	// Vietnam has no daylight saving: its day starts at 17:00 UTC the day before.
	const rows = await handle.rows<BoxRow>(sql`
		with today as (select (date_trunc('day', ${now.toISOString()}::timestamptz + ${sql.raw(SQL_VIETNAM_OFFSET)}) - ${sql.raw(SQL_VIETNAM_OFFSET)}) as start)
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
		for (const part of json(r.by_code ?? [])) {
			for (const [code, n] of Object.entries(part ?? {})) byCode[code] = (byCode[code] ?? 0) + num(n);
		}
		const lastFrame = isoOrNull(r.last_frame_at);
		return {
			id: num(r.id),
			uid: r.uid,
			label: textOrNull(r.label),
			firmware: textOrNull(r.firmware),
			boot: numOrNull(r.boot_count),
			buttons: numOrNull(r.buttons),
			revoked: r.revoked_at !== null,
			counterId: numOrNull(r.counter_id),
			counterVi: r.counter_vi ? `${r.centre_vi} — ${r.counter_vi}` : null,
			counterEn: r.counter_vi ? `${r.centre_en ?? r.centre_vi} — ${r.counter_en ?? r.counter_vi}` : null,
			online: r.connected === 'open' && lastFrame !== null && lastFrame >= onlineSince,
			lastSeenAt: [lastFrame, isoOrNull(r.last_seen_at)].filter((x): x is string => x !== null).sort().at(-1) ?? null,
			port: textOrNull(r.path),
			bridge: textOrNull(r.bridge),
			pending: numOrNull(r.pending),
			lastSeq: numOrNull(r.last_seq),
			badFrames: num(r.bad_frames),
			badByCode: byCode,
			pressesToday: num(r.presses_today),
			countedToday: num(r.counted_today)
		};
	});
}

/** Ports with bad frames but no box identified yet (a wrong baud rate shows up here). */
export async function unidentifiedPorts(handle: DatabaseHandle) {
	const rows = await handle.rows<{ path: string; bridge: string | null; bad_frames: DbNumber; valid_frames: DbNumber; connected: string; updated_at: DbTime }>(sql`
		select s.path, br.name as bridge, s.bad_frames, s.valid_frames, s.connected, s.updated_at
		from serial_port_status s left join box_bridges br on br.id = s.bridge_id
		where s.device_id is null order by s.updated_at desc limit 50`);
	return rows.map((r) => ({
		path: r.path,
		bridge: textOrNull(r.bridge),
		badFrames: num(r.bad_frames),
		validFrames: num(r.valid_frames),
		connected: r.connected,
		updatedAt: iso(r.updated_at)
	}));
}

export async function bindBox(db: Db, deviceId: number, counterId: number | null, userId: number | null, now = new Date()): Promise<boolean> {
	return db.transaction(async (tx) => {
		const [box] = await tx
			.select({ id: devices.id })
			.from(devices)
			.where(and(eq(devices.id, deviceId), eq(devices.kind, 'button_box'), isNull(devices.revokedAt)))
			.for('update');
		if (!box || (counterId !== null && !(await counterInService(tx, counterId)))) return false;
		await tx.update(deviceBindings).set({ unboundAt: now }).where(and(eq(deviceBindings.deviceId, deviceId), isNull(deviceBindings.unboundAt)));
		if (counterId !== null) await tx.insert(deviceBindings).values({ deviceId, counterId, boundAt: now, boundBy: userId });
		return true;
	});
}

export async function bridgeList(handle: DatabaseHandle, now = new Date()) {
	const since = new Date(now.getTime() - BRIDGE_WARNING_DAYS * 86_400_000).toISOString();
	const rows = await handle.rows<{
		id: DbNumber;
		name: string;
		created_at: DbTime;
		last_used_at: DbTime | null;
		last_ip: string | null;
		revoked_at: DbTime | null;
		counter_ids: DbNumber[] | string;
		not_assigned: DbNumber | null;
		too_old: DbNumber | null;
	}>(sql`
		select b.id, b.name, b.created_at, b.last_used_at, b.last_ip, b.revoked_at,
			(select coalesce(json_agg(k.counter_id order by k.counter_id), '[]'::json) from box_bridge_counters k where k.bridge_id = b.id) as counter_ids,
			r.not_assigned, r.too_old
		from box_bridges b
		left join lateral (
			select count(*) filter (where r.not_counted_reason = 'bridge_not_assigned') as not_assigned,
				count(*) filter (where r.not_counted_reason = 'too_old') as too_old
			from ratings r
			where r.bridge_id = b.id and r.received_at >= ${since}::timestamptz and r.not_counted_reason in ('bridge_not_assigned', 'too_old')
		) r on true
		order by b.revoked_at nulls first, b.id`);
	return rows.map((r) => ({
		id: num(r.id),
		name: r.name,
		createdAt: iso(r.created_at),
		lastUsedAt: isoOrNull(r.last_used_at),
		lastIp: textOrNull(r.last_ip),
		revoked: r.revoked_at !== null,
		counterIds: json(r.counter_ids).map(num),
		/** Presses of the last BRIDGE_WARNING_DAYS stored uncounted: box at a counter not assigned to the bridge, or too old. */
		notAssigned: num(r.not_assigned),
		tooOld: num(r.too_old)
	}));
}

/**
 * Sets the counters a bridge serves (replacing the previous set; counters kept keep their
 * assignment time). False for an unknown or revoked bridge; an unknown counter id throws.
 */
export async function assignBridgeCounters(db: Db, bridgeId: number, counterIds: number[], userId: number | null, now = new Date()): Promise<boolean> {
	const wanted = [...new Set(counterIds)];
	return db.transaction(async (tx) => {
		const [bridge] = await tx
			.select({ id: boxBridges.id })
			.from(boxBridges)
			.where(and(eq(boxBridges.id, bridgeId), isNull(boxBridges.revokedAt)))
			.for('update');
		if (!bridge) return false;
		await tx
			.delete(boxBridgeCounters)
			.where(and(eq(boxBridgeCounters.bridgeId, bridgeId), wanted.length ? notInArray(boxBridgeCounters.counterId, wanted) : undefined));
		if (wanted.length) {
			await tx
				.insert(boxBridgeCounters)
				.values(wanted.map((counterId) => ({ bridgeId, counterId, assignedAt: now, assignedBy: userId })))
				.onConflictDoNothing();
		}
		return true;
	});
}
