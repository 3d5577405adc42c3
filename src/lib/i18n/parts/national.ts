/** The national dossier-sync shape and queue systems' calls: the API's per-field errors, the setting. */
export const vi = {
	'national.error.date': 'Ngày giờ dạng yyyyMMddHHmmss theo giờ Việt Nam, ví dụ 20260302081500.',
	'national.error.statusCode': 'Mã trạng thái từ 1 đến 10.',
	'national.error.channelCode':
		'Kênh thực hiện: 1 (trực tiếp), 2 (trực tuyến) hoặc 3 (bưu chính công ích).',
	'national.error.needsReceipt': 'Hồ sơ ở trạng thái {status} cần có ngày tiếp nhận.',
	'national.error.needsCompleted': 'Hồ sơ ở trạng thái {status} cần có ngày kết thúc xử lý.',
	'national.error.needsReturned': 'Hồ sơ ở trạng thái 10 cần có ngày trả kết quả.',
	'national.error.stepBeforeReceipt': 'Bước xử lý sớm hơn ngày tiếp nhận hồ sơ ({received}).',
	'national.error.unknownOfficer': 'Không có cán bộ có số hiệu hoặc tên đăng nhập “{value}”.',
	'national.error.ambiguousOfficer':
		'“{value}” vừa là số hiệu của một cán bộ vừa là tên đăng nhập của cán bộ khác; gửi số hiệu.',
	'national.error.unknownProcedure': 'Không có thủ tục mã “{value}” (mã ngắn hoặc mã đầy đủ).',
	'national.error.ambiguousProcedure': 'Mã ngắn “{value}” ứng với nhiều thủ tục; gửi mã đầy đủ.',
	'national.error.badBody':
		'Gửi một hồ sơ, một mảng hồ sơ, hoặc {"items": [...], "partial": true|false}.',
	'national.error.tooManyItems': 'Tối đa {max} hồ sơ mỗi lần gửi.',
	'national.error.notUtf8': 'Nội dung không phải UTF-8 hợp lệ.',
	'queue.error.noOfficer': 'Quầy “{value}” không có cán bộ nhận quầy lúc gọi số; gửi kèm officer.',
	'queue.error.needsProcedure': 'Cần mã thủ tục (procedureCode) khi không có mã hồ sơ.',
	'queue.error.unknownCall': 'Không có lượt gọi số “{value}” vào thời điểm đó tại quầy này.',
	'queue.error.doneBeforeCalled': 'Không được sớm hơn thời điểm gọi số.',
	'settings.national.title': 'Đồng bộ từ phần mềm một cửa',
	'settings.national.storeHolder': 'Lưu họ tên và số giấy tờ của chủ hồ sơ nhận được',
	'settings.national.storeHolderHint':
		'Tắt (mặc định): chỉ dùng mã hồ sơ, không lưu thông tin cá nhân. Số điện thoại của chủ hồ sơ không bao giờ được lưu từ dữ liệu đồng bộ vì không có sự đồng ý của Ông/Bà đó.',
	'admin.tab.holders': 'Chủ hồ sơ',
	'holders.help':
		'Họ tên và số giấy tờ của chủ hồ sơ nhận được từ phần mềm một cửa, chỉ được lưu khi bật “Lưu họ tên và số giấy tờ của chủ hồ sơ nhận được” (Cài đặt). Xoá theo yêu cầu của chủ hồ sơ; mỗi lần xoá được ghi vào nhật ký. Số giấy tờ chỉ hiện ba số cuối; số điện thoại không bao giờ được lưu.',
	'holders.code': 'Mã hồ sơ (hoặc phần đầu của mã)',
	'holders.search': 'Tìm',
	'holders.none': 'Không có dữ liệu chủ hồ sơ nào.',
	'holders.count': 'Hiển thị {shown} trên {total} hồ sơ.',
	'holders.col.code': 'Mã hồ sơ',
	'holders.col.unit': 'Đơn vị',
	'holders.col.name': 'Họ tên chủ hồ sơ',
	'holders.col.idNumber': 'Số giấy tờ',
	'holders.col.phone': 'Số điện thoại',
	'holders.col.updated': 'Cập nhật',
	'holders.phoneNeverKept': 'Không lưu',
	'holders.erase': 'Xoá',
	'holders.eraseFor': 'Xoá dữ liệu chủ hồ sơ {code}',
	'holders.erased': 'Đã xoá dữ liệu chủ hồ sơ {code}.',
	'holders.error.none': 'Không có dữ liệu chủ hồ sơ này (có thể đã được xoá).'
} as const;

export const en: Record<keyof typeof vi, string> = {
	'national.error.date': 'Date and time as yyyyMMddHHmmss, Vietnam time, e.g. 20260302081500.',
	'national.error.statusCode': 'A status code from 1 to 10.',
	'national.error.channelCode': 'Channel: 1 (in person), 2 (online) or 3 (public postal service).',
	'national.error.needsReceipt': 'A dossier at status {status} needs its reception date.',
	'national.error.needsCompleted': 'A dossier at status {status} needs its processing end date.',
	'national.error.needsReturned': 'A dossier at status 10 needs its return date.',
	'national.error.stepBeforeReceipt':
		'This step is earlier than the dossier’s reception ({received}).',
	'national.error.unknownOfficer': 'No officer with staff number or user name “{value}”.',
	'national.error.ambiguousOfficer':
		'“{value}” is one officer’s staff number and another officer’s user name; send the staff number.',
	'national.error.unknownProcedure': 'No procedure with code “{value}” (short or full code).',
	'national.error.ambiguousProcedure':
		'Short code “{value}” matches several procedures; send the full code.',
	'national.error.badBody':
		'Send one dossier, an array of dossiers, or {"items": [...], "partial": true|false}.',
	'national.error.tooManyItems': 'At most {max} dossiers per request.',
	'national.error.notUtf8': 'The body is not valid UTF-8.',
	'queue.error.noOfficer':
		'Counter “{value}” had no officer signed in at the call time; send officer.',
	'queue.error.needsProcedure':
		'A procedure code (procedureCode) is needed when no dossier code is sent.',
	'queue.error.unknownCall': 'No call of ticket “{value}” at that time at this counter.',
	'queue.error.doneBeforeCalled': 'Must not be earlier than the call time.',
	'settings.national.title': 'Sync from the one-stop software',
	'settings.national.storeHolder': 'Keep the applicant’s name and ID number received',
	'settings.national.storeHolderHint':
		'Off (default): only the dossier code is used, no personal data is kept. The applicant’s phone is never kept from a sync, since the payload carries no consent of theirs.',
	'admin.tab.holders': 'Dossier holders',
	'holders.help':
		'The applicant’s name and ID number received from the one-stop software, kept only while “Keep the applicant’s name and ID number received” is on (Settings). Erase them when the applicant asks; each erasure is written to the audit log. ID numbers show their last three digits only; phone numbers are never kept.',
	'holders.code': 'Dossier code (or its beginning)',
	'holders.search': 'Search',
	'holders.none': 'No holder data.',
	'holders.count': 'Showing {shown} of {total} dossiers.',
	'holders.col.code': 'Dossier code',
	'holders.col.unit': 'Unit',
	'holders.col.name': 'Holder’s name',
	'holders.col.idNumber': 'ID number',
	'holders.col.phone': 'Phone',
	'holders.col.updated': 'Updated',
	'holders.phoneNeverKept': 'Not kept',
	'holders.erase': 'Erase',
	'holders.eraseFor': 'Erase the holder data of {code}',
	'holders.erased': 'Holder data of {code} erased.',
	'holders.error.none': 'No holder data for this dossier (it may have been erased already).'
};
