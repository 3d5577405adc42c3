/**
 * The flags page as an export table: one row per flag of the period, the evidence in the words
 * the page uses and in figures a machine can read, and whether it was acknowledged with the
 * latest note. A pure function of the page's figures.
 */
import { formatNumber, formatPercent, translate, type Locale, type MessageKey } from '$lib/i18n';
import { formatDate } from '$lib/i18n/format';
import type { ExportTable } from '../exports';
import { wallClockText } from '../indices/export-tables';
import { FLAG_KINDS, type FlagKind } from './detectors';

/** One flag as the page's loader shapes it (names resolved, instants as ISO strings). */
export interface FlagView {
	id: string;
	subjectType: 'officer' | 'counter' | 'device';
	/** The subject's name (officer "Name (staff number)", counter "code — centre", device uid). */
	subject: string | null;
	officer: { id: number; label: string } | null;
	counter: string | null;
	device: string | null;
	/** For a foreign device: the counter the device was bound to. */
	boundCounter: string | null;
	evidence: Record<string, number>;
	examples: string[];
	/** Acknowledged for this very period. */
	acknowledged: boolean;
	/** Every acknowledgement of this kind and subject, newest first, over any period. */
	acks: { flagId: string; at: string; by: string; note: string; period: string; thisPeriod: boolean }[];
}

export type FlagGroupView = { kind: FlagKind; flags: FlagView[] };

/** The figures each rule is stated with (as on the page). */
export type FlagRules = Record<FlagKind, Record<string, number>>;

/** Proportions as percentages, the z statistic to one or two decimals, counts as whole numbers: as the page shows them. */
export function formatFigure(locale: Locale, key: string, value: number): string {
	if (/(Rate|Share)$/.test(key) || key === 'confidence') return formatPercent(locale, value);
	if (key === 'z') return formatNumber(locale, value, value < 10 ? 2 : 1);
	return formatNumber(locale, value);
}

const formatAll = (locale: Locale, values: Record<string, number>) =>
	Object.fromEntries(Object.entries(values).map(([k, v]) => [k, formatFigure(locale, k, v)]));

/** The evidence sentence of a flag, in the reader's language. */
export function explainFlag(locale: Locale, kind: FlagKind, f: Pick<FlagView, 'evidence' | 'officer' | 'device' | 'boundCounter'>): string {
	const unknown = translate(locale, 'flags.unknown');
	return translate(locale, `flags.explain.${kind}`, {
		...formatAll(locale, f.evidence),
		officer: f.officer?.label ?? unknown,
		device: f.device ?? unknown,
		bound: f.boundCounter ?? unknown
	});
}

/** The raw figures as JSON (proportions 0–1), without internal ids. */
function figures(evidence: Record<string, number>): string {
	return JSON.stringify(Object.fromEntries(Object.entries(evidence).filter(([k]) => !/Id$/.test(k))));
}

/** "2026-07-01..2026-09-28" (the period part of a flag id) as "01/07/2026 – 28/09/2026". */
const periodText = (locale: Locale, label: string) =>
	label
		.split('..')
		.map((day) => formatDate(locale, day))
		.join(' – ');

export function flagsTable(
	ctx: { locale: Locale; from: string; to: string; rules: FlagRules },
	groups: readonly FlagGroupView[]
): ExportTable {
	const { locale } = ctx;
	const t = (k: MessageKey, p?: Record<string, string | number>) => translate(locale, k, p);
	const kindName = (kind: FlagKind) => t(`flags.kind.${kind}`);
	const ordered = FLAG_KINDS.flatMap((kind) => groups.filter((g) => g.kind === kind)).flatMap((g) => g.flags.map((f) => ({ kind: g.kind, f })));
	return {
		title: t('exports.flags.title', { from: formatDate(locale, ctx.from), to: formatDate(locale, ctx.to) }),
		filters: [
			{ label: t('exports.common.period'), value: `${formatDate(locale, ctx.from)} – ${formatDate(locale, ctx.to)}` },
			{ label: t('exports.flags.count'), value: formatNumber(locale, ordered.length) },
			...FLAG_KINDS.map((kind) => ({
				label: t('exports.flags.rule', { kind: kindName(kind) }),
				value: t(`flags.rule.${kind}`, formatAll(locale, ctx.rules[kind]))
			}))
		],
		columns: [
			{ key: 'kind', header: t('exports.flags.col.kind'), kind: 'text' },
			{ key: 'subject', header: t('flags.col.subject'), kind: 'text' },
			{ key: 'officer', header: t('flags.col.officer'), kind: 'text' },
			{ key: 'counter', header: t('exports.flags.col.counter'), kind: 'text' },
			{ key: 'device', header: t('exports.flags.col.device'), kind: 'text' },
			{ key: 'evidence', header: t('flags.col.evidence'), kind: 'text' },
			{ key: 'figures', header: t('exports.flags.col.figures'), kind: 'text' },
			{ key: 'examples', header: t('flags.col.examples'), kind: 'text' },
			{ key: 'acknowledged', header: t('exports.flags.col.acknowledged'), kind: 'text' },
			{ key: 'lastNote', header: t('exports.flags.col.lastNote'), kind: 'text' },
			{ key: 'lastBy', header: t('exports.flags.col.lastBy'), kind: 'text' },
			{ key: 'lastAt', header: t('exports.flags.col.lastAt'), kind: 'datetime' },
			{ key: 'lastPeriod', header: t('exports.flags.col.lastPeriod'), kind: 'text' },
			{ key: 'id', header: t('exports.flags.col.id'), kind: 'text' }
		],
		rows: ordered.map(({ kind, f }) => {
			const last = f.acks[0];
			return {
				kind: kindName(kind),
				subject: t(`flags.subject.${f.subjectType}`, { name: f.subject ?? t('flags.unknown') }),
				officer: f.officer?.label ?? null,
				counter: f.counter,
				device: f.device,
				evidence: explainFlag(locale, kind, f),
				figures: figures(f.evidence),
				examples: f.examples.map(wallClockText).join('; ') || null,
				acknowledged: t(f.acknowledged ? 'dash.yes' : 'dash.no'),
				lastNote: last?.note ?? null,
				lastBy: last?.by ?? null,
				lastAt: last?.at ?? null,
				lastPeriod: last ? periodText(locale, last.period) : null,
				id: f.id
			};
		})
	};
}
