/**
 * How a list of postings (from an HR file, the integration API or the admin page) changes an
 * officer's stored postings. Pure: the caller reads the stored postings under a lock, this decides,
 * the caller writes. Postings are half-open periods [startedAt, endedAt) that never overlap, with
 * at most one open (endedAt null) — the current one.
 *
 * For each wanted posting, in order of its start:
 *  1. a stored posting in the same unit starting the same day is that posting: its position and,
 *     when given, its end are updated (a correction);
 *  2. the same unit and position as the open posting, with no end given, is the open posting
 *     listed again (an HR list dates rows by the list, a promotion…): nothing changes;
 *  3. starting after the open posting began, it is a transfer: the open posting ends the day the
 *     new one starts, and the new one is added;
 *  4. otherwise it is an earlier posting added to the history, if it overlaps nothing.
 * Anything that would overlap a stored posting is refused, naming that posting. Running the same
 * list again changes nothing.
 */

export type StoredPosting = {
	id: number;
	unitId: number;
	positionVi: string;
	positionEn: string | null;
	startedAt: Date;
	endedAt: Date | null;
};

export type WantedPosting = {
	unitId: number;
	positionVi: string;
	/** undefined: keep what is stored (a new posting gets null). */
	positionEn?: string | null;
	startedAt: Date;
	/** undefined: not stated (an open posting stays open, a closed one keeps its end); null: open. */
	endedAt?: Date | null;
};

export type PostingPeriod = Pick<StoredPosting, 'unitId' | 'startedAt' | 'endedAt'>;

export type PostingProblem =
	| { index: number; reason: 'overlap'; other: PostingPeriod }
	| { index: number; reason: 'endBeforeStart' | 'openNotLast' };

export type PostingUpdate = { id: number; set: Partial<Pick<StoredPosting, 'positionVi' | 'positionEn' | 'startedAt' | 'endedAt'>> };
export type NewPosting = Omit<StoredPosting, 'id'>;

export type PostingPlan =
	| {
			ok: true;
			/** In a safe order for the one-open-posting index: postings closed first, reopened last. */
			updates: PostingUpdate[];
			inserts: NewPosting[];
			/** Open postings ended by a transfer (for the audit log and the report). */
			transfers: number;
	  }
	| { ok: false; problems: PostingProblem[] };

type Slot = Omit<StoredPosting, 'id'> & { id: number | null };

const END_OF_TIME = Number.POSITIVE_INFINITY;
const end = (p: Pick<StoredPosting, 'endedAt'>) => p.endedAt?.getTime() ?? END_OF_TIME;

/** Whether two half-open periods share an instant. */
export function overlaps(a: Pick<StoredPosting, 'startedAt' | 'endedAt'>, b: Pick<StoredPosting, 'startedAt' | 'endedAt'>): boolean {
	return a.startedAt.getTime() < end(b) && b.startedAt.getTime() < end(a);
}

/** The earliest posting the period overlaps, so a message names the same one whatever the storage order. */
const firstOverlap = (slots: readonly Slot[], p: Slot) =>
	slots.filter((s) => s !== p && overlaps(s, p)).sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime())[0];
const period = (s: Slot): PostingPeriod => ({ unitId: s.unitId, startedAt: s.startedAt, endedAt: s.endedAt });

export function planPostings(stored: readonly StoredPosting[], wanted: readonly WantedPosting[]): PostingPlan {
	const slots: Slot[] = stored.map((s) => ({ ...s }));
	const problems: PostingProblem[] = [];
	let transfers = 0;
	const order = wanted.map((w, index) => ({ w, index })).sort((a, b) => a.w.startedAt.getTime() - b.w.startedAt.getTime());
	// The list itself must make sense: only the latest posting may be left without an end.
	order.forEach(({ w, index }, i) => {
		const next = order[i + 1];
		if (!next) return;
		if (!w.endedAt) problems.push({ index, reason: 'openNotLast' });
		else if (overlaps(w as Slot, next.w as Slot)) problems.push({ index: next.index, reason: 'overlap', other: { unitId: w.unitId, startedAt: w.startedAt, endedAt: w.endedAt } });
	});
	if (problems.length > 0) return { ok: false, problems: problems.sort((a, b) => a.index - b.index) };
	for (const { w, index } of order) {
		if (w.endedAt && w.endedAt.getTime() <= w.startedAt.getTime()) {
			problems.push({ index, reason: 'endBeforeStart' });
			continue;
		}
		const same = slots.find((s) => s.unitId === w.unitId && s.startedAt.getTime() === w.startedAt.getTime());
		const open = slots.find((s) => s.endedAt === null);
		if (same || (open && w.endedAt == null && open.unitId === w.unitId && open.positionVi === w.positionVi)) {
			const target = (same ?? open)!;
			const next: Slot = {
				...target,
				positionVi: w.positionVi,
				positionEn: w.positionEn === undefined ? target.positionEn : w.positionEn,
				endedAt: w.endedAt === undefined ? target.endedAt : w.endedAt
			};
			if (next.endedAt && next.endedAt.getTime() <= next.startedAt.getTime()) {
				problems.push({ index, reason: 'endBeforeStart' });
				continue;
			}
			const clash = firstOverlap(slots.filter((s) => s !== target), next);
			if (clash) problems.push({ index, reason: 'overlap', other: period(clash) });
			else Object.assign(target, next);
			continue;
		}
		const added: Slot = {
			id: null,
			unitId: w.unitId,
			positionVi: w.positionVi,
			positionEn: w.positionEn ?? null,
			startedAt: w.startedAt,
			endedAt: w.endedAt ?? null
		};
		const transfer = open !== undefined && w.startedAt.getTime() > open.startedAt.getTime();
		const clash = firstOverlap(
			slots.filter((s) => !(transfer && s === open)),
			added
		);
		if (clash) {
			problems.push({ index, reason: 'overlap', other: period(clash) });
			continue;
		}
		if (transfer) {
			open!.endedAt = w.startedAt;
			transfers++;
		}
		slots.push(added);
	}
	if (problems.length > 0) return { ok: false, problems: problems.sort((a, b) => a.index - b.index) };
	return { ok: true, ...diff(stored, slots), transfers };
}

/**
 * A change to one stored posting made on the admin page (its position, first or last day),
 * checked against the officer's other postings.
 */
export function planEdit(
	stored: readonly StoredPosting[],
	id: number,
	set: Pick<StoredPosting, 'positionVi' | 'positionEn' | 'startedAt' | 'endedAt'>
): PostingPlan {
	const target = stored.find((s) => s.id === id);
	if (!target) return { ok: false, problems: [] };
	if (set.endedAt && set.endedAt.getTime() <= set.startedAt.getTime()) return { ok: false, problems: [{ index: 0, reason: 'endBeforeStart' }] };
	const next: Slot = { ...target, ...set };
	const clash = firstOverlap(
		stored.filter((s) => s.id !== id),
		next
	);
	if (clash) return { ok: false, problems: [{ index: 0, reason: 'overlap', other: period(clash) }] };
	return { ok: true, ...diff(stored, [...stored.filter((s) => s.id !== id), next]), transfers: 0 };
}

const time = (d: Date | null) => d?.getTime() ?? null;

function diff(stored: readonly StoredPosting[], slots: readonly Slot[]): { updates: PostingUpdate[]; inserts: NewPosting[] } {
	const byId = new Map(stored.map((s) => [s.id, s]));
	const updates: PostingUpdate[] = [];
	const inserts: NewPosting[] = [];
	for (const slot of slots) {
		const before = slot.id === null ? undefined : byId.get(slot.id);
		if (!before) {
			const { id: _id, ...posting } = slot;
			inserts.push(posting);
			continue;
		}
		const set: PostingUpdate['set'] = {};
		if (slot.positionVi !== before.positionVi) set.positionVi = slot.positionVi;
		if (slot.positionEn !== before.positionEn) set.positionEn = slot.positionEn;
		if (time(slot.startedAt) !== time(before.startedAt)) set.startedAt = slot.startedAt;
		if (time(slot.endedAt) !== time(before.endedAt)) set.endedAt = slot.endedAt;
		if (Object.keys(set).length > 0) updates.push({ id: before.id, set });
	}
	// Close before reopening, so the one-open-posting index never sees two at once.
	updates.sort((a, b) => Number(a.set.endedAt === null) - Number(b.set.endedAt === null));
	return { updates, inserts };
}
