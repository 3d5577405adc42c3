import { AsyncLocalStorage } from 'node:async_hooks';
import type { Cookies, Handle } from '@sveltejs/kit';
import { sql } from 'drizzle-orm';
import { openDatabase, type DatabaseHandle, type Timeouts } from './client';
import { database } from '.';

/**
 * Read replicas (DATABASE_READ_URL): PostgreSQL streaming standbys that serve the pages that
 * only read and can be a few seconds behind — dashboards, exports, the public pages. Two
 * opt-ins make a query go to a standby: the route runs its reads inside `readingReplica(…)`,
 * and the query module reads through `reader()`. Outside `readingReplica` `reader()` is the
 * primary, so a read-model function called from a write path (or a page that must see what its
 * user just wrote) keeps reading the primary.
 *
 * A standby further behind than DATABASE_READ_MAX_LAG_S, or unreachable, is skipped; with none
 * left the primary answers. The embedded database (PGlite) has no standbys: `reader()` is it.
 */

export type ReplicaHealth = {
	/** The URL without its password. */
	description: string;
	/** Reachable, in recovery or not, and within the lag limit. */
	usable: boolean;
	/** Seconds behind the primary when last checked; null when unreachable. */
	lagSeconds: number | null;
	/** Why it is not usable, for /readyz and the logs. */
	problem: string | null;
	checkedAt: number;
};

export type ReplicaStatus = {
	/** Standbys configured (0 on PGlite or without DATABASE_READ_URL). */
	configured: number;
	usable: number;
	replicas: ReplicaHealth[];
	maxLagSeconds: number;
};

export type ReplicaOptions = {
	maxLagS: number;
	/** How long one measurement of every standby's lag is reused (default 1.5 s). */
	cacheMs?: number;
	/** How long a check may take before the standby counts as unreachable (default 2 s). */
	checkTimeoutMs?: number;
	timeouts?: Timeouts;
	/** Connections per standby (default 5). */
	max?: number;
};

type Measured = { handle: DatabaseHandle; health: ReplicaHealth };

export class ReplicaSet {
	private readonly handles: DatabaseHandle[];
	private measured: Measured[] = [];
	private checking: Promise<Measured[]> | null = null;
	private next = 0;
	private readonly cacheMs: number;
	private readonly checkTimeoutMs: number;

	constructor(
		private readonly primary: () => DatabaseHandle,
		handles: DatabaseHandle[],
		readonly options: ReplicaOptions
	) {
		this.handles = handles;
		this.cacheMs = options.cacheMs ?? 1500;
		this.checkTimeoutMs = options.checkTimeoutMs ?? 2000;
	}

	/** The standbys as last measured (measuring again when the measurement is older than the cache). */
	async health(): Promise<Measured[]> {
		const fresh = this.measured.length > 0 && Date.now() - this.measured[0].health.checkedAt < this.cacheMs;
		if (fresh) return this.measured;
		// one measurement at a time, shared by every request that arrives meanwhile
		this.checking ??= this.measure().finally(() => (this.checking = null));
		return this.checking;
	}

	/** Forgets the cached measurement: the next read measures again (tests, and after a failed read). */
	invalidate(): void {
		this.measured = [];
	}

	/** A usable standby, round robin, with the most its data may be behind; null → read the primary. */
	async pick(): Promise<{ handle: DatabaseHandle; staleSeconds: number } | null> {
		const usable = (await this.health()).filter((m) => m.health.usable);
		if (usable.length === 0) return null;
		const chosen = usable[this.next++ % usable.length];
		// behind by its lag when measured, plus the time since (the cache's age)
		const since = (Date.now() - chosen.health.checkedAt) / 1000;
		return { handle: chosen.handle, staleSeconds: Math.max(1, Math.ceil((chosen.health.lagSeconds ?? 0) + since)) };
	}

	async status(): Promise<ReplicaStatus> {
		const replicas = (await this.health()).map((m) => m.health);
		return { configured: replicas.length, usable: replicas.filter((r) => r.usable).length, replicas, maxLagSeconds: this.options.maxLagS };
	}

	async close(): Promise<void> {
		await Promise.all(this.handles.map((h) => h.close()));
	}

	private async measure(): Promise<Measured[]> {
		// The primary's WAL position first: a standby that has replayed up to it has every
		// transaction committed before this check began, so it is 0 s behind — whatever its last
		// replay timestamp says (on an idle primary that timestamp grows old with nothing to replay).
		let primaryLsn: string | null = null;
		try {
			const [row] = await this.primary().rows<{ lsn: string }>(sql`select pg_current_wal_lsn()::text as lsn`);
			primaryLsn = row.lsn;
		} catch {
			// the primary is down: the standbys are still measured by their replay timestamp
		}
		this.measured = await Promise.all(this.handles.map(async (handle) => ({ handle, health: await this.measureOne(handle, primaryLsn) })));
		return this.measured;
	}

	private async measureOne(handle: DatabaseHandle, primaryLsn: string | null): Promise<ReplicaHealth> {
		const base = { description: handle.description, checkedAt: Date.now() };
		let timer: NodeJS.Timeout | undefined;
		try {
			const query = handle.rows<{ standby: boolean; caught_up: boolean | null; behind_s: number | string | null }>(sql`
				select pg_is_in_recovery() as standby,
					case when pg_is_in_recovery() and ${primaryLsn}::text is not null
						then pg_last_wal_replay_lsn() >= ${primaryLsn}::pg_lsn end as caught_up,
					extract(epoch from now() - pg_last_xact_replay_timestamp()) as behind_s`);
			const timeout = new Promise<never>((_, reject) => {
				timer = setTimeout(() => reject(new Error(`no answer within ${this.checkTimeoutMs} ms`)), this.checkTimeoutMs);
			});
			const [row] = await Promise.race([query, timeout]);
			const lagSeconds = lagOf(row);
			if (lagSeconds === null) return { ...base, usable: false, lagSeconds: null, problem: 'lag unknown: no transaction replayed yet' };
			const usable = lagSeconds <= this.options.maxLagS;
			return { ...base, usable, lagSeconds, problem: usable ? null : `behind by ${lagSeconds.toFixed(1)} s (limit ${this.options.maxLagS} s)` };
		} catch (e) {
			return { ...base, usable: false, lagSeconds: null, problem: `unreachable: ${(e as Error).message}` };
		} finally {
			clearTimeout(timer);
		}
	}
}

/** Seconds a standby is behind: 0 when it is not a standby or has replayed the primary's position. */
export function lagOf(row: { standby: boolean; caught_up: boolean | null; behind_s: number | string | null }): number | null {
	if (!row.standby || row.caught_up === true) return 0;
	if (row.behind_s === null) return null;
	return Math.max(0, Number(row.behind_s));
}

let replicas: ReplicaSet | null = null;

/** Opens a handle on every standby (lazily connecting) for the app's primary. */
export async function openReplicas(urls: readonly string[], options: ReplicaOptions): Promise<ReplicaSet> {
	const handles = await Promise.all(
		urls.map((url) => openDatabase({ kind: 'postgres', url, max: options.max ?? 5, timeouts: options.timeouts, connectTimeoutS: 2 }))
	);
	for (const h of handles) h.description = h.description.replace(/^PostgreSQL/, 'PostgreSQL standby');
	return new ReplicaSet(() => database, handles, options);
}

/** Sets the app's standbys (start-up, tests); null when there are none. */
export function useReplicas(set: ReplicaSet | null): void {
	replicas = set;
}

/**
 * For /readyz and the banner: every standby's lag and whether it is used. `withinBounds` is
 * false only when standbys are configured and none is usable (the app still answers, from the
 * primary, but an operator should know).
 */
export async function replicaStatus(): Promise<ReplicaStatus & { withinBounds: boolean }> {
	if (!replicas) return { configured: 0, usable: 0, replicas: [], maxLagSeconds: 0, withinBounds: true };
	const s = await replicas.status();
	return { ...s, withinBounds: s.configured === 0 || s.usable > 0 };
}

type ReadContext = { handle: DatabaseHandle; staleSeconds: number };
const context = new AsyncLocalStorage<ReadContext | null>();

/** The database a read-model query reads: the standby chosen by `readingReplica`, else the primary. */
export function reader(): DatabaseHandle {
	return context.getStore()?.handle ?? database;
}

export type Staleness = {
	/** The most the data read may be behind, in whole seconds; null when it came from the primary. */
	staleSeconds: number | null;
};

/**
 * Read-your-own-writes across processes: after a browser wrote (any form post or JSON write that
 * succeeded), its reads stay on the primary for as long as a standby may be behind. A cookie
 * rather than process memory, so it holds whichever app server answers next.
 */
export const WROTE_COOKIE = 'hl_wrote';

export const markWrites: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const set = replicas;
	if (set && !['GET', 'HEAD', 'OPTIONS'].includes(event.request.method) && response.status < 400) {
		const seconds = Math.ceil(set.options.maxLagS) + 1;
		const secure = event.url.protocol === 'https:' ? '; Secure' : '';
		try {
			// on the response itself: SvelteKit's cookies cannot be set once it is resolved
			response.headers.append('set-cookie', `${WROTE_COOKIE}=${Date.now() + seconds * 1000}; Path=/; Max-Age=${seconds}; HttpOnly; SameSite=Lax${secure}`);
		} catch {
			// a response with immutable headers (a proxied fetch): nothing to mark
		}
	}
	return response;
};

function wroteRecently(cookies: Pick<Cookies, 'get'> | undefined): boolean {
	const until = Number(cookies?.get(WROTE_COOKIE));
	return Number.isFinite(until) && until > Date.now();
}

/**
 * Runs `read` with `reader()` on a usable standby (or the primary when none is, or when this
 * browser wrote a moment ago). When the standby fails mid-read (stopped, a recovery conflict)
 * the read is run again on the primary, so the page still answers. Never wrap a write: the
 * standby refuses it.
 */
export async function readingReplica<T>(event: { cookies?: Pick<Cookies, 'get'> } | null, read: () => Promise<T>): Promise<{ value: T } & Staleness> {
	const set = wroteRecently(event?.cookies) ? null : replicas;
	const picked = set ? await set.pick() : null;
	if (!set || !picked) return { value: await context.run(null, read), staleSeconds: null };
	try {
		return { value: await context.run(picked, read), staleSeconds: picked.staleSeconds };
	} catch (e) {
		if (!isConnectionFailure(e)) throw e;
		set.invalidate();
		return { value: await context.run(null, read), staleSeconds: null };
	}
}

/**
 * Failures of the standby rather than of the query: connection lost or refused, the server
 * shutting down (57P01…57P03), or a query cancelled by a recovery conflict (40001 on a standby).
 */
function isConnectionFailure(e: unknown): boolean {
	const err = e as { code?: string; cause?: { code?: string } };
	const code = err?.code ?? err?.cause?.code;
	if (!code) return false;
	return ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECT_TIMEOUT', 'CONNECTION_DESTROYED', '57P01', '57P02', '57P03', '40001'].includes(code);
}
