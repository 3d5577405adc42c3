/**
 * Rolling upgrades (docs/operations.md): while the new version's migrations have run and the
 * previous version's processes still serve requests, both must work on the same schema. So a
 * migration only expands (new tables, new nullable columns or columns with a default, new
 * indexes); what the previous version reads or writes is removed or tightened in a later
 * release, once no process of the old version is left ("contract").
 *
 * This lint finds the statements that would break the previous version. A contract step that is
 * meant (the version before already stopped using the column) carries a marker comment in the
 * statement, with the reason:
 *
 *     -- contract: officers.legacy_code unused since 0.9 (release notes 2026-11)
 *     ALTER TABLE "officers" DROP COLUMN "legacy_code";
 */

export type Finding = { rule: string; statement: string };

export const CONTRACT_MARKER = /--[ \t]*contract:[ \t]*\S/i;

const RULES: { rule: string; test: (statement: string, created: Set<string>) => boolean }[] = [
	{ rule: 'DROP COLUMN (the previous version still reads it)', test: (s) => /\bDROP\s+COLUMN\b/i.test(s) },
	{ rule: 'DROP TABLE (the previous version still reads it)', test: (s) => /\bDROP\s+TABLE\b/i.test(s) },
	{ rule: 'RENAME (the previous version still uses the old name)', test: (s) => /\bRENAME\b/i.test(s) },
	{ rule: 'SET NOT NULL (the previous version may still write nulls)', test: (s) => /\bSET\s+NOT\s+NULL\b/i.test(s) },
	{ rule: 'column type change (the previous version may write the old type)', test: (s) => /\bALTER\s+COLUMN\s+\S+\s+(SET\s+DATA\s+)?TYPE\b/i.test(s) },
	{
		rule: 'NOT NULL column without a default on an existing table (the previous version inserts without it)',
		test: (s, created) => {
			const m = /^\s*ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?("?[\w.]+"?)\s+ADD\s+COLUMN\b([\s\S]*)$/i.exec(stripComments(s));
			if (!m || created.has(unquote(m[1]))) return false;
			return /\bNOT\s+NULL\b/i.test(m[2]) && !/\bDEFAULT\b/i.test(m[2]) && !/\bGENERATED\b/i.test(m[2]);
		}
	}
];

const stripComments = (s: string) => s.replace(/--[^\n]*/g, '').trim();
const unquote = (name: string) => name.replace(/"/g, '').replace(/^public\./, '');

/** drizzle-kit's statements: separated by `--> statement-breakpoint`, else by `;` at a line end. */
export function statementsOf(text: string): string[] {
	const parts = text.includes('--> statement-breakpoint') ? text.split('--> statement-breakpoint') : text.split(/;\s*\n/);
	return parts.map((p) => p.trim()).filter((p) => stripComments(p) !== '');
}

/** The statements of one migration that would break the previous version, unless marked. */
export function destructiveStatements(text: string): Finding[] {
	const statements = statementsOf(text);
	// tables this same migration creates are new: nothing of the previous version uses them
	const created = new Set(
		statements.flatMap((s) => {
			const m = /\bCREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?("?[\w.]+"?)/i.exec(stripComments(s));
			return m ? [unquote(m[1])] : [];
		})
	);
	const findings: Finding[] = [];
	for (const statement of statements) {
		if (CONTRACT_MARKER.test(statement)) continue;
		const body = stripComments(statement);
		for (const r of RULES) if (r.test(body, created)) findings.push({ rule: r.rule, statement: body.split('\n')[0].slice(0, 200) });
	}
	return findings;
}

/**
 * The last migration written before the rule: older ones were applied everywhere already and
 * are not checked. Migrations after it in drizzle/meta/_journal.json order are.
 */
export const EXPAND_CONTRACT_SINCE_TAG = '0021_webhook_outbox';
