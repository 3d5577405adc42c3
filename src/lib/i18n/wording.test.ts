import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { vi } from './catalogue';
import { vi as kiosk } from './parts/kiosk';

/**
 * The words officials use (issue 14, item 7): citizens are addressed "Ông/Bà", never "Quý khách";
 * a rate is a "Tỷ lệ", never "Tỉ lệ". Checked in every Vietnamese message and in every source
 * file that could carry a hard-coded one (the spoken kiosk prompt is made by a script).
 */
const BANNED = [/quý khách/i, /tỉ lệ/i];

describe('words officials use', () => {
	it('no Vietnamese message calls the citizen "Quý khách" or writes "Tỉ lệ"', () => {
		const found = Object.entries(vi)
			.filter(([, text]) => BANNED.some((b) => b.test(text)))
			.map(([key, text]) => `${key}: ${text}`);
		expect(found).toEqual([]);
	});

	it('no source file carries those words either', () => {
		const root = path.resolve(__dirname, '../../..');
		const files: string[] = [];
		const walk = (dir: string) => {
			for (const name of readdirSync(dir)) {
				const p = path.join(dir, name);
				if (statSync(p).isDirectory()) walk(p);
				else if (/\.(ts|svelte|js|sh|md|html)$/.test(name) && p !== __filename) files.push(p);
			}
		};
		for (const dir of ['src', 'scripts', 'static']) walk(path.join(root, dir));
		const found = files.flatMap((file) =>
			readFileSync(file, 'utf8')
				.split('\n')
				.map((line, i) => ({ line, at: `${path.relative(root, file)}:${i + 1}` }))
				.filter(({ line }) => !line.includes("'complaints.public.") && BANNED.some((b) => b.test(line)))
				.map(({ at, line }) => `${at}: ${line.trim()}`)
		);
		expect(found).toEqual([]);
	});

	it('the kiosk asks "Ông/Bà có hài lòng với sự phục vụ không?" and thanks Ông/Bà', () => {
		expect(kiosk['kiosk.prompt.title']).toBe('Ông/Bà có hài lòng với sự phục vụ không?');
		expect(kiosk['kiosk.idle.welcome']).toBe('Kính chào Ông/Bà');
		expect(kiosk['kiosk.thanks.title']).toBe('Cảm ơn Ông/Bà!');
		expect(vi['qr.rate.question']).toBe('Ông/Bà có hài lòng với sự phục vụ không?');
	});

	it('names the commune level as the law does since 1 July 2025', () => {
		expect(vi['level.commune']).toBe('Xã, phường, đặc khu');
	});
});
