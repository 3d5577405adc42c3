export { startWebhookDelivery, wakeWebhookDelivery, createWorker, type Worker } from './worker';
export { readWebhookSettings, type WebhookSettings } from './settings';
export { sign, verify, newSecret, HEADERS } from './signature';
export { backoffMs, ceilingMs, schedule, DEFAULT_BACKOFF } from './backoff';
export { checkSubscriberUrl, isPrivateHost } from './url';
export * from './store';
