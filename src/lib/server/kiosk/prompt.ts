import { sql } from 'drizzle-orm';
import { database } from '../db';
import { bool, num, type DbBool, type DbNumber } from '../db/decode';
import { subscribe } from '../events/bus';
import { REASON_CODES } from '../db/schema';
import { activeScaleLevels } from '../ratings/scale';
import { parseSipasMapping, SIPAS_KEY } from '../indices/settings';
import type { KioskState } from '$lib/kiosk/contract';
import { askedQuestions, KIOSK_QUESTIONS_KEY, parseKioskQuestions, returnOnlyKeys } from './questions';

/**
 * What a counter tablet should show now: idle (the centre's name and an invitation), or a
 * prompt for the service open at its counter that has no counted rating yet. The prompt names
 * the officer (name, staff number, photo) so the citizen knows whom they rate: the practice
 * Hồ Chí Minh City's rating machines follow.
 */
export type { KioskState, ScaleLevel } from '$lib/kiosk/contract';

export async function kioskState(counterId: number | null): Promise<KioskState> {
	const [place] = counterId
		? await database.rows<{ name_vi: string; name_en: string | null; centre_vi: string; centre_en: string | null }>(sql`
			select k.name_vi, k.name_en, c.name_vi as centre_vi, c.name_en as centre_en
			from counters k join service_centres c on c.id = k.centre_id where k.id = ${counterId}`)
		: [];
	const scale = await activeScaleLevels();
	const stored = await database.rows<{ key: string; value: unknown }>(sql`select key, value from settings where key in (${KIOSK_QUESTIONS_KEY}, ${SIPAS_KEY})`);
	const setting = (key: string) => stored.find((r) => r.key === key)?.value;
	const [open] = counterId
		? await database.rows<{
				id: DbNumber;
				stage: 'receiving' | 'returning';
				officer_id: DbNumber;
				full_name: string;
				staff_number: string;
				photo_path: string | null;
				photo_etag: string | null;
				name_vi: string;
				name_en: string | null;
			}>(sql`
			select e.id, e.stage, o.id as officer_id, o.full_name, o.staff_number, o.photo_path, ph.etag as photo_etag, p.name_vi, p.name_en
			from service_events e join officers o on o.id = e.officer_id
			left join officer_photos ph on ph.officer_id = o.id
			left join dossiers d on d.id = e.dossier_id join procedures p on p.id = coalesce(e.procedure_id, d.procedure_id)
			where e.counter_id = ${counterId} and e.closed_at is null
				and not exists (select 1 from ratings r where r.service_event_id = e.id and r.counted)`)
		: [];
	const stage = open?.stage;
	return {
		key: open ? `prompt:${num(open.id)}` : 'idle',
		centre: place ? { nameVi: place.centre_vi, nameEn: place.centre_en } : null,
		counter: place ? { nameVi: place.name_vi, nameEn: place.name_en } : null,
		scale,
		reasons: REASON_CODES,
		questions: askedQuestions(parseKioskQuestions(setting(KIOSK_QUESTIONS_KEY)), returnOnlyKeys(parseSipasMapping(setting(SIPAS_KEY))), stage),
		prompt: open
			? {
					serviceEventId: num(open.id),
					stage: open.stage,
					officer: {
						fullName: open.full_name,
						staffNumber: open.staff_number,
						photoUrl: open.photo_etag ? `/api/v1/device/photos/${num(open.officer_id)}?v=${open.photo_etag}` : open.photo_path
					},
					procedure: { nameVi: open.name_vi, nameEn: open.name_en }
				}
			: null
	};
}

/**
 * Whether the officer serves at the counter now: a service open there, or the counter's open
 * shift. A tablet may load that officer's photo, and no one else's.
 */
export async function servingAtCounter(counterId: number, officerId: number): Promise<boolean> {
	const [row] = await database.rows<{ serving: DbBool }>(sql`
		select exists (select 1 from service_events e where e.counter_id = ${counterId} and e.officer_id = ${officerId} and e.closed_at is null)
			or exists (select 1 from counter_shifts s where s.counter_id = ${counterId} and s.officer_id = ${officerId} and s.ended_at is null) as serving`);
	return bool(row?.serving);
}

/**
 * Long poll: answers at once when the state differs from what the tablet knows, otherwise
 * waits (up to `waitMs`) for something at its counter to change. Cheaper than polling every
 * second at thousands of counters, and needs nothing the closed network may block.
 */
export async function waitForKioskState(counterId: number | null, knownKey: string, waitMs: number, signal: AbortSignal): Promise<KioskState> {
	const now = await kioskState(counterId);
	if (now.key !== knownKey || counterId === null || waitMs <= 0) return now;
	await new Promise<void>((resolve) => {
		const offs: (() => void)[] = [];
		const done = () => {
			clearTimeout(timer);
			offs.forEach((off) => off());
			resolve();
		};
		const timer = setTimeout(done, waitMs);
		signal.addEventListener('abort', done, { once: true });
		offs.push(
			subscribe('service.opened', (e) => e.counterId === counterId && done()),
			subscribe('service.closed', (e) => e.counterId === counterId && done()),
			subscribe('rating.recorded', (e) => e.counterId === counterId && done())
		);
	});
	return kioskState(counterId);
}
