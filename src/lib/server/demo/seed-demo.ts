/**
 * The deterministic demo province (also the benchmark data set): same seed + end date + size →
 * the same rows. Refuses a database that already holds units; writes everything in one
 * transaction, so a failed run leaves nothing behind.
 */
import { sql } from 'drizzle-orm';
import { hashPassword } from '../auth/password';
import { loadCalendar, syncBuiltInCalendar } from '../calendar/store';
import { VIETNAM_UTC_OFFSET_MS } from '../calendar/working-days';
import { count, type DatabaseHandle } from '../db/client';
import { addAccountRows, type DemoAccount } from './accounts';
import { DeskSimulation } from './activity';
import { DEMO_LIMITS } from './limits';
import { buildProvince, MIN_OFFICERS, type ProvinceModel } from './province';
import { Random } from './random';
import { addStructureRows } from './structure';
import { ID_TABLES, T, TABLE_ORDER } from './tables';
import {
	inTransaction,
	literal,
	RowBuffer,
	skipRowForeignKeyChecks,
	verifyForeignKeys,
	type RowSink
} from './writer';

export interface DemoOptions {
	/** PRNG seed (default 2026). */
	seed?: number;
	/** Length of the window in months (default 6). */
	months?: number;
	/** Number of officers (default 60); counters and volume scale with it. */
	officers?: number;
	/** The window is [endDate − months, endDate) (default now). */
	endDate?: Date;
	/** Demo accounts' password; without it no accounts are created. */
	password?: string;
	onProgress?: (message: string) => void;
}

export interface DemoPlanted {
	poorOfficers: {
		staffNumber: string;
		fullName: string;
		unitCode: string;
		targetSatisfaction: number;
	}[];
	/** Box presses in bursts while no service is open at the officer's counter. */
	noServiceBursts: {
		staffNumber: string;
		counterId: number;
		centreCode: string;
		counterCode: string;
		deviceUid: string;
	};
	/** ~100 % top ratings at ~100 % participation. */
	perfectRatings: { staffNumber: string; unitCode: string };
	/** Services opened and rated in the evening. */
	outOfHours: { staffNumber: string };
	/** Box/tablet ratings far better than the same officer's QR ratings. */
	deviceVsQr: { staffNumber: string };
	/** A counter receiving ratings from a tablet bound to another counter. */
	foreignDevice: {
		counterId: number;
		centreCode: string;
		counterCode: string;
		deviceUid: string;
		boundCounterId: number;
		fromDay: string;
		toDay: string;
	};
	/** Legitimate history, not anomalies. */
	transfers: { staffNumber: string; fromUnitCode: string; toUnitCode: string; day: string }[];
	movedBox: { deviceUid: string; fromCounterId: number; toCounterId: number; day: string } | null;
}

export interface DemoSummary {
	seed: number;
	months: number;
	officers: number;
	from: string;
	to: string;
	counts: Record<string, number>;
	accounts: DemoAccount[];
	planted: DemoPlanted;
	elapsedMs: number;
	rowsWritten: number;
}

const FLUSH_ROWS = 25_000;

/** [end − months, end), the months counted on the Vietnam calendar (31 May − 3 months = 28/29 Feb). */
export function demoWindow(months: number, endDate: Date): { start: Date; end: Date } {
	const local = new Date(endDate.getTime() + VIETNAM_UTC_OFFSET_MS);
	const y = local.getUTCFullYear();
	const m = local.getUTCMonth() - months;
	const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
	const startLocal =
		Date.UTC(y, m, Math.min(local.getUTCDate(), lastDay)) + (local.getTime() % 86_400_000);
	return { start: new Date(startLocal - VIETNAM_UTC_OFFSET_MS), end: new Date(endDate) };
}

function validate(o: DemoOptions) {
	const seed = o.seed ?? 2026;
	const months = o.months ?? 6;
	const officers = o.officers ?? 60;
	if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
	if (!Number.isInteger(months) || months < 1 || months > DEMO_LIMITS.maxMonths)
		throw new Error(`months must be 1–${DEMO_LIMITS.maxMonths}, got ${months}`);
	if (!Number.isInteger(officers) || officers < MIN_OFFICERS || officers > DEMO_LIMITS.maxOfficers) {
		throw new Error(`officers must be ${MIN_OFFICERS}–${DEMO_LIMITS.maxOfficers}, got ${officers}`);
	}
	const endDate = o.endDate ?? new Date();
	if (Number.isNaN(endDate.getTime())) throw new Error('endDate is not a valid date');
	return { seed, months, officers, endDate };
}

export async function seedDemo(h: DatabaseHandle, o: DemoOptions = {}): Promise<DemoSummary> {
	const began = Date.now();
	const { seed, months, officers, endDate } = validate(o);
	const progress = o.onProgress ?? (() => {});
	const units = await count(h, sql`select count(*) from units`);
	if (units > 0) {
		throw new Error(
			`The database already holds ${units} units: the demo province is only created in an empty database.`
		);
	}
	const { start, end } = demoWindow(months, endDate);
	// the built-in days and their sources; days an administrator already entered win
	await syncBuiltInCalendar(h);
	const cal = await loadCalendar(h);
	const passwordHash = o.password ? await hashPassword(o.password) : null;
	const takenUsernames = new Set(
		(await h.rows<{ u: string }>(sql`select lower(username) as u from users`)).map((r) => r.u)
	);
	const rng = new Random(seed);

	const { planted, rowsWritten, accounts } = await inTransaction(h, async (sink) => {
		const nextId = await idAllocator(sink);
		// a scale already here (a fresh install's default) gives way to the demo's own versions
		await sink.query('update rating_scales set active = false, active_from = null where active or active_from is not null');
		const fastLoad = await skipRowForeignKeyChecks(sink, TABLE_ORDER);
		const model = buildProvince(rng.fork('province'), {
			officers,
			start,
			end,
			calendar: cal,
			nextId
		});
		const buffer = new RowBuffer(sink, TABLE_ORDER);
		addStructureRows(buffer, model, rng.fork('structure'), start, end);
		const accounts = passwordHash
			? addAccountRows(buffer, model, passwordHash, takenUsernames, nextId, end)
			: { accounts: [], inspectorUserId: null };
		await buffer.flush();
		progress(
			`province: ${model.units.length} units, ${model.counters.length} counters, ${model.officers.length} officers, ${model.devices.length} devices`
		);

		let month = '';
		const simulation = new DeskSimulation({
			model,
			cal,
			start,
			end,
			rng: rng.fork('activity'),
			buffer,
			nextId,
			inspectorUserId: accounts.inspectorUserId,
			afterDay: async (day) => {
				if (buffer.size >= FLUSH_ROWS) await buffer.startFlush();
				if (day.slice(0, 7) !== month) {
					month = day.slice(0, 7);
					const secs = (Date.now() - began) / 1000;
					progress(
						`${month}: ${buffer.written.toLocaleString('en')} rows written, ${Math.round(buffer.written / secs).toLocaleString('en')} rows/s`
					);
				}
			}
		});
		await simulation.run();
		const planted = plantedTruth(model);
		buffer.add(T.settings, [
			'demo.planted',
			JSON.stringify({
				seed,
				months,
				officers,
				from: start.toISOString(),
				to: end.toISOString(),
				...planted
			}),
			end
		]);
		buffer.add(T.auditLog, [
			nextId('audit_log'),
			end,
			'demo.seeded',
			'province',
			JSON.stringify({ seed, months, officers })
		]);
		await buffer.flush();
		// The demo writes its own complaints (activity.ts maybeComplaint, with their histories);
		// the complaint queue's trigger queued every dissatisfied rating loaded here, and the sweep
		// would open a second, never-worked case for each one meeting the auto-open rules.
		await sink.exec('delete from complaint_rating_queue');
		if (fastLoad) await verifyForeignKeys(sink, TABLE_ORDER);
		await moveSequences(sink);
		progress(
			`${buffer.written.toLocaleString('en')} rows in ${((Date.now() - began) / 1000).toFixed(1)} s`
		);
		return { planted, rowsWritten: buffer.written, accounts: accounts.accounts };
	});

	// Fresh statistics for the planner: PGlite never runs autovacuum, and without them the
	// dashboards' joins over a just-loaded demo choose plans several times slower.
	await h.db.execute(sql`analyze`);
	const counts: Record<string, number> = {};
	for (const t of TABLE_ORDER)
		counts[t.name] = await count(h, sql.raw(`select count(*) from "${t.name}"`));
	return {
		seed,
		months,
		officers,
		from: start.toISOString(),
		to: end.toISOString(),
		counts,
		accounts,
		planted,
		elapsedMs: Date.now() - began,
		rowsWritten
	};
}

/** Next free id per table, continuing after whatever the tables already hold. */
async function idAllocator(sink: RowSink): Promise<(table: string) => number> {
	const next = new Map<string, number>();
	for (const t of ID_TABLES) {
		const [row] = await sink.query<{ m: number | string | null }>(
			`select max(id) as m from "${t.name}"`
		);
		next.set(t.name, Number(row?.m ?? 0));
	}
	return (table) => {
		const n = (next.get(table) ?? 0) + 1;
		if (!next.has(table)) throw new Error(`no id sequence for ${table}`);
		next.set(table, n);
		return n;
	};
}

/** Identity sequences continue after the ids the generator chose. */
async function moveSequences(sink: RowSink): Promise<void> {
	for (const t of ID_TABLES) {
		await sink.query(
			`select setval(pg_get_serial_sequence(${literal(`"${t.name}"`)}, 'id'), m) from (select max(id) as m from "${t.name}") x where m is not null`
		);
	}
}

function plantedTruth(m: ProvinceModel): DemoPlanted {
	const p = m.planted;
	const noServiceCounter = m.counters.find((c) => c.primary === p.noService)!;
	const box = m.devices.find(
		(d) => d.kind === 'button_box' && d.bindings.some((b) => b.counter === noServiceCounter)
	)!;
	const unitOf = (x: { assignments: { unit: { code: string } }[] }) =>
		x.assignments[x.assignments.length - 1].unit.code;
	return {
		poorOfficers: p.poor.map((x) => ({
			staffNumber: x.staffNumber,
			fullName: x.fullName,
			unitCode: unitOf(x),
			targetSatisfaction: Math.round(x.profile.satisfied * 100) / 100
		})),
		noServiceBursts: {
			staffNumber: p.noService.staffNumber,
			counterId: noServiceCounter.id,
			centreCode: noServiceCounter.centreCode,
			counterCode: noServiceCounter.code,
			deviceUid: box.uid
		},
		perfectRatings: { staffNumber: p.perfect.staffNumber, unitCode: unitOf(p.perfect) },
		outOfHours: { staffNumber: p.outOfHours.staffNumber },
		deviceVsQr: { staffNumber: p.deviceVsQr.staffNumber },
		foreignDevice: {
			counterId: p.foreignCounter.id,
			centreCode: p.foreignCounter.centreCode,
			counterCode: p.foreignCounter.code,
			deviceUid: p.foreignDevice.uid,
			boundCounterId: p.foreignDevice.bindings[0].counter.id,
			fromDay: p.foreignFromDay,
			toDay: p.foreignToDay
		},
		transfers: m.transfers.map((t) => ({
			staffNumber: t.officer.staffNumber,
			fromUnitCode: t.from.code,
			toUnitCode: t.to.code,
			day: t.day
		})),
		movedBox: m.movedBox
			? {
					deviceUid: m.movedBox.device.uid,
					fromCounterId: m.movedBox.from.id,
					toCounterId: m.movedBox.to.id,
					day: m.movedBox.day
				}
			: null
	};
}
