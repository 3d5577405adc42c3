import { eq } from 'drizzle-orm';
import { requireRole, scopePaths } from '$lib/server/auth/guard';
import { db } from '$lib/server/db';
import { units } from '$lib/server/db/schema';
import { subscribe } from '$lib/server/events/bus';
import { eventStreamClients } from '$lib/server/ops/metrics';
import { eventVisible, LIVE_ROLES, unitPathCache } from './scope';
import type { RequestHandler } from './$types';

const HEARTBEAT_MS = 15_000;

const unitPath = unitPathCache(async (unitId) => {
	const [u] = await db.select({ path: units.path }).from(units).where(eq(units.id, unitId));
	return u?.path ?? null;
});

/**
 * Server-sent events for open dashboards: `event: rating` or `event: complaint`, with only the
 * unit id as data ("figures of this unit changed, reload them"), for units in the viewer's
 * scope. Never a level, a name or a phone number. A comment line every 15 s keeps proxies from
 * closing an idle stream; `retry` tells the browser to reconnect after 2 s.
 */
export const GET: RequestHandler = async (event) => {
	const user = requireRole(event, ...LIVE_ROLES);
	const scope = scopePaths(user, ...LIVE_ROLES);
	let stop = () => {};
	const stream = new ReadableStream<string>({
		start(controller) {
			let open = true;
			const send = (chunk: string) => {
				if (open) controller.enqueue(chunk);
			};
			const forward = (name: 'rating' | 'complaint', unitId: number | null) => {
				const visible =
					unitId === null
						? Promise.resolve(eventVisible(null, scope))
						: unitPath(unitId).then((p) => eventVisible(p, scope));
				visible.then(
					(yes) => yes && send(`event: ${name}\ndata: ${JSON.stringify({ unitId })}\n\n`),
					() => {} // a failed lookup drops one notice; the next event or the heartbeat follows
				);
			};
			const offs = [
				subscribe('rating.recorded', (e) => forward('rating', e.unitId)),
				subscribe('complaint.changed', (e) => forward('complaint', e.unitId))
			];
			const ping = setInterval(() => send(': ping\n\n'), HEARTBEAT_MS);
			eventStreamClients.inc({ stream: 'live' });
			stop = () => {
				if (!open) return;
				open = false;
				eventStreamClients.dec({ stream: 'live' });
				clearInterval(ping);
				offs.forEach((off) => off());
			};
			send('retry: 2000\nevent: ready\ndata: {}\n\n');
		},
		cancel() {
			stop();
		}
	});
	event.request.signal.addEventListener('abort', () => stop());
	return new Response(stream.pipeThrough(new TextEncoderStream()), {
		headers: {
			'content-type': 'text/event-stream; charset=utf-8',
			'cache-control': 'no-store',
			connection: 'keep-alive',
			'x-accel-buffering': 'no'
		}
	});
};
