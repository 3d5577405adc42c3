import type { z } from 'zod';
import { SIPAS_FACTORS } from '../indices/satisfaction';
import { MAX_KIOSK_QUESTIONS } from '../kiosk/questions';
import type { EditableKey } from './editable';

/**
 * The settings page's forms → the JSON each setting stores, before its own schema (the one its
 * reader uses) validates it; and the schema's issues → a message per form field. Pure, so the
 * round trip is tested without a browser. Field names are the setting's paths
 * (`autoOpen.reasons`, `factors.officer`); the kiosk questions are rows `q0.key` … `q3.stage`.
 */

const text = (form: FormData, name: string) => String(form.get(name) ?? '').normalize('NFC').trim();
/** A number input: empty or not a number stays NaN, so the schema says "enter a number" instead of taking the default. */
const num = (form: FormData, name: string) => {
	const v = text(form, name);
	return v === '' ? NaN : Number(v);
};
const checked = (form: FormData, name: string) => form.get(name) !== null;

export type DecodedForm = { value: unknown; fieldOf: (path: PropertyKey[]) => string };
const byPath = (path: PropertyKey[]) => path.map(String).join('.');

export function settingFromForm(key: EditableKey, form: FormData): DecodedForm {
	switch (key) {
		case 'kiosk.questions': {
			// rows left empty are not questions; problems are shown on the row they came from
			const rows: number[] = [];
			const value = [];
			for (let i = 0; i < MAX_KIOSK_QUESTIONS; i++) {
				const q = { key: text(form, `q${i}.key`), labelVi: text(form, `q${i}.labelVi`), labelEn: text(form, `q${i}.labelEn`) };
				if (!q.key && !q.labelVi && !q.labelEn) continue;
				// "" is the default stage (kiosk/questions.ts, questionStage): stored without one
				const stage = text(form, `q${i}.stage`);
				rows.push(i);
				value.push(stage ? { ...q, stage } : q);
			}
			return { value, fieldOf: ([i, field]) => (typeof i === 'number' ? `q${rows[i]}.${String(field ?? 'key')}` : '') };
		}
		case 'complaints':
			return {
				value: {
					regimes: {
						petition: { days: num(form, 'regimes.petition.days'), unit: text(form, 'regimes.petition.unit') },
						complaint: {
							acceptDays: num(form, 'regimes.complaint.acceptDays'),
							resolveDays: num(form, 'regimes.complaint.resolveDays'),
							complexDays: num(form, 'regimes.complaint.complexDays'),
							remoteDays: num(form, 'regimes.complaint.remoteDays'),
							remoteComplexDays: num(form, 'regimes.complaint.remoteComplexDays'),
							unit: text(form, 'regimes.complaint.unit')
						},
						internal: { days: num(form, 'regimes.internal.days'), unit: text(form, 'regimes.internal.unit') }
					},
					nearDays: num(form, 'nearDays'),
					retentionMonths: num(form, 'retentionMonths'),
					autoOpen: {
						reasons: form.getAll('autoOpen.reasons').map(String),
						withComment: checked(form, 'autoOpen.withComment')
					},
					lateDossiers: { enabled: checked(form, 'lateDossiers.enabled'), lookbackDays: num(form, 'lateDossiers.lookbackDays') }
				},
				fieldOf: (path) => (path[0] === 'autoOpen' && path[1] === 'reasons' ? 'autoOpen.reasons' : byPath(path))
			};
		case 'indices.tt01.ranks':
			return {
				value: {
					excellent: num(form, 'excellent'),
					good: num(form, 'good'),
					fair: num(form, 'fair'),
					average: num(form, 'average'),
					excellentStrict: checked(form, 'excellentStrict'),
					minIndicators: num(form, 'minIndicators'),
					minOfficerIndicators: num(form, 'minOfficerIndicators')
				},
				fieldOf: byPath
			};
		case 'indices.766':
			return {
				value: { maxPoints: num(form, 'maxPoints'), rule: text(form, 'rule'), target2025: num(form, 'target2025'), target2030: num(form, 'target2030') },
				fieldOf: byPath
			};
		case 'indices.sipas':
			return {
				// "" is "not asked" (null); "@level" the rating itself; anything else an answer key
				value: { factors: Object.fromEntries(SIPAS_FACTORS.map((f) => [f, text(form, `factors.${f}`) || null])) },
				fieldOf: byPath
			};
		case 'national.sync':
			return { value: { storeHolder: checked(form, 'storeHolder') }, fieldOf: byPath };
	}
}

/** A message for one field, as an i18n key (`settings.error.*`) and its parameters. */
export type FieldProblem = { message: SettingsErrorKey; params?: Record<string, number> };
export type SettingsErrorKey =
	| 'settings.error.number'
	| 'settings.error.integer'
	| 'settings.error.min'
	| 'settings.error.max'
	| 'settings.error.required'
	| 'settings.error.tooLong'
	| 'settings.error.tooMany'
	| 'settings.error.answerKey'
	| 'settings.error.duplicate'
	| 'settings.error.ranksOrder'
	| 'settings.error.stage'
	| 'settings.error.returnOnly'
	| 'settings.error.invalid';

function problemOf(issue: z.core.$ZodIssue): FieldProblem {
	const i = issue as z.core.$ZodIssue & { origin?: string; minimum?: number | bigint; maximum?: number | bigint; expected?: string };
	switch (i.code) {
		case 'invalid_type':
			return { message: i.expected === 'int' ? 'settings.error.integer' : i.expected === 'number' ? 'settings.error.number' : 'settings.error.invalid' };
		case 'too_small':
			return i.origin === 'number' ? { message: 'settings.error.min', params: { n: Number(i.minimum) } } : { message: 'settings.error.required' };
		case 'too_big':
			if (i.origin === 'number') return { message: 'settings.error.max', params: { n: Number(i.maximum) } };
			return { message: i.origin === 'array' ? 'settings.error.tooMany' : 'settings.error.tooLong', params: { n: Number(i.maximum) } };
		case 'invalid_format':
			return { message: 'settings.error.answerKey' };
		case 'invalid_value':
			return { message: i.path[i.path.length - 1] === 'stage' ? 'settings.error.stage' : 'settings.error.invalid' };
		case 'custom':
			if (i.message === 'returnOnly') return { message: 'settings.error.returnOnly' };
			return { message: i.message === 'duplicate' ? 'settings.error.duplicate' : i.path.length === 0 ? 'settings.error.ranksOrder' : 'settings.error.invalid' };
		default:
			return { message: 'settings.error.invalid' };
	}
}

/** One problem per field (the first the schema found); "" is the form as a whole. */
export function fieldProblems(issues: readonly z.core.$ZodIssue[], fieldOf: DecodedForm['fieldOf']): Record<string, FieldProblem> {
	const out: Record<string, FieldProblem> = {};
	for (const issue of issues) {
		const field = issue.path.length ? fieldOf(issue.path) : '';
		out[field] ??= problemOf(issue);
	}
	return out;
}
