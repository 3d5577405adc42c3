import { locale } from '$lib/i18n/t';

/**
 * The boxes page's strings, Vietnamese first. Temporary home: they move into the catalogue
 * (src/lib/i18n/vi.ts, en.ts) under the same keys.
 */
export const boxMessages = {
	vi: {
		'admin.tab.boxes': 'Hộp nút bấm',
		'admin.boxes.title': 'Hộp nút bấm đánh giá',
		'admin.boxes.help': 'Trạng thái cập nhật mỗi 5 giây. Hộp mất kết nối khi quá 10 giây (hai nhịp tim) không nhận được khung hợp lệ.',
		'admin.boxes.none': 'Chưa có hộp nút bấm nào. Cắm hộp vào máy chủ (SERIAL_PORTS) hoặc vào máy tính chạy cầu nối; hộp tự đăng ký khi kết nối.',
		'admin.boxes.col.box': 'Hộp',
		'admin.boxes.col.state': 'Trạng thái',
		'admin.boxes.col.counter': 'Quầy',
		'admin.boxes.col.lastSeen': 'Lần cuối liên lạc',
		'admin.boxes.col.firmware': 'Phần mềm / lần khởi động',
		'admin.boxes.col.today': 'Lượt bấm hôm nay (được tính)',
		'admin.boxes.col.badFrames': 'Khung lỗi',
		'admin.boxes.col.pending': 'Đang chờ xác nhận',
		'admin.boxes.col.port': 'Cổng',
		'admin.boxes.online': 'Đang kết nối',
		'admin.boxes.offline': 'Mất kết nối',
		'admin.boxes.unassigned': 'Chưa gán quầy: lượt bấm được lưu nhưng không tính',
		'admin.boxes.bind': 'Gán',
		'admin.boxes.unbind': 'Bỏ gán',
		'admin.boxes.chooseCounter': 'Chọn quầy',
		'admin.boxes.bound': 'Đã gán hộp {uid} cho quầy. Lượt bấm trước đó vẫn không được tính.',
		'admin.boxes.unbound': 'Đã bỏ gán hộp {uid}.',
		'admin.boxes.never': 'chưa bao giờ',
		'admin.boxes.buttons': '{n} nút',
		'admin.boxes.viaBridge': 'qua cầu nối {name}',
		'admin.boxes.server': 'máy chủ',
		'admin.boxes.ports.title': 'Cổng chưa nhận ra hộp',
		'admin.boxes.ports.help': 'Cổng nhận được dữ liệu nhưng chưa có lời chào (HELLO) hợp lệ: thường do sai tốc độ baud hoặc dây hỏng.',
		'admin.boxes.ports.frames': '{bad} khung lỗi, {ok} khung hợp lệ',
		'admin.boxes.bridges.title': 'Cầu nối (máy tính tại quầy)',
		'admin.boxes.bridges.help': 'Cầu nối đọc hộp nút bấm cắm vào máy tính tại quầy và gửi lượt bấm về máy chủ: npm run bridge -- --port /dev/ttyUSB0 --server {origin} --token <mã>',
		'admin.boxes.bridges.name': 'Tên cầu nối',
		'admin.boxes.bridges.create': 'Tạo mã cầu nối',
		'admin.boxes.bridges.token': 'Mã cầu nối (chỉ hiện một lần, hãy sao chép ngay): {token}',
		'admin.boxes.bridges.none': 'Chưa có cầu nối nào.',
		'admin.boxes.bridges.lastUsed': 'Dùng lần cuối',
		'admin.boxes.bridges.revoke': 'Thu hồi',
		'admin.boxes.bridges.revoked': 'Đã thu hồi',
		'admin.boxes.bridges.revokedDone': 'Đã thu hồi mã cầu nối; cầu nối không gửi được lượt bấm nữa.',
		'admin.boxes.badRequest': 'Yêu cầu không hợp lệ.'
	},
	en: {
		'admin.tab.boxes': 'Button boxes',
		'admin.boxes.title': 'Rating button boxes',
		'admin.boxes.help': 'Status refreshes every 5 seconds. A box is offline after 10 seconds (two heartbeats) without a valid frame.',
		'admin.boxes.none': 'No button box yet. Plug a box into the server (SERIAL_PORTS) or into a PC running the bridge; boxes register themselves when they connect.',
		'admin.boxes.col.box': 'Box',
		'admin.boxes.col.state': 'State',
		'admin.boxes.col.counter': 'Counter',
		'admin.boxes.col.lastSeen': 'Last seen',
		'admin.boxes.col.firmware': 'Firmware / boot',
		'admin.boxes.col.today': 'Presses today (counted)',
		'admin.boxes.col.badFrames': 'Bad frames',
		'admin.boxes.col.pending': 'Awaiting ACK',
		'admin.boxes.col.port': 'Port',
		'admin.boxes.online': 'Online',
		'admin.boxes.offline': 'Offline',
		'admin.boxes.unassigned': 'No counter: presses are stored but not counted',
		'admin.boxes.bind': 'Assign',
		'admin.boxes.unbind': 'Unassign',
		'admin.boxes.chooseCounter': 'Choose a counter',
		'admin.boxes.bound': 'Box {uid} assigned to the counter. Earlier presses stay uncounted.',
		'admin.boxes.unbound': 'Box {uid} unassigned.',
		'admin.boxes.never': 'never',
		'admin.boxes.buttons': '{n} buttons',
		'admin.boxes.viaBridge': 'via bridge {name}',
		'admin.boxes.server': 'server',
		'admin.boxes.ports.title': 'Ports without an identified box',
		'admin.boxes.ports.help': 'These ports receive data but no valid HELLO yet: usually a wrong baud rate or a bad cable.',
		'admin.boxes.ports.frames': '{bad} bad frames, {ok} valid frames',
		'admin.boxes.bridges.title': 'Bridges (counter PCs)',
		'admin.boxes.bridges.help': 'A bridge reads the boxes plugged into a counter PC and forwards presses to the server: npm run bridge -- --port /dev/ttyUSB0 --server {origin} --token <token>',
		'admin.boxes.bridges.name': 'Bridge name',
		'admin.boxes.bridges.create': 'Create a bridge token',
		'admin.boxes.bridges.token': 'Bridge token (shown once, copy it now): {token}',
		'admin.boxes.bridges.none': 'No bridge yet.',
		'admin.boxes.bridges.lastUsed': 'Last used',
		'admin.boxes.bridges.revoke': 'Revoke',
		'admin.boxes.bridges.revoked': 'Revoked',
		'admin.boxes.bridges.revokedDone': 'Bridge token revoked; that bridge can no longer post presses.',
		'admin.boxes.badRequest': 'Invalid request.'
	}
} as const;

export type BoxMessageKey = keyof (typeof boxMessages)['vi'];

export function boxText(lang: 'vi' | 'en', key: BoxMessageKey, params?: Record<string, string | number>): string {
	const text: string = boxMessages[lang][key] ?? boxMessages.vi[key];
	return params ? text.replace(/\{(\w+)\}/g, (_, n: string) => String(params[n] ?? `{${n}}`)) : text;
}

/** Component side: the reader's language from page data. */
export const m = (key: BoxMessageKey, params?: Record<string, string | number>) => boxText(locale(), key, params);
