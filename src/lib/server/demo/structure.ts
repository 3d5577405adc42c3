/** Rows for the static part of the demo province: the tree, catalogue, people, devices, scales. */
import { localTime } from '../calendar/working-days';
import { FIELDS } from './catalogue';
import type { ProvinceModel } from './province';
import type { Random } from './random';
import { T } from './tables';
import type { RowBuffer } from './writer';

export function addStructureRows(
	buffer: RowBuffer,
	m: ProvinceModel,
	rng: Random,
	start: Date,
	end: Date
): void {
	for (const u of m.units) {
		buffer.add(T.units, [
			u.id,
			u.parentId,
			u.code,
			u.nameVi,
			u.nameEn,
			u.level,
			u.path,
			u.dissolvedAt,
			u.createdAt
		]);
	}
	for (const f of FIELDS)
		buffer.add(T.fields, [m.fieldIds.get(f.code)!, f.code, f.nameVi, f.nameEn]);
	for (const p of m.procs) {
		buffer.add(T.procedures, [
			p.id,
			p.code,
			p.spec.nameVi,
			p.spec.nameEn,
			p.fieldId,
			p.spec.days,
			p.spec.mode,
			p.spec.onlineLevel,
			// The demo's procedures are all posted and published (TT 01/2018 indicator 6); a real
			// province's are unknown until imported or set.
			true,
			true
		]);
	}
	for (const c of m.centres)
		buffer.add(T.serviceCentres, [c.id, c.unit.id, c.code, c.nameVi, c.nameEn, c.address]);
	for (const c of m.counters) {
		buffer.add(T.counters, [c.id, c.centreId, c.code, c.nameVi, c.nameEn]);
		for (const f of c.fields) buffer.add(T.counterFields, [c.id, m.fieldIds.get(f)!]);
	}
	for (const o of m.officers) {
		buffer.add(T.officers, [o.id, o.staffNumber, o.fullName, o.createdAt]);
		for (const a of o.assignments) {
			buffer.add(T.officerAssignments, [
				a.id,
				o.id,
				a.unit.id,
				a.positionVi,
				a.positionEn,
				localTime(a.fromDay, 0),
				a.toDay === null ? null : localTime(a.toDay, 0)
			]);
		}
	}
	const { v1, v2, switchDay } = m.scales;
	for (const [scale, createdAt] of [
		[v1, new Date(start.getTime() - 30 * 86_400_000)],
		[v2, localTime(switchDay, 0)]
	] as const) {
		buffer.add(T.ratingScales, [
			scale.id,
			scale.code,
			scale.version,
			scale.levels.length,
			scale.nameVi,
			scale.nameEn,
			scale.active,
			createdAt
		]);
		for (const l of scale.levels)
			buffer.add(T.ratingScaleLevels, [scale.id, l.level, l.labelVi, l.labelEn, l.cls]);
	}
	for (const d of m.devices) {
		const box = d.kind === 'button_box';
		const lastSeen = new Date(end.getTime() - rng.int(5, 900) * 1000);
		buffer.add(T.devices, [
			d.id,
			d.uid,
			d.kind,
			d.label,
			box ? 'hl-box 1.3.2' : 'hl-tablet 2.1.0',
			box ? d.firstBoot + d.rebootDays.size : null,
			box ? 4 : null,
			lastSeen,
			d.createdAt
		]);
		for (const b of d.bindings)
			buffer.add(T.deviceBindings, [b.id, d.id, b.counter.id, b.boundAt, b.unboundAt]);
	}
}
