import { describe, expect, it } from 'vitest';
import { COMPLAINT_STATUSES, type ComplaintStatus } from '../db/schema';
import { decide, type CaseAction, type CaseState } from './workflow';

const actions: CaseAction[] = [
	{ kind: 'assign', assigneeId: 7 },
	{ kind: 'start' },
	{ kind: 'resolve', outcome: 'upheld', note: 'Đã xác minh, cán bộ bị nhắc nhở' },
	{ kind: 'reject', reason: 'Không thuộc thẩm quyền' },
	{ kind: 'reopen', note: 'Công dân phản ánh lại' }
];

/** The whole table, hand-written: status × action → the status it leads to, or refused. */
const table: Record<ComplaintStatus, Record<CaseAction['kind'], ComplaintStatus | null>> = {
	new: { assign: 'assigned', start: null, resolve: null, reject: null, reopen: null },
	assigned: { assign: 'assigned', start: 'investigating', resolve: null, reject: 'rejected', reopen: null },
	investigating: { assign: 'investigating', start: null, resolve: 'resolved', reject: 'rejected', reopen: null },
	resolved: { assign: null, start: null, resolve: null, reject: null, reopen: 'investigating' },
	rejected: { assign: null, start: null, resolve: null, reject: null, reopen: 'investigating' }
};

const state = (status: ComplaintStatus, over: Partial<CaseState> = {}): CaseState => ({
	status,
	assigneeId: status === 'new' ? null : 3,
	hasContact: false,
	calledBack: false,
	officerPosted: true,
	...over
});

describe('the complaint state machine', () => {
	for (const status of COMPLAINT_STATUSES) {
		for (const action of actions) {
			const want = table[status][action.kind];
			it(`${status} + ${action.kind} → ${want ?? 'refused'}`, () => {
				const d = decide(state(status), action);
				if (want === null) expect(d).toEqual({ ok: false, reason: 'not_allowed' });
				else {
					expect(d.ok).toBe(true);
					if (!d.ok) return;
					expect(d.status).toBe(want);
					expect(d.event.fromStatus).toBe(status);
					expect(d.event.toStatus).toBe(want);
					expect(d.closed).toBe(want === 'resolved' || want === 'rejected');
					expect(d.outcome).toBe(want === 'resolved' ? 'upheld' : null);
				}
			});
		}
	}

	it('refuses to close a case with a consented contact until a call back is recorded', () => {
		const withContact = state('investigating', { hasContact: true });
		expect(decide(withContact, actions[2])).toEqual({ ok: false, reason: 'call_back_required' });
		expect(decide(withContact, actions[3])).toEqual({ ok: false, reason: 'call_back_required' });
		expect(decide(state('assigned', { hasContact: true }), actions[3])).toEqual({ ok: false, reason: 'call_back_required' });
		expect(decide({ ...withContact, calledBack: true }, actions[2])).toMatchObject({ ok: true, status: 'resolved' });
		// no contact, or an erased one: nobody to call
		expect(decide(state('investigating'), actions[2])).toMatchObject({ ok: true, status: 'resolved' });
	});

	it('upholds a case against the officer it names only if that officer was posted in the case’s unit at the time', () => {
		const elsewhere = state('investigating', { officerPosted: false });
		expect(decide(elsewhere, actions[2])).toEqual({ ok: false, reason: 'officer_not_posted' });
		expect(decide(elsewhere, { kind: 'resolve', outcome: 'partly_upheld', note: 'Một phần' })).toEqual({ ok: false, reason: 'officer_not_posted' });
		expect(decide(elsewhere, { kind: 'resolve', outcome: 'not_upheld', note: 'Không đúng người' })).toMatchObject({ ok: true, outcome: 'not_upheld' });
		expect(decide(elsewhere, actions[3])).toMatchObject({ ok: true, status: 'rejected' });
	});

	it('asks for a note when resolving, rejecting or reopening', () => {
		expect(decide(state('investigating'), { kind: 'resolve', outcome: 'not_upheld', note: '  ' })).toEqual({ ok: false, reason: 'note_required' });
		expect(decide(state('investigating'), { kind: 'reject', reason: '' })).toEqual({ ok: false, reason: 'note_required' });
		expect(decide(state('resolved'), { kind: 'reopen', note: '' })).toEqual({ ok: false, reason: 'note_required' });
	});

	it('reopens an unassigned case as new, and refuses to re-assign to the same person', () => {
		expect(decide(state('rejected', { assigneeId: null }), actions[4])).toMatchObject({ ok: true, status: 'new', event: { kind: 'reopened' } });
		expect(decide(state('assigned', { assigneeId: 7 }), actions[0])).toEqual({ ok: false, reason: 'same_assignee' });
		expect(decide(state('investigating', { assigneeId: 3 }), actions[0])).toMatchObject({ ok: true, status: 'investigating', assigneeId: 7, event: { kind: 'assigned' } });
	});
});
