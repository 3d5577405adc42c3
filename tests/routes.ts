import fs from 'node:fs';
import path from 'node:path';

/**
 * Everything the app answers, read from the route tree: pages (GET), form actions (POST) and
 * +server.ts handlers (each exported method). The access matrix must name every one of them.
 */
export type Endpoint = { key: string; kind: 'page' | 'action' | 'api'; route: string; method: string; action?: string };

const ROUTES = path.resolve('src/routes');

function walk(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const p = path.join(dir, e.name);
		return e.isDirectory() ? walk(p) : [p];
	});
}

function routeId(file: string): string {
	const rel = path.relative(ROUTES, path.dirname(file)).split(path.sep);
	const segments = rel.filter((s) => s && !/^\(.*\)$/.test(s));
	return '/' + segments.join('/');
}

export function discoverEndpoints(): Endpoint[] {
	const out: Endpoint[] = [];
	for (const file of walk(ROUTES)) {
		const name = path.basename(file);
		const route = routeId(file);
		const source = fs.readFileSync(file, 'utf8');
		if (name === '+page.svelte') out.push({ key: `GET ${route}`, kind: 'page', route, method: 'GET' });
		if (name === '+page.server.ts') {
			const block = /export const actions[^=]*=\s*\{([\s\S]*)\};?\s*$/m.exec(source)?.[1] ?? '';
			// `name: async (…`, a wrapped `name: wrapper(async (…`, or a named handler `name: handler,`
			for (const m of block.matchAll(/^\t([a-zA-Z]+):\s*(?:(?:[a-zA-Z]+\()?async|[a-zA-Z]+,?$)/gm)) {
				const action = m[1];
				out.push({ key: `POST ${route}?/${action}`, kind: 'action', route, method: 'POST', action });
			}
		}
		if (name === '+server.ts') {
			for (const m of source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)) {
				out.push({ key: `${m[1]} ${route}`, kind: 'api', route, method: m[1] });
			}
		}
	}
	return out.sort((a, b) => a.key.localeCompare(b.key));
}
