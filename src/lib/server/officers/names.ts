/**
 * Vietnamese lists of people (staff lists, class lists, voters' lists) are ordered by the given
 * name — the last word of "Họ đệm Tên" — then by family and middle names, in Vietnamese alphabetical
 * order (a ă â b c d đ e ê …, tones after the letter): "Đỗ Thị An" before "Nguyễn Văn An" before
 * "Lê Văn Ánh". Intl.Collator('vi') carries that alphabet (ICU's Vietnamese tailoring).
 */
const collator = new Intl.Collator('vi');

export function givenName(fullName: string): string {
	return fullName.trim().split(/\s+/).at(-1) ?? '';
}

export function compareVietnameseNames(a: string, b: string): number {
	return collator.compare(givenName(a), givenName(b)) || collator.compare(a, b);
}

/** For search: no case, no tone marks, đ as d ("nguyen van an" finds "Nguyễn Văn An"). */
export function foldForSearch(text: string): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[đĐ]/g, 'd')
		.toLowerCase()
		.replace(/\s+/g, ' ')
		.trim();
}
