/**
 * The QĐ 766/QĐ-TTg satisfaction component on the indices page, its export and its setting
 * (issue 14, item 2). Vietnamese first; English has the same keys.
 */
export const vi = {
	'indices766.title': 'Thành phần "Mức độ hài lòng" của Bộ chỉ số 766/QĐ-TTg',
	'indices766.intro':
		'Tính theo từng hồ sơ như Cổng Dịch vụ công quốc gia: hồ sơ không được tính là hài lòng nếu có đánh giá không hài lòng, hoặc có phản ánh, kiến nghị của công dân, hoặc giải quyết quá hạn; mỗi hồ sơ chỉ trừ một lần. Hồ sơ thuộc tháng mà việc giải quyết kết thúc (có kết quả). Vụ việc nội bộ do hệ thống tự mở (trễ hạn chưa xin lỗi) không phải phản ánh của công dân và không được tính.',
	'indices766.formula.rate':
		'Tỷ lệ hài lòng = (Số hồ sơ đã giải quyết − Số hồ sơ không hài lòng) ÷ Số hồ sơ đã giải quyết; hồ sơ không hài lòng = có đánh giá không hài lòng HOẶC có phản ánh, kiến nghị HOẶC quá hạn',
	'indices766.formula.proportional':
		'Điểm (tối đa {max}) = {max} khi tỷ lệ hài lòng đạt chỉ tiêu {target}; dưới chỉ tiêu: {max} × tỷ lệ hài lòng ÷ {target}',
	'indices766.formula.threshold': 'Điểm (tối đa {max}) = {max} khi tỷ lệ hài lòng đạt chỉ tiêu {target}; dưới chỉ tiêu: 0',
	'indices766.formula.target': 'Chỉ tiêu năm {year} theo Nghị quyết 76/NQ-CP: {target}',
	'indices766.formula.petitionsOnTime':
		'Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn = Số vụ việc của công dân đóng trong tháng, đúng hoặc trước hạn ÷ Số vụ việc của công dân đóng trong tháng',
	'indices766.formula.petitionSatisfaction':
		'Tỷ lệ hài lòng về xử lý phản ánh, kiến nghị = Số công dân trả lời phiếu hỏi lại "đã được giải quyết" ÷ Số công dân trả lời (vụ việc đóng trong tháng, lấy câu trả lời sau cùng)',
	'indices766.example.title': 'Ví dụ tính',
	'indices766.example.text':
		'Một phường có 10 hồ sơ giải quyết xong trong tháng: 3 hồ sơ quá hạn, 2 hồ sơ có phản ánh, kiến nghị, 3 hồ sơ có đánh giá không hài lòng; một hồ sơ vừa quá hạn, vừa bị phản ánh, vừa bị đánh giá không hài lòng, một hồ sơ vừa quá hạn vừa bị đánh giá không hài lòng. Số hồ sơ không hài lòng là 5 (không phải 3 + 2 + 3 = 8). Tỷ lệ hài lòng = (10 − 5) ÷ 10 = 50%. Chỉ tiêu 95% (năm 2026): điểm = 6 × 50% ÷ 95% = 3,16.',
	'indices766.example.live': 'Với số liệu đang xem (toàn bộ): ({handled} − {notSatisfied}) ÷ {handled} = {rate}; điểm {points}.',
	'indices766.col.handled': 'Hồ sơ đã giải quyết',
	'indices766.col.dissatisfied': 'Có đánh giá không hài lòng',
	'indices766.col.petitioned': 'Có phản ánh, kiến nghị',
	'indices766.col.late': 'Quá hạn',
	'indices766.col.notSatisfied': 'Không hài lòng (mỗi hồ sơ một lần)',
	'indices766.col.rate': 'Tỷ lệ hài lòng',
	'indices766.col.target': 'Chỉ tiêu',
	'indices766.col.points': 'Điểm (tối đa {max})',
	'indices766.col.petitionsClosed': 'Phản ánh, kiến nghị đã xử lý xong',
	'indices766.col.petitionsOnTime': 'Xử lý đúng hạn',
	'indices766.col.petitionsOnTimeRate': 'Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn',
	'indices766.col.answered': 'Công dân trả lời phiếu hỏi lại',
	'indices766.col.answeredSatisfied': 'Trả lời đã được giải quyết',
	'indices766.col.petitionSatisfactionRate': 'Tỷ lệ hài lòng về xử lý phản ánh, kiến nghị',
	'indices766.col.source': 'Căn cứ',
	'indices766.ofN': 'trên {n}',
	'indices766.none': 'Không có hồ sơ nào giải quyết xong và không có phản ánh, kiến nghị nào xử lý xong trong tháng này.',
	'indices766.sources': 'Căn cứ pháp lý của từng số liệu',
	'indices766.source.rate': 'Tỷ lệ hài lòng',
	'indices766.source.points': 'Cách quy đổi điểm',
	'indices766.source.target': 'Chỉ tiêu',
	'indices766.source.petitionsOnTime': 'Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn',
	'indices766.source.petitionSatisfaction': 'Tỷ lệ hài lòng về xử lý phản ánh, kiến nghị',
	'indices766.unconfirmed': 'chưa đối chiếu văn bản gốc',

	'indices766.ratings.title': 'Tỷ lệ lượt đánh giá hài lòng và tỷ lệ đúng hạn',
	'indices766.ratings.intro':
		'Số liệu theo lượt đánh giá và theo hồ sơ có kết quả, để theo dõi; không phải tỷ lệ của Bộ chỉ số 766 (tính theo hồ sơ, ở bảng trên).',
	'indices766.ratings.formula': 'Tỷ lệ lượt đánh giá hài lòng = số lượt đánh giá hài lòng ÷ số lượt đánh giá được tính',

	'exports.indices766.title': 'Bộ chỉ số 766/QĐ-TTg — thành phần Mức độ hài lòng, tháng {month}',
	'exports.indices766.ratings.title': 'Tỷ lệ lượt đánh giá hài lòng và tỷ lệ đúng hạn, tháng {month}',
	'exports.indices766.sheet.ratings': 'Đánh giá và đúng hạn',
	'exports.indices766.sheet.s766': '766 Mức độ hài lòng',
	'exports.indices766.rule': 'Quy đổi điểm',
	'exports.indices766.badTable':
		'Bảng cần tải phải là tt01, tt01unit, officers, 766, ratings, trend hoặc sipas (tệp CSV chỉ chứa một bảng); "all" chỉ dùng với xlsx.',

	'settings.s766.title': 'Bộ chỉ số 766: điểm thành phần tỷ lệ hài lòng',
	'settings.s766.help':
		'Chỉ tiêu theo Nghị quyết 76/NQ-CP (tối thiểu 90% đến năm 2025, 95% đến năm 2030) và cách quy đổi tỷ lệ hài lòng thành điểm. Cách quy đổi của Bộ chỉ số 766 chưa được xác nhận: mặc định đủ điểm khi đạt chỉ tiêu, dưới chỉ tiêu tính tỷ lệ thuận.',
	'settings.s766.maxPoints': 'Điểm tối đa',
	'settings.s766.rule': 'Quy đổi điểm dưới chỉ tiêu',
	'settings.s766.rule.proportional': 'Tỷ lệ thuận (điểm tối đa × tỷ lệ ÷ chỉ tiêu)',
	'settings.s766.rule.threshold': 'Không có điểm',
	'settings.s766.target2025': 'Chỉ tiêu đến hết năm 2025 (%)',
	'settings.s766.target2030': 'Chỉ tiêu từ năm 2026 (%)'
} as const;

export const en: Record<keyof typeof vi, string> = {
	'indices766.title': 'Satisfaction component of the 766/QĐ-TTg index',
	'indices766.intro':
		"Computed per dossier as the National Public Service Portal does: a dossier is not satisfied if it has a dissatisfied rating, or a citizen's complaint or petition, or was handled late; each dossier is subtracted once. A dossier belongs to the month its handling ended (result ready). Internal cases the system opens by itself (late without apology) are not citizens' petitions and do not count.",
	'indices766.formula.rate':
		'Satisfaction rate = (dossiers handled − dossiers not satisfied) ÷ dossiers handled; not satisfied = a dissatisfied rating OR a petition OR late',
	'indices766.formula.proportional': 'Points (max {max}) = {max} when the rate meets the target {target}; below it: {max} × rate ÷ {target}',
	'indices766.formula.threshold': 'Points (max {max}) = {max} when the rate meets the target {target}; below it: 0',
	'indices766.formula.target': 'Target for {year} under Resolution 76/NQ-CP: {target}',
	'indices766.formula.petitionsOnTime':
		"Petitions handled on time = citizens' cases closed in the month on or before their deadline ÷ citizens' cases closed in the month",
	'indices766.formula.petitionSatisfaction':
		'Petition-handling satisfaction = citizens answering the re-survey "resolved" ÷ citizens who answered (cases closed in the month, latest answer)',
	'indices766.example.title': 'Worked example',
	'indices766.example.text':
		'A ward handled 10 dossiers in the month: 3 late, 2 with a petition, 3 with a dissatisfied rating; one is late, petitioned and rated dissatisfied, another late and rated dissatisfied. Dossiers not satisfied: 5 (not 3 + 2 + 3 = 8). Rate = (10 − 5) ÷ 10 = 50%. Target 95% (2026): points = 6 × 50% ÷ 95% = 3.16.',
	'indices766.example.live': 'With the figures shown (all): ({handled} − {notSatisfied}) ÷ {handled} = {rate}; {points} points.',
	'indices766.col.handled': 'Dossiers handled',
	'indices766.col.dissatisfied': 'Dissatisfied rating',
	'indices766.col.petitioned': 'Petitioned',
	'indices766.col.late': 'Late',
	'indices766.col.notSatisfied': 'Not satisfied (each dossier once)',
	'indices766.col.rate': 'Satisfaction rate',
	'indices766.col.target': 'Target',
	'indices766.col.points': 'Points (max {max})',
	'indices766.col.petitionsClosed': 'Petitions closed',
	'indices766.col.petitionsOnTime': 'Closed on time',
	'indices766.col.petitionsOnTimeRate': 'Petitions handled on time',
	'indices766.col.answered': 'Citizens who answered the re-survey',
	'indices766.col.answeredSatisfied': 'Answered "resolved"',
	'indices766.col.petitionSatisfactionRate': 'Petition-handling satisfaction',
	'indices766.col.source': 'Legal basis',
	'indices766.ofN': 'of {n}',
	'indices766.none': 'No dossier handled and no petition closed in this month.',
	'indices766.sources': 'Legal basis of each figure',
	'indices766.source.rate': 'Satisfaction rate',
	'indices766.source.points': 'Points rule',
	'indices766.source.target': 'Target',
	'indices766.source.petitionsOnTime': 'Petitions handled on time',
	'indices766.source.petitionSatisfaction': 'Petition-handling satisfaction',
	'indices766.unconfirmed': 'not checked against the original text',

	'indices766.ratings.title': 'Share of satisfied ratings and on-time rate',
	'indices766.ratings.intro': 'Figures by rating and by completed dossier, for follow-up; not the 766 index rate (per dossier, in the table above).',
	'indices766.ratings.formula': 'Share of satisfied ratings = satisfied ratings ÷ counted ratings',

	'exports.indices766.title': '766/QĐ-TTg index — satisfaction component, {month}',
	'exports.indices766.ratings.title': 'Share of satisfied ratings and on-time rate, {month}',
	'exports.indices766.sheet.ratings': 'Ratings and on time',
	'exports.indices766.sheet.s766': '766 satisfaction',
	'exports.indices766.rule': 'Points rule',
	'exports.indices766.badTable': 'The table to download must be tt01, tt01unit, officers, 766, ratings, trend or sipas (a CSV file holds one table); "all" is for xlsx only.',

	'settings.s766.title': '766 index: satisfaction-rate points',
	'settings.s766.help':
		"Targets under Resolution 76/NQ-CP (at least 90% by 2025, 95% by 2030) and how the satisfaction rate becomes points. The 766 index's own conversion is not confirmed: by default full points at the target, proportional below it.",
	'settings.s766.maxPoints': 'Maximum points',
	'settings.s766.rule': 'Points below the target',
	'settings.s766.rule.proportional': 'Proportional (max points × rate ÷ target)',
	'settings.s766.rule.threshold': 'No points',
	'settings.s766.target2025': 'Target up to the end of 2025 (%)',
	'settings.s766.target2030': 'Target from 2026 (%)'
};
