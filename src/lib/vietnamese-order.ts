/**
 * Vietnamese alphabetical order for every list of people and places (issue 15 item 5).
 *
 * The alphabet is a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y, each letter's tones
 * after it (a à á ả ã ạ); ICU's Vietnamese tailoring, which Node and every browser carry, sorts
 * so: Intl.Collator('vi') puts "Đạt" after "Dũng" and "Ngô" before "Nguyễn", where code points
 * put "Đinh" after "Z" and "Ngô" after "Nguyễn". Both sides use the same collator, so a list
 * sorted on the server stays sorted in the page.
 *
 * People are listed by given name — the last word of "Họ đệm Tên" — then family name (the first
 * word), then middle names, as staff lists, class lists and voters' lists are: "Đỗ Thị An" before
 * "Nguyễn Văn An" before "Lê Văn Ánh".
 */
const collator = new Intl.Collator('vi');

export const compareVietnamese = (a: string, b: string): number => collator.compare(a, b);

export function nameParts(fullName: string): { family: string; middle: string; given: string } {
	const words = fullName.trim().split(/\s+/);
	if (words.length === 1) return { family: '', middle: '', given: words[0] };
	return { family: words[0], middle: words.slice(1, -1).join(' '), given: words.at(-1)! };
}

export function comparePeople(a: string, b: string): number {
	const x = nameParts(a);
	const y = nameParts(b);
	return collator.compare(x.given, y.given) || collator.compare(x.family, y.family) || collator.compare(x.middle, y.middle);
}

/** A copy of the list in people order by the name `nameOf` reads; ties keep their order. */
export function byPersonName<T>(list: readonly T[], nameOf: (item: T) => string): T[] {
	return [...list].sort((a, b) => comparePeople(nameOf(a), nameOf(b)));
}

/** A copy of the list in Vietnamese order of `keysOf`'s keys, compared one after the other. */
export function byVietnamese<T>(list: readonly T[], keysOf: (item: T) => string[]): T[] {
	return [...list].sort((a, b) => {
		const x = keysOf(a);
		const y = keysOf(b);
		for (let i = 0; i < Math.max(x.length, y.length); i++) {
			const c = collator.compare(x[i] ?? '', y[i] ?? '');
			if (c) return c;
		}
		return 0;
	});
}
