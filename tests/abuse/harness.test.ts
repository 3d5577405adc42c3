import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../src/lib/server/db/testing';
import { startProductionServer, type ProductionServer } from './production-server';

/** The abuse suite's harness itself: a production server answers and signs a demo user in. */
describe.each(testDatabaseKinds)('the production server for the abuse suite on %s', (kind) => {
	let server: ProductionServer;
	beforeAll(async () => {
		server = await startProductionServer(kind);
	});
	afterAll(async () => server?.stop());

	it('serves the sign-in page and the device API refuses a missing credential', async () => {
		const page = await fetch(`${server.base}/login`);
		expect(page.status).toBe(200);
		const api = await fetch(`${server.base}/api/v1/device`);
		expect(api.status).toBe(401);
		expect(server.alive()).toBe(true);
	});
});
