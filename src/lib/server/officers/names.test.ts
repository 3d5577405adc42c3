import { describe, expect, it } from 'vitest';
import { compareVietnameseNames, foldForSearch, givenName } from './names';

describe('Vietnamese name order', () => {
	it('orders by given name, then family and middle names, in the Vietnamese alphabet', () => {
		const names = ['Phạm Minh Đức', 'Nguyễn Văn An', 'Trần Thị Bình', 'Vũ Văn Dũng', 'Lê Văn Ánh', 'Đỗ Thị An', 'Dương Văn An'];
		expect([...names].sort(compareVietnameseNames)).toEqual([
			'Dương Văn An',
			'Đỗ Thị An',
			'Nguyễn Văn An',
			'Lê Văn Ánh',
			'Trần Thị Bình',
			'Vũ Văn Dũng',
			'Phạm Minh Đức'
		]);
	});

	it('reads the given name whatever the spacing, and folds names for search', () => {
		expect(givenName('  Nguyễn  Thị Hồng   Nhung ')).toBe('Nhung');
		expect(foldForSearch('Đặng  Thị NGỌC Ánh')).toBe('dang thi ngoc anh');
		// composed and decomposed input fold alike
		expect(foldForSearch('Nguye\u0302\u0303n')).toBe(foldForSearch('Nguyễn'));
	});
});
