import { z } from 'zod';
import type { BackoffSettings } from './backoff';
import { DEVELOPMENT_KEY, parseSecretKey } from './secret-box';

/**
 * The delivery worker's settings, from the environment (read once at start-up; a bad value stops
 * the start with the variable's name, like config.ts). Seconds may be fractional.
 */
export type WebhookSettings = {
	/** Plain HTTP to loopback and private addresses (url.ts); HTTPS is always allowed. */
	allowPrivateHttp: boolean;
	backoff: BackoffSettings;
	/** A delivery still failing this long after its event is given up ('expired'). At least 7 days. */
	expireMs: number;
	/** One POST's limit, connection to last byte. */
	timeoutMs: number;
	/** How often an idle worker looks for due deliveries (it is also woken by ratings and complaints of this process). */
	pollMs: number;
	/** POSTs in flight at once, per process. */
	concurrency: number;
	/** Delivered and given-up deliveries, their events and attempts are deleted after this. */
	logMs: number;
	/** Seals subscribers' signing secrets at rest (secret-box.ts): WEBHOOK_SECRET_KEY, or the public development key. */
	secretKey: Buffer;
	secretKeyIsDevelopment: boolean;
};

const boolish = z.enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off']).transform((v) => ['1', 'true', 'yes', 'on'].includes(v));
const secondsIn = (min: number, max: number) => z.coerce.number().min(min).max(max);
const DAY = 86_400_000;
const KEY_HINT = '32 random bytes in base64 or hex, e.g. the output of `openssl rand -base64 32`';
let warned = false;

const schema = z
	.object({
		WEBHOOK_ALLOW_PRIVATE_HTTP: boolish.default(false),
		WEBHOOK_RETRY_BASE_SECONDS: secondsIn(0.01, 3600).default(5),
		WEBHOOK_RETRY_CAP_SECONDS: secondsIn(0.01, 86_400).default(600),
		WEBHOOK_EXPIRE_DAYS: z.coerce.number().int().min(7).max(90).default(7),
		WEBHOOK_TIMEOUT_SECONDS: secondsIn(0.1, 120).default(10),
		WEBHOOK_POLL_SECONDS: secondsIn(0.05, 60).default(1),
		WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
		WEBHOOK_LOG_DAYS: z.coerce.number().int().min(7).max(3650).default(30),
		WEBHOOK_SECRET_KEY: z
			.string()
			.transform((v, ctx) => parseSecretKey(v) ?? (ctx.addIssue({ code: 'custom', message: KEY_HINT }), z.NEVER))
			.optional()
	})
	.refine((e) => e.WEBHOOK_RETRY_BASE_SECONDS <= e.WEBHOOK_RETRY_CAP_SECONDS, {
		path: ['WEBHOOK_RETRY_CAP_SECONDS'],
		message: 'must not be below WEBHOOK_RETRY_BASE_SECONDS'
	})
	.refine((e) => e.WEBHOOK_LOG_DAYS >= e.WEBHOOK_EXPIRE_DAYS, { path: ['WEBHOOK_LOG_DAYS'], message: 'must not be below WEBHOOK_EXPIRE_DAYS' });

export function readWebhookSettings(env: Record<string, string | undefined> = process.env): WebhookSettings {
	const set = Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('WEBHOOK_') && v !== undefined && v !== ''));
	const parsed = schema.safeParse(set);
	if (parsed.success && !parsed.data.WEBHOOK_SECRET_KEY && env.NODE_ENV === 'production') {
		// production without a key of its own would seal secrets with the public development key
		throw new Error(`Invalid webhook configuration:\n  WEBHOOK_SECRET_KEY: required in production (seals the subscribers' signing secrets): ${KEY_HINT}`);
	}
	if (!parsed.success) {
		const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
		throw new Error(`Invalid webhook configuration:\n${lines.join('\n')}`);
	}
	const e = parsed.data;
	return {
		allowPrivateHttp: e.WEBHOOK_ALLOW_PRIVATE_HTTP,
		backoff: { baseMs: e.WEBHOOK_RETRY_BASE_SECONDS * 1000, capMs: e.WEBHOOK_RETRY_CAP_SECONDS * 1000 },
		expireMs: e.WEBHOOK_EXPIRE_DAYS * DAY,
		timeoutMs: e.WEBHOOK_TIMEOUT_SECONDS * 1000,
		pollMs: e.WEBHOOK_POLL_SECONDS * 1000,
		concurrency: e.WEBHOOK_CONCURRENCY,
		logMs: e.WEBHOOK_LOG_DAYS * DAY,
		secretKey: e.WEBHOOK_SECRET_KEY ?? developmentKey(),
		secretKeyIsDevelopment: !e.WEBHOOK_SECRET_KEY
	};
}

function developmentKey(): Buffer {
	if (!warned) {
		warned = true;
		console.warn(`webhooks: WEBHOOK_SECRET_KEY is not set; subscribers' signing secrets are sealed with the public development key. Set it (${KEY_HINT}) before real use.`);
	}
	return DEVELOPMENT_KEY;
}
