/**
 * The complaint state machine, pure: the store loads the case, asks `decide`, and writes what
 * it answers (the new status, outcome and one complaint_events row) in one transaction.
 *
 *   new ──assign──▶ assigned ──start──▶ investigating ──resolve(outcome)──▶ resolved
 *                     │                      │  └──────reject(reason)──────▶ rejected
 *                     └──────reject(reason)──┘
 *   resolved / rejected ──reopen(note)──▶ investigating (assigned) or new (unassigned)
 *
 * Assigning is also allowed while assigned or investigating (a hand-over keeps the status).
 * Closing (resolve or reject) needs a call back when the citizen left a consented contact
 * that has not been erased: the call back must be recorded after the last reopening.
 * A case is upheld (fully or partly) against the officer it names only if that officer was
 * posted in the case's unit subtree at the time (see posting.ts); "not upheld" stays open.
 */
import type { ComplaintOutcome, ComplaintStatus } from '../db/schema';

export type CaseState = {
	status: ComplaintStatus;
	assigneeId: number | null;
	/** A consented contact exists and has not been erased. */
	hasContact: boolean;
	/** A call back was recorded since the case was opened or last reopened. */
	calledBack: boolean;
	/** No officer is named, or the one named was posted in the case's unit subtree at the time. */
	officerPosted: boolean;
};

export type CaseAction =
	| { kind: 'assign'; assigneeId: number; note?: string }
	| { kind: 'start'; note?: string }
	| { kind: 'resolve'; outcome: ComplaintOutcome; note: string }
	| { kind: 'reject'; reason: string }
	| { kind: 'reopen'; note: string };

export type Refusal = 'not_allowed' | 'call_back_required' | 'note_required' | 'same_assignee' | 'officer_not_posted';

export type Decision =
	| {
			ok: true;
			status: ComplaintStatus;
			outcome: ComplaintOutcome | null;
			assigneeId: number | null;
			closed: boolean;
			event: { kind: 'assigned' | 'status_changed' | 'reopened'; fromStatus: ComplaintStatus; toStatus: ComplaintStatus; note: string | null };
	  }
	| { ok: false; reason: Refusal };

export const OPEN_STATUSES: readonly ComplaintStatus[] = ['new', 'assigned', 'investigating'];
export const CLOSED_STATUSES: readonly ComplaintStatus[] = ['resolved', 'rejected'];

const clean = (s: string | undefined) => (s ?? '').trim();

export function decide(state: CaseState, action: CaseAction): Decision {
	const from = state.status;
	const closing = action.kind === 'resolve' || action.kind === 'reject';
	const allowed: Record<CaseAction['kind'], readonly ComplaintStatus[]> = {
		assign: ['new', 'assigned', 'investigating'],
		start: ['assigned'],
		resolve: ['investigating'],
		reject: ['assigned', 'investigating'],
		reopen: ['resolved', 'rejected']
	};
	if (!allowed[action.kind].includes(from)) return { ok: false, reason: 'not_allowed' };
	if (closing && state.hasContact && !state.calledBack) return { ok: false, reason: 'call_back_required' };

	switch (action.kind) {
		case 'assign': {
			if (action.assigneeId === state.assigneeId) return { ok: false, reason: 'same_assignee' };
			const to = from === 'new' ? 'assigned' : from;
			return {
				ok: true,
				status: to,
				outcome: null,
				assigneeId: action.assigneeId,
				closed: false,
				event: { kind: 'assigned', fromStatus: from, toStatus: to, note: clean(action.note) || null }
			};
		}
		case 'start':
			return {
				ok: true,
				status: 'investigating',
				outcome: null,
				assigneeId: state.assigneeId,
				closed: false,
				event: { kind: 'status_changed', fromStatus: from, toStatus: 'investigating', note: clean(action.note) || null }
			};
		case 'resolve':
			if (!clean(action.note)) return { ok: false, reason: 'note_required' };
			if (action.outcome !== 'not_upheld' && !state.officerPosted) return { ok: false, reason: 'officer_not_posted' };
			return {
				ok: true,
				status: 'resolved',
				outcome: action.outcome,
				assigneeId: state.assigneeId,
				closed: true,
				event: { kind: 'status_changed', fromStatus: from, toStatus: 'resolved', note: clean(action.note) }
			};
		case 'reject':
			if (!clean(action.reason)) return { ok: false, reason: 'note_required' };
			return {
				ok: true,
				status: 'rejected',
				outcome: null,
				assigneeId: state.assigneeId,
				closed: true,
				event: { kind: 'status_changed', fromStatus: from, toStatus: 'rejected', note: clean(action.reason) }
			};
		case 'reopen': {
			if (!clean(action.note)) return { ok: false, reason: 'note_required' };
			const to = state.assigneeId === null ? 'new' : 'investigating';
			return {
				ok: true,
				status: to,
				outcome: null,
				assigneeId: state.assigneeId,
				closed: false,
				event: { kind: 'reopened', fromStatus: from, toStatus: to, note: clean(action.note) }
			};
		}
	}
}
