import path from 'node:path';
import { z } from 'zod';
import { DEMO_LIMITS } from './demo/limits';

const boolish = z
	.enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
	.transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

/** Years the date bounds may be set to: four-digit years, so day arithmetic near them stays in range. */
const boundYear = z.coerce.number().int().min(1900).max(2999);
/** Seconds, 0 = no limit (PostgreSQL's own meaning of 0 for these settings). */
const seconds = z.coerce.number().int().min(0).max(86_400);

const schema = z.object({
	DATABASE_URL: z
		.string()
		.regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://')
		.optional(),
	// one or more streaming standbys, comma-separated (db/replicas.ts); each must be a postgres URL
	DATABASE_READ_URL: z
		.string()
		.transform((v) => v.split(',').map((u) => u.trim()).filter((u) => u !== ''))
		.pipe(z.array(z.string().regex(/^postgres(ql)?:\/\/[^/\s]+/, 'DATABASE_READ_URL: each URL must start with postgres:// or postgresql:// and name a host, separated by commas')))
		.refine((urls) => urls.every((u) => URL.canParse(u)), 'DATABASE_READ_URL: every URL must be a valid URL')
		.optional(),
	DATABASE_READ_MAX_LAG_S: z.coerce.number().min(0.1).max(3600).default(10),
	DATA_DIR: z.string().min(1).default('./data'),
	PGLITE_SHARED_BUFFERS_MB: z.coerce.number().int().min(1).max(4096).optional(),
	MIGRATIONS_DIR: z.string().min(1).default('./drizzle'),
	DEMO: boolish.optional(),
	DEMO_PASSWORD: z.string().min(8, 'DEMO_PASSWORD must be at least 8 characters').optional(),
	// The generator's own limits (demo/limits.ts), so a value that passes here also starts.
	DEMO_MONTHS: z.coerce.number().int().min(1).max(DEMO_LIMITS.maxMonths).default(6),
	DEMO_OFFICERS: z.coerce.number().int().min(DEMO_LIMITS.minOfficers).max(5000).default(60),
	PORT: z.coerce.number().int().min(1).max(65535).default(3000),
	HOST: z.string().default('0.0.0.0'),
	ORIGIN: z.string().url('ORIGIN must be a full URL such as https://danhgia.example.gov.vn').optional(),
	SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(30),
	SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).default(12),
	DATE_MIN_YEAR: boundYear.default(2000),
	DATE_MAX_YEAR: boundYear.default(2100),
	STATEMENT_TIMEOUT_SECONDS: seconds.default(30),
	IDLE_IN_TRANSACTION_TIMEOUT_SECONDS: seconds.default(60),
	BRIDGE_MAX_AGE_DAYS: z.coerce.number().int().min(1).max(365).default(7),
	NODE_ENV: z.string().optional(),
	// operations (issue 18): /metrics is open to this bearer token, or to localhost only when unset
	METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
	// the first tick of the scheduled jobs after start-up (ops/jobs.ts); then once a minute
	JOBS_FIRST_DELAY_SECONDS: seconds.default(30),
	LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
	// as adapter-node reads it (bytes, or K/M/G), which enforces it on every streamed body
	BODY_SIZE_LIMIT: z
		.string()
		.regex(/^[0-9]+[KMG]?$/i, 'BODY_SIZE_LIMIT must be a size such as 12M, 512K or 1048576')
		.default('12M')
		.transform((v) => Number(v.replace(/[KMG]$/i, '')) * ({ K: 2 ** 10, M: 2 ** 20, G: 2 ** 30 }[v.slice(-1).toUpperCase()] ?? 1))
}).refine((e) => e.DATE_MIN_YEAR <= e.DATE_MAX_YEAR, { path: ['DATE_MAX_YEAR'], message: 'DATE_MAX_YEAR must not be before DATE_MIN_YEAR' });

export type Config = {
	databaseUrl: string | undefined;
	/** DATABASE_READ_URL: streaming standbys for dashboards, exports and public pages; empty on PGlite. */
	readUrls: string[];
	/** DATABASE_READ_MAX_LAG_S: a standby further behind than this is skipped for the primary. */
	readMaxLagS: number;
	dataDir: string;
	/** PGLITE_SHARED_BUFFERS_MB: the embedded database's shared_buffers (PostgreSQL's 128 MB when unset). */
	pgliteSharedBuffersMb: number | undefined;
	migrationsDir: string;
	demo: boolean;
	demoPassword: string | undefined;
	demoMonths: number;
	demoOfficers: number;
	port: number;
	host: string;
	origin: string | undefined;
	sessionIdleMs: number;
	sessionAbsoluteMs: number;
	/** Dates accepted from outside: 1 January of the first year to 31 December of the last (Vietnam time). */
	dateYears: { min: number; max: number };
	/** PostgreSQL statement_timeout and idle_in_transaction_session_timeout of the app's connections; 0 = none. */
	statementTimeoutMs: number;
	idleInTransactionTimeoutMs: number;
	/** The oldest a press posted by a bridge may claim to be and still count (its outbox's realistic life). */
	bridgeMaxAgeMs: number;
	production: boolean;
	/** The largest request body, taken only by the dossier CSV import (body-limits.ts). */
	bodySizeLimit: number;
	/** Bearer token for /metrics; unset = /metrics answers requests from this machine only. */
	metricsToken: string | undefined;
	jobsFirstDelayMs: number;
	logLevel: string;
};

/**
 * Reads configuration from the environment once. A bad value stops start-up with a message
 * naming the variable to fix (conventions: required configuration fails fast).
 */
export function readConfig(env: Record<string, string | undefined> = process.env): Config {
	// An empty variable means unset (VAR= in a service file or a CI matrix).
	const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
	const parsed = schema.safeParse(set);
	if (!parsed.success) {
		const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
		throw new Error(`Cấu hình không hợp lệ / Invalid configuration:\n${lines.join('\n')}`);
	}
	const e = parsed.data;
	return {
		databaseUrl: e.DATABASE_URL,
		readUrls: readUrls(e.DATABASE_URL, e.DATABASE_READ_URL),
		readMaxLagS: e.DATABASE_READ_MAX_LAG_S,
		dataDir: path.resolve(e.DATA_DIR),
		pgliteSharedBuffersMb: e.PGLITE_SHARED_BUFFERS_MB,
		migrationsDir: path.resolve(e.MIGRATIONS_DIR),
		// Demo data is on by default only for the embedded database: a real server starts empty.
		demo: e.DEMO ?? !e.DATABASE_URL,
		demoPassword: e.DEMO_PASSWORD,
		demoMonths: e.DEMO_MONTHS,
		demoOfficers: e.DEMO_OFFICERS,
		port: e.PORT,
		host: e.HOST,
		origin: e.ORIGIN,
		sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
		sessionAbsoluteMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000,
		dateYears: { min: e.DATE_MIN_YEAR, max: e.DATE_MAX_YEAR },
		statementTimeoutMs: e.STATEMENT_TIMEOUT_SECONDS * 1000,
		idleInTransactionTimeoutMs: e.IDLE_IN_TRANSACTION_TIMEOUT_SECONDS * 1000,
		bridgeMaxAgeMs: e.BRIDGE_MAX_AGE_DAYS * 86_400_000,
		production: e.NODE_ENV === 'production',
		bodySizeLimit: e.BODY_SIZE_LIMIT,
		metricsToken: e.METRICS_TOKEN,
		jobsFirstDelayMs: e.JOBS_FIRST_DELAY_SECONDS * 1000,
		logLevel: e.LOG_LEVEL
	};
}

/** Optional configuration degrades with a warning: the embedded database has no standbys. */
function readUrls(primary: string | undefined, urls: string[] | undefined): string[] {
	if (!urls?.length) return [];
	if (!primary) {
		console.warn('⚠ DATABASE_READ_URL bỏ qua: CSDL nhúng không có bản sao / ignored: the embedded database has no replicas (set DATABASE_URL)');
		return [];
	}
	return urls;
}

let current: Config | undefined;
export function config(): Config {
	current ??= readConfig();
	return current;
}
