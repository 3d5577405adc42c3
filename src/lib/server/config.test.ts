import { describe, expect, it } from 'vitest';
import { readConfig } from './config';

describe('configuration', () => {
	it('defaults to the embedded database with the demo, and treats empty values as unset', () => {
		const c = readConfig({ DATABASE_URL: '', PORT: '' });
		expect(c.databaseUrl).toBeUndefined();
		expect(c.demo).toBe(true);
		expect(c.port).toBe(3000);
		expect(c.dataDir).toMatch(/data$/);
	});

	it('turns the demo off by default on a real server', () => {
		const c = readConfig({ DATABASE_URL: 'postgres://u@h/db' });
		expect(c.demo).toBe(false);
		expect(readConfig({ DATABASE_URL: 'postgres://u@h/db', DEMO: '1' }).demo).toBe(true);
	});

	it('stops with a message naming every bad variable', () => {
		expect(() => readConfig({ DATABASE_URL: 'mysql://x', PORT: 'eighty', DEMO_PASSWORD: 'short' })).toThrow(
			/DATABASE_URL[\s\S]*DEMO_PASSWORD[\s\S]*PORT|DATABASE_URL[\s\S]*PORT[\s\S]*DEMO_PASSWORD/
		);
		expect(() => readConfig({ SESSION_IDLE_MINUTES: '0' })).toThrow(/SESSION_IDLE_MINUTES/);
		expect(() => readConfig({ BODY_SIZE_LIMIT: 'Infinity' })).toThrow(/BODY_SIZE_LIMIT/);
	});

	it('reads BODY_SIZE_LIMIT as adapter-node does', () => {
		expect(readConfig({}).bodySizeLimit).toBe(12 * 2 ** 20);
		expect(readConfig({ BODY_SIZE_LIMIT: '512k' }).bodySizeLimit).toBe(512 * 1024);
		expect(readConfig({ BODY_SIZE_LIMIT: '2000000' }).bodySizeLimit).toBe(2_000_000);
	});
});
