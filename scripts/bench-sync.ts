/**
 * The national dossier sync on PostgreSQL (issue 16: target ≥ 1,000 dossiers/s in batches):
 *
 *   tsx scripts/bench-sync.ts [--dossiers 10000] [--batch 500] [--counters 20]
 *
 * A fresh database made on the server of BENCH_SYNC_URL (default postgres://127.0.0.1:5432/test;
 * the benchmark creates hl_bench_sync_<pid> beside it and drops it at the end), migrated, with a
 * province, two communes, `counters` counters each held by its own officer (a counter shift),
 * and two procedures. Each run goes through the endpoint's own handler in this process (body
 * bytes → UTF-8 check → JSON → parse → upsert → services → audit), not over HTTP:
 * 1. national create: dossiers at status 4 with a receiving step (each becomes a service at the
 *    officer's counter) and a back-office step, in batches of `batch`;
 * 2. national repeat: the same payloads again (everything unchanged);
 * 3. national forward: the same dossiers at status 10 with a returning step (a second service each);
 * 4. baseline: the same dossiers in our own JSON shape through POST /api/v1/dossiers's handler
 *    (new codes, then the repeat), which writes the dossier only.
 * Prints dossiers per second for each, with the load average beside them (the machine is
 * shared: figures go in docs/benchmarks.md with a date, a commit and that load, not in code).
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import postgres from 'postgres';
import type { RequestEvent } from '@sveltejs/kit';
import { useDatabase } from '../src/lib/server/db';
import { openDatabase, type DatabaseHandle } from '../src/lib/server/db/client';
import * as s from '../src/lib/server/db/schema';
import { createIntegrationToken, authenticateIntegration } from '../src/lib/server/auth/credentials';
import { handleDossierPush } from '../src/lib/server/dossiers/api';
import { handleNationalPush } from '../src/lib/server/national/http';
import { formatNationalDate } from '../src/lib/server/national/schema';

const { values: args } = parseArgs({
	options: { dossiers: { type: 'string', default: '10000' }, batch: { type: 'string', default: '500' }, counters: { type: 'string', default: '20' } }
});
const N = Number(args.dossiers);
const BATCH = Number(args.batch);
const COUNTERS = Number(args.counters);
const TARGET = 1000;

const base = new URL(process.env.BENCH_SYNC_URL ?? 'postgres://127.0.0.1:5432/test');
const name = `hl_bench_sync_${process.pid}`;

async function setUp(): Promise<{ handle: DatabaseHandle; token: string }> {
	const admin = postgres(base.toString(), { max: 1, onnotice: () => {} });
	await admin.unsafe(`CREATE DATABASE ${name}`);
	await admin.end();
	const url = new URL(base);
	url.pathname = `/${name}`;
	const handle = await openDatabase({ kind: 'postgres', url: url.toString(), max: 4 });
	await handle.migrate('drizzle');
	useDatabase(handle);
	const db = handle.db;
	const unit = async (code: string, nameVi: string, level: s.UnitLevel, parent?: { id: number; path: string }) => {
		const [row] = await db.insert(s.units).values({ code, nameVi, level, parentId: parent?.id ?? null, path: '/0/' }).returning();
		const path = `${parent?.path ?? '/'}${row.id}/`;
		await db.update(s.units).set({ path }).where(eq(s.units.id, row.id));
		return { id: row.id, path };
	};
	const province = await unit('56', 'Tỉnh Khánh Hòa', 'province');
	const commune = await unit('22366', 'Phường Nha Trang', 'commune', province);
	await unit('22369', 'Phường Bắc Nha Trang', 'commune', province);
	const [field] = await db.insert(s.fields).values({ code: 'HT', nameVi: 'Tư pháp – Hộ tịch' }).returning();
	await db.insert(s.procedures).values([
		{ code: '1.001193', nameVi: 'Đăng ký khai sinh', fieldId: field.id, handlingDays: 3, mode: 'one_stop' },
		{ code: '1.003560.000.00.00.H56', shortCode: '1.003560', nameVi: 'Chứng thực bản sao', fieldId: field.id, handlingDays: 0, mode: 'one_stop' }
	]);
	const [centre] = await db.insert(s.serviceCentres).values({ unitId: commune.id, code: 'PNT', nameVi: 'Bộ phận Một cửa phường Nha Trang' }).returning();
	const since = new Date('2026-01-01T00:00:00Z');
	for (let i = 0; i < COUNTERS; i++) {
		const [counter] = await db.insert(s.counters).values({ centreId: centre.id, code: `Q${i}`, nameVi: `Quầy ${i}` }).returning();
		const [officer] = await db.insert(s.officers).values({ staffNumber: `KH-${String(i).padStart(6, '0')}`, fullName: `Cán bộ ${i}` }).returning();
		await db.insert(s.officerAssignments).values({ officerId: officer.id, unitId: commune.id, positionVi: 'Công chức một cửa', startedAt: since });
		await db.insert(s.counterShifts).values({ counterId: counter.id, officerId: officer.id, startedAt: since });
	}
	const [user] = await db.insert(s.users).values({ username: 'bench.admin', displayName: 'Bench', passwordHash: 'x' }).returning();
	const { token } = await createIntegrationToken(province.id, 'Một cửa tỉnh (bench)', user.id);
	return { handle, token };
}

async function tearDown(handle: DatabaseHandle) {
	await handle.close();
	const admin = postgres(base.toString(), { max: 1, onnotice: () => {} });
	await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
	await admin.end();
}

/** Dossier i: received on a spread of March days by officer i % COUNTERS, at that officer's counter. */
function national(i: number, returned: boolean) {
	const received = new Date(Date.UTC(2026, 2, 2 + (i % 20), 1, 0, 0) + i * 1000);
	const processed = new Date(received.getTime() + 86_400_000);
	const handedOver = new Date(received.getTime() + 2 * 86_400_000);
	const officer = `KH-${String(i % COUNTERS).padStart(6, '0')}`;
	const steps = [
		{ NguoiXuLy: officer, ChucDanh: 'Công chức một cửa', ThoiDiemXuLy: formatNationalDate(received), PhongBanXuLy: 'Bộ phận Một cửa', NoiDungXuLy: 'Tiếp nhận hồ sơ', TrangThai: 2 },
		{ NguoiXuLy: 'chuyenvien', ThoiDiemXuLy: formatNationalDate(processed), PhongBanXuLy: 'Phòng Văn hóa – Xã hội', NoiDungXuLy: 'Thẩm định', TrangThai: 4 }
	];
	if (returned) steps.push({ NguoiXuLy: officer, ChucDanh: 'Công chức một cửa', ThoiDiemXuLy: formatNationalDate(handedOver), PhongBanXuLy: 'Bộ phận Một cửa', NoiDungXuLy: 'Trả kết quả', TrangThai: 10 });
	return {
		MaHoSo: `H56.22366-2603-${String(i).padStart(6, '0')}`,
		MaTTHC: i % 3 === 0 ? '1.003560.000.00.00.H56' : '1.001193',
		TenTTHC: 'Đăng ký khai sinh',
		MaLinhVuc: 'HT',
		KenhThucHien: 1 + (i % 3),
		ChuHoSo: 'Lê Văn Tám',
		SoGiayToChuHoSo: '056090001234',
		SoDienThoai: '0905123456',
		TrichYeuHoSo: 'Đăng ký khai sinh cho con',
		NgayNopHoSo: formatNationalDate(received),
		NgayTiepNhan: formatNationalDate(received),
		NgayHenTra: formatNationalDate(new Date(received.getTime() + 3 * 86_400_000)),
		NgayKetThucXuLy: returned ? formatNationalDate(processed) : null,
		NgayTra: returned ? formatNationalDate(handedOver) : null,
		TrangThaiHoSo: returned ? 10 : 4,
		DonViXuLy: '22366',
		QuaTrinhXuLy: steps
	};
}

/** The same dossier in our own JSON shape (POST /api/v1/dossiers), under its own code. */
function own(i: number) {
	const received = new Date(Date.UTC(2026, 2, 2 + (i % 20), 1, 0, 0) + i * 1000);
	return {
		code: `OWN-2603-${String(i).padStart(6, '0')}`,
		unitCode: '22366',
		procedureCode: i % 3 === 0 ? '1.003560.000.00.00.H56' : '1.001193',
		channel: (['counter', 'online', 'postal'] as const)[i % 3],
		status: 'in_progress',
		receivedAt: received.toISOString(),
		dueAt: new Date(received.getTime() + 3 * 86_400_000).toISOString(),
		receivingOfficer: `KH-${String(i % COUNTERS).padStart(6, '0')}`
	};
}

function event(path: string, body: string): RequestEvent {
	const url = new URL(`http://bench.local${path}`);
	const request = new Request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
	return { request, url, params: {}, locals: { user: null, locale: 'vi' }, getClientAddress: () => '127.0.0.1' } as unknown as RequestEvent;
}

/**
 * One small batch through each path before timing, on codes of their own (and their own day, so
 * they cover no measured step): module loading, the JIT and PostgreSQL's plan and catalog caches
 * are then paid by neither measured run. Without it the first run measured (national create) paid
 * them alone.
 */
async function warmUp(nationalPush: (body: string) => Promise<Response>, ownPush: (body: string) => Promise<Response>) {
	const items = (make: (i: number) => { code?: string; MaHoSo?: string }, key: 'code' | 'MaHoSo') =>
		JSON.stringify({ items: Array.from({ length: Math.min(BATCH, 100) }, (_, k) => ({ ...make(k), [key]: `WARM-${key}-${String(k).padStart(6, '0')}` })) });
	for (const [send, body] of [
		[nationalPush, items((i) => national(i, false), 'MaHoSo')],
		[ownPush, items(own, 'code')]
	] as const) {
		const res = await send(body);
		if (res.status !== 200) throw new Error(`warm-up: ${res.status} ${(await res.text()).slice(0, 500)}`);
	}
}

async function run(label: string, make: (i: number) => unknown, send: (body: string) => Promise<Response>) {
	const bodies: string[] = [];
	for (let i = 0; i < N; i += BATCH) bodies.push(JSON.stringify({ items: Array.from({ length: Math.min(BATCH, N - i) }, (_, k) => make(i + k)) }));
	const bytes = bodies.reduce((n, b) => n + Buffer.byteLength(b), 0);
	const t0 = performance.now();
	const tally = { created: 0, updated: 0, unchanged: 0 };
	for (const body of bodies) {
		const res = await send(body);
		if (res.status !== 200) throw new Error(`${label}: ${res.status} ${(await res.text()).slice(0, 500)}`);
		const r = (await res.json()) as typeof tally;
		tally.created += r.created;
		tally.updated += r.updated;
		tally.unchanged += r.unchanged;
	}
	const s = (performance.now() - t0) / 1000;
	const rate = N / s;
	const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
	console.log(
		`${label.padEnd(34)} ${String(Math.round(rate)).padStart(6)} dossiers/s  ${s.toFixed(2).padStart(7)} s  ${(bytes / 2 ** 20).toFixed(1)} MB sent  created ${tally.created} updated ${tally.updated} unchanged ${tally.unchanged}  load ${load}`
	);
	return rate;
}

const { handle, token } = await setUp();
try {
	const auth = (await authenticateIntegration(`Bearer ${token}`))!;
	const nationalPush = (body: string) => handleNationalPush(event('/api/v1/national/dossiers', body), auth);
	const ownPush = (body: string) => handleDossierPush(event('/api/v1/dossiers', body), [auth.unitPath]);
	console.log(`bench:sync: ${N} dossiers in batches of ${BATCH}, ${COUNTERS} counters; PostgreSQL ${base.host}; ${os.cpus().length} CPUs; load before ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
	await warmUp(nationalPush, ownPush);
	const created = await run('national: create (1 service each)', (i) => national(i, false), nationalPush);
	await run('national: same payloads again', (i) => national(i, false), nationalPush);
	await run('national: forward to 10 (+1 service)', (i) => national(i, true), nationalPush);
	await run('baseline: own JSON API, create', own, ownPush);
	await run('baseline: own JSON API, again', own, ownPush);
	const services = await handle.rows<{ n: string }>(await import('drizzle-orm').then(({ sql }) => sql`select count(*) as n from service_events e join dossiers d on d.id = e.dossier_id where d.code not like 'WARM-%'`));
	console.log(`services written: ${services[0].n} (expected ${2 * N}); target ${TARGET} dossiers/s on create: ${created >= TARGET ? 'met' : 'NOT met'}`);
} finally {
	await tearDown(handle);
}
