import { describe, expect, it } from 'vitest';
import { byPersonName, byVietnamese, comparePeople, compareVietnamese } from './vietnamese-order';

/** The order a Vietnamese reader expects, checked on lists written out by hand. */
describe('Vietnamese order', () => {
	it('sorts words by the Vietnamese alphabet: tones after the letter, ă â after a, đ after d', () => {
		const shuffled = ['Giang', 'Đạt', 'Bình', 'Ánh', 'Dũng', 'An', 'Ân', 'Ăn', 'Yến', 'Ơn', 'Ôn', 'On', 'Ưng', 'Uy'];
		expect([...shuffled].sort(compareVietnamese)).toEqual(['An', 'Ánh', 'Ăn', 'Ân', 'Bình', 'Dũng', 'Đạt', 'Giang', 'On', 'Ôn', 'Ơn', 'Uy', 'Ưng', 'Yến']);
	});

	it('puts Ngô before Nguyễn and Đinh between D and G, unlike code points', () => {
		const places = ['Phường Nha Trang', 'Xã Đạ Tẻh', 'Xã Diên Lạc', 'Xã Gia Nghĩa', 'Xã Đinh Văn'];
		expect([...places].sort(compareVietnamese)).toEqual(['Phường Nha Trang', 'Xã Diên Lạc', 'Xã Đạ Tẻh', 'Xã Đinh Văn', 'Xã Gia Nghĩa']);
		expect(['Nguyễn', 'Ngô'].sort(compareVietnamese)).toEqual(['Ngô', 'Nguyễn']);
		expect(['Nguyễn', 'Ngô', 'Đinh', 'Dung'].sort(compareVietnamese)).toEqual(['Dung', 'Đinh', 'Ngô', 'Nguyễn']);
		// what code points give, and what the lists showed before
		expect(['Nguyễn', 'Ngô', 'Đinh', 'Dung'].sort()).toEqual(['Dung', 'Nguyễn', 'Ngô', 'Đinh']);
	});

	it('lists people by given name, then family name, then middle name', () => {
		const staff = [
			'Trần Thị Bình',
			'Nguyễn Văn An',
			'Lê Văn Ánh',
			'Đỗ Thị An',
			'Phạm Đạt',
			'Ngô Quang Dũng',
			'Nguyễn Thị Giang',
			'Nguyễn Văn Đạt',
			'Đinh Thị Giang',
			'Nguyễn An'
		];
		expect(byPersonName(staff, (s) => s)).toEqual([
			'Đỗ Thị An', // the Ans by family name: Đỗ before Nguyễn
			'Nguyễn An', // same given and family name: no middle name first
			'Nguyễn Văn An',
			'Lê Văn Ánh',
			'Trần Thị Bình',
			'Ngô Quang Dũng',
			'Nguyễn Văn Đạt', // Đạt after Dũng; Nguyễn before Phạm
			'Phạm Đạt',
			'Đinh Thị Giang', // Đinh before Nguyễn
			'Nguyễn Thị Giang'
		]);
		expect(comparePeople('Nguyễn Văn An', 'Trần Thị Bình')).toBeLessThan(0);
		expect(comparePeople('Trần Thị Bình', 'Nguyễn Văn An')).toBeGreaterThan(0);
	});

	it('sorts places by several keys in turn (centre, then counter)', () => {
		const counters = [
			{ centre: 'Trung tâm Phục vụ hành chính công tỉnh', counter: 'Quầy 02' },
			{ centre: 'Bộ phận một cửa xã Đạ Tẻh', counter: 'Quầy 01' },
			{ centre: 'Trung tâm Phục vụ hành chính công tỉnh', counter: 'Quầy 01' },
			{ centre: 'Bộ phận một cửa phường Nha Trang', counter: 'Quầy 01' }
		];
		expect(byVietnamese(counters, (c) => [c.centre, c.counter]).map((c) => `${c.centre} — ${c.counter}`)).toEqual([
			'Bộ phận một cửa phường Nha Trang — Quầy 01',
			'Bộ phận một cửa xã Đạ Tẻh — Quầy 01',
			'Trung tâm Phục vụ hành chính công tỉnh — Quầy 01',
			'Trung tâm Phục vụ hành chính công tỉnh — Quầy 02'
		]);
	});
});
