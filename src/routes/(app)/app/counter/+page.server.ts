import { error, fail } from '@sveltejs/kit';
import { DOSSIER_CODE } from '$lib/dossier-code';
import { z } from 'zod';
import { translate } from '$lib/i18n';
import { requireRole } from '$lib/server/auth/guard';
import {
	counterChoices,
	createAndServe,
	currentShift,
	finishService,
	leaveCounter,
	proceduresForCounter,
	serve,
	servicesToday,
	takeCounter
} from '$lib/server/counter/counter';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** The officer behind the session; the counter screen never takes an officer id from a form. */
function officer(event: RequestEvent | Parameters<PageServerLoad>[0]) {
	const user = requireRole(event, 'officer');
	if (!user.officerId) error(403, 'Tài khoản chưa gắn với cán bộ / Account not linked to an officer');
	return user.officerId;
}

export const load: PageServerLoad = async (event) => {
	const officerId = officer(event);
	const shift = await currentShift(officerId);
	const [choices, services, procedures] = await Promise.all([
		shift ? Promise.resolve([]) : counterChoices(officerId),
		servicesToday(officerId),
		shift ? proceduresForCounter(shift.counterId) : Promise.resolve([])
	]);
	const current = services.find((s) => s.closedAt === null) ?? null;
	return {
		shift: shift && { counterId: shift.counterId, nameVi: shift.nameVi, nameEn: shift.nameEn, centreVi: shift.centreVi, centreEn: shift.centreEn },
		choices,
		services,
		current,
		procedures
	};
};

const DossierCode = z.string().trim().regex(DOSSIER_CODE);
const Stage = z.enum(['receiving', 'returning']);

export const actions: Actions = {
	take: async (event) => {
		const officerId = officer(event);
		const parsed = z
			.object({ counterId: z.coerce.number().int().positive(), force: z.literal('1').optional() })
			.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { message: translate(event.locals.locale, 'counter.notAllowed') });
		const result = await takeCounter(officerId, parsed.data.counterId, parsed.data.force === '1');
		if (!result.ok) {
			if (result.reason === 'held') return fail(409, { confirmCounterId: parsed.data.counterId, holderName: result.holderName });
			return fail(403, { message: translate(event.locals.locale, 'counter.notAllowed') });
		}
		return { ok: true };
	},
	leave: async (event) => {
		await leaveCounter(officer(event));
		return { ok: true };
	},
	serve: async (event) => {
		const officerId = officer(event);
		const form = Object.fromEntries(await event.request.formData());
		const code = DossierCode.safeParse(form.code);
		const stage = Stage.safeParse(form.stage);
		if (!code.success || !stage.success) {
			return fail(400, { message: translate(event.locals.locale, 'counter.codeInvalid'), code: String(form.code ?? '').slice(0, 64) });
		}
		const result = await serve(officerId, code.data, stage.data);
		if (!result.ok) {
			if (result.reason === 'unknown_dossier') return fail(404, { unknownCode: code.data });
			return fail(400, { message: translate(event.locals.locale, result.reason === 'no_counter' ? 'counter.noCounter' : 'counter.notAllowed') });
		}
		return { ok: true };
	},
	create: async (event) => {
		const officerId = officer(event);
		const parsed = z
			.object({ code: DossierCode, procedureId: z.coerce.number().int().positive() })
			.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { message: translate(event.locals.locale, 'counter.codeInvalid') });
		const result = await createAndServe(officerId, parsed.data.code, parsed.data.procedureId);
		if (!result.ok) return fail(400, { message: translate(event.locals.locale, 'counter.notAllowed') });
		return { ok: true };
	},
	done: async (event) => {
		await finishService(officer(event));
		return { ok: true };
	}
};
