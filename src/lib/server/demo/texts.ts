/** Vietnamese names and wording for the demo data (all NFC, with diacritics). */
import type { ReasonCode } from '../db/schema';
import type { Random } from './random';
import type { UnitKind } from './catalogue';

const SURNAMES = [
	'Nguyễn',
	'Trần',
	'Lê',
	'Phạm',
	'Hoàng',
	'Huỳnh',
	'Phan',
	'Vũ',
	'Võ',
	'Đặng',
	'Bùi',
	'Đỗ',
	'Hồ',
	'Ngô',
	'Dương',
	'Lý',
	'Trương',
	'Đinh',
	'Lâm',
	'Mai'
];
/** Roughly the national frequency of the surnames above, in percent. */
const SURNAME_WEIGHTS = [38, 11, 9.5, 7, 5, 4, 4, 4, 4, 2, 2, 2, 1.5, 1.5, 1, 0.5, 1, 1, 0.5, 0.5];
const MALE_MIDDLE = [
	'Văn',
	'Hữu',
	'Đức',
	'Minh',
	'Quốc',
	'Thành',
	'Công',
	'Đình',
	'Xuân',
	'Ngọc',
	'Anh',
	'Trọng'
];
const FEMALE_MIDDLE = [
	'Thị',
	'Thị',
	'Thị',
	'Ngọc',
	'Thu',
	'Thanh',
	'Kim',
	'Mỹ',
	'Bảo',
	'Phương',
	'Hồng',
	'Thùy'
];
const SECOND_MIDDLE = [
	'Thu',
	'Ngọc',
	'Thanh',
	'Minh',
	'Hoài',
	'Bích',
	'Kim',
	'Diệu',
	'Quỳnh',
	'Hải'
];
const FEMALE_GIVEN = [
	'Hà',
	'Lan',
	'Hương',
	'Trang',
	'Linh',
	'Huyền',
	'Ngọc',
	'Thảo',
	'Nhung',
	'Hạnh',
	'Yến',
	'Phương',
	'Anh',
	'Vy',
	'Oanh',
	'Tuyết',
	'Hằng',
	'Quyên',
	'My',
	'Diễm',
	'Nga',
	'Loan'
];
const MALE_GIVEN = [
	'Hùng',
	'Dũng',
	'Tuấn',
	'Minh',
	'Nam',
	'Long',
	'Phong',
	'Hải',
	'Quang',
	'Thắng',
	'Khoa',
	'Bình',
	'Sơn',
	'Trung',
	'Hiếu',
	'Đạt',
	'Tâm',
	'Vinh',
	'Toàn',
	'Lộc',
	'Phúc',
	'Cường'
];

/** A full name such as "Nguyễn Thị Thu Hà"; `taken` keeps names unique within the demo. */
export function vietnameseName(rng: Random, taken: Set<string>): string {
	for (;;) {
		const female = rng.chance(0.55);
		const surname = rng.weighted(SURNAMES, SURNAME_WEIGHTS);
		const middle = rng.pick(female ? FEMALE_MIDDLE : MALE_MIDDLE);
		const second = rng.chance(0.35) ? ' ' + rng.pick(SECOND_MIDDLE) : '';
		const given = rng.pick(female ? FEMALE_GIVEN : MALE_GIVEN);
		const name = `${surname} ${middle}${second} ${given}`;
		if (second.trim() !== given && !taken.has(name)) {
			taken.add(name);
			return name;
		}
	}
}

const POSITIONS: Record<UnitKind, { vi: string; en: string }[]> = {
	department: [
		{ vi: 'Chuyên viên', en: 'Specialist' },
		{ vi: 'Chuyên viên chính', en: 'Senior specialist' },
		{ vi: 'Chuyên viên tiếp nhận và trả kết quả', en: 'Receiving and returning specialist' },
		{ vi: 'Phó Trưởng phòng', en: 'Deputy head of division' }
	],
	commune: [
		{ vi: 'Công chức Tư pháp – Hộ tịch', en: 'Justice and civil status officer' },
		{ vi: 'Công chức Văn phòng – Thống kê', en: 'Office and statistics officer' },
		{ vi: 'Công chức Địa chính – Xây dựng', en: 'Land and construction officer' },
		{ vi: 'Công chức Văn hóa – Xã hội', en: 'Culture and social affairs officer' }
	]
};

export function position(rng: Random, kind: UnitKind): { vi: string; en: string } {
	return rng.pick(POSITIONS[kind]);
}

export const REASON_WEIGHTS: Record<ReasonCode, number> = {
	waiting_time: 30,
	unclear_guidance: 25,
	attitude: 20,
	extra_papers: 12,
	harassment: 5,
	other: 8
};

export const COMMENTS: Record<ReasonCode, string[]> = {
	waiting_time: [
		'Chờ quá lâu mới được tiếp nhận.',
		'Phải chờ gần một tiếng đồng hồ.',
		'Người chờ đông nhưng chỉ có một quầy làm việc.'
	],
	unclear_guidance: [
		'Hướng dẫn không rõ ràng, phải bổ sung hồ sơ nhiều lần.',
		'Cán bộ không giải thích rõ thành phần hồ sơ.',
		'Không được hướng dẫn cách nộp hồ sơ trực tuyến.'
	],
	attitude: [
		'Thái độ cán bộ chưa niềm nở.',
		'Cán bộ trả lời cộc lốc, thiếu tôn trọng người dân.',
		'Cán bộ vừa làm việc vừa dùng điện thoại.'
	],
	extra_papers: [
		'Yêu cầu nộp thêm bản sao giấy tờ không có trong quy định.',
		'Bắt phô tô công chứng giấy tờ đã có trên hệ thống.',
		'Yêu cầu xác nhận của tổ dân phố dù thủ tục không cần.'
	],
	harassment: [
		'Cán bộ gợi ý nộp thêm tiền để làm nhanh.',
		'Bị hẹn đi hẹn lại nhiều lần không rõ lý do.',
		'Được giới thiệu dịch vụ bên ngoài để làm hồ sơ nhanh hơn.'
	],
	other: ['Máy lấy số thứ tự bị hỏng.', 'Không có chỗ để xe.', 'Phòng chờ nóng, thiếu ghế ngồi.']
};

export const LATE_EXPLANATIONS = [
	'Hồ sơ trễ hạn do phải xác minh thông tin với cơ quan liên quan.',
	'Cơ quan phối hợp chậm gửi ý kiến, dẫn đến trễ hạn.',
	'Phải đo đạc, kiểm tra thực địa bổ sung.',
	'Hệ thống phần mềm liên thông gặp sự cố trong thời gian xử lý.'
];

export const APOLOGY_NOTE = 'Phiếu xin lỗi và hẹn lại ngày trả kết quả gửi người dân.';

export const COMPLAINT_NOTES = {
	assigned: 'Giao thanh tra xác minh nội dung phản ánh.',
	investigating: 'Đang làm việc với đơn vị và công chức liên quan.',
	callBack: 'Đã gọi lại cho công dân, ghi nhận thêm thông tin.',
	upheld: 'Phản ánh đúng; đã kiểm điểm công chức và chấn chỉnh tại bộ phận một cửa.',
	partly_upheld: 'Phản ánh đúng một phần; đã nhắc nhở công chức.',
	not_upheld: 'Phản ánh không có cơ sở; đã giải thích cho công dân.',
	rejected: 'Không đủ thông tin để xác minh; đã thông báo cho công dân.'
} as const;
