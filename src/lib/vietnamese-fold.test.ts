import { describe, expect, it } from 'vitest';
import { foldText, unmarked } from './vietnamese-fold';

describe('Vietnamese text without marks', () => {
	it('drops tones and vowel marks, reads đ as d, whichever Unicode form the text came in', () => {
		const nfc = 'Phường Đắk Lắk – Ủy ban';
		expect(unmarked(nfc)).toBe('phuong dak lak – uy ban');
		expect(unmarked(nfc.normalize('NFD'))).toBe(unmarked(nfc));
		expect(unmarked('ĂÂÊÔƠƯăâêôơư')).toBe('aaeoouaaeoou');
	});

	it('folds spaces for search: "nguyen  van an " finds "Nguyễn Văn An"', () => {
		expect(foldText('  Nguyễn   Văn\tAn ')).toBe('nguyen van an');
		expect(foldText('Nguyễn Văn An')).toBe(foldText('nguyen  van an '));
	});
});
