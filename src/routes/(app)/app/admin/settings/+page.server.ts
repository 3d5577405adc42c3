import { fail } from '@sveltejs/kit';
import { translate } from '$lib/i18n';
import { requireAdmin } from '$lib/server/auth/guard';
import { REASON_CODES } from '$lib/server/db/schema';
import { REGIME_SOURCES } from '$lib/server/complaints/regimes';
import { cite } from '$lib/server/legal/sources';
import { clientIp } from '$lib/server/http';
import { DEFAULT_SIPAS_MAPPING, parseSipasMapping } from '$lib/server/indices/settings';
import { MAIN_LEVEL } from '$lib/server/indices/satisfaction';
import { returnOnlyKeys, type ExtraQuestion } from '$lib/server/kiosk/questions';
import { editableSettings, isEditableKey, resetSetting, saveSetting } from '$lib/server/settings/editable';
import { fieldProblems, settingFromForm } from '$lib/server/settings/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const list = await editableSettings();
	const questions = (list.find((s) => s.key === 'kiosk.questions')?.value ?? []) as ExtraQuestion[];
	// the SIPAS factors read answers to the tablet's questions (or the rating itself)
	const answerKeys = [...new Set([...questions.map((q) => q.key), ...Object.values(DEFAULT_SIPAS_MAPPING).filter((k): k is string => !!k && k !== MAIN_LEVEL)])];
	// the keys asked only when the result is returned, under the SIPAS setting in force
	const returnOnly = [...returnOnlyKeys(parseSipasMapping(list.find((s) => s.key === 'indices.sipas')?.value))];
	return {
		returnOnly,
		settings: Object.fromEntries(list.map((s) => [s.key, s])) as Record<(typeof list)[number]['key'], (typeof list)[number]>,
		reasons: REASON_CODES,
		regimeSources: { petition: cite(REGIME_SOURCES.petition), complaint: cite(REGIME_SOURCES.complaint), internal: cite(REGIME_SOURCES.internal) },
		answerKeys,
		// a key is shown by its question's wording, or, for a default key no question asks yet, by its factor
		answerLabels: Object.fromEntries(
			answerKeys.map((k) => {
				const q = questions.find((x) => x.key === k);
				const factor = Object.entries(DEFAULT_SIPAS_MAPPING).find(([, v]) => v === k)?.[0];
				return [k, q ? { vi: q.labelVi, en: q.labelEn ?? q.labelVi } : factor ? { factor } : null];
			})
		) as Record<string, { vi: string; en: string } | { factor: string } | null>,
		mainLevel: MAIN_LEVEL
	};
};

export const actions: Actions = {
	save: async (event) => {
		const admin = requireAdmin(event);
		const form = await event.request.formData();
		const key = form.get('key');
		if (!isEditableKey(key)) return fail(400, { message: translate(event.locals.locale, 'settings.invalid') });
		const decoded = settingFromForm(key, form);
		const saved = await saveSetting(key, decoded.value, { userId: admin.id, ip: clientIp(event) });
		if (!saved.ok) {
			return fail(400, {
				key,
				problems: fieldProblems(saved.issues, decoded.fieldOf),
				sent: [...form].map(([k, v]) => [k, String(v)] as [string, string]),
				message: translate(event.locals.locale, 'settings.fix')
			});
		}
		return { ok: true, key, message: translate(event.locals.locale, saved.changed ? 'settings.saved' : 'settings.unchanged') };
	},
	reset: async (event) => {
		const admin = requireAdmin(event);
		const key = (await event.request.formData()).get('key');
		if (!isEditableKey(key)) return fail(400, { message: translate(event.locals.locale, 'settings.invalid') });
		const { changed } = await resetSetting(key, { userId: admin.id, ip: clientIp(event) });
		return { ok: true, key, message: translate(event.locals.locale, changed ? 'settings.resetDone' : 'settings.alreadyDefault') };
	}
};
