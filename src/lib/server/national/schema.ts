import { z } from 'zod';
import { acceptedRangeParams, isAcceptedInstant } from '../calendar/accepted';
import type { DossierChannel, DossierStatus } from '../db/schema';
import { problem, type FieldProblem } from '../dossiers/errors';
import { accepting, addProblem, described, dossierCode, instantFromParts, optional, required, text, type Parser } from '../dossiers/schema';
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

/**
 * A national date within DATE_MIN_YEAR..DATE_MAX_YEAR (calendar/accepted.ts); absent, null or ''
 * is not given. A `required` one is refused when missing by mapNationalItem, which names its step.
 */
function nationalDate(description: string, { required = false } = {}): z.ZodType<Date | undefined> {
	const field = z.unknown().transform((value, ctx): Date | undefined => {
		if (value === undefined || value === null || value === '') return undefined;
		const date = parseNationalDate(value);
		if (!date) addProblem(ctx, 'national.error.date');
		else if (!isAcceptedInstant(date)) addProblem(ctx, 'input.dateRange', acceptedRangeParams());
		else return date;
		return z.NEVER;
	});
	const accepts = {
		type: required ? 'string' : ['string', 'null'],
		pattern: NATIONAL_DATE.source,
		description: `${description} yyyyMMddHHmmss, Vietnam time (UTC+7); a real date within the deployment's DATE_MIN_YEAR–DATE_MAX_YEAR.`
	};
	return required ? described(field, accepts) : (described(field, accepts).optional() as z.ZodType<Date | undefined>);
}

/** A code sent as a number or a string of digits (systems differ), within 1..max. */
const code = <T extends number>(max: number): Parser<T> =>
	accepting({ type: ['integer', 'string'], minimum: 1, maximum: max }, (v) => {
		const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,2}$/.test(v.trim()) ? Number(v) : NaN;
		return Number.isInteger(n) && n >= 1 && n <= max ? (n as T) : undefined;
	});
const codeText = (description: string) => `${description} A number, or a string of digits.`;

const STATUS_HINT = { values: '1–10' };
const statusTable = Object.entries(NATIONAL_STATUSES)
	.map(([n, name]) => `${n} ${name} → ${STATUS_MAP[Number(n) as NationalStatus] ?? 'not stored (skipped)'}`)
	.join('; ');

export const nationalStepSchema = z
	.object({
		NguoiXuLy: required(text(64), 'dossiers.error.invalid').describe(
			'On receiving and returning steps: the officer’s staff number, or the user name of their account in this app; anything else (a full name…) is refused, never guessed. Free text on other steps.'
		),
		ChucDanh: optional(text(200), 'dossiers.error.invalid').describe('Position; not stored.'),
		ThoiDiemXuLy: nationalDate('When the step was done. Not earlier than NgayTiepNhan, except steps with TrangThai 1 or 3.', { required: true }),
		PhongBanXuLy: optional(text(200), 'dossiers.error.invalid').describe('Department; not stored.'),
		NoiDungXuLy: optional(text(2000), 'dossiers.error.invalid').describe('What was done; not stored.'),
		TrangThai: optional(code<NationalStatus>(10), 'national.error.statusCode', STATUS_HINT).describe(codeText('The dossier’s status at this step (codes as TrangThaiHoSo).')),
		NgayBatDau: nationalDate('Start of the step; checked, not stored.'),
		NgayKetThucTheoQuyDinh: nationalDate('The step’s legal end; checked, not stored.')
	})
	.describe(
		'One processing step (QuaTrinhXuLy). TrangThai 2 makes it the receiving step, 10 the returning step (a step without TrangThai is one of them when ThoiDiemXuLy is exactly NgayTiepNhan or NgayTra); other steps are back-office work and only checked. Each receiving or returning step becomes a service at the counter its officer held at ThoiDiemXuLy (their counter shift), so a rating given there is attributed to that officer.'
	);

/**
 * One dossier in the national shape. Fields this product does not use (TenTTHC, MaLinhVuc,
 * TrichYeuHoSo, ChucDanh…) are checked for type and length only; fields outside the list are
 * ignored, since the payload is a copy of what the portal receives and may carry more.
 */
export const nationalItemSchema = z
	.object({
		MaHoSo: required(dossierCode, 'dossiers.error.codeFormat').describe('Dossier code; unique within the province.'),
		MaTTHC: required(text(64), 'dossiers.error.invalid').describe(
			'Procedure code, short (1.004227) or full (1.003560.000.00.00.H56): as stored, or a full code whose short part is stored, or a short code stored as exactly one full code.'
		),
		TenTTHC: optional(text(1000), 'dossiers.error.invalid').describe('Procedure name; not stored (the catalogue’s name is shown).'),
		MaLinhVuc: optional(text(64), 'dossiers.error.invalid').describe('Field code; not stored.'),
		KenhThucHien: required(code<1 | 2 | 3>(3), 'national.error.channelCode').describe(codeText('1 in person (counter), 2 online, 3 public postal service.')),
		ChuHoSo: optional(text(200), 'dossiers.error.invalid').describe('Applicant’s name: kept only when the administrator turned on “keep the applicant’s name and ID number” (off by default).'),
		SoGiayToChuHoSo: optional(text(32), 'dossiers.error.invalid').describe('Applicant’s ID number: as ChuHoSo.'),
		SoDienThoai: optional(text(32), 'dossiers.error.invalid').describe('Never kept: the payload carries no consent of the applicant.'),
		TrichYeuHoSo: optional(text(4000), 'dossiers.error.invalid').describe('Summary; not stored.'),
		NgayNopHoSo: nationalDate('Submitted.'),
		NgayTiepNhan: nationalDate('Received (our receivedAt); required from status 2 on.'),
		NgayHenTra: nationalDate('Appointment (dueAt); absent: computed from the procedure’s handling days.'),
		NgayKetThucXuLy: nationalDate('Processing finished (completedAt); required for 9 and 10.'),
		NgayTra: nationalDate('Result returned (returnedAt); required for 10.'),
		TrangThaiHoSo: required(code<NationalStatus>(10), 'national.error.statusCode', STATUS_HINT).describe(codeText(`${statusTable}.`)),
		DonViXuLy: required(text(32), 'dossiers.error.invalid').describe('The official code of the unit handling the dossier; the token’s unit or one below it.'),
		QuaTrinhXuLy: z.array(nationalStepSchema).max(MAX_STEPS).optional()
	})
	.meta({
		description: `One dossier as the one-stop software pushes it to the national public service portal. Other fields the portal takes are ignored. Status mapping: ${statusTable}. The item is the dossier's whole state (an absent NgayKetThucXuLy clears a stored completion), but a status never moves back (returned → processing is refused).`
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
