import { eq, inArray, sql } from 'drizzle-orm';
import { isDeepStrictEqual } from 'node:util';
import type { z } from 'zod';
import { audit, type AuditActor } from '../audit';
import { db } from '../db';
import { settings, users } from '../db/schema';
import { COMPLAINT_SETTINGS_KEY, complaintSettingsSchema, DEFAULT_COMPLAINT_SETTINGS, parseComplaintSettings } from '../complaints/settings';
import { DEFAULT_SIPAS_MAPPING, indexSettings, parseRankRule, parseSipasMapping, rankSchema, RANKS_KEY, sipasSchema, SIPAS_KEY } from '../indices/settings';
import { DEFAULT_RANK_RULE } from '../indices/tt01';
import { DEFAULT_SETTINGS_766, parseSettings766, S766_KEY, settings766Schema } from '../indices/satisfaction-766';
import { DEFAULT_KIOSK_QUESTIONS, KIOSK_QUESTIONS_KEY, kioskQuestionsSchema, kioskQuestionsSchemaWithStageRule, parseKioskQuestions, returnOnlyKeys } from '../kiosk/questions';
import { DEFAULT_NATIONAL_SETTINGS, NATIONAL_SETTINGS_KEY, nationalSettingsSchema, parseNationalSettings } from '../national/settings';

/**
 * The deployment settings an administrator edits as forms (Quản trị → Cài đặt). Each is one
 * JSON row of `settings`, validated by the very schema its reader uses (one owner per rule);
 * no row means the default. Every change is audited with the values before and after.
 * Secrets and cursors kept in the same table (auth.secret, qr.secret, …) are not listed here.
 */
type Editable = {
	schema: z.ZodType;
	defaults: unknown;
	read: (stored: unknown) => unknown;
	/** The schema a save is checked against when it depends on another setting (else `schema`). */
	saveSchema?: () => Promise<z.ZodType>;
};

const EDITABLE = {
	[KIOSK_QUESTIONS_KEY]: {
		schema: kioskQuestionsSchema,
		defaults: DEFAULT_KIOSK_QUESTIONS,
		read: parseKioskQuestions,
		// the result and feedback questions the SIPAS setting reads are asked only when the result is returned
		saveSchema: async () => kioskQuestionsSchemaWithStageRule(returnOnlyKeys((await indexSettings()).sipas))
	},
	[COMPLAINT_SETTINGS_KEY]: { schema: complaintSettingsSchema, defaults: DEFAULT_COMPLAINT_SETTINGS, read: parseComplaintSettings },
	[RANKS_KEY]: { schema: rankSchema, defaults: DEFAULT_RANK_RULE, read: parseRankRule },
	[SIPAS_KEY]: { schema: sipasSchema, defaults: { factors: DEFAULT_SIPAS_MAPPING }, read: (v: unknown) => ({ factors: parseSipasMapping(v) }) },
	[S766_KEY]: { schema: settings766Schema, defaults: DEFAULT_SETTINGS_766, read: parseSettings766 },
	[NATIONAL_SETTINGS_KEY]: { schema: nationalSettingsSchema, defaults: DEFAULT_NATIONAL_SETTINGS, read: parseNationalSettings }
} satisfies Record<string, Editable>;

export type EditableKey = keyof typeof EDITABLE;
export const EDITABLE_KEYS = Object.keys(EDITABLE) as EditableKey[];
export const isEditableKey = (k: unknown): k is EditableKey => typeof k === 'string' && k in EDITABLE;

export type EditableSetting = {
	key: EditableKey;
	/** What the app uses now (the stored value read as its reader reads it, or the default). */
	value: unknown;
	defaults: unknown;
	/** A row exists: the value was set here rather than left to the default. */
	custom: boolean;
	updatedAt: Date | null;
	updatedBy: string | null;
};

export async function editableSettings(): Promise<EditableSetting[]> {
	const rows = await db
		.select({ key: settings.key, value: settings.value, updatedAt: settings.updatedAt, by: users.displayName })
		.from(settings)
		.leftJoin(users, eq(users.id, settings.updatedBy))
		.where(inArray(settings.key, EDITABLE_KEYS));
	return EDITABLE_KEYS.map((key) => {
		const row = rows.find((r) => r.key === key);
		return { key, value: EDITABLE[key].read(row?.value), defaults: EDITABLE[key].defaults, custom: !!row, updatedAt: row?.updatedAt ?? null, updatedBy: row?.by ?? null };
	});
}

export type SaveResult = { ok: true; changed: boolean } | { ok: false; issues: z.core.$ZodIssue[] };

/** Validates and stores a setting; audits `setting.save` with the values in force before and after. */
export async function saveSetting(key: EditableKey, candidate: unknown, actor: AuditActor): Promise<SaveResult> {
	const entry: Editable = EDITABLE[key];
	const { read } = entry;
	const schema = entry.saveSchema ? await entry.saveSchema() : entry.schema;
	const parsed = schema.safeParse(candidate);
	if (!parsed.success) return { ok: false, issues: parsed.error.issues };
	const value = parsed.data;
	const old = await db.transaction(async (tx) => {
		const [row] = await tx.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).for('update');
		const before = read(row?.value);
		// compared with what is stored, not what it reads as: a broken row is rewritten even if it reads as the default
		if (row && isDeepStrictEqual(row.value, value)) return { before, changed: false };
		await tx
			.insert(settings)
			.values({ key, value, updatedAt: sql`now()`, updatedBy: actor.userId ?? null })
			.onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: sql`now()`, updatedBy: actor.userId ?? null } });
		return { before, changed: true };
	});
	if (old.changed) await audit(actor, 'setting.save', { type: 'setting', id: key }, { old: old.before, new: value });
	return { ok: true, changed: old.changed };
}

/** Back to the default (the row goes, so a later default applies too); audits `setting.reset`. */
export async function resetSetting(key: EditableKey, actor: AuditActor): Promise<{ changed: boolean }> {
	const { read, defaults } = EDITABLE[key];
	const [gone] = await db.delete(settings).where(eq(settings.key, key)).returning({ value: settings.value });
	if (!gone) return { changed: false };
	await audit(actor, 'setting.reset', { type: 'setting', id: key }, { old: read(gone.value), new: defaults });
	return { changed: true };
}
