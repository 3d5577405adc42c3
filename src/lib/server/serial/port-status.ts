import { sql } from 'drizzle-orm';
import type { Db } from '../db';
import type { BadCode } from './host-session';

/**
 * Upserts one row of serial_port_status, adding frame-count deltas (so a restarted reader or
 * bridge never double-counts) and merging the per-code bad-frame counts.
 */
export type PortStatusRow = {
	bridgeId: number | null;
	path: string;
	deviceId: number | null;
	connected: 'open' | 'closed';
	boot: number | null;
	lastSeq: number | null;
	pending: number | null;
	lastFrameAt: Date | null;
	heartbeatAt: Date | null;
	validDelta: number;
	badDelta: Partial<Record<BadCode, number>>;
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export async function writePortStatus(db: Db, r: PortStatusRow): Promise<void> {
	const badTotal = Object.values(r.badDelta).reduce((a, b) => a + (b ?? 0), 0);
	await db.execute(sql`
		insert into serial_port_status as s
			(bridge_id, path, device_id, connected, boot, last_seq, pending, last_frame_at, last_heartbeat_at, valid_frames, bad_frames, bad_by_code, updated_at)
		values (${r.bridgeId}, ${r.path}, ${r.deviceId}, ${r.connected}, ${r.boot}, ${r.lastSeq}, ${r.pending},
			${iso(r.lastFrameAt)}::timestamptz, ${iso(r.heartbeatAt)}::timestamptz, ${r.validDelta}, ${badTotal},
			${JSON.stringify(r.badDelta)}::jsonb, now())
		on conflict (coalesce(bridge_id, 0), path) do update set
			device_id = coalesce(excluded.device_id, s.device_id),
			connected = excluded.connected,
			boot = coalesce(excluded.boot, s.boot),
			last_seq = coalesce(excluded.last_seq, s.last_seq),
			pending = coalesce(excluded.pending, s.pending),
			last_frame_at = greatest(excluded.last_frame_at, s.last_frame_at),
			last_heartbeat_at = greatest(excluded.last_heartbeat_at, s.last_heartbeat_at),
			valid_frames = s.valid_frames + excluded.valid_frames,
			bad_frames = s.bad_frames + excluded.bad_frames,
			bad_by_code = (
				select coalesce(jsonb_object_agg(k, coalesce((s.bad_by_code ->> k)::bigint, 0) + coalesce((excluded.bad_by_code ->> k)::bigint, 0)), '{}'::jsonb)
				from jsonb_object_keys(s.bad_by_code || excluded.bad_by_code) as k
			),
			updated_at = now()`);
}
