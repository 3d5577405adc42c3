/**
 * Why a citizen was dissatisfied: the codes a rating and a complaint carry. Client-safe (the
 * kiosk offers them, the server stores them); the database schema re-exports them.
 */
export const REASON_CODES = [
	'attitude', // thái độ
	'waiting_time', // thời gian chờ
	'unclear_guidance', // hướng dẫn không rõ
	'extra_papers', // yêu cầu giấy tờ ngoài quy định
	'harassment', // gây phiền hà, sách nhiễu, đòi tiền
	'other'
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];
