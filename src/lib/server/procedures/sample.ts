import { asc, isNull } from 'drizzle-orm';
import type { Db } from '../db';
import { units } from '../db/schema';

/** A small file in the layout the import reads (the national database's columns), with a real unit code when there is one. */
export async function sampleProcedureCsv(q: Db): Promise<string> {
	const [root] = await q.select({ code: units.code }).from(units).where(isNull(units.parentId)).orderBy(asc(units.id)).limit(1);
	const unit = root?.code ?? '';
	const rows = [
		['Mã thủ tục', 'Tên thủ tục', 'Lĩnh vực', 'Cấp thực hiện', 'Thời hạn giải quyết', 'Mức độ', 'Niêm yết tại Bộ phận Một cửa', 'Công khai trên Cổng Dịch vụ công', 'Mã đơn vị thực hiện'],
		['1.001193', 'Thủ tục đăng ký khai sinh', 'Hộ tịch', 'Cấp Xã', 'Trong ngày', 'Toàn trình', 'Có', 'Có', ''],
		['1.004227', 'Thủ tục mẫu thời hạn theo giờ', 'Chứng thực', 'Cấp Xã', '04 giờ làm việc', 'Một phần', 'Chưa rõ', 'Chưa rõ', ''],
		['1.003560.000.00.00.H56', 'Thủ tục mẫu cấp tỉnh', 'Đất đai', 'Cấp Tỉnh', '30 ngày làm việc', 'Không', 'Có', 'Không', unit]
	];
	const cell = (v: string) => (/[",;\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
	return '\uFEFF' + rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
