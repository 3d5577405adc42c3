import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * PGlite has no lock of its own: two processes on one data folder would corrupt it. A lock
 * file holding the owner's pid refuses the second process; a lock left by a dead process
 * (kill -9, power cut) is taken over.
 */
export class DataDirLockedError extends Error {
	constructor(
		readonly dataDir: string,
		readonly ownerPid: number
	) {
		super(
			`Thư mục dữ liệu ${dataDir} đang được tiến trình ${ownerPid} sử dụng. ` +
				`Dừng tiến trình đó, hoặc đặt DATA_DIR khác.\n` +
				`The data folder ${dataDir} is in use by process ${ownerPid}. ` +
				`Stop that process, or set a different DATA_DIR.`
		);
		this.name = 'DataDirLockedError';
	}
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
}

export function acquireDataDirLock(dataDir: string): () => void {
	fs.mkdirSync(dataDir, { recursive: true });
	const file = path.join(dataDir, 'app.lock');
	const content = JSON.stringify({ pid: process.pid, host: os.hostname(), at: new Date().toISOString() });
	for (let attempt = 0; attempt < 3; attempt++) {
		try {
			const fd = fs.openSync(file, 'wx', 0o600);
			fs.writeSync(fd, content);
			fs.fsyncSync(fd);
			fs.closeSync(fd);
			let released = false;
			return () => {
				if (released) return;
				released = true;
				try {
					const owner = JSON.parse(fs.readFileSync(file, 'utf8')) as { pid: number };
					if (owner.pid === process.pid) fs.unlinkSync(file);
				} catch {
					// already gone
				}
			};
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
			let ownerPid = NaN;
			try {
				ownerPid = Number((JSON.parse(fs.readFileSync(file, 'utf8')) as { pid: unknown }).pid);
			} catch {
				// unreadable or half-written lock: treat as stale
			}
			if (Number.isInteger(ownerPid) && ownerPid !== process.pid && alive(ownerPid)) {
				throw new DataDirLockedError(dataDir, ownerPid);
			}
			if (ownerPid === process.pid) throw new DataDirLockedError(dataDir, ownerPid);
			fs.rmSync(file, { force: true });
		}
	}
	throw new Error(`Could not take the lock on ${dataDir}`);
}
