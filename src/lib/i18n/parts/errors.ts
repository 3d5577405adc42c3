/** The root error page's few strings: kept apart so every page's start-up stays small. */
export const vi = {
	'errorPage.title': 'Có lỗi xảy ra',
	'errorPage.notFound': 'Không tìm thấy trang này.',
	'errorPage.forbidden': 'Bạn không có quyền xem trang này.',
	'errorPage.id': 'Mã lỗi để báo cho quản trị viên: {id}',
	'errorPage.back': 'Về trang đầu'
} as const;

export const en: Record<keyof typeof vi, string> = {
	'errorPage.title': 'Something went wrong',
	'errorPage.notFound': 'This page does not exist.',
	'errorPage.forbidden': 'You may not see this page.',
	'errorPage.id': 'Error id to give your administrator: {id}',
	'errorPage.back': 'Back to the start page'
};
