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

	it('refuses a demo size the generator cannot build, naming the variable', () => {
		expect(() => readConfig({ DEMO_OFFICERS: '10' })).toThrow(/DEMO_OFFICERS/);
		expect(() => readConfig({ DEMO_MONTHS: '40' })).toThrow(/DEMO_MONTHS/);
		expect(readConfig({ DEMO_OFFICERS: '20', DEMO_MONTHS: '36' })).toMatchObject({ demoOfficers: 20, demoMonths: 36 });
	});

	it('bounds accepted dates to 2000–2100 unless configured, and checks the bounds', () => {
		expect(readConfig({}).dateYears).toEqual({ min: 2000, max: 2100 });
		expect(readConfig({ DATE_MIN_YEAR: '1990', DATE_MAX_YEAR: '2050' }).dateYears).toEqual({ min: 1990, max: 2050 });
		expect(() => readConfig({ DATE_MIN_YEAR: '2050', DATE_MAX_YEAR: '2040' })).toThrow(/DATE_MAX_YEAR/);
		expect(() => readConfig({ DATE_MAX_YEAR: '9999' })).toThrow(/DATE_MAX_YEAR/);
		expect(() => readConfig({ DATE_MIN_YEAR: '-1' })).toThrow(/DATE_MIN_YEAR/);
	});

	it('cuts statements after 30 s and idle transactions after 60 s unless configured', () => {
		expect(readConfig({})).toMatchObject({ statementTimeoutMs: 30_000, idleInTransactionTimeoutMs: 60_000 });
		expect(readConfig({ STATEMENT_TIMEOUT_SECONDS: '0', IDLE_IN_TRANSACTION_TIMEOUT_SECONDS: '5' })).toMatchObject({ statementTimeoutMs: 0, idleInTransactionTimeoutMs: 5_000 });
		expect(() => readConfig({ STATEMENT_TIMEOUT_SECONDS: 'soon' })).toThrow(/STATEMENT_TIMEOUT_SECONDS/);
	});

	it('caps the age a bridge press may claim at BRIDGE_MAX_AGE_DAYS (7 by default, 1 to 365)', () => {
		expect(readConfig({}).bridgeMaxAgeMs).toBe(7 * 86_400_000);
		expect(readConfig({ BRIDGE_MAX_AGE_DAYS: '30' }).bridgeMaxAgeMs).toBe(30 * 86_400_000);
		for (const bad of ['0', '366', '2.5', 'week']) expect(() => readConfig({ BRIDGE_MAX_AGE_DAYS: bad })).toThrow(/BRIDGE_MAX_AGE_DAYS/);
	});

	it('reads one or more replica URLs, refuses a malformed one by name, and ignores them on the embedded database', () => {
		const primary = 'postgres://u@primary/db';
		expect(readConfig({ DATABASE_URL: primary }).readUrls).toEqual([]);
		expect(readConfig({ DATABASE_URL: primary, DATABASE_READ_URL: 'postgres://u@r1/db, postgresql://u@r2:5433/db' })).toMatchObject({
			readUrls: ['postgres://u@r1/db', 'postgresql://u@r2:5433/db'],
			readMaxLagS: 10
		});
		expect(readConfig({ DATABASE_URL: primary, DATABASE_READ_URL: 'postgres://u@r1/db', DATABASE_READ_MAX_LAG_S: '2.5' }).readMaxLagS).toBe(2.5);
		for (const bad of ['mysql://r1/db', 'postgres://u@r1/db,r2', 'postgres://', 'postgres://u@r1:99999/db'])
			expect(() => readConfig({ DATABASE_URL: primary, DATABASE_READ_URL: bad })).toThrow(/DATABASE_READ_URL/);
		expect(() => readConfig({ DATABASE_URL: primary, DATABASE_READ_MAX_LAG_S: 'soon' })).toThrow(/DATABASE_READ_MAX_LAG_S/);
		expect(readConfig({ DATABASE_READ_URL: 'postgres://u@r1/db' }).readUrls).toEqual([]);
	});
});
