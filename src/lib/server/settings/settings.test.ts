import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useDatabase } from '../db';
import type { DatabaseHandle } from '../db/client';
import * as s from '../db/schema';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { complaintSettings, DEFAULT_COMPLAINT_SETTINGS } from '../complaints/settings';
import { DEFAULT_SIPAS_MAPPING, indexSettings } from '../indices/settings';
import { DEFAULT_RANK_RULE } from '../indices/tt01';
import { DEFAULT_SETTINGS_766 } from '../indices/satisfaction-766';
import { readNationalSettings } from '../national/settings';
import { kioskState } from '../kiosk/prompt';
import { editableSettings, resetSetting, saveSetting, type EditableKey } from './editable';
import { fieldProblems, settingFromForm } from './forms';

const formOf = (entries: [string, string][]) => {
	const f = new FormData();
	for (const [k, v] of entries) f.append(k, v);
	return f;
};

describe.each(testDatabaseKinds)('settings edited as forms on %s', (kind) => {
	let h: DatabaseHandle;
	let actor: { userId: number; ip: string };
	const auditOf = (key: string) =>
		h.db
			.select({ action: s.auditLog.action, detail: s.auditLog.detail, by: s.auditLog.actorUserId })
			.from(s.auditLog)
			.where(and(eq(s.auditLog.targetType, 'setting'), eq(s.auditLog.targetId, key)))
			.orderBy(asc(s.auditLog.id));
	/** What the page does: the form → the setting's JSON → its schema → stored, or problems per field. */
	const submit = async (key: EditableKey, entries: [string, string][]) => {
		const decoded = settingFromForm(key, formOf(entries));
		const saved = await saveSetting(key, decoded.value, actor);
		return saved.ok ? saved : { ok: false as const, problems: fieldProblems(saved.issues, decoded.fieldOf) };
	};

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
		const [u] = await h.db.insert(s.users).values({ username: 'quantri', displayName: 'Quản trị', passwordHash: 'x' }).returning();
		actor = { userId: u.id, ip: '127.0.0.1' };
	});
	afterAll(async () => h?.close());

	it('lists every setting with its default while nothing is set', async () => {
		const list = await editableSettings();
		expect(list.map((x) => [x.key, x.custom])).toEqual([
			['kiosk.questions', false],
			['complaints', false],
			['indices.tt01.ranks', false],
			['indices.sipas', false],
			['indices.766', false],
			['national.sync', false]
		]);
		expect(list.find((x) => x.key === 'indices.766')).toMatchObject({ value: DEFAULT_SETTINGS_766, defaults: DEFAULT_SETTINGS_766 });
		expect(list.find((x) => x.key === 'national.sync')?.value).toEqual({ storeHolder: false });
		expect(list.find((x) => x.key === 'complaints')).toMatchObject({ value: DEFAULT_COMPLAINT_SETTINGS, defaults: DEFAULT_COMPLAINT_SETTINGS });
		expect(list.find((x) => x.key === 'indices.tt01.ranks')?.value).toEqual(DEFAULT_RANK_RULE);
		expect(list.find((x) => x.key === 'indices.sipas')?.value).toEqual({ factors: DEFAULT_SIPAS_MAPPING });
		expect(list.find((x) => x.key === 'kiosk.questions')?.value).toEqual([]);
	});

	it('complaint rules: the form round-trips to what the complaint code reads, audited old → new, once', async () => {
		const entries: [string, string][] = [
			['regimes.petition.days', '10'],
			['regimes.petition.unit', 'working'],
			['regimes.complaint.acceptDays', '10'],
			['regimes.complaint.resolveDays', '30'],
			['regimes.complaint.complexDays', '45'],
			['regimes.complaint.remoteDays', '45'],
			['regimes.complaint.remoteComplexDays', '60'],
			['regimes.complaint.unit', 'working'],
			['regimes.internal.days', '5'],
			['regimes.internal.unit', 'calendar'],
			['nearDays', '2'],
			['retentionMonths', '24'],
			['autoOpen.reasons', 'harassment'],
			['autoOpen.reasons', 'attitude'],
			['lateDossiers.lookbackDays', '5']
		];
		expect(await submit('complaints', entries)).toEqual({ ok: true, changed: true });
		const want = {
			regimes: {
				petition: { days: 10, unit: 'working' },
				complaint: { acceptDays: 10, resolveDays: 30, complexDays: 45, remoteDays: 45, remoteComplexDays: 60, unit: 'working' },
				internal: { days: 5, unit: 'calendar' }
			},
			nearDays: 2,
			retentionMonths: 24,
			autoOpen: { reasons: ['harassment', 'attitude'], withComment: false },
			lateDossiers: { enabled: false, lookbackDays: 5 }
		};
		expect(await complaintSettings()).toEqual(want);
		const listed = (await editableSettings()).find((x) => x.key === 'complaints');
		expect(listed).toMatchObject({ value: want, custom: true, updatedBy: 'Quản trị' });
		expect(await submit('complaints', entries)).toEqual({ ok: true, changed: false });
		expect(await auditOf('complaints')).toEqual([{ action: 'setting.save', by: actor.userId, detail: { old: DEFAULT_COMPLAINT_SETTINGS, new: want } }]);
	});

	it('complaint rules: a bad field is named and nothing is stored', async () => {
		const r = await submit('complaints', [
			['regimes.petition.days', '0'],
			['regimes.petition.unit', 'fortnights'],
			['regimes.complaint.acceptDays', '10'],
			['regimes.complaint.resolveDays', '30'],
			['regimes.complaint.complexDays', '20'],
			['regimes.complaint.remoteDays', '45'],
			['regimes.complaint.remoteComplexDays', '60'],
			['regimes.complaint.unit', 'calendar'],
			['regimes.internal.days', '15'],
			['regimes.internal.unit', 'working'],
			['nearDays', ''],
			['retentionMonths', '12.5'],
			['autoOpen.reasons', 'rudeness'],
			['lateDossiers.lookbackDays', '61']
		]);
		expect(r).toEqual({
			ok: false,
			problems: {
				'regimes.petition.days': { message: 'settings.error.min', params: { n: 1 } },
				'regimes.petition.unit': { message: 'settings.error.invalid' },
				// a complex case never gets a shorter clock than a plain one
				'regimes.complaint.complexDays': { message: 'settings.error.min', params: { n: 30 } },
				nearDays: { message: 'settings.error.number' },
				retentionMonths: { message: 'settings.error.integer' },
				'autoOpen.reasons': { message: 'settings.error.invalid' },
				'lateDossiers.lookbackDays': { message: 'settings.error.max', params: { n: 60 } }
			}
		});
		expect((await complaintSettings()).regimes.petition.days).toBe(10);
	});

	it('index ranks: thresholds must decrease, and the indices read the saved rule', async () => {
		const base: [string, string][] = [
			['excellent', '16'],
			['good', '12.5'],
			['fair', '9'],
			['average', '6'],
			['excellentStrict', 'on'],
			['minIndicators', '7'],
			['minOfficerIndicators', '4']
		];
		const bad = await submit('indices.tt01.ranks', base.map(([k, v]) => [k, k === 'good' ? '17' : v] as [string, string]));
		expect(bad).toEqual({ ok: false, problems: { '': { message: 'settings.error.ranksOrder' } } });
		expect(await submit('indices.tt01.ranks', [...base.filter(([k]) => k !== 'minIndicators'), ['minIndicators', '10']])).toEqual({
			ok: false,
			problems: { minIndicators: { message: 'settings.error.max', params: { n: 9 } } }
		});
		expect(await submit('indices.tt01.ranks', base)).toEqual({ ok: true, changed: true });
		expect((await indexSettings()).ranks).toEqual({ excellent: 16, good: 12.5, fair: 9, average: 6, excellentStrict: true, minIndicators: 7, minOfficerIndicators: 4 });
	});

	it('766 points: validated per field, the indices read the saved rule, audited old → new, reset to the default', async () => {
		const bad = await submit('indices.766', [
			['target2025', '0'],
			['target2030', '101'],
			['maxPoints', ''],
			['rule', 'sometimes']
		]);
		expect(bad).toEqual({
			ok: false,
			problems: {
				target2025: { message: 'settings.error.min', params: { n: 1 } },
				target2030: { message: 'settings.error.max', params: { n: 100 } },
				maxPoints: { message: 'settings.error.number' },
				rule: { message: 'settings.error.invalid' }
			}
		});
		expect((await indexSettings()).s766).toEqual(DEFAULT_SETTINGS_766);
		const entries: [string, string][] = [
			['target2025', '90'],
			['target2030', '92.5'],
			['maxPoints', '6'],
			['rule', 'threshold']
		];
		expect(await submit('indices.766', entries)).toEqual({ ok: true, changed: true });
		const want = { maxPoints: 6, rule: 'threshold', target2025: 90, target2030: 92.5 };
		expect((await indexSettings()).s766).toEqual(want);
		expect(await auditOf('indices.766')).toEqual([{ action: 'setting.save', by: actor.userId, detail: { old: DEFAULT_SETTINGS_766, new: want } }]);
		expect(await resetSetting('indices.766', actor)).toEqual({ changed: true });
		expect((await indexSettings()).s766).toEqual(DEFAULT_SETTINGS_766);
	});

	it('kiosk questions: rows, empty rows skipped, keys checked per row, the tablet shows them', async () => {
		const dup = await submit('kiosk.questions', [
			['q0.key', 'convenience'],
			['q0.labelVi', 'Sự thuận tiện'],
			['q2.key', 'convenience'],
			['q2.labelVi', 'Lặp lại']
		]);
		expect(dup).toEqual({ ok: false, problems: { 'q2.key': { message: 'settings.error.duplicate' } } });
		const badKey = await submit('kiosk.questions', [
			['q1.key', 'Thuận tiện'],
			['q1.labelVi', 'Sự thuận tiện'],
			['q3.key', 'result']
		]);
		expect(badKey).toEqual({ ok: false, problems: { 'q1.key': { message: 'settings.error.answerKey' }, 'q3.labelVi': { message: 'settings.error.required' } } });
		const decomposed = 'Sự thuận tiện'.normalize('NFD');
		expect(
			await submit('kiosk.questions', [
				['q0.key', 'convenience'],
				['q0.labelVi', decomposed],
				['q0.labelEn', 'Convenience'],
				['q1.key', ''],
				['q1.labelVi', ''],
				['q1.labelEn', ''],
				['q2.key', 'result'],
				['q2.labelVi', 'Kết quả giải quyết']
			])
		).toEqual({ ok: true, changed: true });
		const questions = [
			{ key: 'convenience', labelVi: 'Sự thuận tiện', labelEn: 'Convenience' },
			{ key: 'result', labelVi: 'Kết quả giải quyết', labelEn: '' }
		];
		// the tablet gets each question's stage: "result" is the SIPAS result question, asked only when the result is returned
		expect((await kioskState(null)).questions).toEqual([
			{ ...questions[0], stage: 'both' },
			{ ...questions[1], stage: 'returning' }
		]);
		expect((await editableSettings()).find((x) => x.key === 'kiosk.questions')?.value).toEqual(questions);
	});

	it('kiosk questions: a stage per question, checked; the result and feedback questions only at the return stage', async () => {
		// a stage that is none of the three
		expect(
			await submit('kiosk.questions', [
				['q0.key', 'convenience'],
				['q0.labelVi', 'Sự thuận tiện'],
				['q0.stage', 'lunch']
			])
		).toEqual({ ok: false, problems: { 'q0.stage': { message: 'settings.error.stage' } } });
		// the SIPAS setting reads "result" and "feedback" (its defaults): not at receiving, not at both
		expect(
			await submit('kiosk.questions', [
				['q0.key', 'convenience'],
				['q0.labelVi', 'Sự thuận tiện'],
				['q0.stage', 'receiving'],
				['q1.key', 'result'],
				['q1.labelVi', 'Kết quả cung ứng dịch vụ hành chính công'],
				['q1.stage', 'receiving'],
				['q3.key', 'feedback'],
				['q3.labelVi', 'Tiếp nhận, giải quyết góp ý, phản ánh, kiến nghị'],
				['q3.stage', 'both']
			])
		).toEqual({ ok: false, problems: { 'q1.stage': { message: 'settings.error.returnOnly' }, 'q3.stage': { message: 'settings.error.returnOnly' } } });
		// saved: a chosen stage is stored, the default ("") is stored as none and read by the rule
		expect(
			await submit('kiosk.questions', [
				['q0.key', 'convenience'],
				['q0.labelVi', 'Sự thuận tiện'],
				['q0.stage', 'receiving'],
				['q1.key', 'result'],
				['q1.labelVi', 'Kết quả cung ứng dịch vụ hành chính công'],
				['q1.stage', 'returning'],
				['q2.key', 'access'],
				['q2.labelVi', 'Tiếp cận dịch vụ hành chính công'],
				['q2.stage', ''],
				['q3.key', 'feedback'],
				['q3.labelVi', 'Tiếp nhận, giải quyết góp ý, phản ánh, kiến nghị'],
				['q3.stage', '']
			])
		).toEqual({ ok: true, changed: true });
		const stored = (await editableSettings()).find((x) => x.key === 'kiosk.questions')?.value as { key: string; stage?: string }[];
		expect(stored.map((q) => [q.key, q.stage])).toEqual([
			['convenience', 'receiving'],
			['result', 'returning'],
			['access', undefined],
			['feedback', undefined]
		]);
		expect((await kioskState(null)).questions.map((q) => [q.key, q.stage])).toEqual([
			['convenience', 'receiving'],
			['result', 'returning'],
			['access', 'both'],
			['feedback', 'returning']
		]);
	});

	it('SIPAS sources: a question key, the rating itself or not asked', async () => {
		expect(
			await submit('indices.sipas', [
				['factors.access', 'convenience'],
				['factors.procedure', ''],
				['factors.officer', '@level'],
				['factors.result', 'result'],
				['factors.feedback', '']
			])
		).toEqual({ ok: true, changed: true });
		expect((await indexSettings()).sipas).toEqual({ access: 'convenience', procedure: null, officer: '@level', result: 'result', feedback: null });
		expect(await submit('indices.sipas', [['factors.access', 'Tiếp cận']])).toEqual({ ok: false, problems: { 'factors.access': { message: 'settings.error.answerKey' } } });
	});

	it('national sync: keeping the applicant’s name and ID is off until an administrator ticks it', async () => {
		expect(await readNationalSettings(h.db)).toEqual({ storeHolder: false });
		expect(await submit('national.sync', [['storeHolder', 'on']])).toEqual({ ok: true, changed: true });
		expect(await readNationalSettings(h.db)).toEqual({ storeHolder: true });
		expect(await submit('national.sync', [])).toEqual({ ok: true, changed: true });
		expect(await readNationalSettings(h.db)).toEqual({ storeHolder: false });
	});

	it('reset to default removes the row and audits what was replaced', async () => {
		expect(await resetSetting('complaints', actor)).toEqual({ changed: true });
		expect(await resetSetting('complaints', actor)).toEqual({ changed: false });
		expect(await complaintSettings()).toEqual(DEFAULT_COMPLAINT_SETTINGS);
		expect((await editableSettings()).find((x) => x.key === 'complaints')).toMatchObject({ custom: false, value: DEFAULT_COMPLAINT_SETTINGS });
		const log = await auditOf('complaints');
		expect(log.at(-1)).toEqual({ action: 'setting.reset', by: actor.userId, detail: { old: expect.objectContaining({ regimes: expect.objectContaining({ petition: { days: 10, unit: 'working' } }) }), new: DEFAULT_COMPLAINT_SETTINGS } });
		expect(log).toHaveLength(2);
	});

	it('a stored value edited by hand into something invalid still reads as the default, and the form can repair it', async () => {
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		try {
			await h.db.insert(s.settings).values({ key: 'kiosk.questions', value: [{ key: 'BAD KEY' }] }).onConflictDoUpdate({ target: s.settings.key, set: { value: [{ key: 'BAD KEY' }] } });
			expect((await kioskState(null)).questions).toEqual([]);
			expect(await submit('kiosk.questions', [])).toEqual({ ok: true, changed: true });
			expect(await h.db.select({ value: s.settings.value }).from(s.settings).where(eq(s.settings.key, 'kiosk.questions'))).toEqual([{ value: [] }]);
		} finally {
			warn.mockRestore();
		}
	});
});
