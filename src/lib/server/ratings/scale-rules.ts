import { z } from 'zod';
import { LEVEL_CLASSES, type LevelClass } from '../db/schema/ratings';

/**
 * What a rating scale version must be, and which version is in force: the rules, apart from the
 * reads and writes (scale.ts) so they are tested on their own.
 */

/**
 * The scale ratings are given on at the moment of the query: the latest whose switch has come.
 * A version activated now carries `active` (and `active_from` = then); a version scheduled for a
 * date carries only `active_from` until that instant, and is in force from it on, before any job
 * has moved the flag (scale.ts `applyScaleSwitches` does that within a minute). A version that
 * stopped being in force has both cleared. `active` with no date (the demo, older data) ranks
 * lowest. The table holds a handful of rows: reading it on every rating batch costs nothing.
 */
export const SCALE_IN_FORCE_SQL = `select s.id, s.level_count from rating_scales s
	where s.active or s.active_from <= now()
	order by s.active_from desc nulls last, s.id desc limit 1`;

/**
 * The official three-level scale a fresh install starts with: the levels of the national public
 * service portal's (Cổng Dịch vụ công quốc gia, dichvucong.gov.vn) satisfaction rating of a
 * dossier. Assumption: the portal's three levels are the reference for one-stop desks; a
 * province with another scale creates a version at Quản trị → Thang đánh giá.
 */
export const OFFICIAL_SCALE = {
	code: 'official',
	nameVi: 'Thang đánh giá 3 mức (Cổng Dịch vụ công quốc gia)',
	nameEn: 'Three-level scale (National Public Service Portal)',
	levels: [
		{ level: 1, labelVi: 'Rất hài lòng', labelEn: 'Very satisfied', class: 'satisfied' },
		{ level: 2, labelVi: 'Hài lòng', labelEn: 'Satisfied', class: 'satisfied' },
		{ level: 3, labelVi: 'Không hài lòng', labelEn: 'Dissatisfied', class: 'dissatisfied' }
	] satisfies ScaleLevelInput[]
} as const;

export type ScaleLevelInput = { level: number; labelVi: string; labelEn: string; class: LevelClass };

/** Problems are i18n keys (`scales.error.*`) with their parameters: the page says them in the reader's language. */
export type ScaleProblem = { key: ScaleProblemKey; level?: number };
export type ScaleProblemKey = 'name' | 'count' | 'label' | 'class' | 'needBoth' | 'order';

const SATISFACTION_RANK: Record<LevelClass, number> = { satisfied: 0, neutral: 1, dissatisfied: 2 };

const label = z.string().trim().min(1).max(60);
const levelSchema = z.object({ level: z.number().int(), labelVi: label, labelEn: label, class: z.enum(LEVEL_CLASSES) });

export const newScaleSchema = z
	.object({
		nameVi: z.string().trim().min(1).max(120),
		nameEn: z.string().trim().max(120),
		levels: z.array(levelSchema).min(3).max(5)
	})
	.superRefine((s, ctx) => {
		if (s.levels.some((l, i) => l.level !== i + 1)) ctx.addIssue({ code: 'custom', message: 'count', path: ['levels'] });
		const classes = s.levels.map((l) => l.class);
		if (!classes.includes('satisfied') || !classes.includes('dissatisfied')) ctx.addIssue({ code: 'custom', message: 'needBoth', path: ['levels'] });
		// level 1 is the most satisfied (button 1 of a box): satisfaction never rises with the level
		else if (classes.some((c, i) => i > 0 && SATISFACTION_RANK[c] < SATISFACTION_RANK[classes[i - 1]]))
			ctx.addIssue({ code: 'custom', message: 'order', path: ['levels'] });
	});
export type NewScale = z.infer<typeof newScaleSchema>;

/**
 * A new version from the form's rows (`level1.labelVi`, `level1.labelEn`, `level1.class`, … up
 * to 5): rows left empty at the end are not levels, so a 3-, 4- or 5-level scale needs no script.
 */
export function scaleFromForm(form: FormData): { ok: true; scale: NewScale } | { ok: false; problems: ScaleProblem[] } {
	const text = (name: string) => String(form.get(name) ?? '').normalize('NFC').trim();
	const rows = [1, 2, 3, 4, 5].map((level) => ({
		level,
		labelVi: text(`level${level}.labelVi`),
		labelEn: text(`level${level}.labelEn`),
		class: text(`level${level}.class`)
	}));
	while (rows.length && !rows[rows.length - 1].labelVi && !rows[rows.length - 1].labelEn) rows.pop();
	const parsed = newScaleSchema.safeParse({ nameVi: text('nameVi'), nameEn: text('nameEn'), levels: rows });
	if (parsed.success) return { ok: true, scale: parsed.data };
	const problems: ScaleProblem[] = [];
	for (const issue of parsed.error.issues) {
		const [head, index, field] = issue.path;
		let p: ScaleProblem;
		if (head === 'nameVi' || head === 'nameEn') p = { key: 'name' };
		else if (head === 'levels' && typeof index === 'number') p = { key: field === 'class' ? 'class' : 'label', level: index + 1 };
		else if (head === 'levels' && issue.code === 'custom') p = { key: issue.message as ScaleProblemKey };
		else p = { key: 'count' };
		if (!problems.some((q) => q.key === p.key && q.level === p.level)) problems.push(p);
	}
	return { ok: false, problems };
}
