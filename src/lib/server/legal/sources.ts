/**
 * The legal basis of every index, rule and public promise the product makes, in one file a
 * reviewer can check line by line against the texts (issue 14, item 1).
 *
 * Each entry names the document, its date, the article where one applies, and whether the
 * article was checked against the text itself (`confirmed`) or taken from a secondary source
 * (`unconfirmed`, with what is uncertain in `note`). A new circular or decree is an edit here —
 * a new entry, and the rule's `source` pointing at it — never a rewrite of the rule.
 *
 * Code that applies a rule imports its entry by id (`LEGAL_SOURCES.nd118OneStop`) and shows it
 * beside the figure with `citeVi` / `citeEn`; no rule carries a free-text citation of its own.
 */

export type SourceStatus = 'confirmed' | 'unconfirmed';

export interface LegalSource {
	/** Document as it is cited in Vietnamese official text, e.g. "Nghị định 118/2025/NĐ-CP". */
	document: string;
	/** Date of issue, YYYY-MM-DD. */
	issued: string;
	/** Date in force, YYYY-MM-DD, where it matters to the rule. */
	inForce?: string;
	/** Article, clause, item as cited ("Điều 28, khoản 1"); absent when the whole text applies. */
	article?: string;
	/** What this source governs in the product, Vietnamese first. */
	subjectVi: string;
	subjectEn: string;
	status: SourceStatus;
	/** What could not be checked, or how the product reads an ambiguous text. */
	note?: string;
	/** Documents this one replaced, by id (checked by the test beside this file). */
	replaces?: readonly string[];
}

/** The rule set in force; shown beside every figure so a report names the rules it used. */
export const RULESET = {
	version: '2025-07',
	inForceFrom: '2025-07-01',
	labelVi: 'Bộ quy tắc 2025 (Nghị định 118/2025/NĐ-CP, chính quyền địa phương hai cấp)',
	labelEn: '2025 rule set (Decree 118/2025/NĐ-CP, two-level local government)'
} as const;

const sources = {
	// ---------------------------------------------------------------- one-stop mechanism
	nd61OneStop: {
		document: 'Nghị định 61/2018/NĐ-CP',
		issued: '2018-04-23',
		subjectVi: 'Cơ chế một cửa, một cửa liên thông (hết hiệu lực từ 01/07/2025)',
		subjectEn: 'One-stop mechanism (superseded on 1 July 2025)',
		status: 'confirmed'
	},
	nd107OneStop: {
		document: 'Nghị định 107/2021/NĐ-CP',
		issued: '2021-12-06',
		subjectVi: 'Sửa đổi Nghị định 61/2018/NĐ-CP (hết hiệu lực từ 01/07/2025)',
		subjectEn: 'Amendment of Decree 61/2018 (superseded on 1 July 2025)',
		status: 'confirmed'
	},
	nd118OneStop: {
		document: 'Nghị định 118/2025/NĐ-CP',
		issued: '2025-06-09',
		inForce: '2025-07-01',
		subjectVi:
			'Thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông tại Bộ phận Một cửa và Cổng Dịch vụ công quốc gia',
		subjectEn: 'Administrative procedures under the one-stop mechanism at One-Stop Desks and the National Public Service Portal',
		status: 'confirmed',
		replaces: ['nd61OneStop', 'nd107OneStop']
	},
	nd118OnTime: {
		document: 'Nghị định 118/2025/NĐ-CP',
		issued: '2025-06-09',
		inForce: '2025-07-01',
		article: 'quy định về Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
		subjectVi: 'Hồ sơ đúng hạn: kết quả có trước thời điểm hẹn trả ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
		subjectEn: 'On time: the result ready by the appointment written on the receipt and appointment slip',
		status: 'unconfirmed',
		note: 'Số điều của Nghị định 118/2025/NĐ-CP về phiếu hẹn chưa đối chiếu văn bản gốc; thời điểm hẹn lấy theo hồ sơ (ngày hẹn trả ban đầu, không theo phiếu hẹn lại).'
	},
	tt01Grid: {
		document: 'Thông tư 01/2018/TT-VPCP',
		issued: '2018-11-23',
		article: 'Điều 13 và Phụ lục (Bộ chỉ số đánh giá)',
		subjectVi: 'Bộ chỉ số đánh giá việc giải quyết thủ tục hành chính theo từng hồ sơ (9 chỉ số, 0–2 điểm)',
		subjectEn: 'Per-dossier assessment grid for procedure handling (9 indicators, 0–2 points)',
		status: 'unconfirmed',
		note: 'Hướng dẫn Nghị định 61/2018/NĐ-CP. Chưa xác nhận được Thông tư này đã được thay thế sau Nghị định 118/2025/NĐ-CP hay chưa; đang áp dụng đến khi có văn bản mới. Số điều chưa đối chiếu với văn bản gốc.'
	},
	// TT 01/2018 in detail (issue 14, item 3): one entry per rule the grid applies, so each figure
	// names the part of the circular it rests on. None of the article numbers could be checked
	// against the circular's own text from here: all are `unconfirmed`, each says what is not.
	tt01IndicatorNames: {
		document: 'Thông tư 01/2018/TT-VPCP',
		issued: '2018-11-23',
		article: 'Phụ lục (Bộ chỉ số đánh giá), chỉ số 1–9',
		subjectVi: 'Tên 9 chỉ số đánh giá việc giải quyết thủ tục hành chính',
		subjectEn: 'Names of the 9 indicators for assessing procedure handling',
		status: 'unconfirmed',
		note: 'Tên chỉ số lấy theo danh sách tiêu chí đánh giá của Cổng dịch vụ công tỉnh Thừa Thiên Huế (dichvucong.thuathienhue.gov.vn), liệt kê đúng thứ tự của Thông tư; chưa đối chiếu với văn bản gốc của Thông tư.'
	},
	tt01DossierScoring: {
		document: 'Thông tư 01/2018/TT-VPCP',
		issued: '2018-11-23',
		article: 'Phụ lục (Bộ chỉ số đánh giá): cách cho 2 / 1 / 0 điểm từng chỉ số',
		subjectVi:
			'Chấm từng hồ sơ: chỉ số 1, 2, 3, 4, 6, 7, 9 (0–2 điểm mỗi chỉ số). Chỉ số 9 theo mức cung cấp dịch vụ công trực tuyến của thủ tục (toàn trình 2, một phần 1, chưa cung cấp 0), không theo kênh người dân đã nộp.',
		subjectEn:
			'Per-dossier scoring of indicators 1, 2, 3, 4, 6, 7, 9 (0–2 points each). Indicator 9 from the procedure’s online provision (fully online 2, partly 1, none 0), not from the channel the citizen used.',
		status: 'unconfirmed',
		note: 'Mức điểm từng chỉ số chưa đối chiếu với Phụ lục. Thông tư viết theo mức độ dịch vụ công trực tuyến cũ (mức 3, 4); việc quy đổi sang "toàn trình / một phần" (Nghị định 42/2022/NĐ-CP) là cách đọc của hệ thống: toàn trình 2, một phần 1.'
	},
	tt01UnitLevel: {
		document: 'Thông tư 01/2018/TT-VPCP',
		issued: '2018-11-23',
		article: 'Phụ lục (Bộ chỉ số đánh giá), chỉ số 5 và 8',
		subjectVi:
			'Chỉ số chấm theo đơn vị, theo quý (tự chấm và thẩm định): 5 – tổ chức tiếp nhận, giải quyết, trả kết quả tại Bộ phận Một cửa; 8 – tiếp thu, giải trình phản ánh, kiến nghị',
		subjectEn:
			'Indicators scored per unit and quarter (self-score and verified score): 5 – receiving, deciding and returning at the One-Stop Desk; 8 – receiving and answering petitions',
		status: 'unconfirmed',
		note: 'Việc tách chỉ số 5 và 8 thành chỉ số chấm theo đơn vị là cách đọc của hệ thống: hai chỉ số này đánh giá cách tổ chức và việc xử lý phản ánh của cả đơn vị trong kỳ, dữ liệu từng hồ sơ không cho thấy được. Chưa đối chiếu với văn bản gốc.'
	},
	tt01Aggregation: {
		document: 'Thông tư 01/2018/TT-VPCP',
		issued: '2018-11-23',
		article: 'Điều 13 (đánh giá theo từng hồ sơ, tổng hợp kết quả của cơ quan)',
		subjectVi:
			'Kết quả của đơn vị: điểm từng chỉ số chấm theo hồ sơ là trung bình trên các hồ sơ có dữ liệu; cộng với điểm thẩm định các chỉ số chấm theo đơn vị; quy về thang 18 theo số chỉ số có dữ liệu',
		subjectEn:
			'A unit’s result: each per-dossier indicator averaged over the dossiers with data for it; plus the verified unit-level scores; scaled to 18 over the indicators with data',
		status: 'unconfirmed',
		note: 'Số điều chưa đối chiếu. Khi mọi hồ sơ có đủ dữ liệu, trung bình theo từng chỉ số bằng trung bình tổng điểm các hồ sơ; khi thiếu, hệ thống không điền điểm thay cho dữ liệu thiếu.'
	},
	tt01Ranks: {
		document: 'Thông tư 01/2018/TT-VPCP',
		issued: '2018-11-23',
		article: 'Điều 13 (xếp loại Xuất sắc, Tốt, Khá, Trung bình, Yếu)',
		subjectVi: 'Ngưỡng xếp loại theo tổng điểm (thang 18): Tốt 12 đến dưới 15, Khá 9 đến dưới 12, Trung bình 6 đến dưới 9, Yếu dưới 6',
		subjectEn: 'Rank bands on the 18-point scale: Good 12–<15, Fair 9–<12, Average 6–<9, Poor <6',
		status: 'unconfirmed',
		note: 'Số điều và ngưỡng Xuất sắc ("trên 15" hay "từ 15") chưa đối chiếu với văn bản gốc; ngưỡng cấu hình được.'
	},

	// ---------------------------------------------------------------- indices (QĐ 766, NQ 76, SIPAS)
	qd766Index: {
		document: 'Quyết định 766/QĐ-TTg',
		issued: '2022-06-23',
		subjectVi:
			'Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ người dân, doanh nghiệp trong thực hiện thủ tục hành chính, dịch vụ công theo thời gian thực trên môi trường điện tử',
		subjectEn: 'Real-time index of service to citizens and businesses in administrative procedures and public services',
		status: 'confirmed'
	},
	nq76Targets: {
		document: 'Nghị quyết 76/NQ-CP',
		issued: '2021-07-15',
		subjectVi: 'Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021–2030 (các chỉ tiêu mức độ hài lòng)',
		subjectEn: 'Master programme for state administrative reform 2021–2030 (satisfaction targets)',
		status: 'confirmed'
	},
	sipasSurvey: {
		document: 'Chỉ số SIPAS (Bộ Nội vụ)',
		issued: '2017-01-01',
		subjectVi: 'Chỉ số hài lòng về sự phục vụ hành chính: 5 yếu tố',
		subjectEn: 'Satisfaction Index of Public Administrative Services: five factors',
		status: 'unconfirmed',
		note: 'Phương pháp đo lường theo các đề án của Bộ Nội vụ; ngày ban hành ghi theo năm áp dụng đầu tiên, chưa đối chiếu số văn bản.'
	},

	// ---------------------------------------------------------------- QĐ 766 satisfaction component (issue 14, item 2)
	qd766SatisfactionRate: {
		document: 'Quyết định 766/QĐ-TTg',
		issued: '2022-06-23',
		article: 'Phụ lục, nhóm chỉ số "Mức độ hài lòng" (18 điểm): tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC (6 điểm)',
		subjectVi:
			'Tỷ lệ hài lòng theo hồ sơ = (số hồ sơ đã giải quyết − số hồ sơ có đánh giá không hài lòng, có phản ánh, kiến nghị hoặc giải quyết quá hạn) ÷ số hồ sơ đã giải quyết',
		subjectEn:
			'Per-dossier satisfaction rate = (dossiers handled − dossiers with a dissatisfied rating, a petition, or handled late) ÷ dossiers handled',
		status: 'unconfirmed',
		note: 'Công thức theo cách Cổng Dịch vụ công quốc gia tính, đọc qua nguồn thứ cấp (tài liệu hướng dẫn công thức Bộ chỉ số 766 do một đơn vị diễn giải), chưa đối chiếu văn bản gốc. Một hồ sơ vướng nhiều điều kiện chỉ trừ một lần (hợp, không cộng dồn). Chưa xác nhận: ngày xếp hồ sơ vào kỳ — ứng dụng dùng ngày kết thúc xử lý (có kết quả, NgayKetThucXuLy) vì mẫu số là hồ sơ "đã giải quyết"; và hồ sơ trễ hạn so với hạn hẹn ban đầu (không tính theo ngày hẹn lại trong phiếu xin lỗi).'
	},
	qd766PetitionsOnTime: {
		document: 'Quyết định 766/QĐ-TTg',
		issued: '2022-06-23',
		article: 'Phụ lục, nhóm chỉ số "Mức độ hài lòng": tỷ lệ phản ánh, kiến nghị được xử lý đúng hạn',
		subjectVi: 'Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn = số vụ việc của công dân đóng trong kỳ, đúng hoặc trước hạn ÷ số vụ việc của công dân đóng trong kỳ',
		subjectEn: "Petitions handled on time = citizens' cases closed in the period on or before their deadline ÷ citizens' cases closed in the period",
		status: 'unconfirmed',
		note: 'Nguồn thứ cấp diễn giải tử số là "đã xử lý đúng hạn và đang xử lý trong hạn" trên số tiếp nhận, xử lý trong kỳ; ứng dụng tính trên các vụ việc đã đóng trong kỳ (không tính vụ việc đang mở). Vụ việc nội bộ tự động (trễ hạn chưa xin lỗi, theo dõi nghi vấn thao túng) không tính. Chưa đối chiếu văn bản gốc.'
	},
	qd766PetitionSatisfaction: {
		document: 'Quyết định 766/QĐ-TTg',
		issued: '2022-06-23',
		article: 'Phụ lục, nhóm chỉ số "Mức độ hài lòng": tỷ lệ hài lòng về kết quả xử lý phản ánh, kiến nghị',
		subjectVi: 'Tỷ lệ hài lòng về xử lý phản ánh, kiến nghị = số công dân trả lời phiếu hỏi lại là đã được giải quyết ÷ số công dân trả lời (vụ việc đóng trong kỳ)',
		subjectEn: 'Petition-handling satisfaction = citizens answering the re-survey "resolved" ÷ citizens who answered (cases closed in the period)',
		status: 'unconfirmed',
		note: 'Nguồn thứ cấp diễn giải là (tổng phản ánh − phản ánh không hài lòng, phản ánh tiếp hoặc quá hạn) ÷ tổng phản ánh tiếp nhận lần đầu; ứng dụng đo trực tiếp bằng câu trả lời của công dân ở phiếu hỏi lại khi đóng vụ việc (câu trả lời sau cùng của mỗi vụ việc). Chưa đối chiếu văn bản gốc.'
	},
	qd766PointsRule: {
		document: 'Quyết định 766/QĐ-TTg',
		issued: '2022-06-23',
		article: 'Phụ lục, cách quy đổi tỷ lệ hài lòng thành điểm (tối đa 6 điểm)',
		subjectVi: 'Điểm = 6 khi tỷ lệ đạt chỉ tiêu; dưới chỉ tiêu: 6 × tỷ lệ ÷ chỉ tiêu (mặc định, cấu hình được)',
		subjectEn: 'Points = 6 at or above the target; below it 6 × rate ÷ target (default, configurable)',
		status: 'unconfirmed',
		note: 'Chưa xác nhận được cách Bộ chỉ số 766 quy đổi tỷ lệ thành điểm. Quy tắc mặc định (đủ điểm khi đạt chỉ tiêu, dưới chỉ tiêu tính tỷ lệ thuận) theo cách một bảng tra cứu công thức 766 của bên thứ ba diễn giải; quản trị có thể chọn quy tắc "đạt hoặc không" và đổi điểm tối đa, chỉ tiêu trong cài đặt indices.766.'
	},
	nq76SatisfactionTargets: {
		document: 'Nghị quyết 76/NQ-CP',
		issued: '2021-07-15',
		article: 'Mục tiêu cụ thể về mức độ hài lòng của người dân, doanh nghiệp',
		subjectVi: 'Chỉ tiêu mức độ hài lòng: tối thiểu 90% đến năm 2025, tối thiểu 95% đến năm 2030',
		subjectEn: 'Satisfaction targets: at least 90% by 2025, at least 95% by 2030',
		status: 'unconfirmed',
		note: 'Số mục, khoản chưa đối chiếu văn bản gốc. Ứng dụng áp chỉ tiêu của giai đoạn chứa kỳ báo cáo: 90% cho các năm đến hết 2025, 95% cho các năm từ 2026 (chỉ tiêu đến năm 2030); cấu hình được.'
	},

	// ---------------------------------------------------------------- working-day calendar
	labourCodeHolidays: {
		document: 'Bộ luật Lao động 2019 (Luật số 45/2019/QH14)',
		issued: '2019-11-20',
		article: 'Điều 112',
		subjectVi: 'Các ngày nghỉ lễ, tết; nghỉ bù khi ngày lễ trùng ngày nghỉ hằng tuần',
		subjectEn: 'Public holidays; a day off in lieu when a holiday falls on a weekly rest day',
		status: 'confirmed'
	},
	// Each row of calendar_days names one of the entries below (or a notice an administrator
	// entered on the calendar page). Ngày Văn hóa Việt Nam (24/11) is not a day off here: no text
	// making it one could be read in this session.
	labourCodeWeeklyRest: {
		document: 'Bộ luật Lao động 2019 (Luật số 45/2019/QH14)',
		issued: '2019-11-20',
		article: 'Điều 111, khoản 3',
		subjectVi: 'Ngày lễ, tết trùng ngày nghỉ hằng tuần thì được nghỉ bù vào ngày làm việc kế tiếp',
		subjectEn: 'A holiday on a weekly rest day gives a day off on the next working day',
		status: 'unconfirmed',
		note: 'Số khoản ghi theo trí nhớ, chưa đối chiếu với văn bản gốc. Áp dụng: nghỉ bù thứ Hai 27/04/2026 (Giỗ Tổ Hùng Vương vào Chủ nhật 26/04/2026) và các ngày nghỉ bù dự kiến của năm chưa có thông báo.'
	},
	vpcp8726Holidays2025: {
		document: 'Công văn 8726/VPCP-KGVX (Văn phòng Chính phủ)',
		issued: '2024-11-26',
		subjectVi:
			'Nghỉ Tết Âm lịch và một số dịp nghỉ lễ năm 2025: Tết từ thứ Bảy 25/01 đến hết Chủ nhật 02/02/2025, không làm bù; hoán đổi thứ Sáu 02/5 với thứ Bảy 26/04/2025; Quốc khánh từ thứ Bảy 30/8 đến hết thứ Ba 02/09/2025',
		subjectEn:
			'Tết and some holidays of 2025: Tết Sat 25/1 – Sun 02/02/2025 with no make-up day; Fri 2/5 off swapped with Sat 26/04/2025; National Day Sat 30/8 – Tue 02/09/2025',
		status: 'unconfirmed',
		note: 'Chưa đọc được văn bản gốc. Số, ngày và nội dung theo nguồn thứ cấp: pld.net.vn (Công văn 8726/VPCP-KGVX ngày 26/11/2024, Tết 9 ngày liên tục); kntb.vn 30/03/2025 và VietnamPlus (hoán đổi 02/5 ↔ 26/4); giadinh.suckhoedoisong.vn (Quốc khánh 30/8–02/9). Bộ Lao động – Thương binh và Xã hội thực hiện bằng Thông báo 6150/TB-BLĐTBXH năm 2024 (chưa biết ngày ban hành).'
	},
	vpcp12729NewYear2026: {
		document: 'Công văn 12729/VPCP-KGVX (Văn phòng Chính phủ)',
		issued: '2025-12-25',
		subjectVi: 'Tết Dương lịch 2026: nghỉ từ thứ Năm 01/01 đến hết Chủ nhật 04/01/2026, hoán đổi thứ Sáu 02/01 với thứ Bảy 10/01/2026',
		subjectEn: 'New Year 2026: Thu 1/1 – Sun 04/01/2026 off, Fri 2/1 swapped with Sat 10/01/2026',
		status: 'unconfirmed',
		note: 'Chưa đọc được văn bản gốc; số, ngày và nội dung theo nguồn thứ cấp là báo chí. Trang lưu trữ chỉ xác nhận Bộ Nội vụ đã đề xuất hoán đổi để nghỉ Tết Dương lịch 2026 bốn ngày liên tục.'
	},
	bnv9441Holidays2026: {
		document: 'Thông báo 9441/TB-BNV (Bộ Nội vụ)',
		issued: '2025-10-16',
		subjectVi:
			'Nghỉ Tết Âm lịch và Quốc khánh năm 2026: Tết từ thứ Hai 16/02 đến hết thứ Sáu 20/02/2026 (29 tháng Chạp – mùng 4 tháng Giêng), nối với bốn ngày nghỉ hằng tuần (14/02–22/02); Quốc khánh thứ Ba 01/9 và thứ Tư 02/9, hoán đổi thứ Hai 31/8 với thứ Bảy 22/08/2026',
		subjectEn:
			'Tết and National Day 2026: Tết Mon 16/2 – Fri 20/02/2026 with the weekends around it (14/2–22/2); National Day Tue 1/9 and Wed 2/9, Mon 31/8 swapped with Sat 22/08/2026',
		status: 'unconfirmed',
		note: 'Chưa đọc được văn bản gốc. Số và ngày theo vietbao.vn 17/10/2025 và TTXVN (vnanet); lịch Tết 14/02–22/02 theo congan.com.vn. Ngày liền kề 01/9 và hoán đổi 31/8 ↔ 22/8 theo nguồn thứ cấp là báo chí (đề xuất của Bộ Nội vụ được báo chí tóm tắt là "5 ngày lễ 2-9"); chưa xác nhận việc hoán đổi nằm trong Thông báo này hay một văn bản khác.'
	},
	calendarComputed: {
		document: 'Lịch dự kiến, tính theo Bộ luật Lao động 2019 (Điều 111, 112) và âm lịch',
		issued: '2019-11-20',
		article: 'Điều 112, khoản 1 và 3',
		subjectVi:
			'Ngày nghỉ của năm chưa có thông báo: Tết 5 ngày quanh mùng 1, Giỗ Tổ 10/3 âm lịch, ngày liền kề Quốc khánh và ngày nghỉ bù — do phần mềm tính, chỉ là dự kiến cho đến khi quản trị viên nhập thông báo của năm',
		subjectEn:
			'Days off of a year with no notice yet: five Tết days around the lunar new year, Hùng Kings (10/3 lunar), the day next to National Day and days in lieu — computed by the app, provisional until an administrator enters the year’s notice',
		status: 'unconfirmed',
		note: 'Thủ tướng quyết định cụ thể các ngày nghỉ Tết và Quốc khánh hằng năm (Điều 112 khoản 3); cách bố trí dự kiến là cách tính của phần mềm (xem calendar/holidays.ts), không phải văn bản.'
	},

	// ---------------------------------------------------------------- complaints and petitions
	// (helper "compl", issue 14 items 5 and 6: complaint regimes, apology slips and re-appointments)
	complaintsLaw: {
		document: 'Luật Khiếu nại 2011 (Luật số 02/2011/QH13)',
		issued: '2011-11-11',
		article: 'Điều 27, Điều 28',
		subjectVi:
			'Khiếu nại (khiếu nại lần đầu): thụ lý trong 10 ngày kể từ ngày nhận được khiếu nại (Điều 27); giải quyết trong 30 ngày kể từ ngày thụ lý, vụ việc phức tạp không quá 45 ngày; vùng sâu, vùng xa đi lại khó khăn 45 ngày, vụ việc phức tạp không quá 60 ngày (Điều 28)',
		subjectEn:
			'Complaints (first instance): accepted within 10 days of receipt (art. 27); decided within 30 days of acceptance, 45 for a complex case; 45 days in remote, hard-to-reach areas, 60 for a complex case there (art. 28)',
		status: 'unconfirmed',
		note:
			'Điều 28 đối chiếu với hai bản sao lại nội dung điều luật (không phải văn bản gốc trên Công báo); Điều 27 (10 ngày) chưa đối chiếu được. Luật ghi "ngày", không ghi "ngày làm việc": sản phẩm mặc định tính theo ngày dương lịch (ngày cuối rơi vào ngày nghỉ thì lùi sang ngày làm việc kế tiếp, xem civilCodeDeadlines); chưa kiểm tra được văn bản hướng dẫn nào (Nghị định 124/2020/NĐ-CP, thông tư của Thanh tra Chính phủ) quy định tính theo ngày làm việc, nên đơn vị tính là một tùy chọn trong cài đặt.'
	},
	civilCodeDeadlines: {
		document: 'Bộ luật Dân sự 2015 (Luật số 91/2015/QH13)',
		issued: '2015-11-24',
		article: 'Điều 147, Điều 148',
		subjectVi:
			'Cách tính thời hạn theo ngày: ngày đầu không tính; thời hạn kết thúc vào cuối ngày cuối cùng, nếu ngày cuối là ngày nghỉ thì kết thúc vào cuối ngày làm việc tiếp theo',
		subjectEn:
			'Counting a period in days: the first day is not counted; the period ends with its last day, moved to the next working day when that is a day off',
		status: 'unconfirmed',
		note: 'Quy tắc nêu theo hiểu biết chung về Bộ luật Dân sự 2015; số điều và khoản chưa đối chiếu với văn bản gốc. Giờ kết thúc ngày (17:00) là quy ước của lịch làm việc trong sản phẩm.'
	},
	nd20Petitions: {
		document: 'Nghị định 20/2008/NĐ-CP (sửa đổi bởi Nghị định 48/2013/NĐ-CP và Nghị định 92/2017/NĐ-CP)',
		issued: '2008-02-14',
		inForce: '2008-03-03',
		article: 'Điều 9, Điều 14',
		subjectVi:
			'Phản ánh, kiến nghị của cá nhân, tổ chức về quy định hành chính (kể cả vướng mắc do hành vi chậm trễ, gây phiền hà của cán bộ, công chức); chuyển cơ quan có thẩm quyền trong 05 ngày làm việc (Điều 9)',
		subjectEn:
			'Petitions (phản ánh, kiến nghị) about administrative regulations, including delays or harassment by officials; forwarded to the competent body within 5 working days (art. 9)',
		status: 'unconfirmed',
		note:
			'Điều 3, 5, 9, 14 đọc trong bản Pháp điển (nội dung trước Nghị định 92/2017/NĐ-CP); thời hạn xử lý do Nghị định 92/2017/NĐ-CP bổ sung chưa đối chiếu được. Thời hạn mặc định 15 ngày làm việc là mức sản phẩm đã cam kết trước đây, không phải số ngày lấy từ văn bản: quản trị viên sửa trong cài đặt khi có văn bản.'
	},
	internalCases: {
		document: 'Quy ước của sản phẩm (không phải văn bản pháp luật)',
		issued: '2025-07-01',
		subjectVi:
			'Việc nội bộ (hồ sơ trễ hạn chưa có Phiếu xin lỗi, theo dõi dấu hiệu thao túng đánh giá) có thời hạn riêng và không tính là phản ánh, kiến nghị của người dân trong bất kỳ tỷ lệ nào',
		subjectEn:
			'Internal cases (a late dossier without an apology slip, a follow-up of suspected rating manipulation) run on their own clock and never count as citizens’ petitions in any rate',
		status: 'confirmed',
		note: 'Không có văn bản quy định thời hạn cho việc nội bộ; mặc định 15 ngày làm việc, sửa được trong cài đặt.'
	},
	apologySlipForm: {
		document: 'Thông tư 01/2018/TT-VPCP',
		issued: '2018-11-23',
		article: 'Phụ lục, Mẫu số 04',
		subjectVi: 'Mẫu "Phiếu xin lỗi và hẹn lại ngày trả kết quả"',
		subjectEn: 'The form "Phiếu xin lỗi và hẹn lại ngày trả kết quả" (apology and new appointment slip)',
		status: 'unconfirmed',
		note: 'Tên phiếu đối chiếu với nhiều phần mềm một cửa và quy trình nội bộ đang dùng; số hiệu mẫu (04) chưa đối chiếu với văn bản gốc; chưa xác nhận Thông tư đã được thay thế sau Nghị định 118/2025/NĐ-CP hay chưa.'
	},
	nd118Apology: {
		document: 'Nghị định 118/2025/NĐ-CP',
		issued: '2025-06-09',
		inForce: '2025-07-01',
		article: 'Điều về giải quyết hồ sơ quá hạn (số điều chưa xác nhận)',
		subjectVi:
			'Hồ sơ quá hạn: cơ quan gửi Phiếu xin lỗi và hẹn lại ngày trả kết quả trước ngày hết hạn (chậm nhất 01 ngày làm việc trước ngày hẹn trả); chỉ được hẹn lại ngày trả kết quả một lần',
		subjectEn:
			'Late dossiers: the authority sends the apology and new appointment slip before the due date (at least one working day before it); the result may be re-appointed only once',
		status: 'unconfirmed',
		note:
			'Quy tắc nêu theo Nghị định 61/2018/NĐ-CP (Điều 19, hồ sơ quá hạn; sửa đổi bởi Nghị định 107/2021/NĐ-CP) và theo đề bài; chưa đọc được điều tương ứng trong Nghị định 118/2025/NĐ-CP. "01 ngày" được hiểu là 01 ngày làm việc: phiếu cấp muộn nhất vào ngày làm việc liền trước ngày hẹn trả.'
	},

	// ---------------------------------------------------------------- personal data
	nd13PersonalData: {
		document: 'Nghị định 13/2023/NĐ-CP',
		issued: '2023-04-17',
		subjectVi: 'Bảo vệ dữ liệu cá nhân (số điện thoại gọi lại chỉ thu khi công dân đồng ý)',
		subjectEn: 'Personal data protection (call-back phone numbers only with consent)',
		status: 'confirmed'
	},
	pdpLaw2025: {
		document: 'Luật Bảo vệ dữ liệu cá nhân (Luật số 91/2025/QH15)',
		issued: '2025-06-26',
		inForce: '2026-01-01',
		subjectVi: 'Đồng ý tự nguyện, rút lại đồng ý và yêu cầu xóa dữ liệu',
		subjectEn: 'Voluntary consent, its withdrawal, and erasure on request',
		status: 'confirmed'
	},

	// ---------------------------------------------------------------- words officials use (issue 14, item 7)
	nd118CentreNames: {
		document: 'Nghị định 118/2025/NĐ-CP',
		issued: '2025-06-09',
		inForce: '2025-07-01',
		subjectVi: 'Tên gọi Bộ phận Một cửa: Trung tâm Phục vụ hành chính công cấp tỉnh và cấp xã (xã, phường, đặc khu)',
		subjectEn: 'Names of the one-stop desks: provincial and commune-level Public Administrative Service Centres',
		status: 'unconfirmed',
		note: 'Điều, khoản quy định tên gọi Trung tâm Phục vụ hành chính công cấp xã chưa đối chiếu với văn bản gốc; bản demo đặt tên theo cách đọc này.'
	},
	nd45Departments: {
		document: 'Nghị định 45/2025/NĐ-CP',
		issued: '2025-02-28',
		inForce: '2025-03-01',
		subjectVi:
			'Tổ chức các cơ quan chuyên môn thuộc Ủy ban nhân dân cấp tỉnh từ 01/03/2025: Sở Kế hoạch và Đầu tư hợp nhất vào Sở Tài chính; Sở Nông nghiệp và Môi trường (từ Sở Tài nguyên và Môi trường và Sở Nông nghiệp và Phát triển nông thôn); Sở Xây dựng (nhận Sở Giao thông vận tải); Sở Khoa học và Công nghệ (nhận Sở Thông tin và Truyền thông); Sở Lao động – Thương binh và Xã hội kết thúc, nhiệm vụ chuyển chủ yếu sang Sở Nội vụ',
		subjectEn:
			'Provincial departments from 1 March 2025: Planning and Investment merged into Finance; Agriculture and Environment; Construction (with Transport); Science and Technology (with Information and Communications); Labour, Invalids and Social Affairs dissolved, its tasks mostly to Home Affairs',
		status: 'unconfirmed',
		note: 'Số hiệu, ngày ban hành và sự phân chia nhiệm vụ (lao động, người có công sang Sở Nội vụ; bảo trợ xã hội, trẻ em sang Sở Y tế; giáo dục nghề nghiệp sang Sở Giáo dục và Đào tạo) lấy từ nguồn thứ cấp, chưa đối chiếu văn bản gốc.'
	},
	localGovernmentLaw2025: {
		document: 'Luật Tổ chức chính quyền địa phương 2025 (Luật số 72/2025/QH15)',
		issued: '2025-06-16',
		inForce: '2025-07-01',
		article: 'Điều 2',
		subjectVi: 'Hai cấp chính quyền địa phương; đơn vị hành chính cấp xã gồm xã, phường, đặc khu (không còn cấp huyện)',
		subjectEn: 'Two-level local government; commune-level units are communes, wards and special zones (no district level)',
		status: 'unconfirmed',
		note: 'Số luật, ngày thông qua và số điều lấy từ nguồn thứ cấp, chưa đối chiếu văn bản gốc.'
	},
	qd2640Sipas: {
		document: 'Quyết định 2640/QĐ-BNV',
		issued: '2017-10-10',
		subjectVi:
			'Đề án đo lường sự hài lòng (SIPAS), 5 yếu tố: Tiếp cận dịch vụ hành chính công; Thủ tục hành chính; Công chức giải quyết công việc; Kết quả cung ứng dịch vụ hành chính công; Tiếp nhận, giải quyết góp ý, phản ánh, kiến nghị',
		subjectEn:
			'SIPAS measurement project, 5 factors: access to public administrative services; administrative procedures; civil servants handling the matter; results of the service; receiving and handling comments, complaints and petitions',
		status: 'unconfirmed',
		note: 'Tên các yếu tố lấy theo trích dẫn Quyết định 2640/QĐ-BNV trên cổng thông tin của địa phương (nguồn thứ cấp; có nơi ghi "Công chức trực tiếp giải quyết công việc", "Kết quả dịch vụ"); chưa kiểm tra phương pháp đo giai đoạn 2023–2026 của Bộ Nội vụ có đổi tên yếu tố hay không. Việc chỉ hỏi hai yếu tố Kết quả và Tiếp nhận, giải quyết góp ý, phản ánh, kiến nghị ở khâu trả kết quả là cách hệ thống áp dụng (người dân chỉ đánh giá được kết quả khi nhận kết quả), không phải quy định của văn bản.'
	}
} as const satisfies Record<string, LegalSource>;

export type SourceId = keyof typeof sources;
export const LEGAL_SOURCES: Readonly<Record<SourceId, LegalSource>> = sources;

/** "Nghị định 118/2025/NĐ-CP, Điều 19" — the short citation shown beside a figure. */
export function cite(id: SourceId): string {
	const s = LEGAL_SOURCES[id];
	return s.article ? `${s.document}, ${s.article}` : s.document;
}

/** A source as a page or an export shows it beside a figure. */
export function citation(id: SourceId): { citation: string; confirmed: boolean } {
	return { citation: cite(id), confirmed: LEGAL_SOURCES[id].status === 'confirmed' };
}

/** Every source the product relies on, for the page and export that list them. */
export function allSources(): { id: SourceId; source: LegalSource }[] {
	return (Object.keys(LEGAL_SOURCES) as SourceId[]).map((id) => ({ id, source: LEGAL_SOURCES[id] }));
}
