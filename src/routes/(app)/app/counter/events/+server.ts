import { error } from '@sveltejs/kit';
import { requireRole } from '$lib/server/auth/guard';
import { currentShift } from '$lib/server/counter/counter';
import { subscribe } from '$lib/server/events/bus';
import { eventStreamClients } from '$lib/server/ops/metrics';
import type { RequestHandler } from './$types';

/**
 * Server-sent events for the officer's own counter: "something changed, reload your data".
 * The payload never carries a rating level.
 */
export const GET: RequestHandler = async (event) => {
	const user = requireRole(event, 'officer');
	if (!user.officerId) error(403, 'Tài khoản chưa gắn với cán bộ / Account not linked to an officer');
	const shift = await currentShift(user.officerId);
	const counterId = shift?.counterId ?? -1;
	let stop = () => {};
	const stream = new ReadableStream<string>({
		start(controller) {
			const send = (name: string) => controller.enqueue(`event: ${name}\ndata: {}\n\n`);
			const offs = [
				subscribe('rating.recorded', (e) => e.counterId === counterId && send('changed')),
				subscribe('service.opened', (e) => e.counterId === counterId && send('changed')),
				subscribe('service.closed', (e) => e.counterId === counterId && send('changed'))
			];
			const ping = setInterval(() => controller.enqueue(': ping\n\n'), 20_000);
			eventStreamClients.inc({ stream: 'counter' });
			let open = true;
			stop = () => {
				if (!open) return;
				open = false;
				eventStreamClients.dec({ stream: 'counter' });
				clearInterval(ping);
				offs.forEach((off) => off());
			};
			send('ready');
		},
		cancel() {
			stop();
		}
	});
	event.request.signal.addEventListener('abort', () => stop());
	return new Response(stream.pipeThrough(new TextEncoderStream()), {
		headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' }
	});
};
