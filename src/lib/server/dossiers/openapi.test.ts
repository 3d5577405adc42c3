import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from './openapi';

function apiRoutes(dir = path.resolve('src/routes/api/v1')): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const p = path.join(dir, e.name);
		if (e.isDirectory()) return apiRoutes(p);
		if (e.name !== '+server.ts') return [];
		const route = '/' + path.relative(path.resolve('src/routes'), path.dirname(p)).split(path.sep).join('/');
		const openApiPath = route.replace(/\[(\w+)\]/g, '{$1}');
		return [...fs.readFileSync(p, 'utf8').matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => `${m[1].toLowerCase()} ${openApiPath}`);
	});
}

describe('OpenAPI document', () => {
	const doc = openApiDocument('https://hailong.example.gov.vn');

	it('describes every /api/v1 endpoint that exists, and nothing else', () => {
		const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`));
		expect(documented.sort()).toEqual(apiRoutes().sort());
	});

	it('shows the body of every route that takes one (POST, PUT, PATCH)', () => {
		const withBody = Object.entries(doc.paths).flatMap(([p, ops]) => Object.entries(ops).flatMap(([m, op]) => (op.requestBody ? [`${m} ${p}`] : [])));
		expect(withBody.sort()).toEqual(apiRoutes().filter((r) => /^(post|put|patch) /.test(r)).sort());
	});

	it('is plain JSON whose references all resolve', () => {
		const text = JSON.stringify(doc);
		expect(JSON.parse(text)).toEqual(doc);
		for (const [, name] of text.matchAll(/"#\/components\/schemas\/(\w+)"/g)) expect(doc.components.schemas, name).toHaveProperty(name);
		expect(doc.openapi).toBe('3.1.0');
	});
});
