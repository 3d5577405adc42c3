/** The complaint queue by priority (issue 15, item 2). */
export const vi = {
	'queue.col.priority': 'Ưu tiên',
	'queue.col.excerpt': 'Nội dung',
	'queue.col.kind': 'Loại',
	'queue.priority.serious': 'Nghiêm trọng',
	'queue.priority.overdue': 'Quá hạn',
	'queue.priority.near': 'Sắp đến hạn',
	'queue.priority.normal': 'Thường',
	'queue.internal': 'nội bộ',
	'queue.sort': 'Sắp xếp',
	'queue.sort.priority': 'Theo mức ưu tiên',
	'queue.sort.due': 'Theo hạn xử lý',
	'queue.help':
		'Thứ tự mặc định: vụ việc của công dân trước vụ việc nội bộ do hệ thống mở; trong mỗi nhóm, lý do nghiêm trọng (gây phiền hà, sách nhiễu, đòi tiền) trước, rồi quá hạn, sắp đến hạn, còn lại; cùng mức thì hạn sớm hơn trước.'
} as const;

export const en: Record<keyof typeof vi, string> = {
	'queue.col.priority': 'Priority',
	'queue.col.excerpt': 'Summary',
	'queue.col.kind': 'Type',
	'queue.priority.serious': 'Serious',
	'queue.priority.overdue': 'Overdue',
	'queue.priority.near': 'Near deadline',
	'queue.priority.normal': 'Normal',
	'queue.internal': 'internal',
	'queue.sort': 'Order',
	'queue.sort.priority': 'By priority',
	'queue.sort.due': 'By deadline',
	'queue.help':
		"Default order: citizens' cases before internal cases the system opens; within each, serious reasons (harassment, asking for money) first, then overdue, near the deadline, the rest; the earliest deadline first within a level."
};
