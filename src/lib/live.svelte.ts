import { invalidate } from '$app/navigation';
import { navigating } from '$app/state';
import { throttle } from './live-throttle';

/**
 * Live dashboards. A page's load declares `depends('app:dashboard')`; its component calls
 * `const live = liveRefresh(['rating'])` during initialisation and shows `<LiveBadge {live} />`.
 * Each event from /app/live (server-sent, only for units in the viewer's scope) reloads the
 * page's data without reloading the page: at once for the first event, then at most once a
 * second during a burst. The stream reconnects by itself (the server asks for 2 s; after a
 * refusal or a closed stream, with a growing delay up to 30 s) and closes when the page goes.
 */
export type LiveKind = 'rating' | 'complaint';

export const DASHBOARD_DEPENDENCY = 'app:dashboard';
const LIVE_URL = '/app/live';

export class LiveState {
	/** 'connecting' before the first answer, 'live' while the stream is open, 'retrying' after a drop. */
	status = $state<'connecting' | 'live' | 'retrying'>('connecting');
	/** When the figures were last (re)loaded while live (epoch ms). */
	lastUpdate = $state<number | null>(null);
	/** Events received, for tests and for pages that want to show a count. */
	events = $state(0);
	get connected() {
		return this.status === 'live';
	}
}

export function liveRefresh(
	kinds: readonly LiveKind[] = ['rating', 'complaint'],
	options: { dependency?: string; intervalMs?: number } = {}
): LiveState {
	const live = new LiveState();
	const dependency = options.dependency ?? DASHBOARD_DEPENDENCY;

	$effect(() => {
		let source: EventSource | null = null;
		let retry: ReturnType<typeof setTimeout> | undefined;
		let backoff = 2000;
		let everConnected = false;
		const reload = throttle(async () => {
			// an invalidation while the reader follows a link cancels that navigation (SvelteKit keeps
			// only the newest load): the link wins, and the page it opens loads fresh figures anyway
			if (navigating.to) return;
			await invalidate(dependency);
			live.lastUpdate = Date.now();
		}, options.intervalMs ?? 1000);

		const connect = () => {
			source = new EventSource(LIVE_URL);
			source.addEventListener('ready', () => {
				live.status = 'live';
				backoff = 2000;
				// after a drop the figures may have moved while we were away
				if (everConnected) reload.trigger();
				else live.lastUpdate = Date.now();
				everConnected = true;
			});
			for (const kind of kinds)
				source.addEventListener(kind, () => {
					live.events++;
					if (!navigating.to) reload.trigger();
				});
			source.onerror = () => {
				live.status = 'retrying';
				// CONNECTING: the browser retries by itself; CLOSED (refused, or not a stream): we do
				if (source?.readyState === EventSource.CLOSED) {
					source.close();
					retry = setTimeout(connect, backoff);
					backoff = Math.min(backoff * 2, 30_000);
				}
			};
		};
		connect();

		return () => {
			clearTimeout(retry);
			source?.close();
			reload.cancel();
		};
	});

	return live;
}
