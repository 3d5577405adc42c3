import pino, { type Logger } from 'pino';

/**
 * The server's structured log: one JSON object per line on stdout (pino), for a log collector
 * to ship and search. LOG_LEVEL sets the level (info by default; `debug` adds a line per device
 * request). Request lines carry the request id (ops/request-id.ts).
 *
 * Phone numbers and tokens never reach the log: the fields that can hold them are redacted by
 * path, and every message text and string field is passed through `scrub`, which masks anything
 * shaped like a Vietnamese phone number or a bearer token — a logged error message can quote a
 * row or a header. tests/log-redaction.test.ts greps a run's output for both.
 */
export const REDACT_PATHS = [
	'phone',
	'*.phone',
	'token',
	'*.token',
	'password',
	'*.password',
	'secret',
	'*.secret',
	'authorization',
	'*.authorization',
	'*.headers.authorization',
	'*.headers.cookie',
	'cookie',
	'*.cookie'
];

const PHONE = /(?<![0-9])(?:\+?84|0)(?:[ .-]?[0-9]){8,10}(?![0-9])/g;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
/** Long random-looking runs (session tokens, device credentials, set-up codes) */
const TOKENISH = /\b(?=[A-Za-z0-9_-]*[0-9])(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{24,}\b/g;

/** Masks phone numbers and tokens in a text (pure; exported for its test). */
export function scrub(text: string): string {
	return text
		.replace(BEARER, '$1 [redacted]')
		.replace(TOKENISH, '[redacted]')
		.replace(PHONE, '[phone]');
}

function scrubDeep(value: unknown, depth = 0): unknown {
	if (typeof value === 'string') return scrub(value);
	if (depth > 4 || value === null || typeof value !== 'object') return value;
	if (value instanceof Error)
		return {
			type: value.name,
			message: scrub(value.message),
			code: (value as { code?: string }).code
		};
	if (Array.isArray(value)) return value.map((v) => scrubDeep(v, depth + 1));
	return Object.fromEntries(
		Object.entries(value).map(([k, v]) => [k, k === 'reqId' ? v : scrubDeep(v, depth + 1)])
	);
}

export function createLogger(
	destination?: pino.DestinationStream,
	level = process.env.LOG_LEVEL || 'info'
): Logger {
	return pino(
		{
			level,
			base: { pid: process.pid },
			timestamp: pino.stdTimeFunctions.isoTime,
			redact: { paths: REDACT_PATHS, censor: '[redacted]' },
			formatters: { level: (label) => ({ level: label }) },
			hooks: {
				logMethod(args, method) {
					method.apply(this, args.map((a) => scrubDeep(a)) as Parameters<typeof method>);
				}
			}
		},
		destination ?? pino.destination(1)
	);
}

/** The app's logger. */
export const log: Logger = createLogger();
