import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '../db';
import { REASON_CODES, settings } from '../db/schema';

/**
 * Per-deployment complaint rules, one JSON object in settings under `complaints`; anything
 * missing or malformed falls back to the defaults below (with a warning), so a bad edit never
 * stops complaints from opening.
 */
export const COMPLAINT_SETTINGS_KEY = 'complaints';

export const complaintSettingsSchema = z.object({
	/** Working days from reception to the deadline. */
	deadlineDays: z.number().int().min(1).max(90).default(15),
	/** A case is "near" its deadline with at most this many working days left. */
	nearDays: z.number().int().min(0).max(30).default(3),
	/** Contacts are erased this many months after the case closes (or after consent, with no case). */
	retentionMonths: z.number().int().min(1).max(120).default(12),
	autoOpen: z
		.object({
			/** A dissatisfied rating with any of these reasons opens a case by itself. */
			reasons: z.array(z.enum(REASON_CODES)).default(['harassment', 'extra_papers']),
			/** A dissatisfied rating with a written comment opens a case by itself. */
			withComment: z.boolean().default(true)
		})
		.default({ reasons: ['harassment', 'extra_papers'], withComment: true }),
	lateDossiers: z
		.object({
			/** Open a case against the unit for a dossier past due without an apology letter. */
			enabled: z.boolean().default(true),
			/** Only dossiers that fell due within this many days are scanned (no back-filling of history). */
			lookbackDays: z.number().int().min(1).max(60).default(3)
		})
		.default({ enabled: true, lookbackDays: 3 })
});

export type ComplaintSettings = z.infer<typeof complaintSettingsSchema>;
export const DEFAULT_COMPLAINT_SETTINGS: ComplaintSettings = complaintSettingsSchema.parse({});

export function parseComplaintSettings(value: unknown): ComplaintSettings {
	const parsed = complaintSettingsSchema.safeParse(value ?? {});
	if (parsed.success) return parsed.data;
	console.warn(`settings "${COMPLAINT_SETTINGS_KEY}" is not valid, using the defaults: ${parsed.error.issues.map((i) => i.path.join('.') + ' ' + i.message).join('; ')}`);
	return DEFAULT_COMPLAINT_SETTINGS;
}

export async function complaintSettings(): Promise<ComplaintSettings> {
	const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, COMPLAINT_SETTINGS_KEY));
	return parseComplaintSettings(row?.value);
}
