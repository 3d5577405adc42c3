/**
 * The Phiếu xin lỗi và hẹn lại ngày trả kết quả (apology and new appointment slip, the form of
 * Thông tư 01/2018/TT-VPCP) and the rule for sending it (Nghị định 118/2025/NĐ-CP; see the
 * sources' notes for what could not be checked):
 *
 * - a dossier that will be late gets the slip before its due date: issued at the latest on the
 *   working day before the due day (`APOLOGY_RULE.leadWorkingDays` = 1). A slip issued on the due
 *   day, or after, is late. A slip issued on a day off before that working day is on time.
 * - the result may be re-appointed only once: a second slip (a second new appointment) is flagged.
 * - a second slip's timing is measured against the appointment it moves (the first slip's new
 *   date; the dossier's due date when the first slip gave none).
 *
 * Pure, with `slipDeadlineDaySql`, the same deadline written from the same constant in SQL for
 * the late list (a test checks that the two agree).
 */
import { sql, type SQL } from 'drizzle-orm';
import { addDays, isWorkingDay, localDate, type WorkCalendar } from '../calendar';
import type { SourceId } from '../legal/sources';
import { SQL_VIETNAM_OFFSET } from '../rules';

export const APOLOGY_RULE = {
	/** Working days between the slip's day and the due day, at least. */
	leadWorkingDays: 1,
	/** New appointments a dossier may have. */
	maxReappointments: 1,
	/** Where the rule and the form come from (legal/sources.ts). */
	rule: 'nd118Apology' satisfies SourceId,
	form: 'apologySlipForm' satisfies SourceId
} as const;

/** How far back the deadline day is looked for: longer than any break (Tết is 9 days). */
const LOOK_BACK_DAYS = 60;

/** The last Vietnam date (YYYY-MM-DD) a slip may be issued on for an appointment due at `dueAt`. */
export function slipDeadlineDay(dueAt: Date, cal: WorkCalendar, lead: number = APOLOGY_RULE.leadWorkingDays): string {
	let day = localDate(dueAt);
	for (let found = 0, back = 0; found < lead; ) {
		if (++back > LOOK_BACK_DAYS) throw new RangeError(`no working day within ${LOOK_BACK_DAYS} days before ${localDate(dueAt)}: check the holiday calendar`);
		day = addDays(day, -1);
		if (isWorkingDay(day, cal)) found++;
	}
	return day;
}

export function slipOnTime(appointmentDueAt: Date, issuedAt: Date, cal: WorkCalendar): boolean {
	return localDate(issuedAt) <= slipDeadlineDay(appointmentDueAt, cal);
}

export type ApologyStatus = 'on_time' | 'late' | 'none';

/** The dossier's first slip against its due date. */
export function apologyStatus(dueAt: Date, firstSlipAt: Date | null, cal: WorkCalendar): ApologyStatus {
	if (firstSlipAt === null) return 'none';
	return slipOnTime(dueAt, firstSlipAt, cal) ? 'on_time' : 'late';
}

/** The flag of the late list and the rule of the late-dossier cases: no slip sent in time. */
export function lateWithoutOnTimeSlip(dueAt: Date, firstSlipAt: Date | null, cal: WorkCalendar): boolean {
	return apologyStatus(dueAt, firstSlipAt, cal) !== 'on_time';
}

export type Slip = { id: number; number: string | null; issuedAt: Date; newDueAt: Date | null };
export type SlipFlag = 'late' | 'repeat';
export type CheckedSlip = Slip & {
	/** 1 for the first new appointment, 2 for a second (not allowed)… */
	reappointment: number;
	/** The appointment this slip moves. */
	replacesDueAt: Date;
	/** The last day it could have been issued on. */
	deadlineDay: string;
	flags: SlipFlag[];
};

/** Every slip of a dossier, in the order issued, with what the rule says of each. */
export function checkSlips(dossierDueAt: Date, slips: readonly Slip[], cal: WorkCalendar): CheckedSlip[] {
	const ordered = [...slips].sort((a, b) => a.issuedAt.getTime() - b.issuedAt.getTime() || a.id - b.id);
	let appointment = dossierDueAt;
	return ordered.map((slip, i) => {
		const deadlineDay = slipDeadlineDay(appointment, cal);
		const flags: SlipFlag[] = [];
		if (localDate(slip.issuedAt) > deadlineDay) flags.push('late');
		if (i >= APOLOGY_RULE.maxReappointments) flags.push('repeat');
		const checked = { ...slip, reappointment: i + 1, replacesDueAt: appointment, deadlineDay, flags };
		appointment = slip.newDueAt ?? appointment;
		return checked;
	});
}

/**
 * `slipDeadlineDay` in SQL: the Vietnam date of the `lead`-th working day before the Vietnam
 * date of `dueAt` (an SQL timestamptz expression), read from calendar_days like the TS calendar
 * (a row decides; otherwise Monday–Friday). NULL when no working day is found within 60 days.
 */
export function slipDeadlineDaySql(dueAt: SQL, lead: number = APOLOGY_RULE.leadWorkingDays): SQL {
	return sql`(select g.d from (select ((((${dueAt}) + ${sql.raw(SQL_VIETNAM_OFFSET)}) at time zone 'UTC')::date - s) as d
		from generate_series(1, ${sql.raw(String(LOOK_BACK_DAYS))}) s) g
		left join calendar_days c on c.day = g.d
		where coalesce(c.kind = 'workday', extract(isodow from g.d) < 6)
		order by g.d desc offset ${sql.raw(String(lead - 1))} limit 1)`;
}

/** The Vietnam date of a timestamptz SQL expression. */
export function vietnamDateSql(at: SQL): SQL {
	return sql`((((${at}) + ${sql.raw(SQL_VIETNAM_OFFSET)}) at time zone 'UTC')::date)`;
}
