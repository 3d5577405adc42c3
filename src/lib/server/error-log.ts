import { DrizzleQueryError } from 'drizzle-orm';

/**
 * An unexpected error as the server logs it: what went wrong and where, never the data it was
 * about. drizzle's DrizzleQueryError carries every query parameter (a citizen's complaint text, a
 * phone number) in its message and properties, and PostgreSQL's `detail` quotes row values; so a
 * database error is logged as the driver's message and SQLSTATE code, then the stack frames.
 */
export function describeError(error: unknown): string {
	if (!(error instanceof Error)) return `thrown: ${typeof error}`;
	return [headline(error), ...(error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line))].join('\n');
}

type DriverError = { message?: unknown; code?: unknown };

function headline(error: Error): string {
	const query = error instanceof DrizzleQueryError;
	const driver = (query ? error.cause : error) as DriverError | undefined;
	const code = typeof driver?.code === 'string' ? driver.code : undefined;
	if (!query && !(code && SQLSTATE.test(code))) return `${error.name}: ${error.message}`;
	const message = typeof driver?.message === 'string' ? driver.message : 'query failed';
	return `database error: ${withoutValues(message, code)} (${code ?? 'no code'})`;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** Data exceptions (SQLSTATE class 22) quote the value refused: "invalid input syntax for type integer: "…"". */
const withoutValues = (message: string, code: string | undefined) => (code?.startsWith('22') ? message.split(': ')[0] : message);
