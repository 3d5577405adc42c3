import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { destructiveStatements, EXPAND_CONTRACT_SINCE_TAG } from './migration-lint';

const bp = '--> statement-breakpoint\n';

describe('the destructive-migration lint', () => {
	it('passes what keeps the previous version working', () => {
		const expand = [
			'CREATE TABLE "sign_in_attempts" (\n\t"id" bigserial PRIMARY KEY NOT NULL,\n\t"at" timestamp with time zone NOT NULL\n);\n',
			'ALTER TABLE "sign_in_attempts" ADD COLUMN "ip" text NOT NULL;\n',
			'ALTER TABLE "procedures" ADD COLUMN "short_code" text;\n',
			'ALTER TABLE "rollup_officer_day" ADD COLUMN "qr_ratings" integer DEFAULT 0 NOT NULL;\n',
			'CREATE INDEX "ratings_at_idx" ON "ratings" USING btree ("pressed_at");'
		].join(bp);
		expect(destructiveStatements(expand)).toEqual([]);
	});

	it('finds each kind of statement that breaks the previous version', () => {
		const contract = [
			'ALTER TABLE "officers" DROP COLUMN "legacy_code";\n',
			'DROP TABLE "old_things" CASCADE;\n',
			'ALTER TABLE "units" RENAME COLUMN "name" TO "name_vi";\n',
			'ALTER TABLE "units" ALTER COLUMN "code" SET NOT NULL;\n',
			'ALTER TABLE "ratings" ALTER COLUMN "level" SET DATA TYPE smallint;\n',
			'ALTER TABLE "ratings" ADD COLUMN "channel" text NOT NULL;'
		].join(bp);
		expect(destructiveStatements(contract).map((f) => f.rule.split(' (')[0])).toEqual([
			'DROP COLUMN',
			'DROP TABLE',
			'RENAME',
			'SET NOT NULL',
			'column type change',
			'NOT NULL column without a default on an existing table'
		]);
	});

	it('lets a contract step through when it says why', () => {
		const marked = '-- contract: officers.legacy_code unused since 0.9\nALTER TABLE "officers" DROP COLUMN "legacy_code";';
		expect(destructiveStatements(marked)).toEqual([]);
		// a marker without a reason is not one
		expect(destructiveStatements('-- contract:\nALTER TABLE "officers" DROP COLUMN "legacy_code";')).toHaveLength(1);
	});

	it('finds nothing destructive in the migrations written since the rule, unless marked', () => {
		const dir = path.resolve('drizzle');
		const journal = JSON.parse(fs.readFileSync(path.join(dir, 'meta/_journal.json'), 'utf8')) as { entries: { idx: number; tag: string }[] };
		const tags = [...journal.entries].sort((a, b) => a.idx - b.idx).map((e) => e.tag);
		const since = tags.indexOf(EXPAND_CONTRACT_SINCE_TAG);
		expect(since, `${EXPAND_CONTRACT_SINCE_TAG} is in the journal`).toBeGreaterThanOrEqual(0);
		const findings = tags
			.slice(since + 1)
			.flatMap((tag) => destructiveStatements(fs.readFileSync(path.join(dir, `${tag}.sql`), 'utf8')).map((f) => `${tag}: ${f.rule}: ${f.statement}`));
		expect(findings, 'keep the previous version working (docs/operations.md, rolling upgrades), or mark a meant contract step with "-- contract: <why>"').toEqual([]);
	});
});
