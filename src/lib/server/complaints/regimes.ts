/**
 * The regimes a case runs on, and their clocks. Pure: the store asks these functions and writes
 * what they answer.
 *
 * - phản ánh, kiến nghị (`petition`, Nghị định 20/2008/NĐ-CP as amended): one clock from
 *   reception. The public form files a petition.
 * - khiếu nại (`complaint`, Luật Khiếu nại 2011, Điều 27–28): an acceptance clock from reception
 *   (thụ lý), then a resolution clock from the day of acceptance, longer for a complex case and
 *   in a remote area. Only an inspector (or an administrator) classifies a case as a khiếu nại.
 * - internal (`internal`): cases the system or an inspector opens for the unit itself (a late
 *   dossier without an apology slip, a follow-up of suspected rating manipulation). Never a
 *   citizen's petition: every figure about citizens' cases filters with `citizenCaseFilter`.
 *
 * A clock counts working days on the calendar (addWorkingDays: due at 17:00 of the n-th working
 * day after the day it starts) or calendar days (the law says "ngày"): due at 17:00 of the n-th
 * day after the day it starts, moved to the next working day when that day is off (the civil
 * code's rule, LEGAL_SOURCES.civilCodeDeadlines). Each regime's unit is a setting.
 */
import { sql, type SQL } from 'drizzle-orm';
import { addDays, addWorkingDays, END_OF_DAY, isWorkingDay, localDate, localTime, nextWorkingDay, type WorkCalendar } from '../calendar';
import { COMPLAINT_KINDS, type ComplaintKind, type ComplaintStatus } from '../db/schema';
import { cite, type SourceId } from '../legal/sources';

export const DAY_UNITS = ['working', 'calendar'] as const;
export type DayUnit = (typeof DAY_UNITS)[number];
export type Clock = { days: number; unit: DayUnit };

export type RegimeSettings = {
	petition: Clock;
	complaint: {
		acceptDays: number;
		resolveDays: number;
		complexDays: number;
		remoteDays: number;
		remoteComplexDays: number;
		unit: DayUnit;
	};
	internal: Clock;
};

/** The defaults, each from the source named in REGIME_SOURCES. */
export const DEFAULT_REGIMES: RegimeSettings = {
	// no period confirmed in the decree: the product's earlier promise (see nd20Petitions' note)
	petition: { days: 15, unit: 'working' },
	// Luật Khiếu nại 2011: 10 days to accept; 30 / 45 (complex) days to decide; 45 / 60 in remote areas
	complaint: { acceptDays: 10, resolveDays: 30, complexDays: 45, remoteDays: 45, remoteComplexDays: 60, unit: 'calendar' },
	internal: { days: 15, unit: 'working' }
};

export const REGIME_SOURCES: Record<ComplaintKind, SourceId> = {
	petition: 'nd20Petitions',
	complaint: 'complaintsLaw',
	internal: 'internalCases'
};

export { COMPLAINT_KINDS };
/** The kinds a citizen brings: every citizens' figure counts these and only these. */
export const CITIZEN_CASE_KINDS: readonly ComplaintKind[] = ['petition', 'complaint'];

export function isCitizenCase(kind: ComplaintKind): boolean {
	return kind !== 'internal';
}

/**
 * The one SQL condition for "a citizen's case" (phản ánh, kiến nghị or khiếu nại, never an
 * internal case), on the complaints table under `alias`. Rates and counts of citizens'
 * petitions (QĐ 766, TT 01 indicator 8, dashboards) use this rather than a channel list.
 */
export function citizenCaseFilter(alias = 'k'): SQL {
	return sql`${sql.identifier(alias)}.kind <> 'internal'`;
}

/** The deadline of a clock started at `start`. */
export function clockDueAt(start: Date, clock: Clock, cal: WorkCalendar): Date {
	if (clock.unit === 'working') return addWorkingDays(start, clock.days, cal);
	let day = addDays(localDate(start), clock.days);
	if (!isWorkingDay(day, cal)) day = nextWorkingDay(day, cal);
	return localTime(day, END_OF_DAY.hour, END_OF_DAY.minute);
}

/** The resolution clock of a regime (for a khiếu nại: by its complex and remote flags). */
export function resolutionClock(kind: ComplaintKind, flags: { complex: boolean; remote: boolean }, regimes: RegimeSettings): Clock {
	if (kind === 'petition') return regimes.petition;
	if (kind === 'internal') return regimes.internal;
	const c = regimes.complaint;
	const days = flags.remote ? (flags.complex ? c.remoteComplexDays : c.remoteDays) : flags.complex ? c.complexDays : c.resolveDays;
	return { days, unit: c.unit };
}

export type CaseClockInput = { kind: ComplaintKind; receivedAt: Date; acceptedAt: Date | null; complex: boolean; remote: boolean };
export type ClockStage = 'acceptance' | 'resolution';
export type RunningClock = { stage: ClockStage; clock: Clock; from: Date; dueAt: Date; source: SourceId };

/**
 * The clock running now: a khiếu nại not yet accepted runs the acceptance clock from reception;
 * once accepted, the resolution clock from acceptance. Other kinds: one clock from reception.
 */
export function runningClock(c: CaseClockInput, regimes: RegimeSettings, cal: WorkCalendar): RunningClock {
	const source = REGIME_SOURCES[c.kind];
	if (c.kind === 'complaint' && c.acceptedAt === null) {
		const clock = { days: regimes.complaint.acceptDays, unit: regimes.complaint.unit };
		return { stage: 'acceptance', clock, from: c.receivedAt, dueAt: clockDueAt(c.receivedAt, clock, cal), source };
	}
	const from = c.kind === 'complaint' && c.acceptedAt ? c.acceptedAt : c.receivedAt;
	const clock = resolutionClock(c.kind, c, regimes);
	return { stage: 'resolution', clock, from, dueAt: clockDueAt(from, clock, cal), source };
}

// ---- classifying and accepting -------------------------------------------------------------

export type RegimeState = { kind: ComplaintKind; status: ComplaintStatus; acceptedAt: Date | null; complex: boolean; remote: boolean };
export type RegimeRefusal = 'closed' | 'internal_fixed' | 'not_complaint' | 'already_accepted' | 'unchanged';
export type RegimeChange = { kind: ComplaintKind; complex: boolean; remote: boolean; acceptedAt: Date | null };

const isClosed = (s: ComplaintStatus) => s === 'resolved' || s === 'rejected';

/**
 * An inspector re-classifies an open case between phản ánh, kiến nghị and khiếu nại, and sets a
 * khiếu nại's complex / remote flags. Internal cases stay internal, and no case becomes one: an
 * internal case is the unit's own matter, opened as such. Becoming a petition drops the
 * acceptance and the flags (they belong to the khiếu nại regime).
 */
export function decideReclassify(state: RegimeState, wanted: { kind: ComplaintKind; complex: boolean; remote: boolean }): { ok: true; change: RegimeChange } | { ok: false; reason: RegimeRefusal } {
	if (isClosed(state.status)) return { ok: false, reason: 'closed' };
	if (state.kind === 'internal' || wanted.kind === 'internal') return { ok: false, reason: 'internal_fixed' };
	const complaint = wanted.kind === 'complaint';
	const change: RegimeChange = {
		kind: wanted.kind,
		complex: complaint && wanted.complex,
		remote: complaint && wanted.remote,
		acceptedAt: complaint ? state.acceptedAt : null
	};
	if (change.kind === state.kind && change.complex === state.complex && change.remote === state.remote) return { ok: false, reason: 'unchanged' };
	return { ok: true, change };
}

/** Accepting (thụ lý) an open khiếu nại starts its resolution clock; once only. */
export function decideAccept(state: RegimeState, at: Date, receivedAt: Date): { ok: true; acceptedAt: Date } | { ok: false; reason: RegimeRefusal } {
	if (isClosed(state.status)) return { ok: false, reason: 'closed' };
	if (state.kind !== 'complaint') return { ok: false, reason: 'not_complaint' };
	if (state.acceptedAt !== null) return { ok: false, reason: 'already_accepted' };
	return { ok: true, acceptedAt: at.getTime() < receivedAt.getTime() ? receivedAt : at };
}

// ---- what the public form promises ---------------------------------------------------------

export type PublicPromise = {
	petition: Clock;
	complaint: { accept: number; resolve: number; complex: number; unit: DayUnit };
	sources: { petition: string; complaint: string };
};

/** The clocks the public form states, from the settings in force (never a number in the text). */
export function publicPromise(regimes: RegimeSettings): PublicPromise {
	const c = regimes.complaint;
	return {
		petition: regimes.petition,
		complaint: { accept: c.acceptDays, resolve: c.resolveDays, complex: c.complexDays, unit: c.unit },
		sources: { petition: cite(REGIME_SOURCES.petition), complaint: cite(REGIME_SOURCES.complaint) }
	};
}
