import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { isoInstant } from '../api';
import { database } from '../db';
import { EXCLUSION_REASONS, LEVEL_CLASSES, NOT_COUNTED_REASONS, RATING_SOURCES, REASON_CODES, STAGES, type ExclusionReason, type LevelClass, type NotCountedReason, type RatingSource, type ReasonCode, type Stage } from '../db/schema';
import { DOSSIER_CODE } from '../dossiers/schema';
import { provinceOf } from '../dossiers/upsert';

/**
 * "Ratings of dossier X" for the one-stop software's own screens (GET
 * /api/v1/dossiers/{code}/ratings): every rating attributed to the dossier, with the stage, the
 * officer's staff number, the level and its class, and whether it counts (and if not, why: a rule
 * at arrival, or a later exclusion). No comment, no contact: free text and phone numbers stay here.
 */
export const dossierRatingAnswer = z.object({
	ratingId: z.int(),
	stage: z.enum(STAGES).nullable().describe('receiving (tiếp nhận) or returning (trả kết quả).'),
	officerStaffNumber: z.string().nullable().describe('The officer who served: their staff number (never a name).'),
	unitCode: z.string().nullable(),
	level: z.int().min(1).max(5).describe('1 is the most satisfied level of the scale.'),
	levelCount: z.int().min(3).max(5),
	class: z.enum(LEVEL_CLASSES),
	labelVi: z.string().describe('The level’s label as the citizen saw it, e.g. “Hài lòng”.'),
	labelEn: z.string(),
	counted: z.boolean().describe('Counts in scores now: counted when it arrived and not excluded since.'),
	notCountedReason: z.enum(NOT_COUNTED_REASONS).nullable().describe('Why it did not count when it arrived (a repeat press, no service open…).'),
	exclusion: z
		.object({ reason: z.enum(EXCLUSION_REASONS), at: isoInstant().describe('When a reviewer excluded it.') })
		.nullable()
		.describe('A reviewer’s exclusion in force, if any (the note is not sent).'),
	source: z.enum(RATING_SOURCES),
	reasonCodes: z.array(z.enum(REASON_CODES)).nullable(),
	pressedAt: isoInstant().describe('When the citizen rated.'),
	receivedAt: isoInstant().describe('When the server stored it.')
});
export type DossierRating = z.input<typeof dossierRatingAnswer>;

/** GET /api/v1/dossiers/{code}/ratings answers the dossier's ratings, oldest first. */
export const dossierRatingsAnswer = z.object({ dossierCode: z.string(), ratings: z.array(dossierRatingAnswer) });

type Row = {
	found: boolean;
	id: number | string | null;
	stage: Stage | null;
	staff_number: string | null;
	unit_code: string | null;
	level: number | null;
	level_count: number | null;
	class: LevelClass | null;
	label_vi: string | null;
	label_en: string | null;
	counted: boolean | null;
	not_counted_reason: NotCountedReason | null;
	exclusion_reason: ExclusionReason | null;
	excluded_at: string | null;
	source: RatingSource | null;
	reason_codes: ReasonCode[] | null;
	pressed_at: string | null;
	received_at: string | null;
};

/**
 * The dossier's ratings, oldest first, if the dossier is in the token's subtree (its province,
 * and its unit under the token's unit); null otherwise, so an id outside the scope answers 404.
 */
export async function ratingsOfDossier(code: string, unitPath: string): Promise<z.input<typeof dossierRatingsAnswer> | null> {
	if (!DOSSIER_CODE.test(code)) return null;
	const prefix = unitPath.replace(/[%_\\]/g, '\\$&') + '%';
	const rows = await database.rows<Row>(sql`
		with d as (
			select d.id from dossiers d join units u on u.id = d.unit_id
			where d.province_id = ${provinceOf(unitPath)} and d.code = ${code} and u.path like ${prefix})
		select true as found, r.id, r.stage, o.staff_number, u.code as unit_code, r.level, sc.level_count, l.class, l.label_vi, l.label_en,
			r.counted, r.not_counted_reason, x.reason as exclusion_reason, hl_iso(x.excluded_at) as excluded_at, r.source, r.reason_codes,
			hl_iso(r.pressed_at) as pressed_at, hl_iso(r.received_at) as received_at
		from d
		left join ratings r on r.dossier_id = d.id
		left join rating_scales sc on sc.id = r.scale_id
		left join rating_scale_levels l on l.scale_id = r.scale_id and l.level = r.level
		left join officers o on o.id = r.officer_id
		left join units u on u.id = r.unit_id
		left join rating_exclusions x on x.rating_id = r.id and x.revoked_at is null
		order by r.pressed_at, r.id`);
	if (rows.length === 0) return null;
	return {
		dossierCode: code,
		ratings: rows
			.filter((r) => r.id !== null)
			.map((r) => ({
				ratingId: Number(r.id),
				stage: r.stage,
				officerStaffNumber: r.staff_number,
				unitCode: r.unit_code,
				level: Number(r.level),
				levelCount: Number(r.level_count),
				class: r.class!,
				labelVi: r.label_vi!,
				labelEn: r.label_en!,
				counted: Boolean(r.counted) && r.exclusion_reason === null,
				notCountedReason: r.not_counted_reason,
				exclusion: r.exclusion_reason ? { reason: r.exclusion_reason, at: r.excluded_at! } : null,
				source: r.source!,
				reasonCodes: r.reason_codes,
				pressedAt: r.pressed_at!,
				receivedAt: r.received_at!
			}))
	};
}
