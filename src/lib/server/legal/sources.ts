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
		subjectVi: 'Cơ chế một cửa, một cửa liên thông (hết hiệu lực từ 01/7/2025)',
		subjectEn: 'One-stop mechanism (superseded on 1 July 2025)',
		status: 'confirmed'
	},
	nd107OneStop: {
		document: 'Nghị định 107/2021/NĐ-CP',
		issued: '2021-12-06',
		subjectVi: 'Sửa đổi Nghị định 61/2018/NĐ-CP (hết hiệu lực từ 01/7/2025)',
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
	tt01Grid: {
		document: 'Thông tư 01/2018/TT-VPCP',
		issued: '2018-11-23',
		article: 'Điều 13 và Phụ lục (Bộ chỉ số đánh giá)',
		subjectVi: 'Bộ chỉ số đánh giá việc giải quyết thủ tục hành chính theo từng hồ sơ (9 chỉ số, 0–2 điểm)',
		subjectEn: 'Per-dossier assessment grid for procedure handling (9 indicators, 0–2 points)',
		status: 'unconfirmed',
		note: 'Hướng dẫn Nghị định 61/2018/NĐ-CP. Chưa xác nhận được Thông tư này đã được thay thế sau Nghị định 118/2025/NĐ-CP hay chưa; đang áp dụng đến khi có văn bản mới. Số điều chưa đối chiếu với văn bản gốc.'
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
		note: 'Số khoản ghi theo trí nhớ, chưa đối chiếu với văn bản gốc. Áp dụng: nghỉ bù thứ Hai 27/4/2026 (Giỗ Tổ Hùng Vương vào Chủ nhật 26/4/2026) và các ngày nghỉ bù dự kiến của năm chưa có thông báo.'
	},
	vpcp8726Holidays2025: {
		document: 'Công văn 8726/VPCP-KGVX (Văn phòng Chính phủ)',
		issued: '2024-11-26',
		subjectVi:
			'Nghỉ Tết Âm lịch và một số dịp nghỉ lễ năm 2025: Tết từ thứ Bảy 25/01 đến hết Chủ nhật 02/02/2025, không làm bù; hoán đổi thứ Sáu 02/5 với thứ Bảy 26/4/2025; Quốc khánh từ thứ Bảy 30/8 đến hết thứ Ba 02/9/2025',
		subjectEn:
			'Tết and some holidays of 2025: Tết Sat 25/1 – Sun 2/2/2025 with no make-up day; Fri 2/5 off swapped with Sat 26/4/2025; National Day Sat 30/8 – Tue 2/9/2025',
		status: 'unconfirmed',
		note: 'Chưa đọc được văn bản gốc. Số, ngày và nội dung theo nguồn thứ cấp: pld.net.vn (Công văn 8726/VPCP-KGVX ngày 26/11/2024, Tết 9 ngày liên tục); kntb.vn 30/3/2025 và VietnamPlus (hoán đổi 02/5 ↔ 26/4); giadinh.suckhoedoisong.vn (Quốc khánh 30/8–02/9). Bộ Lao động – Thương binh và Xã hội thực hiện bằng Thông báo 6150/TB-BLĐTBXH năm 2024 (chưa biết ngày ban hành).'
	},
	vpcp12729NewYear2026: {
		document: 'Công văn 12729/VPCP-KGVX (Văn phòng Chính phủ)',
		issued: '2025-12-25',
		subjectVi: 'Tết Dương lịch 2026: nghỉ từ thứ Năm 01/01 đến hết Chủ nhật 04/01/2026, hoán đổi thứ Sáu 02/01 với thứ Bảy 10/01/2026',
		subjectEn: 'New Year 2026: Thu 1/1 – Sun 4/1/2026 off, Fri 2/1 swapped with Sat 10/1/2026',
		status: 'unconfirmed',
		note: 'Chưa đọc được văn bản gốc; số, ngày và nội dung theo nguồn thứ cấp nêu trong issue 14. Trang lưu trữ chỉ xác nhận Bộ Nội vụ đã đề xuất hoán đổi để nghỉ Tết Dương lịch 2026 bốn ngày liên tục.'
	},
	bnv9441Holidays2026: {
		document: 'Thông báo 9441/TB-BNV (Bộ Nội vụ)',
		issued: '2025-10-16',
		subjectVi:
			'Nghỉ Tết Âm lịch và Quốc khánh năm 2026: Tết từ thứ Hai 16/02 đến hết thứ Sáu 20/02/2026 (29 tháng Chạp – mùng 4 tháng Giêng), nối với bốn ngày nghỉ hằng tuần (14/02–22/02); Quốc khánh thứ Ba 01/9 và thứ Tư 02/9, hoán đổi thứ Hai 31/8 với thứ Bảy 22/8/2026',
		subjectEn:
			'Tết and National Day 2026: Tết Mon 16/2 – Fri 20/2/2026 with the weekends around it (14/2–22/2); National Day Tue 1/9 and Wed 2/9, Mon 31/8 swapped with Sat 22/8/2026',
		status: 'unconfirmed',
		note: 'Chưa đọc được văn bản gốc. Số và ngày theo vietbao.vn 17/10/2025 và TTXVN (vnanet); lịch Tết 14/02–22/02 theo congan.com.vn. Ngày liền kề 01/9 và hoán đổi 31/8 ↔ 22/8 theo nguồn thứ cấp nêu trong issue 14 (đề xuất của Bộ Nội vụ được báo chí tóm tắt là "5 ngày lễ 2-9"); chưa xác nhận việc hoán đổi nằm trong Thông báo này hay một văn bản khác.'
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
	complaintsLaw: {
		document: 'Luật Khiếu nại 2011 (Luật số 02/2011/QH13)',
		issued: '2011-11-11',
		article: 'Điều 27, Điều 28',
		subjectVi: 'Thụ lý khiếu nại trong 10 ngày; giải quyết lần đầu trong 30 ngày kể từ ngày thụ lý (45 ngày với vụ việc phức tạp; 45/60 ngày ở vùng sâu, vùng xa)',
		subjectEn: 'Complaints: accepted within 10 days; first decision within 30 days of acceptance (45 for complex cases; 45/60 in remote areas)',
		status: 'confirmed'
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
	}
} as const satisfies Record<string, LegalSource>;

export type SourceId = keyof typeof sources;
export const LEGAL_SOURCES: Readonly<Record<SourceId, LegalSource>> = sources;

/** "Nghị định 118/2025/NĐ-CP, Điều 19" — the short citation shown beside a figure. */
export function cite(id: SourceId): string {
	const s = LEGAL_SOURCES[id];
	return s.article ? `${s.document}, ${s.article}` : s.document;
}

/** Every source the product relies on, for the page and export that list them. */
export function allSources(): { id: SourceId; source: LegalSource }[] {
	return (Object.keys(LEGAL_SOURCES) as SourceId[]).map((id) => ({ id, source: LEGAL_SOURCES[id] }));
}
