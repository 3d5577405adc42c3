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
