/**
 * The fixed content of the demo province: units, fields, procedures (real TTHC names), and the
 * counters each unit runs. Handling times are the usual legal limits in working days.
 */
import type { ProcedureMode } from '../db/schema';

export const PROVINCE = {
	code: 'KH',
	nameVi: 'Tỉnh Khánh Hòa',
	nameEn: 'Khánh Hòa Province',
	/** The national prefix seen in this province's dossier codes. */
	dossierPrefix: 'H34'
} as const;

export const CENTRE = {
	code: 'KH-TTPVHCC',
	nameVi: 'Trung tâm Phục vụ hành chính công tỉnh Khánh Hòa',
	nameEn: 'Khánh Hòa Public Administrative Service Centre',
	address: 'Số 01 Trần Phú, phường Nha Trang, tỉnh Khánh Hòa'
} as const;

export type FieldCode =
	| 'HT'
	| 'CT'
	| 'LLTP'
	| 'XD'
	| 'NO'
	| 'DD'
	| 'MT'
	| 'DN'
	| 'DT'
	| 'HKD'
	| 'LD'
	| 'NCC'
	| 'BTXH'
	| 'XNC';

export const FIELDS: { code: FieldCode; nameVi: string; nameEn: string }[] = [
	{ code: 'HT', nameVi: 'Hộ tịch', nameEn: 'Civil status' },
	{ code: 'CT', nameVi: 'Chứng thực', nameEn: 'Authentication' },
	{ code: 'LLTP', nameVi: 'Lý lịch tư pháp', nameEn: 'Judicial records' },
	{ code: 'XD', nameVi: 'Hoạt động xây dựng', nameEn: 'Construction' },
	{ code: 'NO', nameVi: 'Nhà ở', nameEn: 'Housing' },
	{ code: 'DD', nameVi: 'Đất đai', nameEn: 'Land' },
	{ code: 'MT', nameVi: 'Môi trường', nameEn: 'Environment' },
	{
		code: 'DN',
		nameVi: 'Thành lập và hoạt động của doanh nghiệp',
		nameEn: 'Enterprise registration'
	},
	{ code: 'DT', nameVi: 'Đầu tư tại Việt Nam', nameEn: 'Investment' },
	{
		code: 'HKD',
		nameVi: 'Thành lập và hoạt động của hộ kinh doanh',
		nameEn: 'Household business registration'
	},
	{ code: 'LD', nameVi: 'Lao động – Việc làm', nameEn: 'Labour and employment' },
	{ code: 'NCC', nameVi: 'Người có công', nameEn: 'People with meritorious services' },
	{ code: 'BTXH', nameVi: 'Bảo trợ xã hội', nameEn: 'Social protection' },
	{ code: 'XNC', nameVi: 'Quản lý xuất nhập cảnh', nameEn: 'Exit and entry' }
];

export type ProcedureLevel = 'province' | 'commune';

export interface ProcedureSpec {
	nameVi: string;
	nameEn: string;
	field: FieldCode;
	level: ProcedureLevel;
	days: number;
	mode: ProcedureMode;
	onlineLevel: 0 | 1 | 2;
	/** Relative demand at a counter serving the field. */
	weight: number;
}

const p = (
	field: FieldCode,
	level: ProcedureLevel,
	days: number,
	mode: ProcedureMode,
	onlineLevel: 0 | 1 | 2,
	weight: number,
	nameVi: string,
	nameEn: string
): ProcedureSpec => ({ field, level, days, mode, onlineLevel, weight, nameVi, nameEn });

export const PROCEDURES: ProcedureSpec[] = [
	p('HT', 'commune', 0, 'one_stop', 2, 10, 'Đăng ký khai sinh', 'Birth registration'),
	p('HT', 'commune', 0, 'one_stop', 1, 4, 'Đăng ký kết hôn', 'Marriage registration'),
	p('HT', 'commune', 0, 'one_stop', 2, 3, 'Đăng ký khai tử', 'Death registration'),
	p(
		'HT',
		'commune',
		0,
		'one_stop',
		2,
		8,
		'Cấp bản sao trích lục hộ tịch',
		'Copy of a civil status extract'
	),
	p(
		'HT',
		'commune',
		3,
		'one_stop',
		1,
		3,
		'Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch',
		'Change or correction of civil status details'
	),
	p(
		'HT',
		'commune',
		3,
		'one_stop',
		2,
		5,
		'Cấp Giấy xác nhận tình trạng hôn nhân',
		'Certificate of marital status'
	),
	p(
		'HT',
		'commune',
		3,
		'inter_linked',
		2,
		4,
		'Liên thông đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi',
		'Linked birth, residence and child health-insurance registration'
	),
	p(
		'HT',
		'commune',
		5,
		'inter_linked',
		1,
		1,
		'Liên thông đăng ký khai tử, xóa đăng ký thường trú, hưởng chế độ tử tuất',
		'Linked death registration, residence removal and survivor allowance'
	),
	p(
		'HT',
		'province',
		10,
		'one_stop',
		1,
		2,
		'Đăng ký kết hôn có yếu tố nước ngoài',
		'Marriage registration involving a foreigner'
	),
	p(
		'HT',
		'province',
		5,
		'one_stop',
		1,
		1,
		'Ghi vào Sổ hộ tịch việc hộ tịch của công dân Việt Nam đã được giải quyết tại cơ quan có thẩm quyền của nước ngoài',
		'Recording a civil status event registered abroad'
	),
	p(
		'CT',
		'commune',
		0,
		'one_stop',
		1,
		14,
		'Chứng thực bản sao từ bản chính giấy tờ, văn bản',
		'Certified copy from an original'
	),
	p(
		'CT',
		'commune',
		0,
		'one_stop',
		0,
		8,
		'Chứng thực chữ ký trong các giấy tờ, văn bản',
		'Signature authentication'
	),
	p(
		'CT',
		'commune',
		2,
		'one_stop',
		0,
		3,
		'Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản',
		'Authentication of a contract on movable property'
	),
	p(
		'CT',
		'commune',
		2,
		'one_stop',
		0,
		1,
		'Chứng thực việc sửa đổi, bổ sung, hủy bỏ hợp đồng, giao dịch',
		'Authentication of an amended or cancelled contract'
	),
	p(
		'LLTP',
		'province',
		10,
		'one_stop',
		2,
		8,
		'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam',
		'Judicial record certificate'
	),
	p(
		'XD',
		'commune',
		15,
		'one_stop',
		1,
		4,
		'Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ',
		'Building permit for a private house'
	),
	p(
		'XD',
		'province',
		20,
		'one_stop',
		1,
		3,
		'Cấp giấy phép xây dựng mới đối với công trình cấp đặc biệt, cấp I, cấp II',
		'Building permit for a class I or II structure'
	),
	p(
		'XD',
		'province',
		20,
		'one_stop',
		1,
		2,
		'Điều chỉnh giấy phép xây dựng',
		'Amendment of a building permit'
	),
	p(
		'XD',
		'province',
		25,
		'one_stop',
		1,
		2,
		'Thẩm định Báo cáo nghiên cứu khả thi đầu tư xây dựng',
		'Appraisal of a construction feasibility study'
	),
	p(
		'NO',
		'province',
		15,
		'one_stop',
		1,
		2,
		'Thông báo nhà ở hình thành trong tương lai đủ điều kiện được bán, cho thuê mua',
		'Notice that off-plan housing may be sold'
	),
	p(
		'DD',
		'commune',
		10,
		'inter_linked',
		1,
		6,
		'Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất',
		'Registration of a change in land-use rights'
	),
	p(
		'DD',
		'commune',
		20,
		'inter_linked',
		1,
		3,
		'Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận lần đầu',
		'First land registration and certificate'
	),
	p(
		'DD',
		'commune',
		15,
		'one_stop',
		1,
		2,
		'Tách thửa hoặc hợp thửa đất',
		'Land parcel split or merger'
	),
	p(
		'DD',
		'province',
		7,
		'one_stop',
		1,
		5,
		'Cấp đổi Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất',
		'Replacement of a land-use right certificate'
	),
	p(
		'DD',
		'province',
		1,
		'one_stop',
		2,
		6,
		'Đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất',
		'Registration of a land mortgage'
	),
	p(
		'DD',
		'province',
		20,
		'inter_linked',
		1,
		1,
		'Giao đất, cho thuê đất đối với tổ chức',
		'Land allocation or lease to an organisation'
	),
	p('MT', 'province', 30, 'one_stop', 1, 1, 'Cấp giấy phép môi trường', 'Environmental permit'),
	p('MT', 'province', 10, 'one_stop', 2, 2, 'Đăng ký môi trường', 'Environmental registration'),
	p(
		'DN',
		'province',
		3,
		'one_stop',
		2,
		6,
		'Đăng ký thành lập doanh nghiệp tư nhân',
		'Registration of a sole proprietorship'
	),
	p(
		'DN',
		'province',
		3,
		'one_stop',
		2,
		5,
		'Đăng ký thành lập công ty trách nhiệm hữu hạn hai thành viên trở lên',
		'Registration of a multi-member limited company'
	),
	p(
		'DN',
		'province',
		3,
		'one_stop',
		2,
		6,
		'Đăng ký thay đổi nội dung đăng ký doanh nghiệp',
		'Change of enterprise registration details'
	),
	p(
		'DN',
		'province',
		3,
		'one_stop',
		2,
		2,
		'Thông báo tạm ngừng kinh doanh',
		'Notice of business suspension'
	),
	p(
		'DT',
		'province',
		35,
		'inter_linked',
		1,
		1,
		'Chấp thuận chủ trương đầu tư của Ủy ban nhân dân cấp tỉnh',
		'Provincial approval of an investment policy'
	),
	p(
		'DT',
		'province',
		15,
		'one_stop',
		1,
		2,
		'Cấp Giấy chứng nhận đăng ký đầu tư',
		'Investment registration certificate'
	),
	p(
		'HKD',
		'commune',
		3,
		'one_stop',
		2,
		5,
		'Đăng ký thành lập hộ kinh doanh',
		'Registration of a household business'
	),
	p(
		'HKD',
		'commune',
		3,
		'one_stop',
		2,
		3,
		'Đăng ký thay đổi nội dung đăng ký hộ kinh doanh',
		'Change of household business details'
	),
	p(
		'HKD',
		'commune',
		3,
		'one_stop',
		2,
		1,
		'Chấm dứt hoạt động hộ kinh doanh',
		'Closure of a household business'
	),
	p(
		'LD',
		'province',
		5,
		'one_stop',
		2,
		4,
		'Cấp giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam',
		'Work permit for a foreign worker'
	),
	p(
		'LD',
		'province',
		20,
		'one_stop',
		1,
		5,
		'Giải quyết hưởng trợ cấp thất nghiệp',
		'Unemployment benefit'
	),
	p(
		'NCC',
		'province',
		12,
		'inter_linked',
		0,
		2,
		'Giải quyết chế độ trợ cấp ưu đãi đối với thân nhân liệt sĩ',
		"Allowance for a martyr's relatives"
	),
	p(
		'BTXH',
		'commune',
		10,
		'one_stop',
		1,
		3,
		'Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hằng tháng',
		'Monthly social allowance'
	),
	p(
		'BTXH',
		'commune',
		3,
		'one_stop',
		1,
		1,
		'Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội',
		'Funeral support for a social protection beneficiary'
	),
	p(
		'XNC',
		'province',
		8,
		'one_stop',
		2,
		8,
		'Cấp hộ chiếu phổ thông ở trong nước',
		'Ordinary passport issued in Vietnam'
	),
	p(
		'XNC',
		'province',
		5,
		'one_stop',
		2,
		2,
		'Cấp thẻ tạm trú cho người nước ngoài tại Việt Nam',
		'Temporary residence card for a foreigner'
	),
	p(
		'XNC',
		'province',
		5,
		'one_stop',
		2,
		2,
		'Gia hạn tạm trú cho người nước ngoài tại Việt Nam',
		'Extension of temporary stay for a foreigner'
	)
];

export type UnitKind = 'department' | 'commune';

export interface UnitSpec {
	code: string;
	nameVi: string;
	nameEn: string;
	kind: UnitKind;
	/** Short form used in dossier codes and document numbers. */
	abbr: string;
	/** Field sets of its counters at the default size; cycled when scaled up, merged when down. */
	counters: FieldCode[][];
	/** Share of dossiers finished late (land and construction run later). */
	lateRate: number;
}

/**
 * The province's departments as organised since 1 March 2025 (LEGAL_SOURCES.nd45Departments):
 * business registration and investment under Sở Tài chính (Sở Kế hoạch và Đầu tư merged into it),
 * land and environment under Sở Nông nghiệp và Môi trường (Sở Tài nguyên và Môi trường merged
 * with Sở Nông nghiệp và Phát triển nông thôn), labour and people with meritorious service under
 * Sở Nội vụ (Sở Lao động – Thương binh và Xã hội dissolved), construction and transport under
 * Sở Xây dựng (Sở Giao thông vận tải merged into it). No department abolished that day appears.
 */
export const DEPARTMENTS: UnitSpec[] = [
	{
		code: 'KH-STP',
		abbr: 'STP',
		kind: 'department',
		nameVi: 'Sở Tư pháp',
		nameEn: 'Department of Justice',
		counters: [['LLTP'], ['HT', 'LLTP']],
		lateRate: 0.032
	},
	{
		code: 'KH-SXD',
		abbr: 'SXD',
		kind: 'department',
		nameVi: 'Sở Xây dựng',
		nameEn: 'Department of Construction',
		counters: [['XD'], ['XD', 'NO']],
		lateRate: 0.056
	},
	{
		code: 'KH-SNNMT',
		abbr: 'SNNMT',
		kind: 'department',
		nameVi: 'Sở Nông nghiệp và Môi trường',
		nameEn: 'Department of Agriculture and Environment',
		counters: [['DD'], ['DD'], ['MT', 'DD']],
		lateRate: 0.064
	},
	{
		code: 'KH-STC',
		abbr: 'STC',
		kind: 'department',
		nameVi: 'Sở Tài chính',
		nameEn: 'Department of Finance',
		counters: [['DN'], ['DN', 'DT']],
		lateRate: 0.024
	},
	{
		code: 'KH-SNV',
		abbr: 'SNV',
		kind: 'department',
		nameVi: 'Sở Nội vụ',
		nameEn: 'Department of Home Affairs',
		counters: [['LD'], ['NCC', 'LD']],
		lateRate: 0.04
	},
	{
		code: 'KH-CAT',
		abbr: 'CAT',
		kind: 'department',
		nameVi: 'Công an tỉnh',
		nameEn: 'Provincial Police',
		counters: [['XNC'], ['XNC']],
		lateRate: 0.024
	}
];

const COMMUNE_COUNTERS: FieldCode[][] = [
	['HT', 'CT', 'BTXH'],
	['DD', 'XD', 'HKD']
];

export const COMMUNES: UnitSpec[] = [
	{
		code: 'KH-PNT',
		abbr: 'PNT',
		kind: 'commune',
		nameVi: 'Phường Nha Trang',
		nameEn: 'Nha Trang Ward',
		counters: COMMUNE_COUNTERS,
		lateRate: 0.04
	},
	{
		code: 'KH-PBNT',
		abbr: 'PBNT',
		kind: 'commune',
		nameVi: 'Phường Bắc Nha Trang',
		nameEn: 'Bắc Nha Trang Ward',
		counters: COMMUNE_COUNTERS,
		lateRate: 0.032
	},
	{
		code: 'KH-PCR',
		abbr: 'PCR',
		kind: 'commune',
		nameVi: 'Phường Cam Ranh',
		nameEn: 'Cam Ranh Ward',
		counters: COMMUNE_COUNTERS,
		lateRate: 0.048
	},
	{
		code: 'KH-PNH',
		abbr: 'PNH',
		kind: 'commune',
		nameVi: 'Phường Ninh Hòa',
		nameEn: 'Ninh Hòa Ward',
		counters: COMMUNE_COUNTERS,
		lateRate: 0.04
	},
	{
		code: 'KH-XDK',
		abbr: 'XDK',
		kind: 'commune',
		nameVi: 'Xã Diên Khánh',
		nameEn: 'Diên Khánh Commune',
		counters: COMMUNE_COUNTERS,
		lateRate: 0.048
	},
	{
		code: 'KH-XVN',
		abbr: 'XVN',
		kind: 'commune',
		nameVi: 'Xã Vạn Ninh',
		nameEn: 'Vạn Ninh Commune',
		counters: COMMUNE_COUNTERS,
		lateRate: 0.032
	}
];

/** The district level abolished on 1 July 2025, kept for history: its communes merged into Xã Diên Khánh. */
export const HISTORICAL_DISTRICT = {
	code: 'KH-HDK',
	nameVi: 'Huyện Diên Khánh',
	nameEn: 'Diên Khánh District',
	dissolvedDay: '2025-07-01',
	communes: [
		{ code: 'KH-XDA', nameVi: 'Xã Diên An', nameEn: 'Diên An Commune' },
		{ code: 'KH-XDP', nameVi: 'Xã Diên Phú', nameEn: 'Diên Phú Commune' }
	],
	/** The post-2025 commune that took over their staff. */
	successorCode: 'KH-XDK'
} as const;
