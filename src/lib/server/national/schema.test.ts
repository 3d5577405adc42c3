import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatNationalDate, mapNationalItem, nationalItemSchema, parseNationalDate } from './schema';
import { movesBackwards } from '../dossiers/upsert';

describe('national dates (yyyyMMddHHmmss, Vietnam time)', () => {
	it('reads a wall-clock time at UTC+7', () => {
		// 08:05 in Nha Trang is 01:05 UTC
		expect(parseNationalDate('20260302080500')?.toISOString()).toBe('2026-03-02T01:05:00.000Z');
		// 00:30 on 1 January in Vietnam is still 31 December in UTC
		expect(parseNationalDate('20260101003000')?.toISOString()).toBe('2025-12-31T17:30:00.000Z');
	});

	it('refuses what is not a real date in that exact form', () => {
		for (const bad of ['20260230080000', '20261301080000', '20260302240000', '20260302086000', '2026030208050', '2026-03-02 08:05:00', '202603020805001', 20260302080500, '', null]) {
			expect(parseNationalDate(bad), String(bad)).toBeUndefined();
		}
		expect(parseNationalDate('20240229120000')).toBeDefined(); // a leap day
	});

	it('formats back to the same text for every instant to the second', () => {
		fc.assert(
			fc.property(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-12-30T00:00:00Z'), noInvalidDate: true }), (d) => {
				const second = new Date(Math.floor(d.getTime() / 1000) * 1000);
				expect(parseNationalDate(formatNationalDate(second))?.getTime()).toBe(second.getTime());
			})
		);
	});
});

describe('the national item mapped onto our dossier', () => {
	const item = (extra: Record<string, unknown> = {}) =>
		nationalItemSchema.parse({
			MaHoSo: 'HS-1',
			MaTTHC: '1.001193',
			KenhThucHien: 2,
			TrangThaiHoSo: 4,
			DonViXuLy: '22366',
			NgayTiepNhan: '20260302080500',
			QuaTrinhXuLy: [
				{ NguoiXuLy: 'KH-000101', ThoiDiemXuLy: '20260302080500' }, // no TrangThai, at NgayTiepNhan: the reception
				{ NguoiXuLy: 'Phòng Tư pháp', ThoiDiemXuLy: '20260303090000', TrangThai: 4 }
			],
			...extra
		});

	it('takes the step at NgayTiepNhan for the reception when the system sends no step status', () => {
		expect(mapNationalItem(item())).toMatchObject({ kind: 'dossier', status: 'in_progress', channel: 'online', steps: [{ stepIndex: 0, stage: 'receiving', officer: 'KH-000101' }] });
	});

	it('skips status 1 and asks for the dates a status implies', () => {
		expect(mapNationalItem(item({ TrangThaiHoSo: 1, NgayTiepNhan: null }))).toEqual({ kind: 'skip' });
		const refused = mapNationalItem(item({ TrangThaiHoSo: 10 }));
		expect(refused.kind === 'refused' && refused.problems.map((p) => p.field)).toEqual(['NgayKetThucXuLy', 'NgayTra']);
	});

	it('refuses a processing step before the receipt but lets registration (1) and refusal (3) precede it', () => {
		const early = { NguoiXuLy: 'x', ThoiDiemXuLy: '20260302080000' };
		const refused = mapNationalItem(item({ QuaTrinhXuLy: [{ ...early, TrangThai: 4 }] }));
		expect(refused).toMatchObject({ kind: 'refused', problems: [{ field: 'QuaTrinhXuLy[0].ThoiDiemXuLy', key: 'national.error.stepBeforeReceipt' }] });
		expect(mapNationalItem(item({ QuaTrinhXuLy: [{ ...early, TrangThai: 1 }] })).kind).toBe('dossier');
	});

	it('never lets a status move back, and a final status is left for no other', () => {
		expect(movesBackwards('returned', 'in_progress')).toBe(true);
		expect(movesBackwards('ready', 'in_progress')).toBe(true);
		expect(movesBackwards('withdrawn', 'returned')).toBe(true);
		expect(movesBackwards('in_progress', 'in_progress')).toBe(false);
		expect(movesBackwards('received', 'returned')).toBe(false);
		expect(movesBackwards('in_progress', 'rejected')).toBe(false);
	});
});
