import { sql } from 'drizzle-orm';
import { database } from '../db';
import { audit, type AuditActor } from '../audit';
import { loadCalendar, localDate, type WorkCalendar } from '../calendar';
import { lowScoreFlags, type OfficerCounts } from '../scores/fairness';
import {
	burstFlags,
	deviceVsQrFlags,
	flagId,
	flagSubjectKey,
	foreignDeviceFlags,
	noServiceFlags,
	outOfHoursFlags,
	perfectFlags,
	type Binding,
	type DevicePress,
	type Flag,
	type OfficerParticipation,
	type OfficerSources,
	type OfficerTimes,
	type Press,
	type Shift
} from './detectors';
import {
	burstCandidates,
	foreignPresses,
	noServicePresses,
	officerParticipation,
	officerSources,
	officerTimes,
	officerTotals,
	shiftsFor,
	unitOfficerCounts,
	type Period
} from './queries';
import { iso, type DbTime } from '../db/decode';

export * from './detectors';
export { namesFor, shiftsFor, type Names, type Period } from './queries';

/** What the detectors read: marked presses, per-officer counts, shifts and the calendar. */
export type FlagInputs = {
	noService: Press[];
	bursts: Press[];
	shifts: Shift[];
	times: OfficerTimes[];
	participation: OfficerParticipation[];
	sources: OfficerSources[];
	foreign: { presses: DevicePress[]; bindings: Binding[] };
	counts: Map<number, OfficerCounts[]>;
	calendar: WorkCalendar;
};

/** Every flag for a unit subtree over [from, to), the low-score rule of fairness.ts included. */
export async function computeFlags(scope: string[] | null, period: Period): Promise<Flag[]> {
	const [noService, bursts, foreign, totals, calendar] = await Promise.all([
		noServicePresses(scope, period),
		burstCandidates(scope, period),
		foreignPresses(scope, period),
		officerTotals(scope, period),
		loadCalendar(database)
	]);
	const [shifts, times] = await Promise.all([
		shiftsFor([...new Set([...noService, ...bursts].map((p) => p.counterId))], period),
		officerTimes(scope, period, totals, holidaysOf(calendar))
	]);
	return flagsFrom({
		noService,
		bursts,
		shifts,
		times,
		participation: officerParticipation(totals),
		sources: officerSources(totals),
		foreign,
		counts: unitOfficerCounts(totals),
		calendar
	});
}

export const holidaysOf = (calendar: WorkCalendar) => [...calendar].filter(([, kind]) => kind === 'holiday').map(([day]) => day);

/** The detectors over their inputs (pure). */
export function flagsFrom(i: FlagInputs): Flag[] {
	const low: Flag[] = [];
	for (const officers of i.counts.values()) {
		for (const f of lowScoreFlags(officers)) {
			low.push({
				kind: 'low_score',
				subject: { type: 'officer', id: f.officerId },
				officerId: f.officerId,
				counterId: null,
				deviceId: null,
				evidence: { ratings: f.ratings, satisfiedRate: f.rate, peerRate: f.peerRate, margin: f.margin * 100, confidence: f.confidence },
				examples: []
			});
		}
	}
	return [
		...noServiceFlags(i.noService, i.shifts),
		...burstFlags(i.bursts, i.shifts),
		...outOfHoursFlags(i.times, i.calendar),
		...perfectFlags(i.participation),
		...deviceVsQrFlags(i.sources),
		...foreignDeviceFlags(i.foreign.presses, i.foreign.bindings),
		...low
	];
}

/** The period's label in flag ids: local dates, `to` inclusive (the last day shown). */
export function periodLabel(period: Period): { from: string; to: string } {
	return { from: localDate(period.from), to: localDate(new Date(period.to.getTime() - 1)) };
}

export type Acknowledgement = { flagId: string; at: string; by: string; note: string };

export const ACK_ACTION = 'flag.acknowledge';

/**
 * Acknowledgements live in the append-only audit log (action flag.acknowledge, target
 * flag:<id>), so each one is audited by construction and none can be edited away. They are
 * read back by kind:subject, so an acknowledgement made over one period still shows (with its
 * period) when the reader picks another.
 */
export async function acknowledgementsFor(flags: Pick<Flag, 'kind' | 'subject' | 'deviceId'>[]): Promise<Map<string, Acknowledgement[]>> {
	const keys = [...new Set(flags.map(flagSubjectKey))];
	const out = new Map<string, Acknowledgement[]>();
	if (keys.length === 0) return out;
	// detail is jsonb: an object from PGlite, a JSON text from postgres.js
	const rows = await database.rows<{ target_id: string; at: DbTime; detail: string | { note?: unknown } | null; by: string }>(sql`
		select a.target_id, a.at, a.detail, coalesce(u.display_name, '') as by
		from audit_log a left join users u on u.id = a.actor_user_id
		where a.action = ${ACK_ACTION} and a.target_type = 'flag'
			and split_part(a.target_id, ':', 1) || ':' || split_part(a.target_id, ':', 2) in ${keys}
		order by a.at desc, a.id desc`);
	for (const r of rows) {
		const id = r.target_id;
		const key = id.split(':').slice(0, 2).join(':');
		const detail = (typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail) as { note?: unknown } | null;
		const list = out.get(key) ?? [];
		list.push({ flagId: id, at: iso(r.at), by: r.by, note: String(detail?.note ?? '') });
		out.set(key, list);
	}
	return out;
}

export async function acknowledgeFlag(actor: AuditActor, flag: Flag, period: Period, note: string): Promise<void> {
	const id = flagId(flag, periodLabel(period));
	await audit(actor, ACK_ACTION, { type: 'flag', id }, { note, kind: flag.kind, evidence: flag.evidence });
}
