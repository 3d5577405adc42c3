/**
 * Creates the demo province in an empty database (also the benchmark data set).
 *
 *   tsx scripts/seed.ts --months 6 --officers 60 --seed 2026 [--end 2026-11-01] [--password …]
 *
 * DATABASE_URL set: that PostgreSQL; otherwise PGlite in DATA_DIR (default ./data).
 * --end is a Vietnam date (the window ends at its local midnight) or a full ISO instant.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { localTime } from '../src/lib/server/calendar/working-days';
import { openDatabase, type DatabaseHandle } from '../src/lib/server/db/client';
import { MIN_OFFICERS } from '../src/lib/server/demo/province';
import { seedDemo, type DemoSummary } from '../src/lib/server/demo/seed-demo';

const USAGE = `Usage: tsx scripts/seed.ts [--months N] [--officers N] [--seed N] [--end YYYY-MM-DD] [--password PASSWORD]
  --months     length of the demo window in months, 1–36 (default 6)
  --officers   number of officers, ${MIN_OFFICERS}–20000 (default 60); counters and volume scale with it
  --seed       PRNG seed, an integer (default 2026)
  --end        end of the window: a Vietnam date (local midnight) or an ISO instant (default now)
  --password   password of the demo accounts (admin, caicach, lanhdao1, lanhdao2, thanhtra,
               canbo1, canbo2); without it no accounts are created`;

const integer = (name: string, min: number, max: number) =>
	z
		.string()
		.regex(/^-?\d+$/, `${name} must be a whole number`)
		.transform(Number)
		.pipe(
			z
				.number()
				.int()
				.min(min, `${name} must be at least ${min}`)
				.max(max, `${name} must be at most ${max}`)
		);

const Args = z.object({
	months: integer('--months', 1, 36).default(6),
	officers: integer('--officers', MIN_OFFICERS, 20_000).default(60),
	seed: integer('--seed', -2_147_483_648, 4_294_967_295).default(2026),
	end: z
		.string()
		.transform((s, ctx) => {
			const d = /^\d{4}-\d{2}-\d{2}$/.test(s) ? localTime(s, 0) : new Date(s);
			if (Number.isNaN(d.getTime())) {
				ctx.addIssue({ code: 'custom', message: `--end is not a date: ${s}` });
				return z.NEVER;
			}
			return d;
		})
		.optional(),
	password: z.string().min(8, '--password must be at least 8 characters').optional()
});

function parse(argv: string[]) {
	const { values } = parseArgs({
		args: argv,
		options: {
			months: { type: 'string' },
			officers: { type: 'string' },
			seed: { type: 'string' },
			end: { type: 'string' },
			password: { type: 'string' },
			help: { type: 'boolean', short: 'h' }
		},
		strict: true
	});
	if (values.help) {
		console.log(USAGE);
		process.exit(0);
	}
	const parsed = Args.safeParse(values);
	if (!parsed.success) {
		for (const issue of parsed.error.issues) console.error(`error: ${issue.message}`);
		console.error(USAGE);
		process.exit(2);
	}
	return parsed.data;
}

function printSummary(s: DemoSummary): void {
	console.log(
		`\nDemo province, seed ${s.seed}, ${s.months} months, ${s.officers} officers: ${s.from} → ${s.to}`
	);
	const width = Math.max(...Object.keys(s.counts).map((k) => k.length));
	for (const [table, n] of Object.entries(s.counts))
		console.log(`  ${table.padEnd(width)}  ${n.toLocaleString('en').padStart(10)}`);
	const secs = s.elapsedMs / 1000;
	console.log(
		`${s.rowsWritten.toLocaleString('en')} rows in ${secs.toFixed(1)} s (${Math.round(s.rowsWritten / secs).toLocaleString('en')} rows/s)`
	);
	if (s.accounts.length > 0) {
		console.log('\nAccounts (all with the given password):');
		for (const a of s.accounts)
			console.log(
				`  ${a.username.padEnd(9)} ${a.role.padEnd(10)} ${a.unitNameVi ?? '(toàn hệ thống)'}: ${a.descriptionVi}`
			);
	} else {
		console.log('\nNo accounts created (no --password given).');
	}
	console.log('\nPlanted patterns (ground truth, also in settings "demo.planted"):');
	console.log(JSON.stringify(s.planted, null, 2));
}

async function main(): Promise<void> {
	let args: ReturnType<typeof parse>;
	try {
		args = parse(process.argv.slice(2));
	} catch (e) {
		console.error(`error: ${(e as Error).message}`);
		console.error(USAGE);
		process.exit(2);
	}
	const url = process.env.DATABASE_URL;
	const dataDir = path.resolve(process.env.DATA_DIR ?? './data');
	let h: DatabaseHandle | undefined;
	try {
		h = url
			? await openDatabase({ kind: 'postgres', url })
			: await openDatabase({ kind: 'pglite', dataDir });
		console.log(`Database: ${h.description}`);
		await h.migrate(path.resolve('drizzle'));
		const summary = await seedDemo(h, {
			seed: args.seed,
			months: args.months,
			officers: args.officers,
			endDate: args.end,
			password: args.password,
			onProgress: (m) => console.log(m)
		});
		printSummary(summary);
	} catch (e) {
		console.error(`error: ${(e as Error).message}`);
		process.exitCode = 1;
	} finally {
		await h?.close();
	}
}

await main();
