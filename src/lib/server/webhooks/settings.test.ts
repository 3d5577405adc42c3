import { describe, expect, it } from 'vitest';
import { readWebhookSettings } from './settings';

describe('webhook settings', () => {
	it('defaults: HTTPS only, 5 s to 10 min back-off, 7 days before giving up, 30 days of log', () => {
		const s = readWebhookSettings({});
		expect(s).toMatchObject({ allowPrivateHttp: false, backoff: { baseMs: 5000, capMs: 600_000 }, expireMs: 7 * 86_400_000, logMs: 30 * 86_400_000, timeoutMs: 10_000, concurrency: 8 });
	});

	it('refuses an expiry under 7 days and a cap under the base, naming the variable', () => {
		expect(() => readWebhookSettings({ WEBHOOK_EXPIRE_DAYS: '1' })).toThrow(/WEBHOOK_EXPIRE_DAYS/);
		expect(() => readWebhookSettings({ WEBHOOK_RETRY_BASE_SECONDS: '60', WEBHOOK_RETRY_CAP_SECONDS: '10' })).toThrow(/WEBHOOK_RETRY_CAP_SECONDS/);
		expect(readWebhookSettings({ WEBHOOK_ALLOW_PRIVATE_HTTP: '1', WEBHOOK_RETRY_BASE_SECONDS: '0.05' })).toMatchObject({ allowPrivateHttp: true, backoff: { baseMs: 50 } });
	});
});
