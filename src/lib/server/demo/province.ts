/**
 * The demo province in memory: unit tree, centres, counters, procedures, officers with their
 * assignment history, devices with their binding history, rating scales, and which officers
 * and counters carry the planted patterns. Pure: no database.
 */
import type { UnitLevel } from '../db/schema';
import {
	addDays,
	isWorkingDay,
	localDate,
	localTime,
	type WorkCalendar
} from '../calendar/working-days';
import {
	CENTRE,
	COMMUNES,
	DEPARTMENTS,
	FIELDS,
	HISTORICAL_DISTRICT,
	PROCEDURES,
	PROVINCE,
	type FieldCode,
	type ProcedureSpec,
	type UnitSpec
} from './catalogue';
import type { Random } from './random';
import { position, vietnameseName } from './texts';
import { DEMO_LIMITS } from './limits';

export type PlantRole = 'normal' | 'poor' | 'perfect' | 'outOfHours' | 'noService' | 'deviceVsQr';

export interface Profile {
	role: PlantRole;
	/** Probability a rating falls in the satisfied class (device ratings for deviceVsQr). */
	satisfied: number;
	/** deviceVsQr only: the same for QR ratings. */
	qrSatisfied: number;
	participation: number;
	qrShare: number;
}

export interface UnitRec {
	id: number;
	parentId: number | null;
	code: string;
	nameVi: string;
	nameEn: string;
	level: UnitLevel;
	path: string;
	dissolvedAt: Date | null;
	createdAt: Date;
	spec: UnitSpec | null;
	counters: CounterRec[];
	participation: number;
}

export interface ProcRec {
	id: number;
	code: string;
	spec: ProcedureSpec;
	fieldId: number;
}

export interface CounterRec {
	id: number;
	centreId: number;
	centreCode: string;
	code: string;
	nameVi: string;
	nameEn: string;
	unit: UnitRec;
	fields: FieldCode[];
	procs: ProcRec[];
	procWeights: number[];
	/** Mean receptions per working day. */
	volume: number;
	primary: OfficerRec | null;
}

export interface Assignment {
	id: number;
	unit: UnitRec;
	positionVi: string;
	positionEn: string;
	/** First day (local) of the assignment, and the first day after it (null = open). */
	fromDay: string;
	toDay: string | null;
}

export interface OfficerRec {
	id: number;
	staffNumber: string;
	fullName: string;
	createdAt: Date;
	profile: Profile;
	assignments: Assignment[];
}

export interface Binding {
	id: number;
	counter: CounterRec;
	boundAt: Date;
	unboundAt: Date | null;
}

export interface DeviceRec {
	id: number;
	uid: string;
	kind: 'tablet' | 'button_box';
	label: string;
	bindings: Binding[];
	/** Button boxes: boot counter at the window start, and the days it rebooted. */
	firstBoot: number;
	rebootDays: Set<string>;
	createdAt: Date;
}

export interface ScaleRec {
	id: number;
	code: string;
	version: number;
	nameVi: string;
	nameEn: string;
	active: boolean;
	levels: {
		level: number;
		labelVi: string;
		labelEn: string;
		cls: 'satisfied' | 'neutral' | 'dissatisfied';
	}[];
}

export interface Planted {
	poor: OfficerRec[];
	noService: OfficerRec;
	perfect: OfficerRec;
	outOfHours: OfficerRec;
	deviceVsQr: OfficerRec;
	foreignCounter: CounterRec;
	foreignDevice: DeviceRec;
	/** Days on which the foreign device is carried to the counter. */
	foreignFromDay: string;
	foreignToDay: string;
}

export interface ProvinceModel {
	province: UnitRec;
	units: UnitRec[];
	/** Departments and communes that run counters, in catalogue order. */
	serviceUnits: UnitRec[];
	fieldIds: Map<FieldCode, number>;
	procs: ProcRec[];
	centres: {
		id: number;
		unit: UnitRec;
		code: string;
		nameVi: string;
		nameEn: string;
		address: string;
	}[];
	counters: CounterRec[];
	officers: OfficerRec[];
	devices: DeviceRec[];
	scales: { v1: ScaleRec; v2: ScaleRec; switchDay: string };
	planted: Planted;
	/** For the demo accounts. */
	people: { canbo1: OfficerRec; canbo2: OfficerRec; headCommune: UnitRec; headDepartment: UnitRec };
	transfers: { officer: OfficerRec; from: UnitRec; to: UnitRec; day: string }[];
	movedBox: { device: DeviceRec; from: CounterRec; to: CounterRec; day: string } | null;
}

export interface BuildOptions {
	officers: number;
	start: Date;
	end: Date;
	calendar: WorkCalendar;
	/** Next free id per table name. */
	nextId: (table: string) => number;
}

/** Default-size counter counts are scaled by officers / 60, so volume grows with staff. */
const DEFAULT_OFFICERS = 60;
export const MIN_OFFICERS = DEMO_LIMITS.minOfficers;

const STANDARD_V1 = [
	{ level: 1, labelVi: 'Rất hài lòng', labelEn: 'Very satisfied', cls: 'satisfied' as const },
	{ level: 2, labelVi: 'Hài lòng', labelEn: 'Satisfied', cls: 'satisfied' as const },
	{ level: 3, labelVi: 'Không hài lòng', labelEn: 'Dissatisfied', cls: 'dissatisfied' as const }
];
const STANDARD_V2 = [
	{ level: 1, labelVi: 'Rất hài lòng', labelEn: 'Very satisfied', cls: 'satisfied' as const },
	{ level: 2, labelVi: 'Hài lòng', labelEn: 'Satisfied', cls: 'satisfied' as const },
	{ level: 3, labelVi: 'Bình thường', labelEn: 'Neutral', cls: 'neutral' as const },
	{ level: 4, labelVi: 'Không hài lòng', labelEn: 'Dissatisfied', cls: 'dissatisfied' as const }
];

export function buildProvince(rng: Random, o: BuildOptions): ProvinceModel {
	if (o.officers < MIN_OFFICERS)
		throw new Error(`the demo needs at least ${MIN_OFFICERS} officers, got ${o.officers}`);
	const startDay = localDate(o.start);
	const endDay = localDate(new Date(o.end.getTime() - 1));
	const { province, units, serviceUnits, historical } = buildUnits(rng, o, startDay);
	const fieldIds = new Map(FIELDS.map((f) => [f.code, o.nextId('fields')] as const));
	const procs = PROCEDURES.map((spec, i) => ({
		id: o.nextId('procedures'),
		code: `1.${String(1000 + i * 37).padStart(6, '0')}`,
		spec,
		fieldId: fieldIds.get(spec.field)!
	}));
	const { centres, counters } = buildCounters(rng, o, province, serviceUnits, procs);
	const officers = buildOfficers(rng, o, serviceUnits, historical, startDay);
	const planted = plantRoles(rng, serviceUnits);
	const transfers = planTransfers(rng, o, serviceUnits, officers, startDay, endDay);
	const { devices, movedBox } = buildDevices(rng, o, counters, planted, startDay, endDay);
	const foreign = pickForeignDevice(planted.foreignCounter, devices);
	const windowDays = workingDaysIn(startDay, endDay, o.calendar);
	const third = Math.floor(windowDays.length / 3);
	const scales = buildScales(o, startDay);
	const byUnitCode = (code: string) => serviceUnits.find((u) => u.code === code)!;
	const pnt = byUnitCode('KH-PNT');
	const stp = byUnitCode('KH-STP');
	return {
		province,
		units,
		serviceUnits,
		fieldIds,
		procs,
		centres,
		counters,
		officers,
		devices,
		scales,
		planted: {
			...planted,
			foreignDevice: foreign,
			foreignFromDay: windowDays[third] ?? startDay,
			foreignToDay: windowDays[Math.min(windowDays.length - 1, 2 * third)] ?? endDay
		},
		people: {
			canbo1: officers.find((x) => unitOn(x, endDay) === pnt && x.profile.role === 'normal')!,
			canbo2: stp.counters[0].primary!,
			headCommune: pnt,
			headDepartment: stp
		},
		transfers,
		movedBox
	};
}

function unitRec(
	id: number,
	parent: UnitRec | null,
	code: string,
	nameVi: string,
	nameEn: string,
	level: UnitLevel,
	createdAt: Date,
	spec: UnitSpec | null
): UnitRec {
	return {
		id,
		parentId: parent?.id ?? null,
		code,
		nameVi,
		nameEn,
		level,
		path: `${parent?.path ?? '/'}${id}/`,
		dissolvedAt: null,
		createdAt,
		spec,
		counters: [],
		participation: 0.68
	};
}

function buildUnits(rng: Random, o: BuildOptions, startDay: string) {
	const founded = localTime('2016-01-01', 0);
	const province = unitRec(
		o.nextId('units'),
		null,
		PROVINCE.code,
		PROVINCE.nameVi,
		PROVINCE.nameEn,
		'province',
		founded,
		null
	);
	const units: UnitRec[] = [province];
	const serviceUnits: UnitRec[] = [];
	for (const spec of DEPARTMENTS) {
		serviceUnits.push(
			unitRec(
				o.nextId('units'),
				province,
				spec.code,
				spec.nameVi,
				spec.nameEn,
				'department',
				founded,
				spec
			)
		);
	}
	// The post-2025 communes exist from the reform, or from before the window if it starts earlier.
	const reform = HISTORICAL_DISTRICT.dissolvedDay;
	const communeFounded = localTime(startDay < reform ? addDays(startDay, -30) : reform, 0);
	for (const spec of COMMUNES) {
		serviceUnits.push(
			unitRec(
				o.nextId('units'),
				province,
				spec.code,
				spec.nameVi,
				spec.nameEn,
				'commune',
				communeFounded,
				spec
			)
		);
	}
	for (const u of serviceUnits) u.participation = rng.real(0.6, 0.75);
	units.push(...serviceUnits);
	const dissolved = localTime(reform, 0);
	const district = unitRec(
		o.nextId('units'),
		province,
		HISTORICAL_DISTRICT.code,
		HISTORICAL_DISTRICT.nameVi,
		HISTORICAL_DISTRICT.nameEn,
		'district',
		founded,
		null
	);
	district.dissolvedAt = dissolved;
	units.push(district);
	const historical: UnitRec[] = HISTORICAL_DISTRICT.communes.map((c) => {
		const u = unitRec(
			o.nextId('units'),
			district,
			c.code,
			c.nameVi,
			c.nameEn,
			'commune',
			founded,
			null
		);
		u.dissolvedAt = dissolved;
		return u;
	});
	units.push(...historical);
	return { province, units, serviceUnits, historical };
}

/** Counter field sets for a unit with `n` counters: cycled when more, merged (max 3 fields) when fewer. */
function counterFieldSets(spec: UnitSpec, n: number): FieldCode[][] {
	if (n >= spec.counters.length)
		return Array.from({ length: n }, (_, i) => spec.counters[i % spec.counters.length]);
	const sets: FieldCode[][] = Array.from({ length: n }, () => []);
	spec.counters.forEach((set, i) => {
		const target = sets[i % n];
		for (const f of set) if (!target.includes(f) && target.length < 3) target.push(f);
	});
	return sets;
}

function buildCounters(
	rng: Random,
	o: BuildOptions,
	province: UnitRec,
	serviceUnits: UnitRec[],
	procs: ProcRec[]
) {
	const scale = o.officers / DEFAULT_OFFICERS;
	const centres: ProvinceModel['centres'] = [];
	const counters: CounterRec[] = [];
	const provinceCentre = { id: o.nextId('service_centres'), unit: province, ...CENTRE };
	centres.push(provinceCentre);
	let provinceCounterNo = 0;
	for (const unit of serviceUnits) {
		const spec = unit.spec!;
		const commune = spec.kind === 'commune';
		const centre = commune
			? {
					id: o.nextId('service_centres'),
					unit,
					code: `${unit.code}-MC`,
					// Decree 118/2025: the commune-level one-stop desk is the commune's Trung tâm Phục vụ
					// hành chính công (LEGAL_SOURCES.nd118CentreNames)
					nameVi: `Trung tâm Phục vụ hành chính công ${unit.nameVi.charAt(0).toLowerCase()}${unit.nameVi.slice(1)}`,
					nameEn: `${unit.nameEn} Public Administrative Service Centre`,
					address: `Trụ sở UBND ${unit.nameVi}, tỉnh Khánh Hòa`
				}
			: provinceCentre;
		if (commune) centres.push(centre);
		const n = Math.max(1, Math.round(spec.counters.length * scale));
		counterFieldSets(spec, n).forEach((fields, i) => {
			const no = commune ? i + 1 : ++provinceCounterNo;
			const fieldNames = fields.map((f) => FIELDS.find((x) => x.code === f)!);
			const mine = procs.filter(
				(p) => fields.includes(p.spec.field) && p.spec.level === (commune ? 'commune' : 'province')
			);
			const counter: CounterRec = {
				id: o.nextId('counters'),
				centreId: centre.id,
				centreCode: centre.code,
				code: `Q${String(no).padStart(2, '0')}`,
				nameVi: commune
					? `Quầy ${String(no).padStart(2, '0')} – ${fieldNames.map((f) => f.nameVi).join(', ')}`
					: `Quầy ${String(no).padStart(2, '0')} – ${unit.nameVi}`,
				nameEn: commune
					? `Counter ${no} – ${fieldNames.map((f) => f.nameEn).join(', ')}`
					: `Counter ${no} – ${unit.nameEn}`,
				unit,
				fields,
				procs: mine,
				procWeights: mine.map((p) => p.spec.weight),
				volume: rng.int(15, 40),
				primary: null
			};
			unit.counters.push(counter);
			counters.push(counter);
		});
	}
	return { centres, counters };
}

function normalProfile(rng: Random, unit: UnitRec): Profile {
	return {
		role: 'normal',
		satisfied: rng.real(0.87, 0.95),
		qrSatisfied: 0,
		participation: Math.min(0.95, Math.max(0.5, unit.participation + rng.real(-0.04, 0.04))),
		qrShare: rng.real(0.08, 0.14)
	};
}

function buildOfficers(
	rng: Random,
	o: BuildOptions,
	serviceUnits: UnitRec[],
	historical: UnitRec[],
	startDay: string
): OfficerRec[] {
	// Every counter gets a primary officer; the rest go round the units, communes first, as relief staff.
	const seats = new Map(serviceUnits.map((u) => [u, u.counters.length]));
	let spare = o.officers - [...seats.values()].reduce((a, b) => a + b, 0);
	if (spare < 0)
		throw new Error(`${o.officers} officers cannot staff ${o.officers - spare} counters`);
	const order = [
		...serviceUnits.filter((u) => u.level === 'commune'),
		...serviceUnits.filter((u) => u.level !== 'commune')
	];
	for (let i = 0; spare > 0; i++, spare--) {
		const u = order[i % order.length];
		seats.set(u, seats.get(u)! + 1);
	}
	const names = new Set<string>();
	const officers: OfficerRec[] = [];
	const latestHire = Date.parse(addDays(startDay, -90) + 'T00:00:00Z');
	const earliestHire = Date.parse('2010-01-01T00:00:00Z');
	const reform = HISTORICAL_DISTRICT.dissolvedDay;
	let staffNo = 100;
	for (const unit of serviceUnits) {
		for (let i = 0; i < seats.get(unit)!; i++) {
			staffNo += rng.int(1, 9);
			const hireDay = new Date(
				earliestHire +
					Math.floor((rng.next() * (latestHire - earliestHire)) / 86_400_000) * 86_400_000
			)
				.toISOString()
				.slice(0, 10);
			const pos = position(rng, unit.spec!.kind);
			const officer: OfficerRec = {
				id: o.nextId('officers'),
				staffNumber: `KH-${String(staffNo).padStart(6, '0')}`,
				fullName: vietnameseName(rng, names),
				createdAt: localTime(hireDay, 8),
				profile: normalProfile(rng, unit),
				assignments: []
			};
			// Staff of the new Xã Diên Khánh came from the communes merged into it in July 2025.
			if (
				unit.code === HISTORICAL_DISTRICT.successorCode &&
				hireDay < reform &&
				startDay >= reform
			) {
				const old = rng.pick(historical);
				officer.assignments.push({
					id: o.nextId('officer_assignments'),
					unit: old,
					positionVi: pos.vi,
					positionEn: pos.en,
					fromDay: hireDay,
					toDay: reform
				});
				officer.assignments.push({
					id: o.nextId('officer_assignments'),
					unit,
					positionVi: pos.vi,
					positionEn: pos.en,
					fromDay: reform,
					toDay: null
				});
			} else {
				officer.assignments.push({
					id: o.nextId('officer_assignments'),
					unit,
					positionVi: pos.vi,
					positionEn: pos.en,
					fromDay: hireDay,
					toDay: null
				});
			}
			if (i < unit.counters.length) unit.counters[i].primary = officer;
			officers.push(officer);
		}
	}
	return officers;
}

function plantRoles(rng: Random, serviceUnits: UnitRec[]) {
	const used = new Set<CounterRec>();
	const unit = (code: string) => serviceUnits.find((u) => u.code === code)!;
	/** The preferred counter of a unit if still free, else the first free counter anywhere. */
	const take = (code: string, last = false): CounterRec => {
		const own = unit(code).counters.filter((c) => !used.has(c));
		const c =
			(last ? own[own.length - 1] : own[0]) ??
			serviceUnits.flatMap((u) => u.counters).find((x) => !used.has(x) && x.unit.code !== 'KH-STP');
		if (!c) throw new Error('not enough counters to plant the demo patterns');
		used.add(c);
		return c;
	};
	const role = (c: CounterRec, profile: Partial<Profile> & { role: PlantRole }) => {
		const officer = c.primary!;
		Object.assign(officer.profile, profile);
		return officer;
	};
	// Sở Tư pháp's first counter is canbo2's (a clean officer): keep it out of the planting.
	used.add(unit('KH-STP').counters[0]);
	const poorLevels = [0.58, 0.64, 0.69];
	const poor = ['KH-PNT', 'KH-SNNMT', 'KH-PNH'].map((code, i) =>
		role(take(code), { role: 'poor', satisfied: poorLevels[i] + rng.real(-0.02, 0.02) })
	);
	const noService = role(take('KH-PBNT'), { role: 'noService' });
	const perfect = role(take('KH-STC'), {
		role: 'perfect',
		satisfied: 1,
		participation: 0.995,
		qrShare: 0
	});
	const outOfHours = role(take('KH-PCR', true), { role: 'outOfHours' });
	const deviceVsQr = role(take('KH-SXD'), {
		role: 'deviceVsQr',
		satisfied: 0.98,
		qrSatisfied: 0.45,
		qrShare: 0.35
	});
	const foreignCounter = take('KH-XVN', true);
	return { poor, noService, perfect, outOfHours, deviceVsQr, foreignCounter };
}

function workingDaysIn(startDay: string, endDay: string, cal: WorkCalendar): string[] {
	const days: string[] = [];
	for (let d = startDay; d <= endDay; d = addDays(d, 1)) if (isWorkingDay(d, cal)) days.push(d);
	return days;
}

/** A few relief officers move between units mid-window: old assignment ended, new one opened. */
function planTransfers(
	rng: Random,
	o: BuildOptions,
	serviceUnits: UnitRec[],
	officers: OfficerRec[],
	startDay: string,
	endDay: string
): ProvinceModel['transfers'] {
	const days = workingDaysIn(startDay, endDay, o.calendar);
	if (days.length < 10) return [];
	const primaries = new Set(serviceUnits.flatMap((u) => u.counters.map((c) => c.primary)));
	const stp = serviceUnits.find((u) => u.code === 'KH-STP')!;
	const pnt = serviceUnits.find((u) => u.code === 'KH-PNT')!;
	const transfers: ProvinceModel['transfers'] = [];
	const fromUnits = new Set<UnitRec>();
	for (const officer of officers) {
		if (transfers.length === 3) break;
		const from = officer.assignments[officer.assignments.length - 1].unit;
		// Relief staff only, never the demo accounts' units (their people must stay put), one per unit.
		if (primaries.has(officer) || from === stp || from === pnt || fromUnits.has(from)) continue;
		const others = serviceUnits.length;
		const to = serviceUnits[(serviceUnits.indexOf(from) + 5 + transfers.length * 2) % others];
		if (to === from || to === stp || to === pnt) continue;
		const day = days[Math.floor(days.length * (0.45 + 0.1 * transfers.length))];
		const current = officer.assignments[officer.assignments.length - 1];
		current.toDay = day;
		const pos = position(rng, to.spec!.kind);
		officer.assignments.push({
			id: o.nextId('officer_assignments'),
			unit: to,
			positionVi: pos.vi,
			positionEn: pos.en,
			fromDay: day,
			toDay: null
		});
		officer.profile = { ...officer.profile, participation: to.participation };
		transfers.push({ officer, from, to, day });
		fromUnits.add(from);
	}
	return transfers;
}

function buildDevices(
	rng: Random,
	o: BuildOptions,
	counters: CounterRec[],
	planted: ReturnType<typeof plantRoles>,
	startDay: string,
	endDay: string
) {
	const devices: DeviceRec[] = [];
	let boxes = 0;
	let tablets = 0;
	const windowDays = workingDaysIn(startDay, endDay, o.calendar);
	const device = (kind: DeviceRec['kind'], counter: CounterRec, boundAt: Date): DeviceRec => {
		const no = kind === 'button_box' ? ++boxes : ++tablets;
		const uid = `${kind === 'button_box' ? 'BOX' : 'TAB'}-KH-${String(no).padStart(4, '0')}`;
		const rebootDays = new Set(
			kind === 'button_box' ? windowDays.filter(() => rng.chance(0.04)) : []
		);
		const d: DeviceRec = {
			id: o.nextId('devices'),
			uid,
			kind,
			label: `${kind === 'button_box' ? 'Hộp nút bấm' : 'Máy tính bảng'} ${counter.code} – ${counter.centreCode}`,
			bindings: [{ id: o.nextId('device_bindings'), counter, boundAt, unboundAt: null }],
			firstBoot: kind === 'button_box' ? rng.int(3, 40) : 0,
			rebootDays,
			createdAt: new Date(boundAt.getTime() - 86_400_000)
		};
		devices.push(d);
		return d;
	};
	const movable = counters.filter((c) => c.unit.code === 'KH-CAT');
	const moveFrom = movable[0] ?? null;
	const moveTo = movable[1] ?? null;
	for (const c of counters) {
		const installed = localTime(addDays(startDay, -rng.int(20, 200)), 7);
		const commune = c.unit.level === 'commune';
		let box = commune ? true : rng.chance(0.45);
		let tablet = commune ? rng.chance(0.3) : true;
		if (c.primary === planted.noService || c === moveFrom) box = true;
		if (c === moveTo) box = false;
		if (!box) tablet = true;
		if (box) device('button_box', c, installed);
		// Xã Vạn Ninh and Xã Diên Khánh always have a tablet: one of them is the planted foreign device.
		if (tablet || c.unit.code === 'KH-XVN' || c.unit.code === 'KH-XDK')
			device('tablet', c, installed);
	}
	let movedBox: ProvinceModel['movedBox'] = null;
	if (moveFrom && moveTo && windowDays.length >= 10) {
		// The box moves to the neighbouring counter one morning; its old counter gets a new one.
		const day = windowDays[Math.floor(windowDays.length / 2)];
		const when = localTime(day, 7, 15);
		const box = devices.find((d) => d.kind === 'button_box' && d.bindings[0].counter === moveFrom)!;
		box.bindings[0].unboundAt = when;
		box.bindings.push({
			id: o.nextId('device_bindings'),
			counter: moveTo,
			boundAt: when,
			unboundAt: null
		});
		const replacement = device('button_box', moveFrom, when);
		replacement.createdAt = localTime(addDays(day, -1), 9);
		movedBox = { device: box, from: moveFrom, to: moveTo, day };
	}
	return { devices, movedBox };
}

/** A tablet bound to another counter (same commune if it has one) that turns up at the planted counter. */
function pickForeignDevice(counter: CounterRec, devices: DeviceRec[]): DeviceRec {
	const tablets = devices.filter(
		(d) => d.kind === 'tablet' && d.bindings.length === 1 && d.bindings[0].counter !== counter
	);
	const sameUnit = tablets.find((d) => d.bindings[0].counter.unit === counter.unit);
	const found =
		sameUnit ?? tablets.find((d) => d.bindings[0].counter.unit.code === 'KH-XDK') ?? tablets[0];
	if (!found) throw new Error('no tablet to plant as a foreign device');
	return found;
}

function buildScales(o: BuildOptions, startDay: string) {
	// The 3-level scale was in force for the first two months of the window, then replaced.
	const switchDay = addDays(startDay, 61);
	return {
		switchDay,
		v1: {
			id: o.nextId('rating_scales'),
			code: 'standard',
			version: 1,
			nameVi: 'Thang đo chuẩn 3 mức',
			nameEn: 'Standard 3-level scale',
			active: false,
			levels: STANDARD_V1
		},
		v2: {
			id: o.nextId('rating_scales'),
			code: 'standard',
			version: 2,
			nameVi: 'Thang đo chuẩn 4 mức',
			nameEn: 'Standard 4-level scale',
			active: true,
			levels: STANDARD_V2
		}
	};
}

/** The unit an officer belongs to on a day, or null. */
export function unitOn(officer: OfficerRec, day: string): UnitRec | null {
	for (const a of officer.assignments)
		if (a.fromDay <= day && (a.toDay === null || day < a.toDay)) return a.unit;
	return null;
}

/** The device of a kind bound to a counter at an instant. */
export function boundDevices(devices: DeviceRec[], counter: CounterRec, at: number): DeviceRec[] {
	return devices.filter((d) =>
		d.bindings.some(
			(b) =>
				b.counter === counter &&
				b.boundAt.getTime() <= at &&
				(b.unboundAt === null || at < b.unboundAt.getTime())
		)
	);
}
