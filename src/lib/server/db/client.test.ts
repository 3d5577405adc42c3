import { describe, expect, it } from 'vitest';
import { openDatabase } from './client';

describe('the embedded database', () => {
	it('opens with the shared_buffers it is given (PGLITE_SHARED_BUFFERS_MB), PostgreSQL’s default otherwise', async () => {
		for (const [sharedBuffersMb, shown] of [[16, '16MB'], [undefined, '128MB']] as const) {
			const h = await openDatabase({ kind: 'pglite', sharedBuffersMb });
			try {
				const [row] = await h.rows<{ shared_buffers: string }>((await import('drizzle-orm')).sql`show shared_buffers`);
				expect(row.shared_buffers).toBe(shown);
			} finally {
				await h.close();
			}
		}
	});
});
