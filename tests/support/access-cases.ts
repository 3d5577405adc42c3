import { POLICY, type Permission } from '../../src/lib/policy';
import type { Outcome } from './probe';

/**
 * Every page, action and endpoint × every role × own unit / other unit, against the running
 * app. Outcomes: 'allow' (the guard let the request through: 2xx, a redirect elsewhere than
 * sign-in, a validation failure or rate limit), 'login' (sign-in redirect or 401), 'deny'
 * (403 or 404). Adding a route without an entry here fails the first test.
 */
/** localInspector: an inspector of lanhdao1's unit only (created by the test through the admin UI). */
export type Who = 'anon' | 'admin' | 'reform' | 'head' | 'inspector' | 'localInspector' | 'officer';
export type Ids = {
	ownUnit: number;
	otherUnit: number;
	ownOfficer: number;
	colleague: number;
	otherOfficer: number;
	ownComplaint: number;
	otherComplaint: number;
	ownCentre: number;
	otherCentre: number;
	procedure: number;
};
export type Case = { label: string; url: (ids: Ids) => string; expect: Record<Who, Outcome> };

export const ACCOUNTS: Record<Exclude<Who, 'anon'>, string> = {
	admin: 'admin',
	reform: 'caicach',
	head: 'lanhdao1',
	inspector: 'thanhtra',
	localInspector: 'thanhtra1',
	officer: 'canbo1'
};
export const WHO = ['anon', 'admin', 'reform', 'head', 'inspector', 'localInspector', 'officer'] as const;

const all = (o: Outcome): Record<Who, Outcome> => ({ anon: o, admin: o, reform: o, head: o, inspector: o, localInspector: o, officer: o });
const signedIn = (o: Outcome): Record<Who, Outcome> => ({ ...all(o), anon: 'login' });
const adminOnly: Record<Who, Outcome> = { ...all('deny'), anon: 'login', admin: 'allow' };
const fixed = (path: string) => () => path;
/** The role each account holds (src/lib/policy.ts names who may do what by role). */
const ROLE_OF: Record<Exclude<Who, 'anon' | 'admin'>, string> = { reform: 'reform', head: 'unit_head', inspector: 'inspector', localInspector: 'inspector', officer: 'officer' };
/** A permission of the policy as the matrix expects it: anonymous → sign in, admin → allowed, others by role. */
const permitted = (what: Permission): Record<Who, Outcome> => {
	const roles = POLICY[what] as readonly string[];
	const out = { ...all('deny'), anon: 'login', admin: 'allow' } as Record<Who, Outcome>;
	for (const [who, role] of Object.entries(ROLE_OF)) if (roles.includes(role)) out[who as Who] = 'allow';
	return out;
};
/** The leaders read the figures of their subtree; the head's and the officer's outcome depend on whose page it is. */
const leaders = (head: Outcome, officer: Outcome): Record<Who, Outcome> => ({ ...permitted('readFigures'), head, officer });
/** The counter screen needs an officer behind the account: an administrator has none. */
const officerOnly: Record<Who, Outcome> = { ...all('deny'), anon: 'login', officer: 'allow' };
/** Dossier imports: administrators and unit heads (within their subtree). */
const importers: Record<Who, Outcome> = { ...all('deny'), anon: 'login', admin: 'allow', head: 'allow' };

/** Centres: administrators; unit heads open the centres of their subtree and manage their counters. */
const centreManagers: Record<Who, Outcome> = { ...all('deny'), anon: 'login', admin: 'allow', head: 'allow' };
const centreActions = ['createCounter', 'saveCounter', 'setCounterActive'];
/** An officer's admin page and actions: in the head's own unit, in another unit, and no such officer. */
const officerCases = (inOwnUnit: Record<Who, Outcome>): Case[] => [
	{ label: 'officer in own unit', url: (i) => `/app/admin/officers/${i.ownOfficer}`, expect: inOwnUnit },
	{ label: 'officer of another unit', url: (i) => `/app/admin/officers/${i.otherOfficer}`, expect: { ...inOwnUnit, head: 'deny' } },
	{ label: 'no such officer', url: fixed('/app/admin/officers/999999'), expect: { ...all('deny'), anon: 'login' } }
];

/** Complaints: read by inspectors, unit heads and the reform office in scope; worked by inspectors; recorded by inspectors and unit heads. */
const complaintViewers = permitted('viewComplaints');
const complaintActors = permitted('actOnComplaints');
const complaintRecorders = permitted('recordComplaints');
// reclassify (petition ⇄ khiếu nại) and accept (a khiếu nại's acceptance) are the inspectors' too, never a unit head's
const caseActions = ['assign', 'start', 'resolve', 'reject', 'reopen', 'note', 'callBack', 'erase', 'reclassify', 'accept'];

export const MATRIX: Record<string, Case[]> = {
	'GET /': [{ label: 'start page', url: fixed('/'), expect: all('allow') }],
	'GET /login': [{ label: 'sign-in page', url: fixed('/login'), expect: all('allow') }],
	'POST /login?/default': [{ label: 'sign-in', url: fixed('/login'), expect: all('allow') }],
	'GET /logout': [{ label: 'sign-out page', url: fixed('/logout'), expect: all('allow') }],
	'POST /logout?/default': [], // exercised last, per role, below
	'GET /setup': [{ label: 'set-up (closed)', url: fixed('/setup'), expect: all('deny') }],
	// operations (issue 18): probes are open; /metrics answers this machine when METRICS_TOKEN is unset (the test server's case)
	'GET /healthz': [{ label: 'liveness probe', url: fixed('/healthz'), expect: all('allow') }],
	'GET /readyz': [{ label: 'readiness probe', url: fixed('/readyz'), expect: all('allow') }],
	'GET /metrics': [{ label: 'metrics (from localhost, no token set)', url: fixed('/metrics'), expect: all('allow') }],
	'POST /setup?/default': [{ label: 'set-up (closed)', url: fixed('/setup'), expect: all('deny') }],
	'POST /lang': [{ label: 'language switch', url: fixed('/lang'), expect: all('allow') }],
	'GET /kiosk': [{ label: 'kiosk shell', url: fixed('/kiosk'), expect: all('allow') }],
	// Citizen pages: public; a forged QR token is a 404 for everyone.
	'GET /r/[token]': [
		{ label: 'forged service QR', url: fixed('/r/s1.AAAAAAAAAAAAAAAA'), expect: all('deny') },
		{ label: 'forged dossier QR', url: fixed('/r/d1.AAAAAAAAAAAAAAAA'), expect: all('deny') }
	],
	'POST /r/[token]?/rate': [
		{ label: 'forged service QR', url: fixed('/r/s1.AAAAAAAAAAAAAAAA'), expect: all('deny') },
		{ label: 'forged dossier QR', url: fixed('/r/d1.AAAAAAAAAAAAAAAA'), expect: all('deny') }
	],
	'GET /q/[token]': [{ label: 'forged counter QR', url: fixed('/q/k1.AAAAAAAAAAAAAAAA'), expect: all('deny') }],
	'POST /q/[token]?/rate': [{ label: 'forged counter QR', url: fixed('/q/k1.AAAAAAAAAAAAAAAA'), expect: all('deny') }],
	'GET /minh-bach': [{ label: 'published results', url: fixed('/minh-bach'), expect: all('allow') }],
	'GET /tra-cuu': [{ label: 'dossier lookup', url: fixed('/tra-cuu?code=KHONG-CO'), expect: all('allow') }],
	'GET /app/counter/slip': [
		{ label: 'slip for a service not the officer’s', url: fixed('/app/counter/slip?service=999999'), expect: { ...all('deny'), anon: 'login' } },
		// A dossier code names no service: the officer's request is malformed (400), nothing is signed.
		{ label: 'slip by dossier code', url: fixed('/app/counter/slip?code=KHONG-CO'), expect: officerOnly }
	],
	'GET /app/dossiers/import': [{ label: 'dossier import', url: fixed('/app/dossiers/import'), expect: importers }],
	'POST /app/dossiers/import?/preview': [{ label: 'import preview', url: fixed('/app/dossiers/import'), expect: importers }],
	'POST /app/dossiers/import?/commit': [{ label: 'import commit (no JS)', url: fixed('/app/dossiers/import'), expect: importers }],
	'GET /app/dossiers/import/sample.csv': [{ label: 'sample CSV', url: fixed('/app/dossiers/import/sample.csv'), expect: importers }],
	'POST /api/v1/imports/dossiers': [{ label: 'import progress stream', url: fixed('/api/v1/imports/dossiers'), expect: importers }],
	'POST /api/v1/imports/[kind]': [
		{ label: 'import progress stream, no such kind', url: fixed('/api/v1/imports/khong-co'), expect: { ...all('deny'), anon: 'login' } },
		{ label: 'procedure import progress stream', url: fixed('/api/v1/imports/procedures'), expect: adminOnly },
		{ label: 'unit import progress stream', url: fixed('/api/v1/imports/units'), expect: adminOnly },
		{ label: 'officer import progress stream', url: fixed('/api/v1/imports/officers'), expect: importers }
	],
	// Officers (issue 13): administrators everywhere, unit heads where the officer belongs; accounts administrators only.
	'GET /app/admin/officers': [{ label: 'officer list', url: fixed('/app/admin/officers'), expect: importers }],
	'POST /app/admin/officers?/create': [{ label: 'add an officer', url: fixed('/app/admin/officers'), expect: importers }],
	'GET /app/admin/officers/import': [{ label: 'HR list import', url: fixed('/app/admin/officers/import'), expect: importers }],
	'POST /app/admin/officers/import?/preview': [{ label: 'HR list preview', url: fixed('/app/admin/officers/import'), expect: importers }],
	'POST /app/admin/officers/import?/commit': [{ label: 'HR list commit (no JS)', url: fixed('/app/admin/officers/import'), expect: importers }],
	'GET /app/admin/officers/import/sample.csv': [{ label: 'HR list sample', url: fixed('/app/admin/officers/import/sample.csv'), expect: importers }],
	'GET /app/admin/officers/[id]': officerCases(importers),
	...Object.fromEntries(
		['details', 'photo', 'removePhoto', 'posting', 'editPosting'].map((a): [string, Case[]] => [`POST /app/admin/officers/[id]?/${a}`, officerCases(importers)])
	),
	...Object.fromEntries(['link', 'unlink', 'account'].map((a): [string, Case[]] => [`POST /app/admin/officers/[id]?/${a}`, officerCases(adminOnly)])),
	// photos: who may see the officer's page or manage the officer (both officers have one, uploaded below)
	'GET /app/officers/[id]/photo': [
		{ label: 'own photo', url: (i) => `/app/officers/${i.ownOfficer}/photo`, expect: leaders('allow', 'allow') },
		{ label: 'photo of an officer of another unit', url: (i) => `/app/officers/${i.otherOfficer}/photo`, expect: { ...leaders('deny', 'deny'), localInspector: 'deny' } },
		{ label: 'no such officer', url: fixed('/app/officers/999999/photo'), expect: { ...all('deny'), anon: 'login' } }
	],
	'GET /api/v1/officers': [{ label: 'officer read (HR software)', url: fixed('/api/v1/officers'), expect: all('login') }],
	'POST /api/v1/officers': [{ label: 'officer push (HR software)', url: fixed('/api/v1/officers'), expect: all('login') }],
	'GET /api/v1/device/photos/[id]': [{ label: 'serving officer’s photo (tablet)', url: (i) => `/api/v1/device/photos/${i.ownOfficer}`, expect: all('login') }],
	'POST /api/v1/dossiers': [{ label: 'dossier push', url: fixed('/api/v1/dossiers'), expect: all('login') }],
	'GET /api/v1/dossiers/[code]': [{ label: 'dossier read-back', url: fixed('/api/v1/dossiers/X-1'), expect: all('login') }],
	'GET /api/v1/dossiers/[code]/ratings': [{ label: 'dossier ratings read-back', url: fixed('/api/v1/dossiers/X-1/ratings'), expect: all('login') }],
	'POST /api/v1/service-events': [{ label: 'service event push', url: fixed('/api/v1/service-events'), expect: all('login') }],
	'POST /api/v1/national/dossiers': [{ label: 'national dossier sync', url: fixed('/api/v1/national/dossiers'), expect: all('login') }],
	'POST /api/v1/queue/calls': [{ label: 'queue call', url: fixed('/api/v1/queue/calls'), expect: all('login') }],
	'POST /api/v1/queue/calls/done': [{ label: 'queue call done', url: fixed('/api/v1/queue/calls/done'), expect: all('login') }],
	'GET /api/v1/openapi.json': [{ label: 'OpenAPI contract', url: fixed('/api/v1/openapi.json'), expect: all('allow') }],
	'GET /app/admin/boxes': [{ label: 'button boxes', url: fixed('/app/admin/boxes'), expect: adminOnly }],
	'POST /app/admin/boxes?/bind': [{ label: 'bind box', url: fixed('/app/admin/boxes'), expect: adminOnly }],
	'POST /app/admin/boxes?/createBridge': [{ label: 'create bridge token', url: fixed('/app/admin/boxes'), expect: adminOnly }],
	'POST /app/admin/boxes?/revokeBridge': [{ label: 'revoke bridge', url: fixed('/app/admin/boxes'), expect: adminOnly }],
	'POST /app/admin/boxes?/assignBridge': [{ label: 'assign counters to a bridge', url: fixed('/app/admin/boxes'), expect: adminOnly }],
	'POST /api/v1/boxes/hello': [{ label: 'bridge hello', url: fixed('/api/v1/boxes/hello'), expect: all('login') }],
	'POST /api/v1/boxes/presses': [{ label: 'bridge presses', url: fixed('/api/v1/boxes/presses'), expect: all('login') }],
	'POST /api/v1/boxes/status': [{ label: 'bridge status', url: fixed('/api/v1/boxes/status'), expect: all('login') }],
	'GET /api/v1/boxes/led': [{ label: 'bridge LED modes', url: fixed('/api/v1/boxes/led'), expect: all('login') }],
	'GET /app/admin/qr': [{ label: 'counter QR cards', url: fixed('/app/admin/qr'), expect: adminOnly }],
	'GET /app': [{ label: 'overview', url: fixed('/app'), expect: signedIn('allow') }],
	'GET /app/account': [{ label: 'account', url: fixed('/app/account'), expect: signedIn('allow') }],
	'POST /app/account?/password': [{ label: 'change password', url: fixed('/app/account'), expect: signedIn('allow') }],
	'GET /app/units/[id]': [
		{ label: 'own unit', url: (i) => `/app/units/${i.ownUnit}`, expect: leaders('allow', 'deny') },
		{ label: 'other unit', url: (i) => `/app/units/${i.otherUnit}`, expect: { ...leaders('deny', 'deny'), localInspector: 'deny' } },
		{ label: 'no such unit', url: fixed('/app/units/999999'), expect: { ...all('deny'), anon: 'login' } },
		{ label: 'malformed id', url: fixed('/app/units/1%20or%201=1'), expect: { ...all('deny'), anon: 'login' } }
	],
	'GET /app/indices': [
		{ label: 'statutory indices (default scope)', url: fixed('/app/indices'), expect: leaders('allow', 'deny') },
		{ label: 'indices, own unit', url: (i) => `/app/indices?unit=${i.ownUnit}`, expect: leaders('allow', 'deny') },
		{ label: 'indices, other unit', url: (i) => `/app/indices?unit=${i.otherUnit}`, expect: { ...leaders('deny', 'deny'), localInspector: 'deny' } },
		{ label: 'indices, malformed unit', url: fixed('/app/indices?unit=1%20or%201=1'), expect: { ...all('deny'), anon: 'login' } }
	],
	'GET /app/late': [
		{ label: 'late dossiers (default scope)', url: fixed('/app/late'), expect: leaders('allow', 'deny') },
		{ label: 'late dossiers, own unit', url: (i) => `/app/late?unit=${i.ownUnit}`, expect: leaders('allow', 'deny') },
		{ label: 'late dossiers, other unit', url: (i) => `/app/late?unit=${i.otherUnit}`, expect: { ...leaders('deny', 'deny'), localInspector: 'deny' } }
	],
	// TT 01 unit-level scores: reform (and admin) verify, unit heads self-score their subtree; the probe's empty form is a 400
	'POST /app/indices?/unitScore': [
		{ label: 'TT 01 unit-level score', url: fixed('/app/indices'), expect: permitted('scoreUnits') }
	],
	'GET /app/indices/export': [
		{ label: 'indices workbook', url: fixed('/app/indices/export?format=xlsx'), expect: leaders('allow', 'deny') },
		{ label: 'indices table CSV, own unit', url: (i) => `/app/indices/export?format=csv&table=tt01&unit=${i.ownUnit}`, expect: leaders('allow', 'deny') },
		{ label: 'indices export, other unit', url: (i) => `/app/indices/export?format=xlsx&unit=${i.otherUnit}`, expect: { ...leaders('deny', 'deny'), localInspector: 'deny' } }
	],
	// without a dossier in the form: the guard passes (400) for those who record slips; the 404 of an
	// out-of-scope dossier is in src/routes/(app)/app/late/late-notices.test.ts
	'POST /app/late?/recordNotice': [{ label: 'record an apology slip (no dossier given)', url: fixed('/app/late'), expect: importers }],
	'GET /app/late/export': [
		{ label: 'late dossiers export', url: fixed('/app/late/export?format=csv'), expect: leaders('allow', 'deny') },
		{ label: 'late dossiers export, other unit', url: (i) => `/app/late/export?format=xlsx&unit=${i.otherUnit}`, expect: { ...leaders('deny', 'deny'), localInspector: 'deny' } }
	],
	'GET /app/flags/export': [{ label: 'flags export', url: fixed('/app/flags/export?format=csv'), expect: leaders('allow', 'deny') }],
	'GET /app/live': [{ label: 'dashboard live events', url: fixed('/app/live'), expect: leaders('allow', 'deny') }],
	'GET /app/units/[id]/report': [
		{ label: 'own unit report', url: (i) => `/app/units/${i.ownUnit}/report`, expect: leaders('allow', 'deny') },
		{ label: 'other unit report', url: (i) => `/app/units/${i.otherUnit}/report`, expect: { ...leaders('deny', 'deny'), localInspector: 'deny' } }
	],
	'GET /app/export': [{ label: 'overview export', url: fixed('/app/export?format=csv'), expect: leaders('allow', 'deny') }],
	'GET /app/units/[id]/export': [
		{ label: 'own unit export', url: (i) => `/app/units/${i.ownUnit}/export?format=xlsx`, expect: leaders('allow', 'deny') },
		{ label: 'other unit export', url: (i) => `/app/units/${i.otherUnit}/export?format=csv`, expect: { ...leaders('deny', 'deny'), localInspector: 'deny' } }
	],
	'GET /app/officers/[id]': [
		{ label: 'themself', url: (i) => `/app/officers/${i.ownOfficer}`, expect: leaders('allow', 'allow') },
		{ label: 'colleague in own unit', url: (i) => `/app/officers/${i.colleague}`, expect: leaders('allow', 'deny') },
		{ label: 'officer of another unit', url: (i) => `/app/officers/${i.otherOfficer}`, expect: { ...leaders('deny', 'deny'), localInspector: 'deny' } }
	],
	'GET /app/counter': [{ label: 'counter screen', url: fixed('/app/counter'), expect: officerOnly }],
	'POST /app/counter?/take': [{ label: 'take counter', url: fixed('/app/counter'), expect: officerOnly }],
	'POST /app/counter?/leave': [{ label: 'leave counter', url: fixed('/app/counter'), expect: officerOnly }],
	'POST /app/counter?/serve': [{ label: 'serve', url: fixed('/app/counter'), expect: officerOnly }],
	'POST /app/counter?/create': [{ label: 'create dossier', url: fixed('/app/counter'), expect: officerOnly }],
	'POST /app/counter?/done': [{ label: 'finish service', url: fixed('/app/counter'), expect: officerOnly }],
	'GET /app/counter/events': [{ label: 'counter live events', url: fixed('/app/counter/events'), expect: officerOnly }],
	'GET /app/flags': [{ label: 'manipulation flags', url: fixed('/app/flags'), expect: leaders('allow', 'deny') }],
	'POST /app/flags?/acknowledge': [
		{ label: 'acknowledge flag', url: fixed('/app/flags'), expect: permitted('acknowledgeFlags') }
	],
	'GET /app/admin': [{ label: 'admin', url: fixed('/app/admin'), expect: adminOnly }],
	'GET /app/admin/users': [{ label: 'users', url: fixed('/app/admin/users'), expect: adminOnly }],
	'POST /app/admin/users?/create': [{ label: 'create user', url: fixed('/app/admin/users'), expect: adminOnly }],
	'POST /app/admin/users?/grant': [{ label: 'grant role', url: fixed('/app/admin/users'), expect: adminOnly }],
	'POST /app/admin/users?/revoke': [{ label: 'revoke role', url: fixed('/app/admin/users'), expect: adminOnly }],
	'POST /app/admin/users?/disable': [{ label: 'disable user', url: fixed('/app/admin/users'), expect: adminOnly }],
	'GET /app/admin/devices': [{ label: 'devices', url: fixed('/app/admin/devices'), expect: adminOnly }],
	'POST /app/admin/devices?/pair': [{ label: 'pairing code', url: fixed('/app/admin/devices'), expect: adminOnly }],
	'POST /app/admin/devices?/revoke': [{ label: 'revoke device', url: fixed('/app/admin/devices'), expect: adminOnly }],
	'GET /app/admin/tokens': [{ label: 'tokens', url: fixed('/app/admin/tokens'), expect: adminOnly }],
	'POST /app/admin/tokens?/create': [{ label: 'create token', url: fixed('/app/admin/tokens'), expect: adminOnly }],
	'POST /app/admin/tokens?/revoke': [{ label: 'revoke token', url: fixed('/app/admin/tokens'), expect: adminOnly }],
	'GET /app/admin/webhooks': [{ label: 'webhook subscribers', url: fixed('/app/admin/webhooks'), expect: adminOnly }],
	...Object.fromEntries(
		['create', 'pause', 'resume', 'rotate', 'delete'].map((a): [string, Case[]] => [`POST /app/admin/webhooks?/${a}`, [{ label: `webhook ${a}`, url: fixed('/app/admin/webhooks'), expect: adminOnly }]])
	),
	// the demo has no subscriber: no such subscriber is a 404 even for an administrator
	'GET /app/admin/webhooks/[id]': [{ label: 'no such subscriber’s log', url: fixed('/app/admin/webhooks/999999'), expect: { ...all('deny'), anon: 'login' } }],
	'POST /app/admin/webhooks/[id]?/retry': [{ label: 'retry for no such subscriber', url: fixed('/app/admin/webhooks/999999'), expect: { ...all('deny'), anon: 'login' } }],
	// Administrative units: administrators only; the integration API takes bearer tokens only.
	'GET /app/admin/units': [{ label: 'unit tree', url: fixed('/app/admin/units?q=nha'), expect: adminOnly }],
	'POST /app/admin/units?/create': [{ label: 'add a unit', url: fixed('/app/admin/units'), expect: adminOnly }],
	'GET /app/admin/units/[id]': [
		{ label: 'a unit', url: (i) => `/app/admin/units/${i.ownUnit}`, expect: adminOnly },
		{ label: 'no such unit', url: fixed('/app/admin/units/999999'), expect: { ...all('deny'), anon: 'login' } }
	],
	'POST /app/admin/units/[id]?/save': [{ label: 'edit a unit', url: (i) => `/app/admin/units/${i.ownUnit}`, expect: adminOnly }],
	'POST /app/admin/units/[id]?/end': [{ label: 'end a unit', url: (i) => `/app/admin/units/${i.ownUnit}`, expect: adminOnly }],
	'GET /app/admin/units/import': [{ label: 'official list import', url: fixed('/app/admin/units/import'), expect: adminOnly }],
	'POST /app/admin/units/import?/preview': [{ label: 'official list preview', url: fixed('/app/admin/units/import'), expect: adminOnly }],
	'POST /app/admin/units/import?/commit': [{ label: 'official list commit', url: fixed('/app/admin/units/import'), expect: adminOnly }],
	'GET /app/admin/units/agencies/import': [{ label: 'agencies import', url: fixed('/app/admin/units/agencies/import'), expect: adminOnly }],
	'POST /app/admin/units/agencies/import?/preview': [{ label: 'agencies preview', url: fixed('/app/admin/units/agencies/import'), expect: adminOnly }],
	'POST /app/admin/units/agencies/import?/commit': [{ label: 'agencies commit', url: fixed('/app/admin/units/agencies/import'), expect: adminOnly }],
	'GET /app/admin/units/successors/import': [{ label: 'conversion table import', url: fixed('/app/admin/units/successors/import'), expect: adminOnly }],
	'POST /app/admin/units/successors/import?/preview': [{ label: 'conversion table preview', url: fixed('/app/admin/units/successors/import'), expect: adminOnly }],
	'POST /app/admin/units/successors/import?/commit': [{ label: 'conversion table commit', url: fixed('/app/admin/units/successors/import'), expect: adminOnly }],
	'GET /api/v1/units': [{ label: 'units read', url: fixed('/api/v1/units'), expect: all('login') }],
	'POST /api/v1/units': [{ label: 'units upsert', url: fixed('/api/v1/units'), expect: all('login') }],
	'GET /app/admin/audit': [{ label: 'audit log', url: fixed('/app/admin/audit'), expect: adminOnly }],
	'GET /app/admin/holders': [{ label: 'dossier holders (national sync)', url: fixed('/app/admin/holders'), expect: adminOnly }],
	'POST /app/admin/holders?/erase': [{ label: 'erase a dossier holder', url: fixed('/app/admin/holders'), expect: adminOnly }],
	'GET /app/admin/calendar': [{ label: 'working calendar', url: fixed('/app/admin/calendar'), expect: adminOnly }],
	'POST /app/admin/calendar?/preview': [{ label: "preview a year's holiday notice", url: fixed('/app/admin/calendar'), expect: adminOnly }],
	'POST /app/admin/calendar?/enter': [{ label: "enter a year's holiday notice", url: fixed('/app/admin/calendar'), expect: adminOnly }],
	'POST /app/admin/calendar?/remove': [{ label: 'remove a calendar day without a source', url: fixed('/app/admin/calendar'), expect: adminOnly }],
	'POST /app/admin/calendar?/sync': [{ label: 'update the built-in calendar', url: fixed('/app/admin/calendar'), expect: adminOnly }],
	'GET /app/admin/scales': [{ label: 'rating scales', url: fixed('/app/admin/scales'), expect: adminOnly }],
	'POST /app/admin/scales?/create': [{ label: 'new scale version', url: fixed('/app/admin/scales'), expect: adminOnly }],
	'POST /app/admin/scales?/activate': [{ label: 'activate a scale', url: fixed('/app/admin/scales'), expect: adminOnly }],
	'POST /app/admin/scales?/cancel': [{ label: 'cancel a scale switch', url: fixed('/app/admin/scales'), expect: adminOnly }],
	'GET /app/admin/settings': [{ label: 'settings', url: fixed('/app/admin/settings'), expect: adminOnly }],
	'POST /app/admin/settings?/save': [{ label: 'save a setting', url: fixed('/app/admin/settings'), expect: adminOnly }],
	'POST /app/admin/settings?/reset': [{ label: 'reset a setting', url: fixed('/app/admin/settings'), expect: adminOnly }],
	'GET /app/admin/centres': [{ label: 'centres', url: fixed('/app/admin/centres'), expect: centreManagers }],
	'POST /app/admin/centres?/createCentre': [{ label: 'add a centre', url: fixed('/app/admin/centres'), expect: adminOnly }],
	'GET /app/admin/centres/[id]': [
		{ label: 'centre in own unit', url: (i) => `/app/admin/centres/${i.ownCentre}`, expect: centreManagers },
		{ label: 'centre in another unit', url: (i) => `/app/admin/centres/${i.otherCentre}`, expect: adminOnly },
		{ label: 'no such centre', url: fixed('/app/admin/centres/999999'), expect: { ...all('deny'), anon: 'login' } },
		{ label: 'malformed id', url: fixed('/app/admin/centres/1%20or%201=1'), expect: { ...all('deny'), anon: 'login' } }
	],
	// the probes send no fields: an allowed request is a 400 and nothing changes
	...Object.fromEntries(
		['saveCentre', 'setCentreActive'].map((a): [string, Case[]] => [
			`POST /app/admin/centres/[id]?/${a}`,
			[
				{ label: 'centre in own unit', url: (i) => `/app/admin/centres/${i.ownCentre}`, expect: adminOnly },
				{ label: 'no such centre', url: fixed('/app/admin/centres/999999'), expect: { ...all('deny'), anon: 'login' } }
			]
		])
	),
	...Object.fromEntries(
		centreActions.map((a): [string, Case[]] => [
			`POST /app/admin/centres/[id]?/${a}`,
			[
				{ label: 'centre in own unit', url: (i) => `/app/admin/centres/${i.ownCentre}`, expect: centreManagers },
				{ label: 'centre in another unit', url: (i) => `/app/admin/centres/${i.otherCentre}`, expect: adminOnly },
				{ label: 'no such centre', url: fixed('/app/admin/centres/999999'), expect: { ...all('deny'), anon: 'login' } }
			]
		])
	),
	'GET /app/admin/procedures': [{ label: 'procedures', url: fixed('/app/admin/procedures?q=khai+sinh'), expect: adminOnly }],
	'POST /app/admin/procedures?/create': [{ label: 'add a procedure', url: fixed('/app/admin/procedures'), expect: adminOnly }],
	'POST /app/admin/procedures?/createField': [{ label: 'add a field', url: fixed('/app/admin/procedures'), expect: adminOnly }],
	'POST /app/admin/procedures?/renameField': [{ label: 'rename a field', url: fixed('/app/admin/procedures'), expect: adminOnly }],
	'GET /app/admin/procedures/[id]': [
		{ label: 'a procedure', url: (i) => `/app/admin/procedures/${i.procedure}`, expect: adminOnly },
		{ label: 'no such procedure', url: fixed('/app/admin/procedures/999999'), expect: { ...all('deny'), anon: 'login' } }
	],
	'POST /app/admin/procedures/[id]?/save': [{ label: 'save a procedure', url: (i) => `/app/admin/procedures/${i.procedure}`, expect: adminOnly }],
	'POST /app/admin/procedures/[id]?/setActive': [{ label: 'withdraw a procedure', url: (i) => `/app/admin/procedures/${i.procedure}`, expect: adminOnly }],
	'GET /app/admin/procedures/import': [{ label: 'procedure import', url: fixed('/app/admin/procedures/import'), expect: adminOnly }],
	'POST /app/admin/procedures/import?/preview': [{ label: 'procedure import preview', url: fixed('/app/admin/procedures/import'), expect: adminOnly }],
	'POST /app/admin/procedures/import?/commit': [{ label: 'procedure import commit (no JS)', url: fixed('/app/admin/procedures/import'), expect: adminOnly }],
	'GET /app/admin/procedures/import/sample.csv': [{ label: 'procedure sample CSV', url: fixed('/app/admin/procedures/import/sample.csv'), expect: adminOnly }],
	'GET /api/v1/procedures': [{ label: 'procedure catalogue', url: fixed('/api/v1/procedures'), expect: all('login') }],
	'POST /api/v1/procedures': [{ label: 'procedure push', url: fixed('/api/v1/procedures'), expect: all('login') }],
	'GET /api/v1/centres': [{ label: 'centres', url: fixed('/api/v1/centres'), expect: all('login') }],
	'POST /api/v1/centres': [{ label: 'centre push', url: fixed('/api/v1/centres'), expect: all('login') }],
	'GET /app/complaints': [{ label: 'complaint queue', url: fixed('/app/complaints'), expect: complaintViewers }],
	'POST /app/complaints?/assign': [{ label: 'bulk assign', url: fixed('/app/complaints'), expect: complaintActors }],
	'POST /app/complaints?/promote': [{ label: 'promote a rating', url: fixed('/app/complaints'), expect: complaintActors }],
	'GET /app/complaints/new': [{ label: 'record a complaint', url: fixed('/app/complaints/new'), expect: complaintRecorders }],
	'POST /app/complaints/new?/default': [{ label: 'record a complaint', url: fixed('/app/complaints/new'), expect: complaintRecorders }],
	'GET /app/complaints/[id]': [
		{ label: 'case in own unit', url: (i) => `/app/complaints/${i.ownComplaint}`, expect: complaintViewers },
		{ label: 'case in another unit', url: (i) => `/app/complaints/${i.otherComplaint}`, expect: { ...complaintViewers, head: 'deny', localInspector: 'deny' } },
		{ label: 'no such case', url: fixed('/app/complaints/999999'), expect: { ...all('deny'), anon: 'login' } },
		{ label: 'malformed id', url: fixed('/app/complaints/1%20or%201=1'), expect: { ...all('deny'), anon: 'login' } }
	],
	// the probes send no expected status, confirmation or fields: an allowed request is a 400/409, nothing changes
	...Object.fromEntries(
		caseActions.map((a): [string, Case[]] => [
			`POST /app/complaints/[id]?/${a}`,
			[
				{ label: 'case in own unit', url: (i) => `/app/complaints/${i.ownComplaint}`, expect: complaintActors },
				{ label: 'case in another unit', url: (i) => `/app/complaints/${i.otherComplaint}`, expect: { ...complaintActors, localInspector: 'deny' } },
				{ label: 'no such case', url: fixed('/app/complaints/999999'), expect: { ...all('deny'), anon: 'login' } }
			]
		])
	),
	'GET /phan-anh': [{ label: 'public complaint form', url: fixed('/phan-anh'), expect: all('allow') }],
	'POST /phan-anh?/default': [{ label: 'public complaint form', url: fixed('/phan-anh'), expect: all('allow') }],
	'GET /phan-anh/[token]': [{ label: 'forged re-survey link', url: fixed('/phan-anh/c1.AAAAAAAAAAAAAAAA'), expect: all('deny') }],
	'POST /phan-anh/[token]?/default': [{ label: 'forged re-survey link', url: fixed('/phan-anh/c1.AAAAAAAAAAAAAAAA'), expect: all('deny') }],
	// Device and integration endpoints take bearer credentials only: a session cookie is not enough.
	'POST /api/v1/devices/pair': [{ label: 'pair (public, needs a code)', url: fixed('/api/v1/devices/pair'), expect: all('allow') }],
	'GET /api/v1/device': [{ label: 'device self', url: fixed('/api/v1/device'), expect: all('login') }],
	'GET /api/v1/device/prompt': [{ label: 'tablet prompt', url: fixed('/api/v1/device/prompt'), expect: all('login') }],
	'POST /api/v1/device/ratings': [{ label: 'tablet rating', url: fixed('/api/v1/device/ratings'), expect: all('login') }],
	'GET /api/v1/integration': [{ label: 'integration self', url: fixed('/api/v1/integration'), expect: all('login') }],
	'GET /api/v1/stats/units': [{ label: 'unit figures', url: fixed('/api/v1/stats/units'), expect: all('login') }],
	'GET /api/v1/stats/units/[code]/officers': [{ label: 'officer figures', url: fixed('/api/v1/stats/units/KH-PNT/officers'), expect: all('login') }]
};

