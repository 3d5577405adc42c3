/**
 * Creates an administrator account: `npm run admin:create -- --username admin --name "Nguyễn Văn A"`.
 * The password is asked for without echo (or read from ADMIN_PASSWORD for automation).
 * Uses DATABASE_URL when set, otherwise the embedded database in DATA_DIR (stop the app first:
 * the embedded database admits one process).
 */
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { readConfig } from '../src/lib/server/config';
import { openDatabase } from '../src/lib/server/db/client';
import { useDatabase } from '../src/lib/server/db';
import { createAdmin } from '../src/lib/server/users/create-admin';
import { audit } from '../src/lib/server/audit';
import { translate } from '../src/lib/i18n';

function askHidden(question: string): Promise<string> {
	return new Promise((resolve) => {
		const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
		const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput;
		(rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
			if (s.startsWith(question)) write.call(rl, question);
		};
		rl.question(question, (answer) => {
			rl.close();
			process.stdout.write('\n');
			resolve(answer);
		});
	});
}

async function main() {
	const { values } = parseArgs({
		options: { username: { type: 'string' }, name: { type: 'string' } },
		allowPositionals: false
	});
	if (!values.username || !values.name) {
		console.error('Cách dùng / usage: npm run admin:create -- --username <tên> --name "<Họ và tên>"');
		process.exit(2);
	}
	let password = process.env.ADMIN_PASSWORD;
	if (!password) {
		if (!process.stdin.isTTY) {
			console.error('Đặt ADMIN_PASSWORD hoặc chạy trong terminal / Set ADMIN_PASSWORD or run in a terminal.');
			process.exit(2);
		}
		password = await askHidden('Mật khẩu / Password: ');
		const again = await askHidden('Nhập lại / Again: ');
		if (again !== password) {
			console.error(translate('vi', 'password.mismatch'));
			process.exit(1);
		}
	}
	const cfg = readConfig();
	const handle = cfg.databaseUrl
		? await openDatabase({ kind: 'postgres', url: cfg.databaseUrl })
		: await openDatabase({ kind: 'pglite', dataDir: cfg.dataDir });
	try {
		await handle.migrate(cfg.migrationsDir);
		useDatabase(handle);
		const result = await createAdmin({ username: values.username, displayName: values.name, password });
		if (!result.ok) {
			const key = result.problem === 'admin_exists' ? 'setup.closed' : result.problem;
			console.error(`${translate('vi', key)} / ${translate('en', key)}`);
			process.exitCode = 1;
			return;
		}
		await audit({ userId: result.userId, ip: 'cli' }, 'user.create_admin', { type: 'user', id: result.userId });
		console.log(`Đã tạo quản trị viên / Administrator created: ${values.username}`);
	} finally {
		await handle.close();
	}
}

main().catch((e) => {
	console.error(e instanceof Error ? e.message : e);
	process.exit(1);
});
