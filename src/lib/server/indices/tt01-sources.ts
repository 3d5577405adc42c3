/**
 * The legal sources shown beside each Thông tư 01/2018 figure (page and export): one place that
 * says which entry of legal/sources.ts backs which part of the grid.
 */
import { cite, LEGAL_SOURCES, type SourceId } from '../legal/sources';

export type Tt01Part = 'grid' | 'names' | 'dossier' | 'unitLevel' | 'aggregation' | 'ranks';

export const TT01_SOURCE_OF: Record<Tt01Part, SourceId> = {
	grid: 'tt01Grid',
	names: 'tt01IndicatorNames',
	dossier: 'tt01DossierScoring',
	unitLevel: 'tt01UnitLevel',
	aggregation: 'tt01Aggregation',
	ranks: 'tt01Ranks'
};

export interface Tt01Citation {
	part: Tt01Part;
	/** "Thông tư 01/2018/TT-VPCP, Điều 13 …" */
	cite: string;
	subjectVi: string;
	subjectEn: string;
	confirmed: boolean;
	note: string | null;
}

export function tt01Citations(): Tt01Citation[] {
	return (Object.keys(TT01_SOURCE_OF) as Tt01Part[]).map((part) => {
		const id = TT01_SOURCE_OF[part];
		const s = LEGAL_SOURCES[id];
		return { part, cite: cite(id), subjectVi: s.subjectVi, subjectEn: s.subjectEn, confirmed: s.status === 'confirmed', note: s.note ?? null };
	});
}
