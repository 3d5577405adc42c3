/** Issue 15 item 5, Vietnamese everywhere: export choices, column names and the words that replaced codes. */
export const vi = {
	'exports.csvVi': 'Tải CSV cho Excel tiếng Việt',
	'exports.csvViHint': 'CSV phân cách bằng dấu chấm phẩy, số thập phân dùng dấu phẩy, ngày dd/mm/yyyy: Excel cài tiếng Việt mở ra đúng cột',
	'exports.col.code': 'Mã',
	'dossiers.channel.counter': 'Tại quầy',
	'dossiers.channel.online': 'Trực tuyến',
	'dossiers.channel.postal': 'Bưu chính công ích',
	'scales.versionOnly': 'phiên bản {version}',
	'indices.sipas.sourceQuestion': 'câu hỏi trên máy tính bảng, mã'
} as const;

export const en: Record<keyof typeof vi, string> = {
	'exports.csvVi': 'Download CSV for Vietnamese Excel',
	'exports.csvViHint': 'CSV with semicolons, decimal commas and dd/mm/yyyy dates: Excel with Vietnamese settings opens it in columns',
	'exports.col.code': 'Code',
	'dossiers.channel.counter': 'At the counter',
	'dossiers.channel.online': 'Online',
	'dossiers.channel.postal': 'By post',
	'scales.versionOnly': 'version {version}',
	'indices.sipas.sourceQuestion': 'tablet question, key'
};
