import { error } from '@sveltejs/kit';
import { sql } from 'drizzle-orm';
import { database } from '$lib/server/db';
import { requireRole } from '$lib/server/auth/guard';
import { officerPosting } from '$lib/server/counter/counter';
import { publicDossier } from '$lib/server/qr/dossier';
import { qrSvg } from '$lib/server/qr/svg';
import { qrToken } from '$lib/server/qr/tokens';
import { config } from '$lib/server/config';
import type { PageServerLoad } from './$types';

/** A printable slip with the dossier's rating QR code, for a dossier of the officer's province. */
export const load: PageServerLoad = async (event) => {
	const user = requireRole(event, 'officer');
	if (!user.officerId) error(403, 'Not an officer');
	const code = (event.url.searchParams.get('code') ?? '').slice(0, 64);
	const posting = await officerPosting(user.officerId);
	const [row] = posting
		? await database.rows<{ id: number }>(sql`select id from dossiers where province_id = ${posting.provinceId} and code = ${code}`)
		: [];
	if (!row) error(404, 'Not found');
	const dossier = (await publicDossier({ id: Number(row.id) }))!;
	const base = config().origin ?? event.url.origin;
	const url = `${base}/r/${await qrToken('dossier', dossier.id)}`;
	return { dossier, url, svg: await qrSvg(url) };
};
