import type { LayoutServerLoad } from './$types';

/** Only what the frame shows: name and roles for the menu. Pages load their own data. */
export const load: LayoutServerLoad = ({ locals }) => ({
	locale: locals.locale,
	me: locals.user
		? { displayName: locals.user.displayName, roles: [...new Set(locals.user.roles.map((r) => r.role))] }
		: null
});
