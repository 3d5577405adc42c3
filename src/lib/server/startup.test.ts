import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { readConfig } from './config';
import { openDatabase } from './db/client';
import { SCALE_IN_FORCE_SQL } from './ratings/scale-rules';
import { startApp } from './startup';

const run = promisify(execFile);
const DB_SECRET = 'csdl-secret-42';
const temp: string[] = [];
afterAll(() => temp.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
	const d = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-start-'));
	temp.push(d);
	return d;
};

async function scratchPostgres(): Promise<{ url: string; drop: () => Promise<void> }> {
	const base = process.env.TEST_DATABASE_URL!;
	const name = `hl_start_${process.pid}_${Math.random().toString(36).slice(2, 7)}`;
	const admin = postgres(base, { max: 1, onnotice: () => {} });
	await admin.unsafe(`CREATE DATABASE ${name}`);
	await admin.end();
	const u = new URL(base);
	u.pathname = `/${name}`;
	// A password in the URL (the local server trusts connections and ignores it), so the test can
	// check the banner never prints it.
	u.username ||= os.userInfo().username;
	u.password = DB_SECRET;
	return {
		url: u.toString(),
		drop: async () => {
			const again = postgres(base, { max: 1, onnotice: () => {} });
			await again.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
			await again.end();
		}
	};
}

const kinds = process.env.TEST_DATABASE_URL ? (['pglite', 'postgres'] as const) : (['pglite'] as const);

describe.each(kinds)('start-up on %s', (kind) => {
	it('applies the migrations, loads the demo province once, and prints the banner with the accounts', async () => {
		const dataDir = tempDir();
		const pg = kind === 'postgres' ? await scratchPostgres() : null;
		const env = {
			DATA_DIR: dataDir,
			DEMO: '1',
			DEMO_PASSWORD: 'mật-khẩu-thử',
			DEMO_MONTHS: '1',
			DEMO_OFFICERS: '20',
			...(pg ? { DATABASE_URL: pg.url } : {})
		};
		const log = vi.spyOn(console, 'log').mockImplementation(() => {});
		try {
			const { handle: first, stop: stopFirst } = await startApp(readConfig(env));
			const banner = log.mock.calls.map((c) => String(c[0])).join('\n');
			expect(banner).toContain(kind === 'pglite' ? 'PGlite (embedded)' : 'PostgreSQL');
			expect(banner).toContain(kind === 'pglite' ? 'production sets DATABASE_URL' : 'DEMO MODE');
			// roles in Vietnamese, never their codes; the password's file named
			expect(banner).toMatch(/lanhdao1\s+Lãnh đạo đơn vị\s+Phường/);
			expect(banner).not.toMatch(/unit_head|\breform\b/);
			expect(banner).toContain('demo-password.txt');
			expect(banner).toContain('mật-khẩu-thử');
			if (pg) {
				// the database URL's password is redacted in the banner
				expect(banner).toContain('***');
				expect(banner).not.toContain(DB_SECRET);
			}
			const [units] = await first.rows<{ n: number | string }>(sql`select count(*) as n from units`);
			expect(Number(units.n)).toBeGreaterThan(10);
			await stopFirst();

			// a second start finds the data and does not seed again
			log.mockClear();
			const { handle: second, stop: stopSecond } = await startApp(readConfig(env));
			const [again] = await second.rows<{ n: number | string }>(sql`select count(*) as n from units`);
			expect(Number(again.n)).toBe(Number(units.n));
			expect(log.mock.calls.map((c) => String(c[0])).join('\n')).not.toContain('Loading the demo province');
			await stopSecond();
		} finally {
			log.mockRestore();
			await pg?.drop();
		}
	});
});

describe.each(kinds)('the first start without an administrator on %s', (kind) => {
	it('prints a one-time /setup code, a new one at each start, and none once an administrator exists', async () => {
		const dataDir = tempDir();
		const pg = kind === 'postgres' ? await scratchPostgres() : null;
		const env = { DATA_DIR: dataDir, DEMO: '0', ORIGIN: 'https://danhgia.example', ...(pg ? { DATABASE_URL: pg.url } : {}) };
		const log = vi.spyOn(console, 'log').mockImplementation(() => {});
		const banner = () => log.mock.calls.map((c) => String(c[0])).join('\n');
		const code = () => /https:\/\/danhgia\.example\/setup\?token=([a-z2-7]{32})\b/.exec(banner())?.[1];
		try {
			const { handle: first, stop: stopFirst } = await startApp(readConfig(env));
			const one = code();
			expect(one, banner()).toBeTruthy();
			expect(banner()).toContain('npm run admin:create');
			// only a hash is stored
			const [stored] = await first.rows<{ value: unknown }>(sql`select value from settings where key = 'setup.token'`);
			expect(JSON.stringify(stored.value)).not.toContain(one);
			await stopFirst();

			log.mockClear();
			const { handle: second, stop: stopSecond } = await startApp(readConfig(env));
			const two = code();
			expect(two).toBeTruthy();
			expect(two).not.toBe(one);
			await second.rows(sql`with u as (insert into users (username, display_name, password_hash) values ('quantri', 'Quản trị', 'x') returning id)
				insert into user_roles (user_id, role) select id, 'admin' from u`);
			await stopSecond();

			log.mockClear();
			const { handle: third, stop: stopThird } = await startApp(readConfig(env));
			expect(banner()).not.toContain('/setup');
			expect(await third.rows(sql`select 1 from settings where key = 'setup.token'`)).toEqual([]);
			await stopThird();
		} finally {
			log.mockRestore();
			await pg?.drop();
		}
	});
});

describe.each(kinds)('a fresh install on %s', (kind) => {
	it('rates on the official three-level scale without the demo; a later demo start brings its own scales', async () => {
		const dataDir = tempDir();
		const pg = kind === 'postgres' ? await scratchPostgres() : null;
		const env = { DATA_DIR: dataDir, DEMO: '0', ...(pg ? { DATABASE_URL: pg.url } : {}) };
		const inForce = (h: Awaited<ReturnType<typeof startApp>>['handle']) =>
			h.rows<{ code: string; version: number; labels: string }>(sql`
				select s.code, s.version, string_agg(l.label_vi, ' / ' order by l.level) as labels
				from (${sql.raw(SCALE_IN_FORCE_SQL)}) f join rating_scales s on s.id = f.id
				join rating_scale_levels l on l.scale_id = s.id group by s.code, s.version`);
		const log = vi.spyOn(console, 'log').mockImplementation(() => {});
		try {
			const { handle: blank, stop: stopBlank } = await startApp(readConfig(env));
			expect(await inForce(blank)).toEqual([{ code: 'official', version: 1, labels: 'Rất hài lòng / Hài lòng / Không hài lòng' }]);
			await stopBlank();
			// the same database, now started with the demo: it loads (no units yet) and its scale is in force
			const { handle: demo, stop: stopDemo } = await startApp(readConfig({ ...env, DEMO: '1', DEMO_PASSWORD: 'mật-khẩu-thử', DEMO_MONTHS: '1', DEMO_OFFICERS: '20' }));
			expect((await inForce(demo)).map((s) => s.code)).toEqual(['standard']);
			const [{ n }] = await demo.rows<{ n: number | string }>(sql`select count(*) as n from rating_scales where code = 'official'`);
			expect(Number(n)).toBe(1);
			await stopDemo();
		} finally {
			log.mockRestore();
			await pg?.drop();
		}
	});
});

describe('npm run admin:create', () => {
	it('creates the first administrator on a fresh embedded database, refusing weak passwords', async () => {
		const dataDir = tempDir();
		const cli = (password: string) =>
			run('npx', ['tsx', 'scripts/admin-create.ts', '--username', 'quantri', '--name', 'Nguyễn Văn Quản'], {
				env: { ...process.env, DATA_DIR: dataDir, ADMIN_PASSWORD: password, DATABASE_URL: '' }
			}).then(
				(r) => ({ code: 0, out: r.stdout + r.stderr }),
				(e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr })
			);
		const weak = await cli('12345678');
		expect(weak.code).toBe(1);
		expect(weak.out).toContain('Mật khẩu này quá phổ biến');
		const ok = await cli('một câu mật khẩu dài');
		expect(ok.code).toBe(0);
		expect(ok.out).toContain('Administrator created: quantri');
		const h = await openDatabase({ kind: 'pglite', dataDir });
		const [row] = await h.rows<{ username: string; display_name: string; role: string }>(
			sql`select u.username, u.display_name, r.role from users u join user_roles r on r.user_id = u.id`
		);
		await h.close();
		expect(row).toEqual({ username: 'quantri', display_name: 'Nguyễn Văn Quản', role: 'admin' });
	});
});
