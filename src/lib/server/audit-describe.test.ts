import { describe, expect, it } from 'vitest';
import { describeAudit } from './audit-describe';

/** The audit log reads as sentences: no action code, no key, no JSON in what a person sees. */
describe('describeAudit', () => {
	it('says what was done, with the figures the entry recorded', () => {
		expect(describeAudit('vi', 'export.csv', 'unit', '12', { title: 'Đánh giá theo cán bộ', rows: 12, filters: [] })).toEqual({
			sentence: 'Tải bảng “Đánh giá theo cán bộ” dạng CSV (12 dòng)',
			target: 'Đơn vị 12'
		});
		expect(describeAudit('en', 'export.xlsx', null, null, { title: 'Officers' }).sentence).toBe('Downloaded the table “Officers” as Excel');
	});

	it('leaves out what the entry did not record rather than showing a placeholder', () => {
		expect(describeAudit('vi', 'export.csv', null, null, null).sentence).toBe('Tải bảng dạng CSV');
	});

	it('names each action the app records by its own sentence', () => {
		expect(describeAudit('vi', 'counter.deactivate', 'counter', '26', { active: false })).toEqual({ sentence: 'Ngừng hoạt động quầy', target: 'Quầy 26' });
		expect(describeAudit('vi', 'import.officers', null, null, { created: 3 }).sentence).toBe('Nhập danh sách cán bộ từ tệp');
		expect(describeAudit('en', 'complaint.call_back', 'complaint', '7', null).sentence).toBe('Recorded a call back to the complainant');
	});

	// Rows written by an earlier version, under an action since renamed, stay readable.
	it('names an action without its own sentence by its kind, never by its code', () => {
		expect(describeAudit('vi', 'import.legacy-list', null, null, { created: 3 }).sentence).toBe('Nhập dữ liệu từ tệp');
		expect(describeAudit('vi', 'complaint.escalate', 'complaint', '7', { from: 'in_progress', to: 'resolved' })).toEqual({
			sentence: 'Xử lý phản ánh, kiến nghị',
			target: 'Phản ánh 7'
		});
		expect(describeAudit('vi', 'something.new', 'thing', 'x', null)).toEqual({ sentence: 'Thao tác khác', target: 'Đối tượng' });
	});

	it('shows no internal key as a target', () => {
		expect(describeAudit('vi', 'setting.save', 'setting', 'indices.tt01.ranks', { value: { excellentStrict: true } }).target).toBe('Thiết lập');
		expect(describeAudit('vi', 'calendar.sync', 'calendar', 'built-in', null)).toEqual({ sentence: 'Cập nhật lịch làm việc có sẵn', target: 'Lịch làm việc' });
	});
});
