import { z } from 'zod';
import { acceptedRangeParams, isAcceptedInstant } from '../calendar/accepted';
import type { DossierChannel, DossierStatus } from '../db/schema';
import { problem, type FieldProblem } from '../dossiers/errors';
import { DOSSIER_CODE, addProblem, instantFromParts, optional, required, text, type Parser } from '../dossiers/schema';
import { VIETNAM_UTC_OFFSET_MINUTES, VIETNAM_UTC_OFFSET_MS } from '../rules';

/**
 * The dossier-sync shape every provincial one-stop system already pushes to the national public
 * service portal (Cổng Dịch vụ công quốc gia), read field by field, and its mapping onto our own
 * dossier record (dossiers/schema.ts), so the one upsert (dossiers/upsert.ts) writes it.
 * Pure: the references (units, procedures, officers) are resolved by sync.ts.
 */

/** National status codes (TrangThaiHoSo, and TrangThai of a processing step). */
export const NATIONAL_STATUSES = {
	1: 'Mới đăng ký',
	2: 'Đã tiếp nhận',
	3: 'Không tiếp nhận',
	4: 'Đang xử lý',
	5: 'Yêu cầu bổ sung',
	6: 'Thực hiện nghĩa vụ tài chính',
	7: 'Công dân rút hồ sơ',
	8: 'Dừng xử lý',
	9: 'Đã xử lý xong',
	10: 'Đã trả kết quả'
} as const;
export type NationalStatus = keyof typeof NATIONAL_STATUSES;

/**
 * Our status for each national one; null = not a dossier of ours yet (1: registered online and
 * not received, so nobody has served it and nothing can be rated).
 */
export const STATUS_MAP: Record<NationalStatus, DossierStatus | null> = {
	1: null,
	2: 'received',
	3: 'rejected',
	4: 'in_progress',
	5: 'in_progress',
	6: 'in_progress',
	7: 'withdrawn',
	8: 'rejected',
	9: 'ready',
	10: 'returned'
};

export const CHANNEL_MAP: Record<1 | 2 | 3, DossierChannel> = { 1: 'counter', 2: 'online', 3: 'postal' };

/** A processing step's TrangThai that makes it a counter stage: receiving the dossier, returning the result. */
export const RECEIVING_STEP: NationalStatus = 2;
export const RETURNING_STEP: NationalStatus = 10;

export const MAX_STEPS = 200;

const NATIONAL_DATE = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;

/** yyyyMMddHHmmss, Vietnam time, a real date: the instant, or undefined. */
export function parseNationalDate(v: unknown): Date | undefined {
	const m = typeof v === 'string' ? NATIONAL_DATE.exec(v) : null;
	if (!m) return undefined;
	const [, y, mo, d, h, mi, s] = m;
	return instantFromParts(+y, +mo, +d, +h, +mi, +s, 0, VIETNAM_UTC_OFFSET_MINUTES);
}

/** The instant back in the national shape (for messages and the OpenAPI examples). */
export function formatNationalDate(d: Date): string {
	const local = new Date(d.getTime() + VIETNAM_UTC_OFFSET_MS);
	const p = (n: number, w = 2) => String(n).padStart(w, '0');
	return `${p(local.getUTCFullYear(), 4)}${p(local.getUTCMonth() + 1)}${p(local.getUTCDate())}${p(local.getUTCHours())}${p(local.getUTCMinutes())}${p(local.getUTCSeconds())}`;
}

/** A national date within DATE_MIN_YEAR..DATE_MAX_YEAR (calendar/accepted.ts). */
function nationalDate(): z.ZodType<Date | undefined> {
	return z
		.unknown()
		.transform((value, ctx): Date | undefined => {
			if (value === undefined || value === null || value === '') return undefined;
			const date = parseNationalDate(value);
			if (!date) addProblem(ctx, 'national.error.date');
			else if (!isAcceptedInstant(date)) addProblem(ctx, 'input.dateRange', acceptedRangeParams());
			else return date;
			return z.NEVER;
		})
		.optional() as z.ZodType<Date | undefined>;
}

/** A code sent as a number or a string of digits (systems differ), within 1..max. */
const code =
	<T extends number>(max: number): Parser<T> =>
	(v) => {
		const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,2}$/.test(v.trim()) ? Number(v) : NaN;
		return Number.isInteger(n) && n >= 1 && n <= max ? (n as T) : undefined;
	};

const dossierCode: Parser<string> = (v) => (typeof v === 'string' && DOSSIER_CODE.test(v) ? v : undefined);
const STATUS_HINT = { values: '1–10' };

export const nationalStepSchema = z.object({
	NguoiXuLy: required(text(64), 'dossiers.error.invalid'),
	ChucDanh: optional(text(200), 'dossiers.error.invalid'),
	ThoiDiemXuLy: nationalDate(),
	PhongBanXuLy: optional(text(200), 'dossiers.error.invalid'),
	NoiDungXuLy: optional(text(2000), 'dossiers.error.invalid'),
	TrangThai: optional(code<NationalStatus>(10), 'national.error.statusCode', STATUS_HINT),
	NgayBatDau: nationalDate(),
	NgayKetThucTheoQuyDinh: nationalDate()
});

/**
 * One dossier in the national shape. Fields this product does not use (TenTTHC, MaLinhVuc,
 * TrichYeuHoSo, ChucDanh…) are checked for type and length only; fields outside the list are
 * ignored, since the payload is a copy of what the portal receives and may carry more.
 */
export const nationalItemSchema = z.object({
	MaHoSo: required(dossierCode, 'dossiers.error.codeFormat'),
	MaTTHC: required(text(64), 'dossiers.error.invalid'),
	TenTTHC: optional(text(1000), 'dossiers.error.invalid'),
	MaLinhVuc: optional(text(64), 'dossiers.error.invalid'),
	KenhThucHien: required(code<1 | 2 | 3>(3), 'national.error.channelCode'),
	ChuHoSo: optional(text(200), 'dossiers.error.invalid'),
	SoGiayToChuHoSo: optional(text(32), 'dossiers.error.invalid'),
	SoDienThoai: optional(text(32), 'dossiers.error.invalid'),
	TrichYeuHoSo: optional(text(4000), 'dossiers.error.invalid'),
	NgayNopHoSo: nationalDate(),
	NgayTiepNhan: nationalDate(),
	NgayHenTra: nationalDate(),
	NgayKetThucXuLy: nationalDate(),
	NgayTra: nationalDate(),
	TrangThaiHoSo: required(code<NationalStatus>(10), 'national.error.statusCode', STATUS_HINT),
	DonViXuLy: required(text(32), 'dossiers.error.invalid'),
	QuaTrinhXuLy: z.array(nationalStepSchema).max(MAX_STEPS).optional()
});

export type NationalItem = z.infer<typeof nationalItemSchema>;
export type NationalStep = z.infer<typeof nationalStepSchema>;

/** A receiving or returning step: an officer met the applicant at a counter then. */
export type CounterStep = { stepIndex: number; stage: 'receiving' | 'returning'; officer: string; at: Date };

/**
 * What an item means for us, field references still as the national system names them:
 * `skip` for a dossier not received yet (status 1), otherwise the dossier's state and its
 * counter steps. Problems name the national field (`QuaTrinhXuLy[2].ThoiDiemXuLy`).
 */
export type NationalMapping =
	| { kind: 'skip' }
	| {
			kind: 'dossier';
			status: DossierStatus;
			channel: DossierChannel;
			receivedAt: Date;
			dueAt?: Date;
			completedAt?: Date;
			returnedAt?: Date;
			steps: CounterStep[];
	  }
	| { kind: 'refused'; problems: FieldProblem[] };

export function mapNationalItem(item: NationalItem): NationalMapping {
	const status = STATUS_MAP[item.TrangThaiHoSo];
	if (status === null) return { kind: 'skip' };
	const problems: FieldProblem[] = [];
	const params = { status: item.TrangThaiHoSo };
	if (!item.NgayTiepNhan) problems.push(problem('NgayTiepNhan', 'national.error.needsReceipt', params));
	if ((item.TrangThaiHoSo === 9 || item.TrangThaiHoSo === 10) && !item.NgayKetThucXuLy) problems.push(problem('NgayKetThucXuLy', 'national.error.needsCompleted', params));
	if (item.TrangThaiHoSo === 10 && !item.NgayTra) problems.push(problem('NgayTra', 'national.error.needsReturned'));
	const received = item.NgayTiepNhan;
	const steps: CounterStep[] = [];
	(item.QuaTrinhXuLy ?? []).forEach((step, i) => {
		const at = step.ThoiDiemXuLy;
		if (!at) {
			problems.push(problem(`QuaTrinhXuLy[${i}].ThoiDiemXuLy`, 'dossiers.error.required'));
			return;
		}
		// Registering online (1) and refusing at the desk (3) happen before any receipt; every other step after it.
		const beforeReceiptAllowed = step.TrangThai === 1 || step.TrangThai === 3;
		if (received && !beforeReceiptAllowed && at < received) {
			problems.push(problem(`QuaTrinhXuLy[${i}].ThoiDiemXuLy`, 'national.error.stepBeforeReceipt', { received: formatNationalDate(received) }));
			return;
		}
		const stage = counterStage(step, at, item);
		if (stage) steps.push({ stepIndex: i, stage, officer: step.NguoiXuLy, at });
	});
	if (problems.length > 0 || !received) return { kind: 'refused', problems };
	return {
		kind: 'dossier',
		status,
		channel: CHANNEL_MAP[item.KenhThucHien],
		receivedAt: received,
		...(item.NgayHenTra ? { dueAt: item.NgayHenTra } : {}),
		...(item.NgayKetThucXuLy ? { completedAt: item.NgayKetThucXuLy } : {}),
		...(item.NgayTra ? { returnedAt: item.NgayTra } : {}),
		steps
	};
}

/**
 * A step is the receiving one when its TrangThai is 2 (received), the returning one when it is 10
 * (result returned); a step without a TrangThai is taken for one when it happened at the very
 * second of NgayTiepNhan or NgayTra. Any other step is back-office processing, not a counter visit.
 */
export function counterStage(step: NationalStep, at: Date, item: Pick<NationalItem, 'NgayTiepNhan' | 'NgayTra'>): CounterStep['stage'] | null {
	if (step.TrangThai === RECEIVING_STEP) return 'receiving';
	if (step.TrangThai === RETURNING_STEP) return 'returning';
	if (step.TrangThai !== undefined) return null;
	if (item.NgayTiepNhan && at.getTime() === item.NgayTiepNhan.getTime()) return 'receiving';
	if (item.NgayTra && at.getTime() === item.NgayTra.getTime()) return 'returning';
	return null;
}

/** Our upsert's field → the national field it came from, so an upsert problem names what was sent. */
export const NATIONAL_FIELD: Record<string, string> = {
	code: 'MaHoSo',
	unitCode: 'DonViXuLy',
	procedureCode: 'MaTTHC',
	channel: 'KenhThucHien',
	status: 'TrangThaiHoSo',
	receivedAt: 'NgayTiepNhan',
	dueAt: 'NgayHenTra',
	completedAt: 'NgayKetThucXuLy',
	returnedAt: 'NgayTra'
};
