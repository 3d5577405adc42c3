import { eq } from 'drizzle-orm';
import { db } from '../db';
import { citizenContacts, ratings } from '../db/schema';
import type { RatingResult } from '../ratings';
import type { RatingAnswer } from './answers';

import { CONSENT_VERSION } from '$lib/kiosk/contract';

export { CONSENT_VERSION };

/** Normalises a Vietnamese phone number: digits only, +84 → 0. */
export function normalisePhone(input: string): string | null {
	let digits = input.replace(/[\s.-]/g, '');
	if (digits.startsWith('+84')) digits = '0' + digits.slice(3);
	else if (digits.startsWith('84') && digits.length === 11) digits = '0' + digits.slice(2);
	return /^0[0-9]{9,10}$/.test(digits) ? digits : null;
}

/**
 * Stores a phone number given with explicit consent, only for complaint follow-up (Decree
 * 13/2023, Law 91/2025). Kept apart from the rating so it can be erased without touching it.
 * The contact is linked to the rating by id; the number never enters logs or the audit log.
 */
export async function saveContact(phone: string, consentVersion: string, at: Date): Promise<number | null> {
	const normal = normalisePhone(phone);
	if (!normal) return null;
	const [row] = await db
		.insert(citizenContacts)
		.values({ phone: normal, consentTextVersion: consentVersion || CONSENT_VERSION, consentedAt: at })
		.returning({ id: citizenContacts.id });
	return row.id;
}

/** Removes a contact that ended up attached to nothing (a retried request lost the race). */
export async function dropContact(id: number): Promise<void> {
	await db.delete(citizenContacts).where(eq(citizenContacts.id, id));
}


/**
 * Records a rating that may carry a consented phone number, so that a number exists only with
 * its rating: a repeat is answered from the stored row without saving the number again, and a
 * repeat that won a race, or a rating the core refuses, takes the saved number away with it.
 * The answer is the same for a first send and every repeat (no "duplicate" flag), but for the
 * answers set aside, listed on the reply that stored the rating.
 */
export async function recordWithContact(
	key: string,
	contact: { phone: string; consentVersion: string } | null,
	at: Date,
	record: (contactId: number | null) => Promise<RatingResult>
): Promise<RatingAnswer> {
	if (contact) {
		const [stored] = await db
			.select({ ratingId: ratings.id, counted: ratings.counted, notCountedReason: ratings.notCountedReason })
			.from(ratings)
			.where(eq(ratings.idempotencyKey, key));
		if (stored) return stored;
	}
	const contactId = contact ? await saveContact(contact.phone, contact.consentVersion, at) : null;
	try {
		const result = await record(contactId);
		if (result.duplicate && contactId) await dropContact(contactId);
		return { ratingId: result.ratingId, counted: result.counted, notCountedReason: result.notCountedReason, ...(result.ignoredAnswers ? { ignoredAnswers: result.ignoredAnswers } : {}) };
	} catch (e) {
		if (contactId) await dropContact(contactId);
		throw e;
	}
}
