import { DOSSIER_CODE_PATTERN } from '$lib/dossier-code';
import type { OpenApiDocument } from '../dossiers/openapi';
import { MAX_BATCH } from '../dossiers/schema';
import { LIVE_STEP_MS } from './sync';
import { MAX_STEPS, NATIONAL_STATUSES, STATUS_MAP } from './schema';

/**
 * /api/v1/national/dossiers and /api/v1/queue/calls in the OpenAPI contract (merged into
 * ../dossiers/openapi.ts), with examples in the national shape.
 */

type Schemas = OpenApiDocument['components']['schemas'];
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonBody = (schema: Schemas[string], description?: string, examples?: Schemas[string]) => ({
	...(description ? { description } : {}),
	content: { 'application/json': { schema, ...(examples ? { examples } : {}) } }
});
const errorResponse = (description: string) => jsonBody(ref('Error'), description);
const integration = [{ integrationToken: [] }];
const unauthorised = errorResponse('No bearer token, or a revoked or unknown one.');
const badContentType = errorResponse('The body is not application/json.');

const nationalDate = (description: string) => ({
	type: ['string', 'null'],
	pattern: '^[0-9]{14}$',
	description: `${description} yyyyMMddHHmmss, Vietnam time (UTC+7); a real date within the deployment's DATE_MIN_YEAR–DATE_MAX_YEAR.`
});
const code = (max: number, description: string) => ({ type: ['integer', 'string'], minimum: 1, maximum: max, description: `${description} A number, or a string of digits.` });
const text = (max: number, description: string) => ({ type: ['string', 'null'], maxLength: max, description });

const statusTable = Object.entries(NATIONAL_STATUSES)
	.map(([n, name]) => `${n} ${name} → ${STATUS_MAP[Number(n) as keyof typeof STATUS_MAP] ?? 'not stored (skipped)'}`)
	.join('; ');

type Example = Schemas[string];

const receptionStep: Example = {
	NguoiXuLy: 'KH-000101',
	ChucDanh: 'Công chức một cửa',
	ThoiDiemXuLy: '20260302080500',
	PhongBanXuLy: 'Bộ phận Một cửa',
	NoiDungXuLy: 'Tiếp nhận hồ sơ',
	TrangThai: 2,
	NgayBatDau: '20260302080000',
	NgayKetThucTheoQuyDinh: '20260302083000'
};

/** The worked example of docs/integration.md: received at the counter, processed, returned. */
const example: Example = {
	MaHoSo: 'H56.22366-260302-0001',
	MaTTHC: '1.001193',
	TenTTHC: 'Đăng ký khai sinh',
	MaLinhVuc: 'HT',
	KenhThucHien: 1,
	ChuHoSo: 'Lê Văn Tám',
	SoGiayToChuHoSo: '056090001234',
	SoDienThoai: '0905123456',
	TrichYeuHoSo: 'Đăng ký khai sinh cho con',
	NgayNopHoSo: '20260302080000',
	NgayTiepNhan: '20260302080500',
	NgayHenTra: '20260305170000',
	NgayKetThucXuLy: '20260304150000',
	NgayTra: '20260305100000',
	TrangThaiHoSo: 10,
	DonViXuLy: '22366',
	QuaTrinhXuLy: [
		receptionStep,
		{ NguoiXuLy: 'chuyenvien.tuphap', ThoiDiemXuLy: '20260303090000', PhongBanXuLy: 'Phòng Văn hóa – Xã hội', NoiDungXuLy: 'Thẩm định, trình ký', TrangThai: 4 },
		{ NguoiXuLy: 'KH-000101', ThoiDiemXuLy: '20260305100000', PhongBanXuLy: 'Bộ phận Một cửa', NoiDungXuLy: 'Trả kết quả', TrangThai: 10 }
	]
};

export const nationalSchemas: Schemas = {
	NationalStep: {
		type: 'object',
		required: ['NguoiXuLy', 'ThoiDiemXuLy'],
		description:
			'One processing step (QuaTrinhXuLy). TrangThai 2 makes it the receiving step, 10 the returning step (a step without TrangThai is one of them when ThoiDiemXuLy is exactly NgayTiepNhan or NgayTra); other steps are back-office work and only checked. Each receiving or returning step becomes a service at the counter its officer held at ThoiDiemXuLy (their counter shift), so a rating given there is attributed to that officer.',
		properties: {
			NguoiXuLy: { type: 'string', maxLength: 64, description: 'On receiving and returning steps: the officer’s staff number, or the user name of their account in this app; anything else (a full name…) is refused, never guessed. Free text on other steps.' },
			ChucDanh: text(200, 'Position; not stored.'),
			ThoiDiemXuLy: { ...nationalDate('When the step was done. Not earlier than NgayTiepNhan, except steps with TrangThai 1 or 3.'), type: 'string' },
			PhongBanXuLy: text(200, 'Department; not stored.'),
			NoiDungXuLy: text(2000, 'What was done; not stored.'),
			TrangThai: code(10, 'The dossier’s status at this step (codes as TrangThaiHoSo).'),
			NgayBatDau: nationalDate('Start of the step; checked, not stored.'),
			NgayKetThucTheoQuyDinh: nationalDate('The step’s legal end; checked, not stored.')
		}
	},
	NationalDossier: {
		type: 'object',
		required: ['MaHoSo', 'MaTTHC', 'KenhThucHien', 'TrangThaiHoSo', 'DonViXuLy'],
		description: `One dossier as the one-stop software pushes it to the national public service portal. Other fields the portal takes are ignored. Status mapping: ${statusTable}. The item is the dossier's whole state (an absent NgayKetThucXuLy clears a stored completion), but a status never moves back (returned → processing is refused).`,
		properties: {
			MaHoSo: { type: 'string', pattern: DOSSIER_CODE_PATTERN, description: 'Dossier code; unique within the province.' },
			MaTTHC: { type: 'string', maxLength: 64, description: 'Procedure code, short (1.004227) or full (1.003560.000.00.00.H56): as stored, or a full code whose short part is stored, or a short code stored as exactly one full code.' },
			TenTTHC: text(1000, 'Procedure name; not stored (the catalogue’s name is shown).'),
			MaLinhVuc: text(64, 'Field code; not stored.'),
			KenhThucHien: code(3, '1 in person (counter), 2 online, 3 public postal service.'),
			ChuHoSo: text(200, 'Applicant’s name: kept only when the administrator turned on “keep the applicant’s name and ID number” (off by default).'),
			SoGiayToChuHoSo: text(32, 'Applicant’s ID number: as ChuHoSo.'),
			SoDienThoai: text(32, 'Never kept: the payload carries no consent of the applicant.'),
			TrichYeuHoSo: text(4000, 'Summary; not stored.'),
			NgayNopHoSo: nationalDate('Submitted.'),
			NgayTiepNhan: nationalDate('Received (our receivedAt); required from status 2 on.'),
			NgayHenTra: nationalDate('Appointment (dueAt); absent: computed from the procedure’s handling days.'),
			NgayKetThucXuLy: nationalDate('Processing finished (completedAt); required for 9 and 10.'),
			NgayTra: nationalDate('Result returned (returnedAt); required for 10.'),
			TrangThaiHoSo: code(10, statusTable + '.'),
			DonViXuLy: { type: 'string', maxLength: 32, description: 'The official code of the unit handling the dossier; the token’s unit or one below it.' },
			QuaTrinhXuLy: { type: 'array', maxItems: MAX_STEPS, items: ref('NationalStep') }
		}
	},
	NationalBatch: {
		type: 'object',
		additionalProperties: false,
		required: ['items'],
		properties: {
			items: { type: 'array', minItems: 1, maxItems: MAX_BATCH, items: ref('NationalDossier') },
			partial: { type: 'boolean', default: false, description: 'Write the valid items and list the refused ones; otherwise any refusal writes nothing.' }
		}
	},
	NationalResults: {
		type: 'object',
		properties: {
			results: {
				type: 'array',
				items: {
					type: 'object',
					properties: {
						index: { type: 'integer' },
						code: { type: 'string' },
						result: { type: 'string', enum: ['created', 'updated', 'unchanged', 'skipped'], description: 'skipped: status 1, not received yet.' },
						id: { type: ['integer', 'null'] },
						services: {
							type: 'array',
							items: {
								type: 'object',
								properties: {
									step: { type: 'integer', description: 'Index in QuaTrinhXuLy.' },
									stage: { type: 'string', enum: ['receiving', 'returning'] },
									result: {
										type: 'string',
										enum: ['opened', 'recorded', 'linked', 'unchanged', 'no_counter'],
										description: `opened: a live step (less than ${LIVE_STEP_MS / 60_000} minutes old, the officer still at the counter): the tablet asks now; recorded: a past service, closed at its own time; linked: the queue ticket’s service the officer had open became this dossier’s; unchanged: already there; no_counter: the officer held no counter then.`
									},
									serviceEventId: { type: ['integer', 'null'] }
								}
							}
						}
					}
				}
			},
			errors: { type: 'array', items: { type: 'object', properties: { index: { type: 'integer' }, field: { type: 'string' }, message: { type: 'string' } } } },
			created: { type: 'integer' },
			updated: { type: 'integer' },
			unchanged: { type: 'integer' },
			skipped: { type: 'integer' },
			refused: { type: 'integer' }
		}
	},
	QueueCall: {
		type: 'object',
		additionalProperties: false,
		required: ['ticket', 'centreCode', 'counterCode', 'calledAt'],
		properties: {
			ticket: { type: 'string', maxLength: 32, description: 'The ticket number as printed (A012).' },
			centreCode: { type: 'string', maxLength: 64 },
			counterCode: { type: 'string', maxLength: 64 },
			calledAt: { type: 'string', format: 'date-time', description: 'ISO 8601 with a time zone. With counter and ticket, the call’s identity: a repeat changes nothing.' },
			procedureCode: { type: 'string', maxLength: 64, description: 'The procedure the ticket was taken for (short or full code); required without dossierCode. The tablet shows it.' },
			dossierCode: { type: 'string', pattern: DOSSIER_CODE_PATTERN, description: 'When known (a ticket for collecting a result).' },
			officer: { type: 'string', maxLength: 64, description: 'Staff number or user name; default: the officer signed in at the counter at calledAt.' },
			stage: { type: 'string', enum: ['receiving', 'returning'], default: 'receiving' }
		}
	},
	QueueDone: {
		type: 'object',
		additionalProperties: false,
		required: ['ticket', 'centreCode', 'counterCode', 'calledAt', 'doneAt'],
		properties: {
			ticket: { type: 'string', maxLength: 32 },
			centreCode: { type: 'string', maxLength: 64 },
			counterCode: { type: 'string', maxLength: 64 },
			calledAt: { type: 'string', format: 'date-time', description: 'The call being finished.' },
			doneAt: { type: 'string', format: 'date-time' }
		}
	},
	QueueCallResult: {
		type: 'object',
		properties: {
			id: { type: 'integer', description: 'The service’s id.' },
			result: { type: 'string', enum: ['opened', 'recorded', 'closed', 'unchanged'], description: 'recorded: a later service exists at the counter, so this one is stored closed at its call time.' },
			ticket: { type: 'string' },
			centreCode: { type: 'string' },
			counterCode: { type: 'string' },
			stage: { type: 'string', enum: ['receiving', 'returning'] },
			officer: { type: 'string', description: 'Staff number.' },
			calledAt: { type: 'string', format: 'date-time' },
			closedAt: { type: ['string', 'null'], format: 'date-time' },
			superseded: { type: 'array', items: { type: 'integer' }, description: 'Services this call closed: the one left open at the counter (recorded as superseded by this one).' }
		}
	}
};

export const nationalPaths: OpenApiDocument['paths'] = {
	'/api/v1/national/dossiers': {
		post: {
			operationId: 'syncNationalDossiers',
			summary: 'Take the dossier-sync payload sent to the national public service portal, as it is',
			description:
				'Point a copy of the push to Cổng Dịch vụ công quốc gia here: one dossier, an array (add ?partial=true to write the valid items of an array), or {items, partial}. Each item goes through the same upsert as POST /api/v1/dossiers; its receiving and returning steps become services at the officer’s counter. Errors name the field as items[2].QuaTrinhXuLy[0].NguoiXuLy. Bodies up to 4 MB (a batch of 1,000 with their steps); invalid UTF-8 is a 400.',
			tags: ['national'],
			security: integration,
			parameters: [{ name: 'partial', in: 'query', schema: { type: 'boolean' }, description: 'For an array body: as the batch’s partial.' }],
			requestBody: {
				required: true,
				...jsonBody({ oneOf: [ref('NationalDossier'), { type: 'array', minItems: 1, maxItems: MAX_BATCH, items: ref('NationalDossier') }, ref('NationalBatch')] }, undefined, {
					single: { summary: 'One dossier, received and returned at the counter', value: example },
					batch: { summary: 'A batch', value: { items: [example, { ...example, MaHoSo: 'H56.22366-260302-0002', TrangThaiHoSo: 2, NgayKetThucXuLy: null, NgayTra: null, QuaTrinhXuLy: [receptionStep] }], partial: true } }
				})
			},
			responses: {
				'200': jsonBody(ref('NationalResults'), 'Per-item results, with the service each receiving or returning step became.'),
				'400': errorResponse('Not JSON or not UTF-8, or invalid fields (a date not in yyyyMMddHHmmss, a status outside 1–10, a step before the receipt, a status moving back, a duplicate MaHoSo, an unknown unit, procedure or officer); nothing written unless partial.'),
				'401': unauthorised,
				'403': errorResponse('Every problem is a unit, officer or dossier outside the token’s scope.'),
				'409': errorResponse('A code was created concurrently elsewhere; send again.'),
				'413': errorResponse('Body over 4 MB.'),
				'415': badContentType
			}
		}
	},
	'/api/v1/queue/calls': {
		post: {
			operationId: 'queueCall',
			summary: 'A queue system called a ticket to a counter: open a service there',
			description:
				'The counter’s tablet asks for a rating and its button box’s LED lights, as when the officer opens a service on the counter screen; a service left open at the counter is closed at the call time (the one rule for a busy counter). Idempotent by counter, ticket and calledAt. Without dossierCode the service carries the ticket and procedure until the one-stop software’s receiving step by the same officer names the dossier.',
			tags: ['queue'],
			security: integration,
			requestBody: {
				required: true,
				...jsonBody(ref('QueueCall'), undefined, {
					call: { summary: 'Ticket A012 to counter Q01 for a birth registration', value: { ticket: 'A012', centreCode: 'KH-PNT-MC', counterCode: 'Q01', calledAt: '2026-03-02T08:04:10+07:00', procedureCode: '1.001193' } }
				})
			},
			responses: {
				'200': jsonBody(ref('QueueCallResult'), 'A repeat: unchanged.'),
				'201': jsonBody(ref('QueueCallResult'), 'Opened (or recorded, when a later service exists at the counter).'),
				'400': errorResponse('Invalid fields, an unknown counter, procedure, dossier or officer, or neither procedure nor dossier.'),
				'401': unauthorised,
				'403': errorResponse('Counter, dossier or officer outside the token’s scope.'),
				'409': errorResponse('No officer was signed in at the counter at calledAt and none was named.'),
				'415': badContentType
			}
		}
	},
	'/api/v1/queue/calls/done': {
		post: {
			operationId: 'queueDone',
			summary: 'A called ticket is finished: close its service',
			tags: ['queue'],
			security: integration,
			requestBody: {
				required: true,
				...jsonBody(ref('QueueDone'), undefined, {
					done: { summary: 'Ticket A012 finished', value: { ticket: 'A012', centreCode: 'KH-PNT-MC', counterCode: 'Q01', calledAt: '2026-03-02T08:04:10+07:00', doneAt: '2026-03-02T08:12:40+07:00' } }
				})
			},
			responses: {
				'200': jsonBody(ref('QueueCallResult'), 'Closed, or unchanged (already closed, by a repeat or by the next call).'),
				'400': errorResponse('Invalid fields, doneAt before calledAt, or an unknown counter.'),
				'401': unauthorised,
				'403': errorResponse('Counter outside the token’s scope.'),
				'404': errorResponse('No such call at this counter.'),
				'415': badContentType
			}
		}
	}
};
