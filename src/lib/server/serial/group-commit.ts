/**
 * Group commit: items submitted while a flush is running wait and go together in the next
 * flush, so a busy port pays one transaction per batch rather than per press, and an idle one
 * pays no added latency (a lone item is flushed at once). Each submit resolves with its own
 * result only after its batch's flush resolved, i.e. after the commit.
 */
export class GroupCommitter<I, R> {
	private queue: { item: I; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
	private running = 0;

	constructor(
		private readonly flush: (items: I[]) => Promise<R[]>,
		private readonly options: { maxBatch?: number; concurrency?: number } = {}
	) {}

	submit(item: I): Promise<R> {
		return new Promise<R>((resolve, reject) => {
			this.queue.push({ item, resolve, reject });
			this.pump();
		});
	}

	get pending(): number {
		return this.queue.length;
	}

	private pump(): void {
		const max = this.options.maxBatch ?? 256;
		while (this.queue.length > 0 && this.running < (this.options.concurrency ?? 1)) {
			const batch = this.queue.splice(0, max);
			this.running++;
			this.flush(batch.map((b) => b.item))
				.then(
					(results) => batch.forEach((b, i) => b.resolve(results[i])),
					(e) => batch.forEach((b) => b.reject(e))
				)
				.finally(() => {
					this.running--;
					this.pump();
				});
		}
	}
}
