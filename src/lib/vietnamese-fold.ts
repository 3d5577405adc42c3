/**
 * Vietnamese text without its marks, for matching rather than display: tones and vowel marks
 * dropped (NFD, then the combining marks removed), đ as d, lower case. "Phường Đắk Lắk" →
 * "phuong dak lak". Every search key, name match and CSV header match reads through this one rule.
 */
export function unmarked(text: string): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[đĐ]/g, 'd')
		.toLowerCase();
}

/** For search and name matching: unmarked, runs of spaces as one ("nguyen  van an" finds "Nguyễn Văn An"). */
export function foldText(text: string): string {
	return unmarked(text).replace(/\s+/g, ' ').trim();
}
