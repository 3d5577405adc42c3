import { describe, expect, it } from 'vitest';
import { OFFICIAL_SCALE, scaleFromForm } from './scale-rules';

type Row = [labelVi: string, labelEn: string, cls: string];
function form(rows: Row[], name = 'Thang 4 mức', nameEn = 'Four levels') {
	const f = new FormData();
	f.set('nameVi', name);
	f.set('nameEn', nameEn);
	rows.forEach(([vi, en, cls], i) => {
		f.set(`level${i + 1}.labelVi`, vi);
		f.set(`level${i + 1}.labelEn`, en);
		f.set(`level${i + 1}.class`, cls);
	});
	// the page always sends five rows; unused ones come empty with the first class preselected
	for (let i = rows.length + 1; i <= 5; i++) {
		f.set(`level${i}.labelVi`, '');
		f.set(`level${i}.labelEn`, '');
		f.set(`level${i}.class`, 'satisfied');
	}
	return f;
}
const problems = (f: FormData) => {
	const r = scaleFromForm(f);
	return r.ok ? [] : r.problems;
};

describe('a new rating scale version from the form', () => {
	it('takes 3, 4 or 5 filled rows, level 1 the most satisfied, and ignores empty rows at the end', () => {
		const four = scaleFromForm(
			form([
				['Rất hài lòng', 'Very satisfied', 'satisfied'],
				['Hài lòng', 'Satisfied', 'satisfied'],
				['Bình thường', 'Neutral', 'neutral'],
				['Không hài lòng', 'Dissatisfied', 'dissatisfied']
			])
		);
		expect(four).toMatchObject({ ok: true, scale: { nameVi: 'Thang 4 mức', levels: [{ level: 1 }, { level: 2 }, { level: 3 }, { level: 4, class: 'dissatisfied' }] } });
		const official = form(OFFICIAL_SCALE.levels.map((l) => [l.labelVi, l.labelEn, l.class]));
		expect(scaleFromForm(official)).toMatchObject({ ok: true, scale: { levels: OFFICIAL_SCALE.levels } });
		const five = form([
			['Rất hài lòng', 'Very satisfied', 'satisfied'],
			['Hài lòng', 'Satisfied', 'satisfied'],
			['Bình thường', 'Neutral', 'neutral'],
			['Chưa hài lòng', 'Not satisfied', 'dissatisfied'],
			['Không hài lòng', 'Dissatisfied', 'dissatisfied']
		]);
		expect(scaleFromForm(five)).toMatchObject({ ok: true });
	});

	it('stores labels in NFC whatever the browser sent', () => {
		const decomposed = 'Rất hài lòng'.normalize('NFD');
		const r = scaleFromForm(
			form([
				[decomposed, 'Very satisfied', 'satisfied'],
				['Hài lòng', 'Satisfied', 'satisfied'],
				['Không hài lòng', 'Dissatisfied', 'dissatisfied']
			])
		);
		expect(r.ok && r.scale.levels[0].labelVi).toBe('Rất hài lòng'.normalize('NFC'));
	});

	it('refuses fewer than 3 levels, a gap, a missing label or name, and names the level', () => {
		expect(problems(form([['Hài lòng', 'Satisfied', 'satisfied'], ['Không hài lòng', 'Dissatisfied', 'dissatisfied']]))).toEqual([{ key: 'count' }]);
		expect(
			problems(
				form([
					['Rất hài lòng', 'Very satisfied', 'satisfied'],
					['', '', 'satisfied'],
					['Không hài lòng', 'Dissatisfied', 'dissatisfied']
				])
			)
		).toEqual([{ key: 'label', level: 2 }]);
		expect(
			problems(
				form([
					['Rất hài lòng', 'Very satisfied', 'satisfied'],
					['Hài lòng', '', 'satisfied'],
					['Không hài lòng', 'Dissatisfied', 'dissatisfied']
				])
			)
		).toEqual([{ key: 'label', level: 2 }]);
		expect(problems(form(OFFICIAL_SCALE.levels.map((l) => [l.labelVi, l.labelEn, l.class]), ''))).toEqual([{ key: 'name' }]);
		expect(
			problems(
				form([
					['Rất hài lòng', 'Very satisfied', 'happy'],
					['Hài lòng', 'Satisfied', 'satisfied'],
					['Không hài lòng', 'Dissatisfied', 'dissatisfied']
				])
			)
		).toEqual([{ key: 'class', level: 1 }]);
	});

	it('needs a satisfied and a dissatisfied level, in order from most to least satisfied', () => {
		expect(
			problems(
				form([
					['Rất hài lòng', 'Very satisfied', 'satisfied'],
					['Hài lòng', 'Satisfied', 'satisfied'],
					['Bình thường', 'Neutral', 'neutral']
				])
			)
		).toEqual([{ key: 'needBoth' }]);
		expect(
			problems(
				form([
					['Không hài lòng', 'Dissatisfied', 'dissatisfied'],
					['Hài lòng', 'Satisfied', 'satisfied'],
					['Rất hài lòng', 'Very satisfied', 'satisfied']
				])
			)
		).toEqual([{ key: 'order' }]);
		expect(
			problems(
				form([
					['Bình thường', 'Neutral', 'neutral'],
					['Hài lòng', 'Satisfied', 'satisfied'],
					['Không hài lòng', 'Dissatisfied', 'dissatisfied']
				])
			)
		).toEqual([{ key: 'order' }]);
	});
});
