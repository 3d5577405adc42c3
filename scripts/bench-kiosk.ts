/**
 * The kiosk route's weight and first render: `npm run bench:kiosk`.
 * Serves the built app on a scratch embedded database, loads /kiosk in Chromium with the CPU
 * throttled 4× (CDP Emulation.setCPUThrottlingRate), and prints the JavaScript it downloads
 * (gzipped) and the time until the pairing form is usable (hydrated), median of 5 loads.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { percentile, startServer } from './bench-support';

const PORT = 4191;

async function main() {
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-bench-kiosk-'));
	const server = await startServer({ DATA_DIR: dataDir, DEMO: '0', DATABASE_URL: '' }, PORT);
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? (fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined),
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
	});
	try {
		const renders: number[] = [];
		const paints: number[] = [];
		let jsGzip = 0;
		let jsRaw = 0;
		for (let run = 0; run < 5; run++) {
			const context = await browser.newContext();
			const page = await context.newPage();
			const cdp = await context.newCDPSession(page);
			await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
			const scripts: Promise<Buffer>[] = [];
			page.on('response', (r) => {
				if (r.request().resourceType() === 'script' || r.url().endsWith('.js')) scripts.push(r.body());
			});
			const t0 = Date.now();
			await page.goto(`http://localhost:${PORT}/kiosk`);
			await page.getByLabel('Mã ghép nối').waitFor();
			await page.waitForFunction(() => document.querySelector('form') && !document.querySelector('button[disabled]'));
			renders.push(Date.now() - t0);
			paints.push(
				await page.evaluate(() => Math.round(performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN))
			);
			if (run === 0) {
				const bodies = await Promise.all(scripts);
				jsRaw = bodies.reduce((n, b) => n + b.length, 0);
				jsGzip = bodies.reduce((n, b) => n + gzipSync(b).length, 0);
			}
			await context.close();
		}
		renders.sort((a, b) => a - b);
		paints.sort((a, b) => a - b);
		console.log('kiosk route (/kiosk), built app, Chromium, CPU throttled 4×');
		console.log(`  JavaScript: ${(jsRaw / 1024).toFixed(1)} KB raw, ${(jsGzip / 1024).toFixed(1)} KB gzipped (target ≤ 60 KB)`);
		console.log(`  first contentful paint: median ${percentile(paints, 50)} ms, max ${paints.at(-1)} ms (target < 1000 ms)`);
		console.log(`  load to usable (hydrated) pairing form: median ${percentile(renders, 50)} ms, max ${renders.at(-1)} ms `);
	} finally {
		await browser.close();
		server.kill('SIGTERM');
		await new Promise((r) => setTimeout(r, 500));
		fs.rmSync(dataDir, { recursive: true, force: true });
	}
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
