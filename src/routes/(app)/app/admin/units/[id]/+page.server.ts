import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { formatDate, translate } from '$lib/i18n';
import { idParam, requireAdmin } from '$lib/server/auth/guard';
import { localDate } from '$lib/server/calendar';
import { SUCCESSION_KINDS, UNIT_LEVELS } from '$lib/server/db/schema';
import { clientIp } from '$lib/server/http';
import { allUnits, formProblems, saveUnit, unitFromForm, unitTree } from '$lib/server/units/admin';
import { successionsOf } from '$lib/server/units/history';
import { parseDay } from '$lib/server/units/record';
import { endUnit, REFORM_DAY } from '$lib/server/units/successors';
import type { Actions, PageServerLoad } from './$types';

/** One unit: edit it, end it on a date with its successors, see its links both ways. */
export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const id = idParam(event.params.id);
	const all = await allUnits();
	const unit = all.find((u) => u.id === id);
	if (!unit) error(404, 'Không tìm thấy / Not found');
	const parent = unit.parentId !== null ? all.find((u) => u.id === unit.parentId) : undefined;
	const { successors, predecessors } = await successionsOf(id);
	const link = ({ unitId, code, nameVi, nameEn, effectiveAt, kind, note }: (typeof successors)[number]) => ({ unitId, code, nameVi, nameEn, effectiveAt, kind, note });
	return {
		unit: {
			id: unit.id,
			code: unit.code,
			nameVi: unit.nameVi,
			nameEn: unit.nameEn,
			level: unit.level,
			category: unit.category,
			parentCode: parent?.code ?? null,
			validFrom: unit.validFrom ? localDate(unit.validFrom) : null,
			dissolvedAt: unit.dissolvedAt ? localDate(unit.dissolvedAt) : null,
			children: all.filter((u) => u.parentId === id).length
		},
		// Not under itself: a unit cannot move below its own subtree.
		parents: unitTree(all)
			.filter((u) => u.level !== 'commune' && !u.dissolvedAt && u.id !== id && !all.find((x) => x.id === u.id)!.path.startsWith(unit.path))
			.map(({ code, nameVi, nameEn, depth }) => ({ code, nameVi, nameEn, depth })),
		levels: UNIT_LEVELS,
		kinds: SUCCESSION_KINDS,
		successors: successors.map(link),
		predecessors: predecessors.map(link),
		defaultEndDay: REFORM_DAY
	};
};

const endSchema = z.object({
	day: z.string().transform((v, ctx) => parseDay(v) ?? (ctx.addIssue({ code: 'custom', message: 'not a day' }), z.NEVER)),
	successors: z.string().trim().min(1).max(2000),
	kind: z.enum(SUCCESSION_KINDS),
	note: z.string().trim().max(200).optional()
});

export const actions: Actions = {
	save: async (event) => {
		const admin = requireAdmin(event);
		const id = idParam(event.params.id);
		const locale = event.locals.locale;
		const form = unitFromForm(await event.request.formData());
		const result = form.ok ? await saveUnit(id, form.item, { userId: admin.id, ip: clientIp(event), via: 'form' }) : form;
		if (result === null) error(404, 'Không tìm thấy / Not found');
		if (!result.ok) return fail(400, { message: translate(locale, 'units.form.invalid'), problems: formProblems(locale, result.problems) });
		return { ok: true, message: translate(locale, 'units.form.saved') };
	},
	end: async (event) => {
		const admin = requireAdmin(event);
		const id = idParam(event.params.id);
		const locale = event.locals.locale;
		const parsed = endSchema.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { message: translate(locale, 'units.form.endInvalid') });
		const { day, successors, kind, note } = parsed.data;
		const codes = successors.split(/[\s,;]+/).filter(Boolean);
		const result = await endUnit(id, { day, successorCodes: codes, kind, ...(note ? { note: note.normalize('NFC') } : {}) }, { userId: admin.id, ip: clientIp(event), via: 'form' });
		if (!result.ok) {
			if (result.problems.some((p) => p.key === 'units.error.unknownUnit')) error(404, 'Không tìm thấy / Not found');
			return fail(400, { message: translate(locale, 'units.form.invalid'), problems: formProblems(locale, result.problems) });
		}
		return { ok: true, message: translate(locale, 'units.form.ended', { date: formatDate(locale, day) }) };
	}
};
