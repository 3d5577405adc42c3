/**
 * A province's lists through the running server, as a provincial IT officer imports them:
 * `npm run bench:province` runs this after the in-process import benchmarks.
 *
 *   tsx scripts/bench-province-server.ts          (needs `vite build`; embedded database)
 *
 * The built server (scripts/serve.js) on an empty embedded database, started once to create it
 * (its first start runs initdb: that start's memory is printed, it is paid once), then started
 * again on the same data folder — as it runs every day after — once with PostgreSQL's default
 * shared_buffers and once with PGLITE_SHARED_BUFFERS_MB=16. Each time, over HTTP through the
 * admin pages: the official units list (34 provinces, 3,321 communes), the HR list (5,000
 * officers) and the national procedures list (2,000), each previewed and committed. The server
 * process's resident memory (VmRSS from /proc) is sampled every 20 ms: idle after start-up, and
 * the peak during each import. Target (issue 13): each under 10 s and the server under 300 MB.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startProductionServer } from '../tests/abuse/production-server';
import { FormClient } from '../tests/abuse/guards-client';
import { createFirstAdmin, FIRST_ADMIN } from '../tests/abuse/setup-client';

const TARGET = { ms: 10_000, rssMb: 300 };
const enc = (lines: string[][]) => new TextEncoder().encode('\uFEFF' + lines.map((l) => l.join(';')).join('\r\n') + '\r\n');

const PROVINCES = 34;
const COMMUNES = 3321;
const communeCode = (i: number) => String(10 + i * 3).padStart(5, '0');
const provinceOf = (i: number) => String(Math.floor((i * PROVINCES) / COMMUNES) + 1).padStart(2, '0');
const units = enc([
	['Mã', 'Tên', 'Cấp', 'Mã TP', 'Tỉnh / Thành Phố'],
	...Array.from({ length: PROVINCES }, (_, p) => [String(p + 1).padStart(2, '0'), `Tỉnh Thử Số ${p + 1}`, 'Tỉnh', '', '']),
	...Array.from({ length: COMMUNES }, (_, i) => [communeCode(i), `Xã Hòa Bình ${i + 1}`, 'Xã', provinceOf(i), `Tỉnh Thử Số ${Number(provinceOf(i))}`])
]);
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Đặng', 'Bùi', 'Đỗ', 'Ngô', 'Dương'];
const GIVEN = ['An', 'Bình', 'Cường', 'Dũng', 'Hà', 'Hạnh', 'Lan', 'Mai', 'Nhung', 'Yến'];
const officers = enc([
	['Số hiệu', 'Họ và tên', 'Chức danh', 'Mã đơn vị', 'Vị trí công tác', 'Từ ngày'],
	...Array.from({ length: 5000 }, (_, i) => [`CB${String(i + 1).padStart(6, '0')}`, `${FAMILY[i % 10]} Thị ${GIVEN[(i * 7) % 10]}`, 'Chuyên viên', communeCode(i % 120), 'Công chức Bộ phận Một cửa', '01/07/2025'])
]);
const procedures = enc([
	['Mã thủ tục', 'Tên thủ tục', 'Lĩnh vực', 'Cấp thực hiện', 'Thời hạn giải quyết', 'Mức độ', 'Mã đơn vị thực hiện'],
	...Array.from({ length: 2000 }, (_, i) => [
		`${1 + (i % 2)}.${String(100000 + i).padStart(6, '0')}`,
		`Thủ tục hành chính thử số ${i + 1} về đăng ký và xác nhận`,
		`Lĩnh vực thử ${i % 40}`,
		'Cấp Xã',
		`${String(i % 31).padStart(2, '0')} ngày làm việc`,
		['Toàn trình', 'Một phần', 'Không', ''][i % 4],
		[communeCode(i % 100), communeCode((i + 37) % 100)].join(', ')
	])
]);

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

async function importOver(admin: FormClient, pid: number, kind: 'units' | 'officers' | 'procedures', bytes: Uint8Array) {
	let peak = rssMb(pid);
	const timer = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 20);
	const began = performance.now();
	try {
		const preview = await admin.postFile(`/app/admin/${kind}/import?/preview`, {}, { field: 'file', name: `${kind}.csv`, type: 'text/csv', bytes });
		const id = /name="id" value="([0-9a-f]{32})"/.exec(preview.text)?.[1];
		if (!id) throw new Error(`${kind}: no preview id (status ${preview.status})`);
		const committed = await admin.postJson(`/api/v1/imports/${kind}`, { id });
		const done = /"type":"done"[^}]*/.exec(committed.text)?.[0];
		if (!done) throw new Error(`${kind}: the import did not finish: ${committed.text.slice(-300)}`);
		return { ms: performance.now() - began, peak: Math.max(peak, rssMb(pid)), done };
	} finally {
		clearInterval(timer);
	}
}

console.log(`bench:province (server) — the built server on an embedded database, Node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)}`);

let met = true;
for (const buffers of [undefined, '16']) {
	// a new province each time: its first start creates the database, then the server starts again on it
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-bench-province-'));
	const setting: Record<string, string> = buffers ? { PGLITE_SHARED_BUFFERS_MB: buffers } : {};
	const first = await startProductionServer('pglite', { DEMO: '0', DATA_DIR: dataDir, ...setting });
	console.log(`\n  shared_buffers ${buffers ? `${buffers} MB` : '128 MB (default)'}: first start (initdb + migrations, paid once) server RSS ${rssMb(first.pid).toFixed(0)} MB`);
	await createFirstAdmin(new FormClient(first.base), first.output());
	await first.stop();
	const server = await startProductionServer('pglite', { DEMO: '0', DATA_DIR: dataDir, ...setting });
	try {
		await new Promise((r) => setTimeout(r, 2000));
		console.log(`  started again on it: server RSS ${rssMb(server.pid).toFixed(0)} MB idle`);
		const admin = await new FormClient(server.base).signIn(FIRST_ADMIN.username, FIRST_ADMIN.password);
		for (const [kind, bytes, rows] of [['units', units, PROVINCES + COMMUNES], ['officers', officers, 5000], ['procedures', procedures, 2000]] as const) {
			const r = await importOver(admin, server.pid, kind, bytes);
			const ok = r.ms < TARGET.ms && r.peak < TARGET.rssMb;
			if (buffers) met &&= ok;
			console.log(`    ${kind.padEnd(10)} ${String(rows).padStart(5)} rows  ${(r.ms / 1000).toFixed(2).padStart(6)} s  peak RSS ${r.peak.toFixed(0).padStart(4)} MB  ${ok ? 'target met' : 'target NOT met'}  (${r.done.replace(/"/g, '')})`);
		}
	} finally {
		await server.stop();
		fs.rmSync(dataDir, { recursive: true, force: true });
	}
}
console.log(`\n  with PGLITE_SHARED_BUFFERS_MB=16: ${met ? 'every import within 10 s and 300 MB' : 'NOT every import within 10 s and 300 MB'} (load ${os.loadavg()[0].toFixed(1)} at the end)`);
process.exitCode = met ? 0 : 1;
