import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { translate } from '$lib/i18n';
import { audit } from '$lib/server/audit';
import { requireAdmin } from '$lib/server/auth/guard';
import { clientIp } from '$lib/server/http';
import { eraseHolder, HOLDERS_PAGE, listHolders } from '$lib/server/national/holders';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const code = (event.url.searchParams.get('code') ?? '').trim().slice(0, 64);
	const { rows, total } = await listHolders(code);
	return { code, holders: rows, total, pageSize: HOLDERS_PAGE };
};

const eraseForm = z.object({ dossierId: z.coerce.number().int().positive() });

export const actions: Actions = {
	erase: async (event) => {
		const admin = requireAdmin(event);
		const parsed = eraseForm.safeParse(Object.fromEntries(await event.request.formData()));
		const code = parsed.success ? await eraseHolder(parsed.data.dossierId) : null;
		if (!parsed.success || code === null)
			return fail(400, { message: translate(event.locals.locale, 'holders.error.none') });
		// the code only: the erased name and ID number never reach the audit log
		await audit(
			{ userId: admin.id, ip: clientIp(event) },
			'national.holder.erase',
			{ type: 'dossier', id: parsed.data.dossierId },
			{ code }
		);
		return { ok: true, message: translate(event.locals.locale, 'holders.erased', { code }) };
	}
};
