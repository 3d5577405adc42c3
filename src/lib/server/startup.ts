import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { config, type Config } from './config';
import { openDatabase, redactUrl, type DatabaseHandle } from './db/client';
import { useDatabase } from './db';
import { openReplicas, replicaStatus, useReplicas } from './db/replicas';
import { seedDemo } from './demo';
import { demoPasswordPath, demoSignIns } from './demo/sign-in-list';
import { translate } from '$lib/i18n';
import { syncBuiltInCalendar } from './calendar';
import { startComplaintJobs } from './complaints';
import { startSerialReaders } from './serial/manager';
import { issueSetupToken, SETUP_TOKEN_TTL_MS } from './users/setup-token';
import { ensureDefaultScale, startScaleSwitches } from './ratings/scale';
import { audit } from './audit';
import { readWebhookSettings, startWebhookDelivery } from './webhooks';
import { shareEventsThroughPostgres } from './events/bus';
import { addReadinessCheck, removeReadinessCheck, startDatabaseChecks } from './ops/health';
import { startJobs } from './ops/jobs';
import { reportDatabaseState } from './ops/metrics';
import { log } from './ops/log';
import { PRUNE_SIGN_IN_ATTEMPTS } from './auth/throttle-store';


/**
 * Opens the database (PGlite in DATA_DIR unless DATABASE_URL is set), applies migrations, loads
 * the demo province on the first start in demo mode, and prints the banner. Called once from
 * hooks.server.ts `init` (never while building). `stop` ends the workers, then closes the database:
 * SvelteKit's shutdown event calls it, and so does a test that started the app.
 */
export async function startApp(cfg: Config = config()): Promise<{ handle: DatabaseHandle; stop: () => Promise<void> }> {
	// read before the database opens: a bad WEBHOOK_* value stops the start with its name
	const webhookSettings = readWebhookSettings();
	const handle = cfg.databaseUrl
		? await openDatabase({
				kind: 'postgres',
				url: cfg.databaseUrl,
				timeouts: { statementMs: cfg.statementTimeoutMs, idleInTransactionMs: cfg.idleInTransactionTimeoutMs }
			})
		: await openDatabase({ kind: 'pglite', dataDir: cfg.dataDir, sharedBuffersMb: cfg.pgliteSharedBuffersMb });
	try {
		await handle.migrate(cfg.migrationsDir);
	} catch (e) {
		await handle.close();
		throw e;
	}
	useDatabase(handle);
	// standbys for the pages that only read (db/replicas.ts); none on the embedded database
	const replicas = cfg.readUrls.length
		? await openReplicas(cfg.readUrls, {
				maxLagS: cfg.readMaxLagS,
				timeouts: { statementMs: cfg.statementTimeoutMs, idleInTransactionMs: cfg.idleInTransactionTimeoutMs }
			})
		: null;
	useReplicas(replicas);
	// /readyz shows the standbys' state; a standby behind or away sends the pages to the primary
	// (db/replicas.ts), so it is reported, never a reason to take this server out of the balancer
	if (replicas)
		addReadinessCheck('replicas', async () => {
			const s = await replicaStatus();
			const lag = s.replicas.map((r) => `${r.description}: ${r.usable ? `${r.lagSeconds ?? 0} s` : (r.problem ?? 'unusable')}`).join('; ');
			return { ok: true, detail: `${s.usable}/${s.configured} usable (max lag ${s.maxLagSeconds} s)${s.withinBounds ? '' : ', reading the primary'}; ${lag}` };
		});
	// several app processes on one PostgreSQL hear each other's events (events/bus.ts)
	const stopEvents = cfg.databaseUrl ? await shareEventsThroughPostgres(cfg.databaseUrl) : async () => {};
	const stopHealth = startDatabaseChecks(handle, { url: cfg.databaseUrl, migrationsDir: cfg.migrationsDir });
	reportDatabaseState(() => databaseState(handle));

	let demoPassword: string | undefined;
	if (cfg.demo) demoPassword = await ensureDemo(handle, cfg);
	// after the demo, which brings its own scales: a fresh install rates on the official one
	await ensureDefaultScale(handle.db);
	const stopScaleSwitches = startScaleSwitches((id) => audit({}, 'scale.switch', { type: 'rating_scale', id }));
	// while no administrator exists, /setup takes the code printed here (a new one at each start)
	const setupToken = await issueSetupToken(handle.db);
	await printBanner(handle, cfg, demoPassword, setupToken);
	// the built-in holidays and their sources, in step with this release; notices an administrator
	// entered are kept (calendar/store.ts)
	await syncBuiltInCalendar(handle);
	const stopComplaintJobs = startComplaintJobs({ firstDelayMs: cfg.jobsFirstDelayMs });
	const stopJobs = startJobs(handle, [PRUNE_SIGN_IN_ATTEMPTS], { firstDelayMs: cfg.jobsFirstDelayMs });
	// Button boxes on this machine's serial ports (SERIAL_PORTS); stopped before the database closes.
	const serial = startSerialReaders(handle);
	// Webhook deliveries from the outbox (webhooks/worker.ts); stopped before the database closes.
	const stopWebhooks = startWebhookDelivery(handle, webhookSettings);

	let stopping: Promise<void> | null = null;
	const stop = (): Promise<void> => (stopping ??= stopAll());
	const stopAll = async () => {
		process.off('sveltekit:shutdown', stop);
		stopScaleSwitches();
		await serial.stop();
		await stopComplaintJobs();
		await stopJobs();
		await stopWebhooks();
		removeReadinessCheck('replicas');
		useReplicas(null);
		await replicas?.close();
		await stopEvents();
		await stopHealth();
		await handle.close();
	};
	process.on('sveltekit:shutdown', stop);
	return { handle, stop };
}

/** What /metrics reads from the database when scraped (ops/metrics.ts). */
async function databaseState(handle: DatabaseHandle) {
	const [due] = await handle.rows<{ n: number | string }>(sql`select count(*) as n from webhook_deliveries where status = 'pending'`);
	const connections = await handle.rows<{ state: string | null; n: number | string }>(
		sql`select coalesce(state, 'unknown') as state, count(*) as n from pg_stat_activity where application_name = current_setting('application_name') group by 1`
	);
	return { outboxDue: Number(due.n), connections: connections.map((c) => ({ state: c.state ?? 'unknown', n: Number(c.n) })) };
}

async function ensureDemo(handle: DatabaseHandle, cfg: Config): Promise<string | undefined> {
	const file = demoPasswordPath(cfg);
	const [{ n }] = await handle.rows<{ n: number | string }>(sql`select count(*) as n from units`);
	if (Number(n) > 0) return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : cfg.demoPassword;

	// No default password ships: the demo's password is DEMO_PASSWORD or a fresh random one,
	// kept beside the data so the banner can show it again.
	const password = cfg.demoPassword ?? 'demo-' + randomBytes(6).toString('base64url');
	fs.mkdirSync(cfg.dataDir, { recursive: true });
	fs.writeFileSync(file, password + '\n', { mode: 0o600 });
	log.info('Đang tạo dữ liệu tỉnh trình diễn… / Loading the demo province…');
	const started = Date.now();
	await seedDemo(handle, {
		password,
		months: cfg.demoMonths,
		officers: cfg.demoOfficers,
		onProgress: (m: string) => log.info(m)
	});
	log.info(`demo: xong / done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	return password;
}

async function printBanner(handle: DatabaseHandle, cfg: Config, demoPassword: string | undefined, setupToken: string | null) {
	const url = cfg.origin ?? `http://localhost:${cfg.port}`;
	const line = '─'.repeat(72);
	const out = [line, `Hài Lòng — ${url}`];
	out.push(`Cơ sở dữ liệu / Database: ${handle.description}`);
	for (const url of cfg.readUrls) out.push(`  bản sao chỉ đọc / read replica: ${redactUrl(url)} (tối đa / at most ${cfg.readMaxLagS} s)`);
	if (handle.kind === 'pglite') {
		out.push(
			'⚠ CSDL nhúng chỉ dùng để dùng thử và thí điểm tại một trung tâm; khi triển khai thật hãy đặt DATABASE_URL.',
			'⚠ The embedded database is for trials and single-centre pilots; production sets DATABASE_URL.'
		);
	}
	if (cfg.demo) {
		const accounts = await demoSignIns(handle.db);
		const roleWidth = Math.max(...accounts.map((a) => translate('vi', `role.${a.role}`).length), 10);
		out.push('CHẾ ĐỘ TRÌNH DIỄN / DEMO MODE — dữ liệu và tài khoản là giả / data and accounts are fictitious');
		for (const a of accounts)
			out.push(`  ${a.username.padEnd(12)} ${translate('vi', `role.${a.role}`).padEnd(roleWidth)} ${a.unitNameVi ?? '(toàn hệ thống / everywhere)'}`);
		if (demoPassword) out.push(`  Mật khẩu chung / password: ${demoPassword}`);
		out.push(`  Mật khẩu lưu tại / kept in: ${demoPasswordPath(cfg)}`);
	}
	if (setupToken) {
		out.push(
			'Chưa có quản trị viên / No administrator yet:',
			'  npm run admin:create',
			`  hoặc mở / or open ${url}/setup?token=${setupToken}`,
			`  (mã thiết lập / set-up code ${setupToken}: dùng một lần / usable once, ${SETUP_TOKEN_TTL_MS / 3_600_000} h)`
		);
	}
	out.push(line);
	console.log(out.join('\n'));
}
