/**
 * Day-by-day simulation of the desks: who staffs which counter, citizens arriving, dossiers
 * received, handled and returned, services opened and closed at the counters, and the ratings
 * pressed in them (plus the planted anomalies). Rows go to the buffer as they are made; only
 * the return appointments of open dossiers are kept between days.
 *
 * Each counter serves one citizen at a time: a day's services at a counter never overlap, and
 * a return appointment made days ahead is a fixed slot the day's receptions flow around.
 */
import { slipDeadlineDay } from '../dossiers/apology';
import type { NotCountedReason, RatingSource, ReasonCode } from '../db/schema';
import {
	addDays,
	addWorkingDays,
	addWorkingDaysToDate,
	dayOfWeek,
	isWorkingDay,
	localDate,
	localTime,
	nextWorkingDay,
	type WorkCalendar
} from '../calendar/working-days';
import { PROVINCE } from './catalogue';
import {
	boundDevices,
	unitOn,
	type CounterRec,
	type DeviceRec,
	type OfficerRec,
	type ProcRec,
	type ProvinceModel,
	type ScaleRec
} from './province';
import type { Random } from './random';
import { demoAnswers } from './answers';
import { T } from './tables';
import {
	APOLOGY_NOTE,
	COMMENTS,
	COMPLAINT_NOTES,
	LATE_EXPLANATIONS,
	REASON_WEIGHTS
} from './texts';
import type { Cell, RowBuffer } from './writer';
import { VIETNAM_UTC_OFFSET_MS } from '../rules';

const MIN = 60_000;
const SEC = 1000;
/** Office hours in minutes after local midnight. */
const MORNING = [7 * 60 + 30, 11 * 60 + 30] as const;
const AFTERNOON = [13 * 60 + 30, 17 * 60] as const;
const PRESENCE = 0.92;
const MAX_COMPLAINTS = 40;

export interface ActivityOptions {
	model: ProvinceModel;
	cal: WorkCalendar;
	start: Date;
	end: Date;
	rng: Random;
	buffer: RowBuffer;
	nextId: (table: string) => number;
	/** The inspector account complaints are assigned to, when accounts exist. */
	inspectorUserId: number | null;
	/** Called after each simulated day (for flushing and progress). */
	afterDay: (day: string) => Promise<void>;
}

interface Slot {
	open: number;
	close: number;
}

interface Appointment extends Slot {
	dossierId: number;
	officer: OfficerRec;
}

interface ServiceRec extends Slot {
	id: number;
	dossierId: number;
	counter: CounterRec;
	officer: OfficerRec;
	unitId: number;
	stage: 'receiving' | 'returning';
}

interface Press {
	at: number;
	source: RatingSource;
	device: DeviceRec | null;
	scale: ScaleRec;
	level: number;
	counter: CounterRec;
	service: ServiceRec | null;
	notCounted: NotCountedReason | null;
	reasons: ReasonCode[] | null;
	comment: string | null;
	contactId: number | null;
}

interface NewDossier {
	counter: CounterRec;
	proc: ProcRec;
	channel: 'counter' | 'online' | 'postal';
	receivedAt: number;
	receivingOfficer: OfficerRec | null;
}

export class DeskSimulation {
	private readonly o: ActivityOptions;
	private readonly rng: Random;
	private readonly startMs: number;
	private readonly endMs: number;
	private readonly firstDay: string;
	private readonly lastDay: string;
	/** Working day → counter id → the officer at it. */
	private readonly rosters = new Map<string, Map<number, OfficerRec>>();
	/** "day|counter" → return appointments booked there. */
	private readonly appointments = new Map<string, Appointment[]>();
	/** "day|counter" pairs already laid out (no more bookings). */
	private readonly closedDesks = new Set<string>();
	/** The counter being laid out today and how far its queue has got. */
	private cursor: { key: string; at: number } | null = null;
	private readonly dossierSeq = new Map<string, number>();
	private readonly noticeSeq = new Map<number, number>();
	private readonly deviceState = new Map<DeviceRec, { boot: number; seq: number }>();
	private readonly devicesCache = new Map<string, DeviceRec[]>();
	private presses: Press[] = [];
	private complaints = 0;

	constructor(o: ActivityOptions) {
		this.o = o;
		this.rng = o.rng;
		this.startMs = o.start.getTime();
		this.endMs = o.end.getTime();
		this.firstDay = localDate(o.start);
		this.lastDay = localDate(new Date(this.endMs - 1));
		for (const d of o.model.devices) this.deviceState.set(d, { boot: d.firstBoot, seq: 0 });
		this.buildRosters(o.rng.fork('roster'));
	}

	async run(): Promise<void> {
		for (let day = this.firstDay; day <= this.lastDay; day = addDays(day, 1)) {
			this.simulateDay(day);
			await this.o.afterDay(day);
		}
	}

	// ---- staffing -------------------------------------------------------------------------

	private buildRosters(rng: Random): void {
		const { model, cal } = this.o;
		let dayIndex = 0;
		for (let day = this.firstDay; day <= this.lastDay; day = addDays(day, 1)) {
			if (!isWorkingDay(day, cal)) continue;
			const roster = new Map<number, OfficerRec>();
			for (const unit of model.serviceUnits) {
				const staff = model.officers.filter((x) => unitOn(x, day) === unit);
				const primaries = new Set(unit.counters.map((c) => c.primary));
				const relief = staff.filter((x) => !primaries.has(x));
				let r = dayIndex;
				for (const c of unit.counters) {
					const p = c.primary;
					if (p && unitOn(p, day) === unit && rng.chance(PRESENCE)) {
						roster.set(c.id, p);
					} else if (relief.length > 0 && r < dayIndex + relief.length) {
						roster.set(c.id, relief[r++ % relief.length]);
					}
				}
			}
			this.rosters.set(day, roster);
			dayIndex++;
		}
	}

	private officerAt(day: string, counter: CounterRec): OfficerRec | null {
		return this.rosters.get(day)?.get(counter.id) ?? null;
	}

	/** The first working day on or after `day`, within the window. */
	private workingOnOrAfter(day: string): string | null {
		let d = day;
		while (d <= this.lastDay && !isWorkingDay(d, this.o.cal)) d = addDays(d, 1);
		return d <= this.lastDay ? d : null;
	}

	// ---- one day --------------------------------------------------------------------------

	private simulateDay(day: string): void {
		const { model, cal } = this.o;
		const working = isWorkingDay(day, cal);
		this.presses = [];
		if (working) this.rebootBoxes(day);
		for (const unit of model.serviceUnits) this.remoteDossiers(day, unit.counters, working);
		if (working) {
			for (const counter of model.counters) {
				const officer = this.officerAt(day, counter);
				if (officer) this.runDesk(day, counter, officer);
			}
		}
		this.emitPresses();
	}

	private rebootBoxes(day: string): void {
		for (const [device, state] of this.deviceState) {
			if (device.rebootDays.has(day)) {
				state.boot++;
				state.seq = 0;
			}
		}
	}

	/** Online and postal dossiers: received without a counter visit. */
	private remoteDossiers(day: string, counters: CounterRec[], working: boolean): void {
		const rng = this.rng;
		for (const counter of counters) {
			const online = counter.procs.filter((p) => p.spec.onlineLevel > 0);
			const onlineCount = Math.round(
				counter.volume * 0.15 * (working ? 1 : 0.3) * rng.real(0.6, 1.4)
			);
			for (let i = 0; i < onlineCount && online.length > 0; i++) {
				const proc = rng.weighted(
					online,
					online.map((p) => p.spec.weight)
				);
				const at =
					working && rng.chance(0.7)
						? this.at(day, rng.real(7 * 60, 17 * 60 + 30))
						: this.at(day, rng.real(6 * 60, 23 * 60));
				this.remoteDossier(
					{ counter, proc, channel: 'online', receivedAt: at, receivingOfficer: null },
					day
				);
			}
			if (!working) continue;
			const postal = Math.round(counter.volume * 0.04 * rng.real(0.5, 1.5));
			for (let i = 0; i < postal; i++) {
				const proc = rng.weighted(counter.procs, counter.procWeights);
				this.remoteDossier(
					{
						counter,
						proc,
						channel: 'postal',
						receivedAt: this.at(day, rng.real(8 * 60, 16 * 60)),
						receivingOfficer: null
					},
					day
				);
			}
		}
	}

	private remoteDossier(d: NewDossier, day: string): void {
		if (d.receivedAt < this.startMs || d.receivedAt >= this.endMs) return;
		const handlingDay = this.workingOnOrAfter(day);
		d.receivingOfficer = handlingDay ? this.officerAt(handlingDay, d.counter) : null;
		this.createDossier(d);
	}

	/** A staffed counter's day: receptions in arrival order around the booked return slots. */
	private runDesk(day: string, counter: CounterRec, officer: OfficerRec): void {
		const rng = this.rng;
		const key = `${day}|${counter.id}`;
		const booked = this.appointments.get(key) ?? [];
		this.appointments.set(key, booked);
		const served: Slot[] = [];
		this.cursor = { key, at: this.at(day, MORNING[0]) + rng.int(0, 120) * SEC };
		for (const arrival of this.arrivals(day, counter)) {
			const dur = rng.real(3, 10) * MIN;
			const open = this.fit(day, Math.max(arrival, this.cursor.at + this.gap()), dur, booked);
			if (open === null) continue;
			const close = Math.round(open + dur);
			this.cursor.at = close;
			if (close >= this.endMs || open < this.startMs) continue;
			served.push({ open, close });
			this.receiveAtCounter(day, counter, officer, open, close);
		}
		if (officer === this.o.model.planted.outOfHours && this.rng.chance(0.4)) {
			served.push(...this.afterHoursServices(day, counter, officer));
		}
		this.cursor = null;
		this.closedDesks.add(key);
		for (const a of booked.sort((x, y) => x.open - y.open)) {
			if (a.close >= this.endMs) continue;
			served.push(a);
			const service = this.service(a.dossierId, counter, a.officer, 'returning', a, day);
			this.rate(service, day);
		}
		this.appointments.delete(key);
		if (officer === this.o.model.planted.noService)
			this.pressesWithoutService(day, counter, served);
		this.shift(day, counter, officer, served);
	}

	/** Sorted arrival times of the day's citizens at a counter: mornings busier. */
	private arrivals(day: string, counter: CounterRec): number[] {
		const rng = this.rng;
		const dow = dayOfWeek(day);
		const weekday = [0.7, 1.15, 1.05, 1, 1, 0.9, 0.7][dow];
		const n = Math.round(counter.volume * weekday * rng.real(0.8, 1.2));
		const times: number[] = [];
		for (let i = 0; i < n; i++) {
			const [from, to] = rng.chance(0.62)
				? [MORNING[0], MORNING[1] - 10]
				: [AFTERNOON[0], AFTERNOON[1] - 10];
			times.push(this.at(day, rng.real(from, to)));
		}
		return times.sort((a, b) => a - b);
	}

	private gap(): number {
		return this.rng.int(10, 75) * SEC;
	}

	/**
	 * The earliest start ≥ t for a service of `dur` inside office hours that keeps clear of the
	 * booked slots, or null when the day is full.
	 */
	private fit(day: string, t: number, dur: number, booked: Slot[]): number | null {
		const [m0, m1, a0, a1] = [MORNING[0], MORNING[1], AFTERNOON[0], AFTERNOON[1]].map((m) =>
			this.at(day, m)
		);
		let s = t;
		for (;;) {
			if (s < m0) s = m0;
			if (s < a0 && s + dur > m1) s = a0;
			if (s + dur > a1) return null;
			const clash = booked.find((b) => s < b.close + 5 * SEC && s + dur + 5 * SEC > b.open);
			if (!clash) return Math.round(s);
			s = clash.close + this.gap();
		}
	}

	private receiveAtCounter(
		day: string,
		counter: CounterRec,
		officer: OfficerRec,
		open: number,
		close: number
	): ServiceRec {
		const proc = this.rng.weighted(counter.procs, counter.procWeights);
		const dossierId = this.createDossier({
			counter,
			proc,
			channel: 'counter',
			receivedAt: close,
			receivingOfficer: officer
		});
		const service = this.service(dossierId, counter, officer, 'receiving', { open, close }, day);
		this.rate(service, day);
		return service;
	}

	/** The planted late-evening services of one officer, each rated at the top. */
	private afterHoursServices(day: string, counter: CounterRec, officer: OfficerRec): Slot[] {
		const rng = this.rng;
		const slots: Slot[] = [];
		let t = this.at(day, 17 * 60 + 40) + rng.int(0, 30) * MIN;
		for (let i = rng.int(2, 4); i > 0; i--) {
			const open = t;
			const close = open + rng.int(3, 8) * MIN;
			if (close >= this.endMs) break;
			const proc = rng.weighted(counter.procs, counter.procWeights);
			const dossierId = this.createDossier({
				counter,
				proc,
				channel: 'counter',
				receivedAt: close,
				receivingOfficer: officer
			});
			const service = this.service(dossierId, counter, officer, 'receiving', { open, close }, day);
			this.rate(service, day, { always: true, level: 1 });
			slots.push({ open, close });
			t = close + rng.int(5, 25) * MIN;
		}
		return slots;
	}

	// ---- dossiers -------------------------------------------------------------------------

	private createDossier(d: NewDossier): number {
		const rng = this.rng;
		const { model, cal } = this.o;
		const id = this.o.nextId('dossiers');
		const unit = d.counter.unit;
		const days = d.proc.spec.days;
		const due = addWorkingDays(new Date(d.receivedAt), days, cal).getTime();
		const receivedDay = localDate(new Date(d.receivedAt));
		let status: string;
		let completed: number | null = null;
		let returned: number | null = null;
		let returning: OfficerRec | null = null;
		let late = false;
		const fate = rng.next();
		if (fate < 0.003) status = 'withdrawn';
		else if (fate < 0.008) status = 'rejected';
		else {
			late = days >= 1 && rng.chance(unit.spec!.lateRate);
			completed = this.completion(d.receivedAt, receivedDay, days, due, late);
			if (completed >= this.endMs) {
				completed = null;
				status = receivedDay === this.lastDay ? 'received' : 'in_progress';
			} else {
				const ret = this.planReturn(d, id, completed);
				returned = ret?.at ?? null;
				returning = ret?.officer ?? null;
				status = returned === null ? 'ready' : 'returned';
			}
		}
		const visits = rng.chance(0.85)
			? rng.weighted([0, 1, 2], late ? [0.6, 0.3, 0.1] : [0.88, 0.09, 0.03])
			: null;
		const agencies = rng.chance(0.85)
			? d.proc.spec.mode === 'inter_linked'
				? rng.int(2, 3)
				: 1
			: null;
		const notices = late ? this.lateNotices(id, unit.id, unit.spec!.abbr, due, completed) : [];
		const updated = Math.max(d.receivedAt, completed ?? 0, returned ?? 0, ...notices);
		this.o.buffer.add(T.dossiers, [
			id,
			model.province.id,
			unit.id,
			this.dossierCode(unit.spec!.abbr, d.receivedAt),
			d.proc.id,
			d.channel,
			status,
			new Date(d.receivedAt),
			new Date(due),
			date(completed),
			date(returned),
			d.receivingOfficer?.id ?? null,
			returning?.id ?? null,
			visits,
			agencies,
			new Date(updated)
		]);
		return id;
	}

	private dossierCode(abbr: string, receivedAt: number): string {
		const day = localDate(new Date(receivedAt));
		const key = `${abbr}|${day}`;
		const n = (this.dossierSeq.get(key) ?? 0) + 1;
		this.dossierSeq.set(key, n);
		return `${PROVINCE.dossierPrefix}.${abbr}-${day.slice(2).replace(/-/g, '')}-${String(n).padStart(4, '0')}`;
	}

	/** When the result is ready: mostly early, some on the due day, `late` ones days after. */
	private completion(
		received: number,
		receivedDay: string,
		days: number,
		due: number,
		late: boolean
	): number {
		const rng = this.rng;
		const cal = this.o.cal;
		const dueDay = localDate(new Date(due));
		const sameDay = () =>
			Math.min(
				due,
				Math.max(
					received + MIN,
					Math.min(received + rng.int(20, 180) * MIN, this.at(receivedDay, 16 * 60 + 55))
				)
			);
		if (late)
			return this.at(
				addWorkingDaysToDate(dueDay, rng.int(1, 6), cal),
				rng.real(8 * 60, 16 * 60 + 30)
			);
		if (days === 0) return sameDay();
		if (rng.chance(0.72)) {
			const k = rng.int(0, days - 1);
			const day = addWorkingDaysToDate(receivedDay, k, cal);
			if (day === receivedDay)
				return isWorkingDay(day, cal)
					? sameDay()
					: this.at(nextWorkingDay(day, cal), rng.real(8 * 60, 16 * 60));
			return this.at(day, rng.real(8 * 60, 16 * 60 + 45));
		}
		return Math.max(received + MIN, this.at(dueDay, rng.real(8 * 60, 16 * 60 + 55)));
	}

	/** How and when the result goes back: at the counter (a booked slot), online, or by post. */
	private planReturn(
		d: NewDossier,
		dossierId: number,
		completed: number
	): { at: number; officer: OfficerRec | null } | null {
		const rng = this.rng;
		const cal = this.o.cal;
		const completedDay = localDate(new Date(completed));
		const electronic = d.channel === 'online' && rng.chance(0.55);
		if (electronic) {
			const at = completed + rng.int(2, 40) * MIN;
			return at < this.endMs ? { at, officer: d.receivingOfficer } : null;
		}
		if (d.channel === 'postal') {
			const at = this.at(
				addWorkingDaysToDate(completedDay, rng.int(1, 3), cal),
				rng.real(9 * 60, 16 * 60)
			);
			return at < this.endMs ? { at, officer: d.receivingOfficer } : null;
		}
		let delay = rng.weighted([0, 1, 2, rng.int(3, 8)], [0.4, 0.25, 0.15, 0.2]);
		if (
			delay === 0 &&
			(!isWorkingDay(completedDay, cal) || completed > this.at(completedDay, 16 * 60 + 20))
		)
			delay = 1;
		const firstDay = delay === 0 ? completedDay : addWorkingDaysToDate(completedDay, delay, cal);
		const notBefore = delay === 0 ? completed + rng.int(10, 60) * MIN : null;
		const slot = this.bookReturn(d.counter, dossierId, firstDay, notBefore);
		return slot ? { at: slot.close, officer: slot.officer } : null;
	}

	/** Books a short return slot at the counter on its first staffed day from `fromDay`. */
	private bookReturn(
		counter: CounterRec,
		dossierId: number,
		fromDay: string,
		notBefore: number | null
	): Appointment | null {
		const rng = this.rng;
		let day: string | null = fromDay;
		let earliest = notBefore;
		for (let attempt = 0; attempt < 6 && day; attempt++) {
			day = this.workingOnOrAfter(day);
			if (!day) return null;
			const key = `${day}|${counter.id}`;
			const officer = this.officerAt(day, counter);
			if (officer && !this.closedDesks.has(key)) {
				const booked = this.appointments.get(key) ?? [];
				const dur = rng.real(1.5, 4) * MIN;
				const arrival =
					earliest ??
					this.at(
						day,
						rng.chance(0.6)
							? rng.real(MORNING[0], MORNING[1] - 10)
							: rng.real(AFTERNOON[0], AFTERNOON[1] - 15)
					);
				const queue = this.cursor?.key === key ? this.cursor.at + this.gap() : 0;
				const open = this.fit(day, Math.max(arrival, queue), dur, booked);
				if (open !== null) {
					const slot: Appointment = { open, close: Math.round(open + dur), dossierId, officer };
					if (slot.close >= this.endMs) return null;
					booked.push(slot);
					this.appointments.set(key, booked);
					return slot;
				}
			}
			day = addDays(day, 1);
			earliest = null;
		}
		return null;
	}

	/** Phiếu xin lỗi và hẹn lại ngày trả kết quả and văn bản giải trình for a late dossier; some get neither. */
	private lateNotices(
		dossierId: number,
		unitId: number,
		abbr: string,
		due: number,
		completed: number | null
	): number[] {
		const rng = this.rng;
		const cal = this.o.cal;
		const r = rng.next();
		if (r >= 0.7) return [];
		const dueDay = localDate(new Date(due));
		const issued: number[] = [];
		// most slips go out in time (the working day before the due day), some on the due day itself: late
		const slipDay = r < 0.5 ? slipDeadlineDay(new Date(due), cal) : dueDay;
		const apology = this.at(slipDay, rng.real(8 * 60, 11 * 60));
		const newDue = completed ?? this.at(addWorkingDaysToDate(dueDay, 5, cal), 17 * 60);
		if (apology < this.endMs) {
			const n = this.nextNotice(unitId);
			this.o.buffer.add(T.dossierLateNotices, [
				this.o.nextId('dossier_late_notices'),
				dossierId,
				'apology',
				`${n}/TXL-${abbr}`,
				new Date(apology),
				localTime(localDate(new Date(newDue)), 17),
				APOLOGY_NOTE,
				new Date(apology)
			]);
			issued.push(apology);
		}
		const explanation = this.at(nextWorkingDay(dueDay, cal), rng.real(8 * 60, 16 * 60));
		if (r < 0.55 && explanation < this.endMs) {
			const n = this.nextNotice(unitId);
			this.o.buffer.add(T.dossierLateNotices, [
				this.o.nextId('dossier_late_notices'),
				dossierId,
				'explanation',
				`${n}/BC-${abbr}`,
				new Date(explanation),
				null,
				rng.pick(LATE_EXPLANATIONS),
				new Date(explanation)
			]);
			issued.push(explanation);
		}
		return issued;
	}

	private nextNotice(unitId: number): number {
		const n = (this.noticeSeq.get(unitId) ?? 0) + 1;
		this.noticeSeq.set(unitId, n);
		return n;
	}

	// ---- services, shifts, ratings ---------------------------------------------------------

	private service(
		dossierId: number,
		counter: CounterRec,
		officer: OfficerRec,
		stage: ServiceRec['stage'],
		slot: Slot,
		day: string
	): ServiceRec {
		const unit = unitOn(officer, day);
		if (!unit) throw new Error(`${officer.staffNumber} has no unit on ${day}`);
		const rec: ServiceRec = {
			id: this.o.nextId('service_events'),
			dossierId,
			counter,
			officer,
			unitId: unit.id,
			stage,
			open: slot.open,
			close: slot.close
		};
		this.o.buffer.add(T.serviceEvents, [
			rec.id,
			dossierId,
			counter.id,
			officer.id,
			unit.id,
			stage,
			new Date(slot.open),
			new Date(slot.close),
			'counter'
		]);
		return rec;
	}

	private shift(day: string, counter: CounterRec, officer: OfficerRec, served: Slot[]): void {
		const rng = this.rng;
		const started = this.at(day, 7 * 60 + 20) + rng.int(0, 9 * 60) * SEC;
		if (started >= this.endMs) return;
		const lastClose = served.reduce((m, s) => Math.max(m, s.close), 0);
		const ended = Math.max(this.at(day, 17 * 60) + rng.int(0, 8 * 60) * SEC, lastClose + 2 * MIN);
		const firstOpen = served.reduce((m, s) => Math.min(m, s.open), Infinity);
		this.o.buffer.add(T.counterShifts, [
			this.o.nextId('counter_shifts'),
			counter.id,
			officer.id,
			new Date(Math.min(started, firstOpen)),
			ended >= this.endMs ? null : new Date(ended)
		]);
	}

	private scaleOn(day: string): ScaleRec {
		const s = this.o.model.scales;
		return day < s.switchDay ? s.v1 : s.v2;
	}

	private devicesAt(day: string, counter: CounterRec): DeviceRec[] {
		const key = `${day}|${counter.id}`;
		let found = this.devicesCache.get(key);
		if (!found) {
			found = boundDevices(this.o.model.devices, counter, this.at(day, MORNING[0]));
			this.devicesCache.set(key, found);
		}
		return found;
	}

	/** Whether the citizen rates this service, on what, and how. */
	private rate(service: ServiceRec, day: string, force?: { always: true; level: number }): void {
		const rng = this.rng;
		const profile = service.officer.profile;
		if (!force && !rng.chance(profile.participation)) return;
		const devices = this.devicesAt(day, service.counter);
		const qr = devices.length === 0 || (!force && rng.chance(profile.qrShare));
		let device: DeviceRec | null = null;
		if (!qr) {
			const box = devices.find((d) => d.kind === 'button_box');
			const tablet = devices.find((d) => d.kind === 'tablet');
			device = box && tablet ? (rng.chance(0.55) ? box : tablet) : (box ?? tablet)!;
			device = this.maybeForeign(service.counter, day, device);
		}
		const scale = this.scaleOn(day);
		const level = force?.level ?? this.drawLevel(scale, profile, qr);
		const dur = service.close - service.open;
		const at = service.close - Math.min(dur - SEC, (qr ? rng.real(0, 20) : rng.real(3, 40)) * SEC);
		const press = this.press(
			at,
			qr ? 'qr' : sourceOf(device!),
			device,
			scale,
			level,
			service,
			null
		);
		this.explain(press, profile.role === 'poor');
		this.presses.push(press);
		// A citizen (or a child) pressing again: stored, not counted.
		if (device && rng.chance(0.012)) {
			this.presses.push(
				this.press(
					at + rng.real(1, 4) * SEC,
					sourceOf(device),
					device,
					scale,
					level,
					service,
					'repeat_press'
				)
			);
		}
	}

	private maybeForeign(counter: CounterRec, day: string, device: DeviceRec): DeviceRec {
		const p = this.o.model.planted;
		if (counter !== p.foreignCounter || day < p.foreignFromDay || day > p.foreignToDay)
			return device;
		return this.rng.chance(0.6) ? p.foreignDevice : device;
	}

	private drawLevel(
		scale: ScaleRec,
		profile: ProvinceModel['officers'][number]['profile'],
		qr: boolean
	): number {
		const rng = this.rng;
		if (profile.role === 'perfect') return 1;
		const satisfied = profile.role === 'deviceVsQr' && qr ? profile.qrSatisfied : profile.satisfied;
		const topShare = profile.role === 'deviceVsQr' && !qr ? 0.85 : 0.62;
		if (rng.chance(satisfied)) return rng.chance(topShare) ? 1 : 2;
		if (scale.levels.length === 3) return 3;
		return rng.chance(0.55) ? 3 : 4;
	}

	private press(
		at: number,
		source: RatingSource,
		device: DeviceRec | null,
		scale: ScaleRec,
		level: number,
		service: ServiceRec | null,
		notCounted: NotCountedReason | null,
		counter: CounterRec | null = null
	): Press {
		return {
			at: Math.round(at),
			source,
			device,
			scale,
			level,
			counter: service?.counter ?? counter!,
			service,
			notCounted,
			reasons: null,
			comment: null,
			contactId: null
		};
	}

	/** Reasons, a comment and sometimes a phone number for a rating below satisfied. */
	private explain(press: Press, poor: boolean): void {
		const rng = this.rng;
		const cls = press.scale.levels.find((l) => l.level === press.level)!.cls;
		if (cls === 'satisfied') return;
		const dissatisfied = cls === 'dissatisfied';
		if (!rng.chance(dissatisfied ? 0.75 : 0.25)) return;
		const codes = Object.keys(REASON_WEIGHTS) as ReasonCode[];
		const weights = codes.map((c) => REASON_WEIGHTS[c] * (poor && c === 'attitude' ? 2.5 : 1));
		const first = rng.weighted(codes, weights);
		const second = dissatisfied && rng.chance(0.25) ? rng.weighted(codes, weights) : first;
		press.reasons = second === first ? [first] : [first, second];
		if (rng.chance(dissatisfied ? 0.55 : 0.1)) press.comment = rng.pick(COMMENTS[first]);
		const serious = press.reasons.some(
			(r) => r === 'harassment' || r === 'extra_papers' || r === 'attitude'
		);
		if (dissatisfied && serious && rng.chance(0.35)) press.contactId = this.contact(press.at);
	}

	private contact(at: number): number {
		const rng = this.rng;
		const id = this.o.nextId('citizen_contacts');
		const phone =
			rng.pick(['0912', '0913', '0903', '0987']) + String(rng.int(0, 999_999)).padStart(6, '0');
		const erasedAt = rng.chance(0.05) ? at + rng.int(10, 40) * 86_400_000 : null;
		const erased = erasedAt !== null && erasedAt < this.endMs;
		this.o.buffer.add(T.citizenContacts, [
			id,
			erased ? null : phone,
			'v1',
			new Date(at),
			erased ? new Date(erasedAt) : null,
			erased ? 'Công dân yêu cầu xóa số điện thoại' : null
		]);
		return id;
	}

	/** The planted box: bursts of presses seconds apart while no service is open at the counter. */
	private pressesWithoutService(day: string, counter: CounterRec, served: Slot[]): void {
		const rng = this.rng;
		const box = this.devicesAt(day, counter).find((d) => d.kind === 'button_box');
		if (!box || !rng.chance(0.5)) return;
		const sorted = [...served].sort((a, b) => a.open - b.open);
		const gaps: Slot[] = [];
		for (let i = 1; i < sorted.length; i++) {
			const g = { open: sorted[i - 1].close, close: sorted[i].open };
			const sameSession =
				localMinutesOf(g.open) >= MORNING[0] &&
				(localMinutesOf(g.close) <= MORNING[1] || localMinutesOf(g.open) >= AFTERNOON[0]);
			if (g.close - g.open >= 150 * SEC && sameSession && g.close <= this.at(day, AFTERNOON[1]))
				gaps.push(g);
		}
		const scale = this.scaleOn(day);
		for (let b = rng.int(1, 2); b > 0 && gaps.length > 0; b--) {
			const gap = gaps.splice(rng.int(0, gaps.length - 1), 1)[0];
			let at = gap.open + rng.int(20, 60) * SEC;
			for (let i = rng.int(4, 8); i > 0 && at < gap.close - 10 * SEC; i--) {
				this.presses.push(this.press(at, 'button_box', box, scale, 1, null, 'no_service', counter));
				at += rng.real(0.4, 2.5) * SEC;
			}
		}
	}

	/** Writes the day's presses in time order, numbering box presses as the boxes would. */
	private emitPresses(): void {
		const rng = this.rng;
		const presses = this.presses.sort((a, b) => a.at - b.at);
		for (const p of presses) {
			const id = this.o.nextId('ratings');
			const key = this.idempotencyKey(p);
			const s = p.service;
			const arrived = p.at + rng.int(150, p.source === 'qr' ? 3000 : 1800);
			this.o.buffer.add(T.ratings, [
				id,
				key,
				p.scale.id,
				p.level,
				p.source,
				new Date(p.at),
				new Date(arrived),
				p.device?.id ?? null,
				s?.id ?? null,
				p.counter.id,
				s?.officer.id ?? null,
				s?.unitId ?? null,
				s?.dossierId ?? null,
				s?.stage ?? null,
				p.reasons,
				p.comment,
				p.contactId,
				p.notCounted === null,
				p.notCounted,
				p.source === 'tablet' && s && p.notCounted === null
					? json(demoAnswers(id, p.level, p.scale.levels.length, s.stage))
					: null
			] satisfies Cell[]);
			if (
				s &&
				p.notCounted === null &&
				p.reasons?.some((r) => r === 'harassment' || r === 'extra_papers')
			)
				this.maybeComplaint(id, p, s);
		}
		this.presses = [];
	}

	private idempotencyKey(p: Press): string {
		if (p.source === 'button_box' && p.device) {
			const state = this.deviceState.get(p.device)!;
			state.seq++;
			return `box:${p.device.uid}:${state.boot}:${state.seq}`;
		}
		return `${p.source === 'qr' ? 'qr' : 'tab'}:${this.rng.uuid()}`;
	}

	// ---- complaints -----------------------------------------------------------------------

	private maybeComplaint(ratingId: number, p: Press, s: ServiceRec): void {
		const rng = this.rng;
		if (this.complaints >= MAX_COMPLAINTS || !rng.chance(0.12)) return;
		this.complaints++;
		const cal = this.o.cal;
		const id = this.o.nextId('complaints');
		const received = p.at + rng.int(2, 30) * MIN;
		const due = addWorkingDays(new Date(received), 10, cal).getTime();
		const inspector = this.o.inspectorUserId;
		const { steps, status } = this.complaintSteps(received, due, p.contactId !== null);
		const last = steps[steps.length - 1];
		const outcome =
			status === 'resolved'
				? rng.weighted(['upheld', 'partly_upheld', 'not_upheld'] as const, [0.3, 0.3, 0.4])
				: null;
		const assigned = steps.some((x) => x.kind === 'assigned');
		const year = localDate(new Date(received)).slice(0, 4);
		this.o.buffer.add(T.complaints, [
			id,
			`PA-${year}-${String(id).padStart(6, '0')}`,
			s.unitId,
			s.officer.id,
			s.dossierId,
			ratingId,
			p.source === 'qr' ? 'qr' : 'rating',
			p.reasons,
			p.comment ?? 'Phản ánh qua đánh giá không hài lòng tại quầy.',
			p.contactId,
			status,
			outcome,
			assigned ? inspector : null,
			new Date(received),
			new Date(due),
			status === 'resolved' || status === 'rejected' ? new Date(last.at) : null
		]);
		for (const step of steps) {
			const note = step.to === 'resolved' ? COMPLAINT_NOTES[outcome!] : step.note;
			this.o.buffer.add(T.complaintEvents, [
				this.o.nextId('complaint_events'),
				id,
				new Date(step.at),
				step.kind === 'created' ? null : inspector,
				step.kind,
				step.from,
				step.to,
				note
			]);
		}
	}

	/** A case's history up to the window end: created, assigned, investigated, called back, closed. */
	private complaintSteps(received: number, due: number, hasContact: boolean) {
		const rng = this.rng;
		const cal = this.o.cal;
		type Step = {
			at: number;
			kind: string;
			from: string | null;
			to: string | null;
			note: string | null;
		};
		const steps: Step[] = [{ at: received, kind: 'created', from: null, to: 'new', note: null }];
		const later = (after: number, days: number) => {
			const day = addWorkingDaysToDate(localDate(new Date(after)), days, cal);
			return Math.max(after + MIN, this.at(day, rng.real(8 * 60, 16 * 60 + 30)));
		};
		// A centre works its cases: one whose deadline passed before today is almost always closed;
		// the open ones are mostly recent (a demo with most cases overdue would show a broken centre).
		const stopAt = due < this.endMs ? rng.weighted([1, 2, 3, 4], [0.02, 0.02, 0.04, 0.92]) : rng.weighted([1, 2, 3, 4], [0.25, 0.25, 0.3, 0.2]);
		let t = later(received, rng.int(0, 2));
		const plan: Omit<Step, 'at'>[] = [
			{ kind: 'assigned', from: 'new', to: 'assigned', note: COMPLAINT_NOTES.assigned },
			{
				kind: 'status_changed',
				from: 'assigned',
				to: 'investigating',
				note: COMPLAINT_NOTES.investigating
			}
		];
		if (hasContact)
			plan.push({ kind: 'call_back', from: null, to: null, note: COMPLAINT_NOTES.callBack });
		const rejected = rng.chance(0.2);
		plan.push({
			kind: 'status_changed',
			from: 'investigating',
			to: rejected ? 'rejected' : 'resolved',
			note: rejected ? COMPLAINT_NOTES.rejected : null
		});
		const wanted = stopAt === 4 ? plan.length : Math.min(stopAt - 1, plan.length);
		for (let i = 0; i < wanted; i++) {
			if (t >= this.endMs) break;
			steps.push({ at: t, ...plan[i] });
			t = later(t, rng.int(1, 4));
		}
		// The status after the last step that changed it.
		let status = 'new';
		for (const s of steps) if (s.to) status = s.to;
		return { steps, status };
	}

	// ---- time -----------------------------------------------------------------------------

	/** The instant `minutes` after local midnight of `day`. */
	private at(day: string, minutes: number): number {
		return Math.round(localTime(day, 0).getTime() + minutes * MIN);
	}
}

function json(value: Record<string, number> | null): string | null {
	return value === null ? null : JSON.stringify(value);
}

function date(ms: number | null): Date | null {
	return ms === null ? null : new Date(ms);
}

function sourceOf(device: DeviceRec): RatingSource {
	return device.kind === 'button_box' ? 'button_box' : 'tablet';
}

function localMinutesOf(ms: number): number {
	return ((ms + VIETNAM_UTC_OFFSET_MS) % 86_400_000) / MIN;
}
