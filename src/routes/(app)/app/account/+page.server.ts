import { fail } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { translate } from '$lib/i18n';
import { db } from '$lib/server/db';
import { units, users } from '$lib/server/db/schema';
import { audit } from '$lib/server/audit';
import { requireUser } from '$lib/server/auth/guard';
import { hashPassword, passwordProblem, verifyPassword } from '$lib/server/auth/password';
import { createSession, invalidateUserSessions, setSessionCookie } from '$lib/server/auth/session';
import { clientIp } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const unitNames = new Map(
		(await db.select({ id: units.id, nameVi: units.nameVi, nameEn: units.nameEn }).from(units)).map((u) => [u.id, u])
	);
	return {
		username: user.username,
		displayName: user.displayName,
		expiresAt: event.locals.session!.expiresAt.toISOString(),
		roles: user.roles.map((r) => ({ role: r.role, unit: r.unitId ? (unitNames.get(r.unitId) ?? null) : null }))
	};
};

const Change = z.object({ current: z.string().max(1024), next: z.string(), again: z.string() });

export const actions: Actions = {
	password: async (event) => {
		const user = requireUser(event);
		const { locale } = event.locals;
		const parsed = Change.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { message: translate(locale, 'login.missing') });
		const { current, next, again } = parsed.data;
		const [row] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, user.id));
		if (!row || !(await verifyPassword(row.hash, current))) {
			return fail(400, { message: translate(locale, 'account.wrongPassword') });
		}
		if (next !== again) return fail(400, { message: translate(locale, 'password.mismatch') });
		const problem = passwordProblem(next);
		if (problem) return fail(400, { message: translate(locale, problem) });

		await db
			.update(users)
			.set({ passwordHash: await hashPassword(next), passwordChangedAt: new Date() })
			.where(eq(users.id, user.id));
		// Every session of this user dies, this one included; this browser gets a fresh token.
		await invalidateUserSessions(user.id);
		const { token, session } = await createSession(user.id, {
			ip: clientIp(event),
			userAgent: event.request.headers.get('user-agent')
		});
		setSessionCookie(event.cookies, token, session.expiresAt);
		await audit({ userId: user.id, ip: clientIp(event) }, 'user.password_changed', { type: 'user', id: user.id });
		return { ok: true, message: translate(locale, 'account.passwordChanged') };
	}
};
