export const vi = {
	'units.kind.whole': 'sáp nhập toàn bộ',
	'units.kind.partial': 'sáp nhập một phần',
	'units.kind.other': 'chuyển đổi khác',
	'units.history.ended': 'Đơn vị này đã kết thúc hoạt động từ ngày {date}.',
	'units.history.successors': 'Đơn vị kế thừa:',
	'units.history.predecessors': 'Các đơn vị trước sáp nhập',
	'units.history.since': 'từ ngày {date}',
	'units.history.until': 'số liệu trước ngày {date}',
	'units.history.toggle': 'Gồm số liệu của các đơn vị trước sáp nhập (trước ngày sáp nhập)',
	'units.history.which': '{n} đơn vị trước sáp nhập',
	'units.history.on':
		'Đang gồm số liệu của các đơn vị trước sáp nhập. Đơn vị sáp nhập một phần được tính toàn bộ số liệu trước ngày sáp nhập. Cảnh báo bất thường chỉ tính cho các đơn vị hiện tại.'
} as const;

export const en: Record<keyof typeof vi, string> = {
	'units.kind.whole': 'merged whole',
	'units.kind.partial': 'merged in part',
	'units.kind.other': 'other change',
	'units.history.ended': 'This unit ended on {date}.',
	'units.history.successors': 'Taken over by:',
	'units.history.predecessors': 'Units merged into this one',
	'units.history.since': 'from {date}',
	'units.history.until': 'figures before {date}',
	'units.history.toggle': 'Include the figures of the units merged into this one (before the merge)',
	'units.history.which': '{n} merged units',
	'units.history.on':
		'Including the figures of the merged units. A unit merged in part counts with all its figures before the merge. Flags are computed for the present units only.'
};
