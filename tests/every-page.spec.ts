import fs from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { signIn } from './helpers';
import { discoverEndpoints } from './routes';
import { MATRIX, type Who } from './support/access-cases';
import { classify, probe } from './support/probe';

/**
 * Issue 15, Done when: every page, for every role, at the staff screens' sizes (1366×900,
 * 1280×800) and, for the kiosk and the public pages, a phone (390×844). Each visit saves a
 * screenshot under test-results/every-page/ and checks what a user would notice first: a page
 * wider than the screen, controls lying on each other, a checkbox away from its label, an error
 * in the console or a failed request, English words, configuration keys or JSON on a Vietnamese
 * page, a date written any other way than dd/mm/yyyy (HH:mm), and axe-core's serious or critical
 * findings. All findings of a role are collected and reported together.
 *
 * Actions are hidden from roles that cannot use them: after the crawl, every link (and GET form)
 * a page offered its reader is requested again as that reader and must be let through (not 403,
 * 404 or "sign in"); every form that posts must name an action the access matrix lets that role
 * use (tests/support/access-cases.ts, the table access-matrix.spec.ts checks against the running
 * app): posting it here would run it, and some actions need no field. A finding names the page
 * that offered the link or the form.
 *
 * One signed-in context per role; each page is loaded once per viewport; axe runs at the first
 * viewport only (its rules read the DOM and colours, which do not change with the width).
 */
type Role = { who: string; account: string | null };
const ROLES: Role[] = [
	{ who: 'anon', account: null },
	{ who: 'admin', account: 'admin' },
	{ who: 'reform', account: 'caicach' },
	{ who: 'head', account: 'lanhdao1' },
	{ who: 'inspector', account: 'thanhtra' },
	{ who: 'officer', account: 'canbo1' }
];
const STAFF_SIZES = [
	{ width: 1366, height: 900 },
	{ width: 1280, height: 800 }
];
const PHONE = { width: 390, height: 844 };
const PUBLIC = /^\/(kiosk|minh-bach|phan-anh|tra-cuu|q|r|login)?(\/|$)/;

/** Pages no role reaches by following links here, and why; every other page must be visited. */
const NOT_VISITED: Record<string, string> = {
	'/setup': 'closed once an administrator exists (empty-install.spec.ts walks it)',
	'/logout': 'signs the context out (foundation.spec.ts)',
	'/q/[token]': 'a signed link printed on a dossier slip (qr.spec.ts)',
	'/r/[token]': 'a signed link printed on a service slip (qr.spec.ts)',
	'/phan-anh/[token]': 'a signed re-survey link sent to a citizen (complaints.spec.ts)',
	'/app/counter/slip': 'printed for the service in progress, from the counter screen (qr.spec.ts)',
	'/app/admin/webhooks/[id]': 'the demo has no webhook subscriber to link to (tests/abuse/webhooks.test.ts, the access matrix)'
};

/**
 * Words on a Vietnamese page that are not Vietnamese syllables but are right there: proper nouns,
 * units, abbreviations and the few loanwords Vietnamese writes as is.
 */
const ALLOWED = new Set(
	[
		'QR', 'CSV', 'XLSX', 'PDF', 'API', 'SIPAS', 'PAPI', 'PAR', 'INDEX', 'Excel', 'email', 'e-mail', 'web', 'website', 'online',
		'kiosk', 'tablet', 'Wi-Fi', 'Zalo', 'OpenAPI', 'JSON', 'HTTPS', 'HTTP', 'URL', 'ID', 'OK', 'Hai', 'Long', 'admin', 'caicach',
		'lanhdao', 'thanhtra', 'canbo', 'webhook', 'webhooks', 'token', 'Bluetooth', 'USB', 'COM', 'serial', 'NQ', 'TT', 'QĐ', 'CP', 'BNV', 'VPCP', 'TTg', 'localhost', 'Wilson', 'vnanet', 'WebP', 'JPEG', 'PNG', 'Ctrl', 'Shift', 'Enter'
	].map((w) => w.toLowerCase())
);

/** One Vietnamese syllable (tone marks removed first): initial, vowel nucleus, final. */
const SYLLABLE = /^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?[aăâeêioôơuưy]{1,3}(ch|ng|nh|[cmnptiyou])?$/;
const stripTones = (w: string) =>
	w
		.normalize('NFD')
		.replace(/[\u0300\u0301\u0303\u0309\u0323]/g, '')
		.normalize('NFC')
		.toLowerCase();

export function foreignWords(text: string): string[] {
	const out = new Set<string>();
	const prose = text.replace(/\bhttps?:\/\/\S+|(?:\/[\w.-]+){2,}\/?/g, ' '); // addresses and file paths are not words
	for (const raw of prose.split(/[^\p{L}\p{N}.'@_-]+/u)) {
		const token = raw.replace(/^[.'-]+|[.'%-]+$/g, '');
		if (!token || token.length === 1 || /\d|@|\.|_/.test(token)) continue; // variables (k, z), codes, numbers, e-mail addresses, file names, URLs
		if (ALLOWED.has(token.toLowerCase())) continue;
		if (/^[A-ZĐ]{2,6}$/.test(token)) continue; // abbreviations: UBND, HĐND, TTHC
		if (/^[A-ZĐ0-9]+(-[A-ZĐ0-9]+)+$/.test(token)) continue; // codes: KH-TTPVHCC, QĐ-TTg's parts
		for (const part of token.split('-')) {
			if (!part || ALLOWED.has(part.toLowerCase()) || /^[A-ZĐ]{2,6}$/.test(part)) continue;
			if (!SYLLABLE.test(stripTones(part))) out.add(token);
		}
	}
	return [...out];
}

/** Anything that looks like a date must be dd/mm/yyyy; no ISO days, no two-digit years; times HH:mm. */
export function badDates(text: string): string[] {
	const out: string[] = [];
	for (const m of text.matchAll(/(?<![\d./-])\d{1,4}[/-]\d{1,2}[/-]\d{1,4}(?![\d./-])/g)) {
		if (!/^\d{2}\/\d{2}\/\d{4}$/.test(m[0])) out.push(m[0]);
	}
	for (const m of text.matchAll(/(?<![\d:])\d:\d{2}\b/g)) out.push(m[0]);
	return out;
}

/** Findings read inside the page: horizontal scroll, overlapping controls, checkboxes away from their labels. */
async function layoutFindings(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const found: string[] = [];
		const doc = document.documentElement;
		if (doc.scrollWidth > doc.clientWidth + 1) found.push(`horizontal scroll: ${doc.scrollWidth} > ${doc.clientWidth}`);
		const describe = (e: Element) =>
			`<${e.tagName.toLowerCase()}${e.getAttribute('name') ? ` name=${e.getAttribute('name')}` : ''}> "${(e.textContent || (e as HTMLInputElement).value || '').trim().slice(0, 30)}"`;
		const visible = (e: Element) => {
			const r = e.getBoundingClientRect();
			const s = getComputedStyle(e);
			// checkVisibility: false inside a closed <details> (its content is skipped, yet keeps stale boxes)
			return r.width > 1 && r.height > 1 && s.visibility !== 'hidden' && e.checkVisibility({ visibilityProperty: true }) && (e as HTMLInputElement).type !== 'hidden';
		};
		const controls = [...document.querySelectorAll('a[href], button, input, select, textarea, [role="button"]')].filter(visible);
		const boxes = controls.map((e) => ({ e, r: e.getBoundingClientRect() }));
		for (let i = 0; i < boxes.length; i++) {
			for (let j = i + 1; j < boxes.length; j++) {
				const a = boxes[i], b = boxes[j];
				if (a.e.contains(b.e) || b.e.contains(a.e)) continue;
				const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
				const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
				if (w > 2 && h > 2) found.push(`overlap: ${describe(a.e)} and ${describe(b.e)}`);
			}
		}
		for (const input of document.querySelectorAll<HTMLInputElement>('input[type="checkbox"], input[type="radio"]')) {
			if (!visible(input)) continue;
			const label = input.labels?.[0];
			if (!label) {
				if (!input.getAttribute('aria-label') && !input.getAttribute('aria-labelledby')) found.push(`checkbox without label: ${describe(input)}`);
				continue;
			}
			const box = input.getBoundingClientRect();
			// the label's text: the first rendered line after the box
			const range = document.createRange();
			range.selectNodeContents(label);
			const lines = [...range.getClientRects()].filter((r) => r.width > 0 && r.left >= box.right - 1);
			const text = lines.sort((p, q) => p.top - q.top || p.left - q.left)[0];
			if (box.width > 32 || box.height > 32) found.push(`checkbox bigger than a box: ${describe(label)}`);
			if (!text) {
				found.push(`checkbox with no text to its right: ${describe(label)}`);
				continue;
			}
			const middle = box.top + box.height / 2;
			if (middle < text.top - 4 || middle > text.bottom + 4) found.push(`checkbox not on its label's line: ${describe(label)}`);
			if (text.left - box.right > 24) found.push(`label far from its checkbox (${Math.round(text.left - box.right)} px): ${describe(label)}`);
		}
		return found;
	});
}

/**
 * Visible text of the page, as a reader sees it (no <script>/<style>, no hidden elements), less
 * what is marked as another language (the "English" switch, an English name beside the Vietnamese).
 */
const visibleText = (page: Page) =>
	page.evaluate(() => {
		let text = document.body.innerText;
		// another language, and code (commands, file names, keys shown as code on purpose)
		for (const other of document.body.querySelectorAll<HTMLElement>('[lang]:not([lang^="vi"]), code, pre, kbd, samp')) text = text.replace(other.innerText, ' ');
		return text;
	});

type Offer = { method: 'GET' | 'POST'; url: string };
/** Not requested: signing out ends the crawl's session (everyone may; the access matrix tries it last). */
const NOT_TRIED = /^\/logout(\/|\?|$)/;

const endpoints = discoverEndpoints();
/**
 * Whether the access matrix lets `who` use what a form posts to: the form action (named by the
 * query's `/name` key, `default` without one) or the POST handler of the path.
 */
function matrixAllows(who: Who, url: string): boolean | 'unknown' {
	const u = new URL(url, 'http://x');
	const action = [...u.searchParams.keys()].find((k) => k.startsWith('/'))?.slice(1) ?? 'default';
	const endpoint =
		endpoints.find((e) => e.kind === 'action' && e.action === action && routeRegex(e.route).test(u.pathname)) ??
		endpoints.find((e) => e.kind === 'api' && e.method === 'POST' && routeRegex(e.route).test(u.pathname));
	const cases = endpoint && MATRIX[endpoint.key];
	if (!cases) return 'unknown';
	return cases.some((c) => c.expect[who] === 'allow');
}
/** At most this many links or forms of one shape (same path but for ids, same query keys) are tried for a role. */
const PER_SHAPE = 5;

/** The links and form targets of the page, on this site, other than the page itself. */
const offers = (page: Page): Promise<Offer[]> =>
	page.evaluate(() => {
		const out: { method: 'GET' | 'POST'; url: string }[] = [];
		const here = location.pathname + location.search;
		const local = (href: string) => {
			const u = new URL(href, location.href);
			return u.origin === location.origin ? u.pathname + u.search : null;
		};
		for (const a of document.querySelectorAll<HTMLAnchorElement>('a[href]')) {
			const url = local(a.href);
			if (url && url !== here) out.push({ method: 'GET', url });
		}
		for (const form of document.querySelectorAll('form')) {
			// the attributes, not form.method / form.action: a field named "action" (a filter) shadows those properties
			const method = (form.getAttribute('method') ?? 'get').toLowerCase() === 'post' ? 'POST' : 'GET';
			const targets = [form.getAttribute('action') ?? '', ...[...form.querySelectorAll('button[formaction]')].map((b) => b.getAttribute('formaction') ?? '')];
			for (const t of targets) {
				const url = local(t);
				if (url && (method === 'POST' || url !== here)) out.push({ method, url });
			}
		}
		return out;
	});

const shapeOf = (o: Offer) => {
	const u = new URL(o.url, 'http://x');
	return `${o.method} ${u.pathname.replace(/\/\d+(?=\/|$)/g, '/[id]')}?${[...u.searchParams.keys()].sort().join('&')}`;
};

type Visit = { url: string; page: string };

function routeRegex(route: string): RegExp {
	const body = route.replace(/\[(\w+)\]/g, (_, name: string) => (name === 'id' ? '(\\d+)' : '([A-Za-z0-9_-]+)'));
	return new RegExp(`^${body}$`);
}

const pageRoutes = discoverEndpoints()
	.filter((e) => e.kind === 'page')
	.map((e) => e.route);
const staticRoutes = pageRoutes.filter((r) => !r.includes('['));
const dynamicRoutes = pageRoutes.filter((r) => r.includes('['));
/** Pages seen, kept in a file: the last test reads what every role's test saw, even after a failed one restarted the worker. */
const VISITED_FILE = 'test-results/every-page/visited.json';
const visited = {
	add(route: string) {
		const seen: string[] = fs.existsSync(VISITED_FILE) ? JSON.parse(fs.readFileSync(VISITED_FILE, 'utf8')) : [];
		if (!seen.includes(route)) fs.writeFileSync(VISITED_FILE, JSON.stringify([...seen, route]));
	},
	all: (): string[] => (fs.existsSync(VISITED_FILE) ? JSON.parse(fs.readFileSync(VISITED_FILE, 'utf8')) : [])
};

fs.mkdirSync('test-results/every-page', { recursive: true });
test.beforeAll(() => {
	if (test.info().workerIndex === 0 && test.info().retry === 0 && fs.existsSync(VISITED_FILE) && !process.env.EVERY_PAGE_KEEP) fs.rmSync(VISITED_FILE);
});

async function visitAll(browser: Browser, role: Role): Promise<string[]> {
	const context = await browser.newContext();
	const page = await context.newPage();
	const problems: string[] = [];
	// each finding is also written as it is found, so a long run can be read while it goes on
	const log = `test-results/every-page/problems-${role.who}.txt`;
	fs.writeFileSync(log, '');
	const report = (finding: string) => {
		fs.appendFileSync(log, finding + '\n');
		problems.push(finding);
	};
	let current = '';
	page.on('console', (m) => {
		// a failed resource is reported by the response listener, with its address
		if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) report(`${current}: console error: ${m.text().slice(0, 200)}`);
	});
	page.on('pageerror', (e) => report(`${current}: page error: ${e.message.slice(0, 200)}`));
	page.on('requestfailed', (r) => {
		const why = r.failure()?.errorText ?? '';
		// a live stream or a prefetch cut short by the next navigation is not a failure
		if (why !== 'net::ERR_ABORTED') report(`${current}: request failed: ${r.url()} ${why}`);
	});
	page.on('response', (r) => {
		if (r.status() >= 400 && r.request().resourceType() !== 'document') report(`${current}: ${r.status()} ${r.url()}`);
	});
	if (role.account) await signIn(page, role.account);

	const queue: Visit[] = staticRoutes.filter((r) => r !== '/logout' && r !== '/setup').map((r) => ({ url: r, page: r }));
	const found = new Map<string, string>();
	const seen = new Set<string>();
	/** Links and forms offered to this role: url → the page that offered it first. */
	const offered = new Map<string, { offer: Offer; from: string }>();
	const shapes = new Map<string, number>();
	while (queue.length) {
		const { url, page: route } = queue.shift()!;
		if (seen.has(route)) continue;
		seen.add(route);
		const phone = PUBLIC.test(route) || route === '/';
		const sizes = phone ? [...STAFF_SIZES, PHONE] : STAFF_SIZES;
		let first = true;
		for (const size of sizes) {
			await page.setViewportSize(size);
			current = `${role.who} ${url} ${size.width}×${size.height}`;
			const before = problems.length;
			const res = await page.goto(url);
			const status = res?.status() ?? 0;
			if (status === 403 || status === 404 || status === 400) {
				// 400: a page that needs its query (the service slip), reached only through a link that carries it
				// not this role's page (the access matrix checks that): the browser's own "403" console line is no finding
				problems.length = before;
				break;
			}
			if (role.account && /\/login/.test(new URL(page.url()).pathname) && url !== '/login') break;
			if (new URL(page.url()).pathname !== new URL(url, 'http://x').pathname) {
				// a redirect (e.g. /app to an officer's own page): the target is visited as its own route
				visited.add(route);
				if (first) queue.push({ url: new URL(page.url()).pathname + new URL(page.url()).search, page: new URL(page.url()).pathname.replace(/\d+/g, '[id]') });
				break;
			}
			if (status >= 400) report(`${current}: answered ${status}`);
			// not 'networkidle': a live page keeps its event stream open for ever
			await page.waitForLoadState('load');
			await page.waitForTimeout(300); // charts draw after hydration
			visited.add(route);
			const file = `${role.who}${url.replace(/[^\w-]+/g, '_')}-${size.width}x${size.height}.png`;
			await page.screenshot({ path: `test-results/every-page/${file}`, fullPage: true, animations: 'disabled' });
			for (const f of await layoutFindings(page)) report(`${current}: ${f}`);
			const text = await visibleText(page);
			const lang = await page.evaluate(() => document.documentElement.lang);
			if (lang === 'vi') {
				const foreign = foreignWords(text);
				if (foreign.length) report(`${current}: not Vietnamese: ${foreign.slice(0, 12).join(', ')}`);
				if (/[{[]\s*"\w+"\s*:|"\w+"\s*:\s*(true|false|\d|")/.test(text)) report(`${current}: JSON on the page`);
			}
			const dates = badDates(text);
			if (dates.length) report(`${current}: dates not dd/mm/yyyy HH:mm: ${[...new Set(dates)].slice(0, 6).join(', ')}`);
			if (first) {
				const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
				for (const v of axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'))
					report(`${current}: axe ${v.impact} ${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
				// links to the pages with an id or a token, for this role
				const hrefs = await page.evaluate(() => [...document.querySelectorAll('a[href]')].map((a) => new URL((a as HTMLAnchorElement).href).pathname));
				const html = await page.content();
				const printed = [...html.matchAll(/https?:\/\/[^\s"'<]+?(\/(?:q|r|phan-anh)\/[A-Za-z0-9_-]{8,})/g)].map((m) => m[1]);
				for (const href of [...hrefs, ...printed]) {
					for (const d of dynamicRoutes) if (!found.has(d) && routeRegex(d).test(href)) found.set(d, href);
				}
				for (const [d, href] of found) if (!seen.has(d) && !queue.some((q) => q.page === d)) queue.push({ url: href, page: d });
				for (const offer of await offers(page)) {
					const key = `${offer.method} ${offer.url}`;
					if (offered.has(key) || NOT_TRIED.test(offer.url)) continue;
					const shape = shapeOf(offer);
					if ((shapes.get(shape) ?? 0) >= PER_SHAPE) continue;
					shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
					offered.set(key, { offer, from: url });
				}
			}
			first = false;
		}
	}
	current = role.who;
	for (const [key, { offer, from }] of offered) {
		if (offer.method === 'POST') {
			const allowed = matrixAllows(role.who as Who, offer.url);
			if (allowed === 'unknown') report(`${role.who}: ${from} offers ${key}, which is no action or endpoint of the access matrix`);
			else if (!allowed) report(`${role.who}: ${from} offers ${key}, which the access matrix refuses this role`);
			continue;
		}
		const res = await probe(context.request, offer.method, offer.url, 'page');
		let outcome: string;
		try {
			outcome = classify(res.status, res.location);
		} catch {
			outcome = `error`;
		}
		if (outcome !== 'allow') report(`${role.who}: ${from} offers ${key}, which answers ${res.status}${res.location ? ` → ${res.location}` : ''} (${outcome})`);
	}
	expect(offered.size, 'links and forms tried').toBeGreaterThan(0);
	await context.close();
	return problems;
}

for (const role of ROLES) {
	test(`every page a ${role.who === 'anon' ? 'visitor' : role.who} opens reads well at every size`, async ({ browser }) => {
		// an administrator's ~45 pages at two sizes; a few minutes on an idle machine, more on a loaded one
		test.setTimeout(30 * 60_000);
		const problems = await visitAll(browser, role);
		expect(problems, problems.join('\n')).toEqual([]);
	});
}

test('every page was visited by some role, or is listed with the reason it is not', () => {
	const seen = visited.all();
	const missing = pageRoutes.filter((r) => !seen.includes(r) && !(r in NOT_VISITED));
	expect(missing).toEqual([]);
});
