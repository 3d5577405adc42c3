import { sql } from 'drizzle-orm';
import { database } from '../db';
import { SCALE_IN_FORCE_SQL } from '../ratings/scale-rules';

/**
 * The first-run checklist an administrator sees on the overview of a new install: what is still
 * missing before the first rating can be counted, each with the page that does it. It goes away
 * once a counted rating exists (that needs all of them: a service at a counter, by an officer, of
 * a unit, for a dossier of a procedure, rated on a paired device). One statement of EXISTS probes.
 */
export const CHECKLIST_ITEMS = ['province', 'units', 'centre', 'counter', 'officers', 'procedures', 'scale', 'device', 'rating'] as const;
export type ChecklistItem = (typeof CHECKLIST_ITEMS)[number];

/** The pages that do each step (units, centres, officers and procedures have their own admin pages). */
export const CHECKLIST_LINKS: Record<ChecklistItem, readonly string[]> = {
	province: ['/app/admin/units'],
	units: ['/app/admin/units'],
	centre: ['/app/admin/centres'],
	counter: ['/app/admin/centres'],
	officers: ['/app/admin/officers'],
	procedures: ['/app/admin/procedures'],
	scale: ['/app/admin/scales'],
	device: ['/app/admin/devices', '/app/admin/boxes'],
	rating: ['/app/counter']
};

export type Checklist = { complete: boolean; items: { key: ChecklistItem; done: boolean; links: readonly string[] }[] };

export async function firstRunChecklist(): Promise<Checklist> {
	const [row] = await database.rows<Record<ChecklistItem, boolean>>(sql`select
		exists (select 1 from units where level = 'province' and dissolved_at is null) as province,
		exists (select 1 from units where level <> 'province' and dissolved_at is null) as units,
		exists (select 1 from service_centres where active) as centre,
		exists (select 1 from counters k join service_centres c on c.id = k.centre_id where k.active and c.active) as counter,
		exists (select 1 from officers where active) as officers,
		exists (select 1 from procedures where active) as procedures,
		exists (${sql.raw(SCALE_IN_FORCE_SQL)}) as scale,
		exists (select 1 from device_bindings b join devices d on d.id = b.device_id where b.unbound_at is null and d.revoked_at is null) as device,
		exists (select 1 from ratings where counted) as rating`);
	const items = CHECKLIST_ITEMS.map((key) => ({ key, done: row[key] === true, links: CHECKLIST_LINKS[key] }));
	return { complete: row.rating === true, items };
}
