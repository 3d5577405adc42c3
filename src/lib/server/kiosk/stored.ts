import { eq } from 'drizzle-orm';
import { db } from '../db';
import { ratings } from '../db/schema';

/** The answer already given for an idempotency key, or null when the key is new. */
export async function storedRating(key: string) {
	const [row] = await db
		.select({ ratingId: ratings.id, counted: ratings.counted, notCountedReason: ratings.notCountedReason })
		.from(ratings)
		.where(eq(ratings.idempotencyKey, key));
	return row ?? null;
}
