import { log } from '../ops/log';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '../db';
import { REASON_CODES, settings } from '../db/schema';
import { DAY_UNITS, DEFAULT_REGIMES } from './regimes';

/**
 * Per-deployment complaint rules, one JSON object in settings under `complaints`; anything
 * missing or malformed falls back to the defaults below (with a warning), so a bad edit never
 * stops complaints from opening.
 */
export const COMPLAINT_SETTINGS_KEY = 'complaints';

const days = (max: number, dflt: number) => z.number().int().min(1).max(max).default(dflt);
const unit = (dflt: (typeof DAY_UNITS)[number]) => z.enum(DAY_UNITS).default(dflt);
const R = DEFAULT_REGIMES;

/** Each regime's clock (regimes.ts); defaults from the law, sources in REGIME_SOURCES. */
const regimesSchema = z
	.object({
		petition: z.object({ days: days(90, R.petition.days), unit: unit(R.petition.unit) }).default(R.petition),
		complaint: z
			.object({
				acceptDays: days(30, R.complaint.acceptDays),
				resolveDays: days(90, R.complaint.resolveDays),
				complexDays: days(120, R.complaint.complexDays),
				remoteDays: days(120, R.complaint.remoteDays),
				remoteComplexDays: days(180, R.complaint.remoteComplexDays),
				unit: unit(R.complaint.unit)
			})
			// a longer case never gets a shorter clock
			.superRefine((c, ctx) => {
				const longer = (field: 'complexDays' | 'remoteDays' | 'remoteComplexDays', than: number) => {
					if (c[field] < than) ctx.addIssue({ code: 'too_small', origin: 'number', minimum: than, inclusive: true, path: [field], message: 'shorter' });
				};
				longer('complexDays', c.resolveDays);
				longer('remoteDays', c.resolveDays);
				longer('remoteComplexDays', Math.max(c.complexDays, c.remoteDays));
			})
			.default(R.complaint),
		internal: z.object({ days: days(90, R.internal.days), unit: unit(R.internal.unit) }).default(R.internal)
	})
	.default(R);

/**
 * Settings saved before the regimes had one `deadlineDays` for every case: it was the clock of
 * what are now petitions (and internal cases), so it carries over to both.
 */
function fromLegacy(value: unknown): unknown {
	if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
	const { deadlineDays, ...rest } = value as Record<string, unknown>;
	if (deadlineDays === undefined || 'regimes' in rest) return rest;
	const legacy = { days: deadlineDays, unit: 'working' };
	return { ...rest, regimes: { petition: legacy, internal: legacy } };
}

export const complaintSettingsSchema = z.preprocess(fromLegacy, z.object({
	regimes: regimesSchema,
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
}));

export type ComplaintSettings = z.infer<typeof complaintSettingsSchema>;
export const DEFAULT_COMPLAINT_SETTINGS: ComplaintSettings = complaintSettingsSchema.parse({});

export function parseComplaintSettings(value: unknown): ComplaintSettings {
	const parsed = complaintSettingsSchema.safeParse(value ?? {});
	if (parsed.success) return parsed.data;
	log.warn(`settings "${COMPLAINT_SETTINGS_KEY}" is not valid, using the defaults: ${parsed.error.issues.map((i) => i.path.join('.') + ' ' + i.message).join('; ')}`);
	return DEFAULT_COMPLAINT_SETTINGS;
}

export async function complaintSettings(): Promise<ComplaintSettings> {
	const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, COMPLAINT_SETTINGS_KEY));
	return parseComplaintSettings(row?.value);
}
