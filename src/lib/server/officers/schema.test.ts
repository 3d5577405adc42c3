import { describe, expect, it } from 'vitest';
import { APP_BODY_LIMIT } from '../body-limits';
import { MAX_OFFICER_BATCH, officerItemSchema } from './schema';

describe('the officer item', () => {
	it('tells "not stated" from "clear": absent and empty keep, null clears', () => {
		const base = { staffNumber: 'KH-1', fullName: '  Nguyễn   Văn  An ' };
		expect(officerItemSchema.parse(base)).toEqual({ staffNumber: 'KH-1', fullName: 'Nguyễn Văn An' });
		expect(officerItemSchema.parse({ ...base, titleVi: '', username: '' })).toMatchObject({ titleVi: undefined, username: undefined });
		expect(officerItemSchema.parse({ ...base, titleVi: null, username: null })).toMatchObject({ titleVi: null, username: null });
		expect(officerItemSchema.parse({ ...base, active: 'Không' }).active).toBe(false);
		expect(officerItemSchema.parse({ ...base, active: true }).active).toBe(true);
		expect(officerItemSchema.safeParse({ ...base, active: 'có lẽ' }).success).toBe(false);
		expect(officerItemSchema.parse({ ...base, postings: [{ unitCode: 'X', positionVi: 'Chuyên viên', from: '1/7/2025', to: null }] }).postings).toEqual([
			{ unitCode: 'X', positionVi: 'Chuyên viên', from: '2025-07-01', to: null }
		]);
	});

	it('a full batch of 1,000 officers with a few postings each fits the API’s 1 MB body limit', () => {
		const posting = (year: number) => ({ unitCode: '22366', positionVi: 'Công chức Văn phòng – Thống kê', positionEn: 'Office and statistics officer', from: `${year}-01-01`, to: `${year + 2}-12-31` });
		const item = {
			staffNumber: 'KH-000123',
			fullName: 'Nguyễn Thị Hồng Nhung',
			titleVi: 'Chuyên viên chính',
			titleEn: 'Principal officer',
			active: true,
			postings: [posting(2015), posting(2018), { ...posting(2021), to: null }],
			username: 'nguyen.thi.hong.nhung'
		};
		const batch = JSON.stringify({ partial: false, items: Array.from({ length: MAX_OFFICER_BATCH }, () => item) });
		expect(Buffer.byteLength(batch)).toBeLessThan(APP_BODY_LIMIT);
	});
});
