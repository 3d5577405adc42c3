/** Input the server refuses before any capability sees it: dates out of range or impossible, bad characters, bodies that are not what the route reads; and the date fields' own words. */
export const vi = {
	'input.dateRange': 'Ngày phải trong khoảng {first} – {last}.',
	'input.dateImpossible': 'Không có ngày {value} trong lịch: hãy nhập một ngày có thật, dạng dd/mm/yyyy.',
	'input.datePicker': 'Chọn trên lịch',
	'input.unsafeText': 'Trường “{field}” có ký tự không được phép (NUL hoặc nửa cặp UTF-16).',
	'input.notAForm': 'Nội dung gửi lên không phải biểu mẫu (application/x-www-form-urlencoded hoặc multipart/form-data).',
	'input.badForm': 'Không đọc được biểu mẫu gửi lên.',
	'input.tooLarge': 'Nội dung gửi lên quá lớn.',
	'input.unsupportedType': 'Kiểu nội dung gửi lên không được hỗ trợ.',
	'input.notFound': 'Không tìm thấy.',
	'input.methodNotAllowed': 'Phương thức không được phép.',
	'input.badRequest': 'Yêu cầu không hợp lệ.'
} as const;

export const en: Record<keyof typeof vi, string> = {
	'input.dateRange': 'The date must be between {first} and {last}.',
	'input.dateImpossible': 'There is no day {value} in the calendar: enter a real date, as dd/mm/yyyy.',
	'input.datePicker': 'Pick from a calendar',
	'input.unsafeText': 'Field “{field}” holds a character that is not allowed (NUL or a lone UTF-16 surrogate).',
	'input.notAForm': 'The body is not a form (application/x-www-form-urlencoded or multipart/form-data).',
	'input.badForm': 'The form sent could not be read.',
	'input.tooLarge': 'The request body is too large.',
	'input.unsupportedType': 'The body’s content type is not supported.',
	'input.notFound': 'Not found.',
	'input.methodNotAllowed': 'Method not allowed.',
	'input.badRequest': 'Bad request.'
};
