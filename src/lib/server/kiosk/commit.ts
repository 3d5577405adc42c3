import { GroupCommitter } from '../serial/group-commit';
import { recordRating, recordRatings, type RatingInput, type RatingResult } from '../ratings';

/**
 * Tablet ratings arriving together share one transaction (group commit, as for button boxes):
 * a lone rating is written at once, a burst pays one commit per batch. Each request still gets
 * its answer only after its own rating is committed. If a batch fails (one rating the core
 * refuses), its ratings are retried one by one so a bad one cannot fail its neighbours.
 */
type Outcome = { ok: true; result: RatingResult } | { ok: false; error: unknown };

async function flush(inputs: RatingInput[]): Promise<Outcome[]> {
	try {
		return (await recordRatings(inputs)).map((result) => ({ ok: true, result }));
	} catch (e) {
		if (inputs.length === 1) return [{ ok: false, error: e }];
		return Promise.all(
			inputs.map((input) =>
				recordRating(input).then(
					(result): Outcome => ({ ok: true, result }),
					(error): Outcome => ({ ok: false, error })
				)
			)
		);
	}
}

// One batch in flight: a batch's cost is mostly fixed (its statements, the triggers, the commit),
// so the larger batches one committer gathers beat overlapping smaller ones: in bench:api, with the
// fast path and generic plans, one in flight beat two and three (with the old SvelteKit path two
// was best; the figures are in docs/benchmarks.md, "Figures behind code decisions").
const committer = new GroupCommitter<RatingInput, Outcome>(flush, { maxBatch: 200, concurrency: 1 });

export async function commitTabletRating(input: RatingInput): Promise<RatingResult> {
	const outcome = await committer.submit(input);
	if (!outcome.ok) throw outcome.error;
	return outcome.result;
}
