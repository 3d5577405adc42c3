import { z } from 'zod';
import { MAX_BATCH } from '../dossiers/schema';
import { badContentType, batchOf, componentSchemas, errorResponse, integration, jsonBody, ref, unauthorised, type OpenApiDocument, type SchemaObject } from '../openapi/kit';
import { queueCallAnswer, queueCallSchema, queueDoneSchema } from '../queue/calls';
import { nationalReportAnswer } from './http';
import { nationalItemSchema, nationalStepSchema } from './schema';

/**
 * /api/v1/national/dossiers and /api/v1/queue/calls in the OpenAPI contract (merged into
 * ../dossiers/openapi.ts): the request bodies from ./schema.ts and ../queue/calls.ts, the answers
 * from ./http.ts and ../queue/calls.ts, with examples in the national shape.
 */

type Example = SchemaObject;

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

/** The route's item schema with the worked example (contract.test.ts parses the example with it). */
const nationalItem = nationalItemSchema.meta({ ...z.globalRegistry.get(nationalItemSchema), examples: [example] });

export const nationalBodies = {
	NationalDossier: nationalItem,
	NationalBatch: batchOf(nationalItem, MAX_BATCH),
	QueueCall: queueCallSchema,
	QueueDone: queueDoneSchema
};

export const nationalSchemas: Record<string, SchemaObject> = componentSchemas({ NationalStep: nationalStepSchema, ...nationalBodies });

/** The answers, generated with the other parts' in ../dossiers/openapi.ts. */
export const nationalAnswers = { NationalResults: nationalReportAnswer, QueueCallResult: queueCallAnswer };

const second = { ...example, MaHoSo: 'H56.22366-260302-0002', TrangThaiHoSo: 2, NgayKetThucXuLy: null, NgayTra: null, QuaTrinhXuLy: [receptionStep] };

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
					examples: {
						single: { summary: 'One dossier, received and returned at the counter', value: example },
						batch: { summary: 'A batch', value: { items: [example, second], partial: true } }
					}
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
			requestBody: { required: true, ...jsonBody(ref('QueueCall')) },
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
			requestBody: { required: true, ...jsonBody(ref('QueueDone')) },
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
