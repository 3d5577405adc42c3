/**
 * SERIAL_PORTS: comma-separated port paths, each with an optional `@baud`
 * ("/dev/ttyUSB0,/dev/ttyACM0@9600"). Pure, so a typo fails at start-up with a clear message.
 */
export const DEFAULT_BAUD = 115200;
const BAUDS = new Set([1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600]);

export type PortSpec = { path: string; baudRate: number };

export function parseSerialPorts(value: string | undefined): PortSpec[] {
	if (value === undefined || value.trim() === '') return [];
	const specs: PortSpec[] = [];
	for (const raw of value.split(',')) {
		const item = raw.trim();
		if (!item) continue;
		const at = item.lastIndexOf('@');
		const path = at >= 0 ? item.slice(0, at) : item;
		const baudText = at >= 0 ? item.slice(at + 1) : String(DEFAULT_BAUD);
		if (!/^[^\s@,]+$/.test(path)) throw new Error(`SERIAL_PORTS: "${item}" is not a port path (e.g. /dev/ttyUSB0 or COM3)`);
		const baudRate = /^[0-9]+$/.test(baudText) ? Number(baudText) : NaN;
		if (!BAUDS.has(baudRate)) throw new Error(`SERIAL_PORTS: "${item}": baud rate must be one of ${[...BAUDS].join(', ')}`);
		if (specs.some((s) => s.path === path)) throw new Error(`SERIAL_PORTS: ${path} is listed twice`);
		specs.push({ path, baudRate });
	}
	return specs;
}
