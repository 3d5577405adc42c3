import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { useDatabase } from '$lib/server/db';
import type { DatabaseHandle } from '$lib/server/db/client';
import * as s from '$lib/server/db/schema';
import { openTestDatabase, testDatabaseKinds } from '$lib/server/db/testing';
import { seedDossierFixture, type DossierFixture } from '$lib/server/dossiers/test-fixture';
import { maskIdentifier } from '$lib/server/national/holders';
import { formatNationalDate } from '$lib/server/national/schema';
import { NATIONAL_SETTINGS_KEY } from '$lib/server/national/settings';
import { syncNationalDossiers } from '$lib/server/national/sync';
import { actions, load } from './+page.server';

/**
 * The dossier holders page: what the national sync kept of applicants (only with the setting on),
 * looked up by dossier code with the ID number masked and no phone number, erased with an audit
 * entry that holds neither.
 */

describe.each(testDatabaseKinds)('dossier holders page on %s', (kind) => {
	let h: DatabaseHandle;
	let f: DossierFixture;
	let admin: SessionUser;
	let head: SessionUser;

	const item = (code: string, name: string, idNumber: string) => ({
		MaHoSo: code,
		MaTTHC: '1.001193',
		KenhThucHien: 2,
		ChuHoSo: name,
		SoGiayToChuHoSo: idNumber,
		SoDienThoai: '0905123456',
		NgayTiepNhan: formatNationalDate(new Date('2026-03-02T01:05:00Z')),
		NgayHenTra: formatNationalDate(new Date('2026-03-05T10:00:00Z')),
		TrangThaiHoSo: 2,
		DonViXuLy: 'KH-PNT',
		QuaTrinhXuLy: []
	});
	const event = (who: SessionUser, path: string, body?: FormData) =>
		({
			url: new URL(`http://localhost${path}`),
			request: new Request(`http://localhost${path}`, body ? { method: 'POST', body } : {}),
			params: {},
			route: { id: '/(app)/app/admin/holders' },
			locals: { user: who, locale: 'vi' },
			getClientAddress: () => '203.0.113.7'
		}) as never;
	const status = async (run: () => unknown) => {
		try {
			await run();
			return 200;
		} catch (e) {
			const thrown = (e as { status?: number }).status;
			if (typeof thrown !== 'number') throw e;
			return thrown;
		}
	};
	type Page = {
		holders: {
			dossierId: number;
			code: string;
			name: string | null;
			idNumberMasked: string | null;
		}[];
		total: number;
	};

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
		f = await seedDossierFixture(h);
		const user = async (
			username: string,
			role: s.Role,
			unit: { id: number; path: string } | null
		): Promise<SessionUser> => {
			const [u] = await h.db
				.insert(s.users)
				.values({ username, displayName: username, passwordHash: 'x' })
				.returning();
			return {
				id: u.id,
				username,
				displayName: username,
				locale: 'vi',
				officerId: null,
				roles: [{ role, unitId: unit?.id ?? null, unitPath: unit?.path ?? null }]
			};
		};
		admin = await user('quantri', 'admin', null);
		head = await user('lanhdao-nt', 'unit_head', f.nhaTrang);
		await h.db
			.insert(s.settings)
			.values({ key: NATIONAL_SETTINGS_KEY, value: { storeHolder: true } });
		const report = await syncNationalDossiers(
			[
				item('H56.22366-0001', 'Lê Văn Tám', '056090001234'),
				item('H56.22366-0002', 'Phạm Thị Hoa', '056190004321'),
				item('OTHER-0003', 'Võ Minh', '056080009999')
			],
			[f.nhaTrang.path]
		);
		expect(report.problems).toEqual([]);
	});
	afterAll(async () => h?.close());

	it('lists holders by dossier code with the ID number masked and never a phone number', async () => {
		const page = (await load(event(admin, '/app/admin/holders?code=h56.22366'))) as Page;
		expect(page.total).toBe(2);
		expect(page.holders.map((r) => [r.code, r.name, r.idNumberMasked])).toEqual([
			['H56.22366-0001', 'Lê Văn Tám', `${'•'.repeat(9)}234`],
			['H56.22366-0002', 'Phạm Thị Hoa', `${'•'.repeat(9)}321`]
		]);
		const shipped = JSON.stringify(await load(event(admin, '/app/admin/holders')));
		for (const secret of [
			'056090001234',
			'056190004321',
			'056080009999',
			'0905123456',
			'905123456'
		])
			expect(shipped).not.toContain(secret);
		// a `%` is a character of the code, not a wildcard
		expect(((await load(event(admin, '/app/admin/holders?code=%25'))) as Page).total).toBe(0);
	});

	it('erases one holder with an audit entry that names the dossier only', async () => {
		const [first] = ((await load(event(admin, '/app/admin/holders?code=H56.22366-0001'))) as Page)
			.holders;
		const body = new FormData();
		body.set('dossierId', String(first.dossierId));
		expect(await actions.erase(event(admin, '/app/admin/holders?/erase', body))).toMatchObject({
			ok: true
		});
		expect(
			await h.rows(sql`select 1 from dossier_holders where dossier_id = ${first.dossierId}`)
		).toHaveLength(0);
		expect(((await load(event(admin, '/app/admin/holders'))) as Page).total).toBe(2);
		const [entry] = await h.rows<{
			action: string;
			target_id: string;
			detail: unknown;
			actor_user_id: number;
		}>(
			sql`select action, target_id, detail, actor_user_id from audit_log where action = 'national.holder.erase'`
		);
		expect(entry).toMatchObject({
			action: 'national.holder.erase',
			target_id: String(first.dossierId),
			detail: { code: 'H56.22366-0001' },
			actor_user_id: admin.id
		});
		expect(JSON.stringify(entry)).not.toContain('Lê Văn Tám');
		// erasing again: nothing there, a 400 and no second entry
		const again = new FormData();
		again.set('dossierId', String(first.dossierId));
		expect(await actions.erase(event(admin, '/app/admin/holders?/erase', again))).toMatchObject({
			status: 400
		});
		expect(
			await h.rows(sql`select 1 from audit_log where action = 'national.holder.erase'`)
		).toHaveLength(1);
	});

	it('is for administrators only', async () => {
		expect(await status(() => load(event(head, '/app/admin/holders')))).toBe(403);
		const body = new FormData();
		body.set('dossierId', '1');
		expect(await status(() => actions.erase(event(head, '/app/admin/holders?/erase', body)))).toBe(
			403
		);
	});

	it('masks every identifier to its last three characters at most', () => {
		expect(maskIdentifier('056090001234')).toBe('•••••••••234');
		expect(maskIdentifier('12')).toBe('••');
		expect(maskIdentifier('123456')).toBe('••••56');
	});
});
