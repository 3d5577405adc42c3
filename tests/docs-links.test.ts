import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The README and docs/ link to each other's files and headings: every relative link must name a
 * file or folder that exists and, with a #fragment into a markdown file, a heading of that file
 * (GitHub's anchors). External links (http:, mailto:) are not checked.
 */

/** README.md and every markdown file under docs/, relative to `root`. */
function markdownFiles(root: string): string[] {
	const found = fs.existsSync(path.join(root, 'README.md')) ? ['README.md'] : [];
	const walk = (dir: string) => {
		for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
			const rel = path.join(dir, entry.name);
			if (entry.isDirectory()) walk(rel);
			else if (entry.name.endsWith('.md')) found.push(rel);
		}
	};
	if (fs.existsSync(path.join(root, 'docs'))) walk('docs');
	return found;
}

/** The text outside fenced code blocks and inline code spans, line numbers kept. */
function proseLines(text: string): string[] {
	let fenced = false;
	return text.split('\n').map((line) => {
		if (/^\s*(```|~~~)/.test(line)) {
			fenced = !fenced;
			return '';
		}
		return fenced ? '' : line.replace(/`[^`]*`/g, '');
	});
}

/** GitHub's anchor for a heading: markup dropped, lower case, punctuation removed, spaces → '-'. */
export function headingAnchor(heading: string): string {
	return heading
		.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replace(/[`*]/g, '')
		.trim()
		.toLowerCase()
		.normalize('NFC')
		.replace(/[^\p{L}\p{M}\p{N}\s_-]/gu, '')
		.replace(/\s/g, '-');
}

/** Every heading's anchor in a markdown file, repeats numbered as GitHub does (-1, -2, …). */
function anchorsOf(text: string): Set<string> {
	const anchors = new Set<string>();
	const seen = new Map<string, number>();
	let fenced = false;
	for (const line of text.split('\n')) {
		if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
		const m = !fenced && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
		if (!m) continue;
		const base = headingAnchor(m[1]);
		const n = seen.get(base) ?? 0;
		seen.set(base, n + 1);
		anchors.add(n === 0 ? base : `${base}-${n}`);
	}
	return anchors;
}

/** Every broken relative link or anchor in README.md and docs/ under `root`, as "file:line: why". */
export function brokenLinks(root: string): string[] {
	const problems: string[] = [];
	const anchorCache = new Map<string, Set<string>>();
	const anchorsIn = (file: string) => {
		if (!anchorCache.has(file)) anchorCache.set(file, anchorsOf(fs.readFileSync(file, 'utf8')));
		return anchorCache.get(file)!;
	};
	for (const file of markdownFiles(root)) {
		const full = path.join(root, file);
		// link texts may run over a line break: the file is searched whole, outside code
		const prose = proseLines(fs.readFileSync(full, 'utf8')).join('\n');
		for (const m of prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
			const target = m[1];
			if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
			const line =
				prose.slice(0, m.index).split('\n').length +
				(m[0].slice(0, m[0].indexOf('](')).match(/\n/g)?.length ?? 0);
			const where = `${file}:${line}: ${target}`;
			const [rawPath, rawAnchor] = target.split('#', 2);
			const linked =
				rawPath === ''
					? full
					: path.resolve(
							rawPath.startsWith('/') ? root : path.dirname(full),
							decodeURIComponent(rawPath).replace(/^\//, '')
						);
			if (!fs.existsSync(linked)) {
				problems.push(`${where}: no such file`);
				continue;
			}
			if (rawAnchor === undefined) continue;
			if (!linked.endsWith('.md'))
				problems.push(`${where}: an anchor into a file that is not markdown`);
			else if (!anchorsIn(linked).has(decodeURIComponent(rawAnchor).normalize('NFC')))
				problems.push(`${where}: no heading with this anchor in ${path.relative(root, linked)}`);
		}
	}
	return problems;
}

describe('links in README.md and docs/', () => {
	const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-docs-links-'));
	afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

	it('reads anchors as GitHub makes them, Vietnamese included', () => {
		expect(headingAnchor('SIPAS factors (5 yếu tố)')).toBe('sipas-factors-5-yếu-tố');
		expect(headingAnchor('Two app processes (`bench:api`, `BENCH_PROCESSES=1,2`)')).toBe(
			'two-app-processes-benchapi-bench_processes12'
		);
		expect(headingAnchor('Thông tư 01/2018/TT-VPCP: the 9-indicator grid')).toBe(
			'thông-tư-012018tt-vpcp-the-9-indicator-grid'
		);
	});

	it('finds a missing file, a missing heading and a missing anchor in its own file', () => {
		fs.mkdirSync(path.join(scratch, 'docs'));
		fs.writeFileSync(
			path.join(scratch, 'README.md'),
			'# Title\n\n## Two commands\n\n[ok](docs/a.md#a-heading) [gone](docs/missing.md) [bad](docs/a.md#no-such) [self](#two-commands) [self bad](#three)\n\n[a link\nover two lines](#nowhere)\n\n```\n[in code](nowhere.md)\n```\n'
		);
		fs.writeFileSync(
			path.join(scratch, 'docs', 'a.md'),
			'# A\n\n## A heading\n\n[back](../README.md#two-commands) [http](https://example.org/x)\n'
		);
		expect(brokenLinks(scratch)).toEqual([
			'README.md:5: docs/missing.md: no such file',
			'README.md:5: docs/a.md#no-such: no heading with this anchor in docs/a.md',
			'README.md:5: #three: no heading with this anchor in README.md',
			'README.md:8: #nowhere: no heading with this anchor in README.md'
		]);
	});

	it('has no broken relative link or anchor', () => {
		const files = markdownFiles(process.cwd());
		expect(files).toContain('README.md');
		expect(files.length).toBeGreaterThan(5);
		expect(brokenLinks(process.cwd())).toEqual([]);
	});
});
