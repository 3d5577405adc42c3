import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';

/**
 * End-to-end tests run against the built app (`node build`) on a fresh embedded database with
 * the demo province. The data folder is made once by the main process; workers inherit it.
 */
process.env.HL_E2E_DATA ??= fs.mkdtempSync(path.join(os.tmpdir(), 'hl-e2e-'));
export const E2E_PASSWORD = 'e2e-demo-mật-khẩu';
const PORT = Number(process.env.E2E_PORT ?? 4173);

// The Chromium the pre-test step checked (scripts/test-tools.mjs): CHROMIUM_PATH, else Debian's.
// Playwright's own browser download cannot run here, so a missing one stops the run, naming the fix.
const chromium =
	process.env.CHROMIUM_PATH ?? (fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
if (!chromium || !fs.existsSync(chromium)) {
	throw new Error(
		`no Chromium at ${chromium ?? '/usr/bin/chromium'}: apt-get install -y chromium (npm test installs it), or set CHROMIUM_PATH`
	);
}

export default defineConfig({
	testDir: 'tests',
	testMatch: '**/*.spec.ts',
	fullyParallel: false,
	workers: 1,
	retries: 0,
	timeout: 30_000,
	reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
	use: {
		baseURL: `http://localhost:${PORT}`,
		locale: 'vi-VN',
		timezoneId: 'Asia/Ho_Chi_Minh',
		trace: 'retain-on-failure',
		launchOptions: {
			executablePath: chromium,
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run',
				'--disable-quic'
			]
		}
	},
	projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
	webServer: {
		command: 'node scripts/serve.js',
		url: `http://localhost:${PORT}/`,
		timeout: 240_000,
		reuseExistingServer: false,
		stdout: 'pipe',
		env: {
			PORT: String(PORT),
			DATA_DIR: process.env.HL_E2E_DATA,
			DEMO: '1',
			DEMO_PASSWORD: E2E_PASSWORD,
			DEMO_MONTHS: '3',
			DATABASE_URL: '',
			ORIGIN: `http://localhost:${PORT}`,
			// a line per request would bury the test list; warnings and errors still show (LOG_LEVEL=info to see requests)
			LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn'
		}
	}
});
