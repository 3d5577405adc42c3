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
