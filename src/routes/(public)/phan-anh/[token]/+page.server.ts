import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { translate } from '$lib/i18n';
import { recordResurveyAnswer, RESURVEY_ANSWERS, resurveyCase, verifyResurveyToken } from '$lib/server/complaints';
import type { Actions, PageServerLoad } from './$types';

/** The re-survey link an inspector sends: was the matter resolved? Public, behind a signed token. */
export const load: PageServerLoad = async ({ params }) => {
	const id = await verifyResurveyToken(params.token);
	const c = id ? await resurveyCase(id) : null;
	if (!c) error(404, 'Không tìm thấy / Not found');
	return { code: c.code };
};

export const actions: Actions = {
	default: async ({ params, request, locals }) => {
		const id = await verifyResurveyToken(params.token);
		if (!id) error(404, 'Không tìm thấy / Not found');
		const parsed = z
			.object({ answer: z.enum(RESURVEY_ANSWERS), comment: z.string().max(2000).default('') })
			.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { message: translate(locals.locale, 'complaints.resurveyPage.choose') });
		if (!(await recordResurveyAnswer(id, parsed.data.answer, parsed.data.comment))) error(404, 'Không tìm thấy / Not found');
		return { ok: true };
	}
};
