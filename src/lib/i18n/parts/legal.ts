/** The legal basis shown beside figures (src/lib/server/legal/sources.ts). */
export const vi = {
	'legal.basis': 'Căn cứ',
	'legal.unconfirmed': 'chưa đối chiếu văn bản gốc',
	'legal.ruleset': 'Bộ quy tắc áp dụng'
} as const;

export const en: Record<keyof typeof vi, string> = {
	'legal.basis': 'Legal basis',
	'legal.unconfirmed': 'not checked against the original text',
	'legal.ruleset': 'Rule set applied'
};
