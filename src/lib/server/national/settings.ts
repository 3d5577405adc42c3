import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db';
import { settings } from '../db/schema';

/**
 * What the national sync keeps beyond the dossier. Personal data in the payload (ChuHoSo,
 * SoGiayToChuHoSo) is kept only when an administrator turns `storeHolder` on; the phone
 * (SoDienThoai) never is: the payload carries no consent from the applicant (legal/sources.ts
 * nd13PersonalData, pdpLaw2025),
 * and a citizen's contact is only ever what they opt into themselves (kiosk/contact.ts).
 */
export const NATIONAL_SETTINGS_KEY = 'national.sync';
export const nationalSettingsSchema = z.strictObject({ storeHolder: z.boolean() });
export type NationalSettings = z.infer<typeof nationalSettingsSchema>;
export const DEFAULT_NATIONAL_SETTINGS: NationalSettings = { storeHolder: false };

export function parseNationalSettings(stored: unknown): NationalSettings {
	const parsed = nationalSettingsSchema.safeParse(stored);
	return parsed.success ? parsed.data : DEFAULT_NATIONAL_SETTINGS;
}

export async function readNationalSettings(q: Db): Promise<NationalSettings> {
	const [row] = await q.select({ value: settings.value }).from(settings).where(eq(settings.key, NATIONAL_SETTINGS_KEY));
	return parseNationalSettings(row?.value);
}
