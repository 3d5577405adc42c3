import { translate, type Locale } from '$lib/i18n';
import type { ExportTable } from '../exports';
import { localName } from '../exports/table';
import type { Standing } from './standings';
import type { UnitFigures } from './queries';
import { rate } from './queries';

/** The dashboards' tables as export tables: the same rows and figures the pages show. */

const period = (locale: Locale, from: string, to: string) => ({ label: translate(locale, 'dash.export.period'), value: `${from} – ${to}` });

export function officersTable(locale: Locale, unitName: string, from: string, to: string, officers: Standing[]): ExportTable {
	const t = (k: Parameters<typeof translate>[1]) => translate(locale, k);
	return {
		title: translate(locale, 'dash.export.officers', { unit: unitName }),
		filters: [{ label: t('dash.export.unit'), value: unitName }, period(locale, from, to)],
		columns: [
			{ key: 'name', header: t('dash.col.name'), kind: 'text' },
			{ key: 'staffNumber', header: t('dash.col.staffNumber'), kind: 'text' },
			{ key: 'posting', header: t('dash.col.posting'), kind: 'text' },
			{ key: 'services', header: t('dash.col.services'), kind: 'integer' },
			{ key: 'ratings', header: t('dash.col.ratings'), kind: 'integer' },
			{ key: 'participation', header: t('dash.col.participation'), kind: 'percent' },
			{ key: 'rate', header: t('dash.col.satisfaction'), kind: 'percent' },
			{ key: 'fair', header: t('dash.col.fair'), kind: 'percent' },
			{ key: 'low', header: `${t('dash.col.interval')} (min)`, kind: 'percent' },
			{ key: 'high', header: `${t('dash.col.interval')} (max)`, kind: 'percent' },
			{ key: 'prevRate', header: t('dash.col.prevSatisfaction'), kind: 'percent' },
			{ key: 'complaints', header: t('dash.col.complaints'), kind: 'integer' },
			{ key: 'lowFlag', header: t('dash.export.lowFlag'), kind: 'text' },
			{ key: 'flags', header: t('dash.export.flagCount'), kind: 'integer' }
		],
		rows: officers.map((o) => ({
			name: o.fullName,
			staffNumber: o.staffNumber,
			posting: [localName(locale, o.unitNameVi, o.unitNameEn), localName(locale, o.positionVi, o.positionEn)].filter(Boolean).join(', '),
			services: o.services,
			ratings: o.ratings,
			participation: o.participation,
			rate: o.rate,
			fair: o.fair,
			low: o.low,
			high: o.high,
			prevRate: o.prevRate,
			complaints: o.openComplaints,
			lowFlag: o.flags.some((f) => f.kind === 'low_score') ? t('dash.yes') : t('dash.no'),
			flags: o.flags.length
		}))
	};
}

export function unitsTable(locale: Locale, scopeName: string, from: string, to: string, units: UnitFigures[]): ExportTable {
	const t = (k: Parameters<typeof translate>[1]) => translate(locale, k);
	return {
		title: t('dash.export.units'),
		filters: [{ label: t('dash.export.unit'), value: scopeName }, period(locale, from, to)],
		columns: [
			{ key: 'code', header: t('exports.col.code'), kind: 'text' },
			{ key: 'name', header: t('dash.col.unit'), kind: 'text' },
			{ key: 'services', header: t('dash.col.services'), kind: 'integer' },
			{ key: 'ratings', header: t('dash.col.ratings'), kind: 'integer' },
			{ key: 'participation', header: t('dash.col.participation'), kind: 'percent' },
			{ key: 'rate', header: t('dash.col.satisfaction'), kind: 'percent' },
			{ key: 'prevRate', header: t('dash.col.prevSatisfaction'), kind: 'percent' },
			{ key: 'received', header: t('dash.received'), kind: 'integer' },
			{ key: 'completed', header: t('dash.completed'), kind: 'integer' },
			{ key: 'onTime', header: t('dash.onTime'), kind: 'percent' }
		],
		rows: units.map((u) => ({
			code: u.code,
			name: localName(locale, u.nameVi, u.nameEn),
			services: u.services,
			ratings: u.ratings,
			participation: rate(u.ratings, u.services),
			rate: rate(u.satisfied, u.ratings),
			prevRate: rate(u.prevSatisfied, u.prevRatings),
			received: u.received,
			completed: u.completed,
			onTime: rate(u.onTime, u.completed)
		}))
	};
}
