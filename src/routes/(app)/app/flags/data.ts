import type { RequestEvent } from '@sveltejs/kit';
import { hasRole, requireRole, scopePaths } from '$lib/server/auth/guard';
import { DEFAULT_LOW_SCORE_RULE } from '$lib/server/scores/fairness';
import { parseDayPeriod } from '$lib/server/period';
import {
	acknowledgementsFor,
	BURST_RULE,
	computeFlags,
	DEVICE_VS_QR_RULE,
	FLAG_KINDS,
	flagId,
	flagSubjectKey,
	FOREIGN_DEVICE_RULE,
	namesFor,
	NO_SERVICE_RULE,
	OUT_OF_HOURS_RULE,
	PERFECT_RULE,
	periodLabel,
	type Period
} from '$lib/server/flags';
import type { FlagGroupView, FlagRules } from '$lib/server/flags/export-tables';
import { POLICY } from '$lib/policy';

/** Unit heads and the reform team act on flags; inspectors read them. Admin passes everywhere. */
export const READ_ROLES = POLICY.readFigures;
export const ACK_ROLES = POLICY.acknowledgeFlags;
const DEFAULT_DAYS = 90;

/** [from 00:00, the day after `to` 00:00) in Vietnam time; the last 90 days when absent or invalid. */
export function parsePeriod(input: { from?: unknown; to?: unknown }, now = new Date()): { from: string; to: string; period: Period; bad: boolean; impossible: string | null } {
	const { from, to, period, bad, impossible } = parseDayPeriod(input.from, input.to, DEFAULT_DAYS, now);
	return { from, to, period, bad, impossible };
}

const param = (v: string | null) => v ?? undefined;

/**
 * The flags of the period in the user's scope, named and grouped by kind, with their
 * acknowledgements and the rules in figures: shared by the page and its export.
 */
export async function loadFlags(event: RequestEvent) {
	const user = requireRole(event, ...READ_ROLES);
	const q = event.url.searchParams;
	const { from, to, period, bad, impossible } = parsePeriod({ from: param(q.get('from')), to: param(q.get('to')) });
	const flags = await computeFlags(scopePaths(user, ...READ_ROLES), period);
	const label = periodLabel(period);
	const acks = await acknowledgementsFor(flags);
	const counterIds = new Set<number>();
	for (const f of flags) {
		if (f.counterId !== null) counterIds.add(f.counterId);
		if (f.kind === 'foreign_device') counterIds.add(f.evidence.boundCounterId);
	}
	const names = await namesFor(
		[...new Set(flags.flatMap((f) => (f.officerId === null ? [] : [f.officerId])))],
		[...counterIds],
		[...new Set(flags.flatMap((f) => (f.deviceId === null ? [] : [f.deviceId])))]
	);
	const officer = (id: number | null) => {
		const o = id === null ? undefined : names.officers.get(id);
		return o ? { id: id!, label: `${o.fullName} (${o.staffNumber})` } : null;
	};
	const counter = (id: number | null) => {
		const k = id === null ? undefined : names.counters.get(id);
		return k ? `${k.code} — ${k.centre}` : null;
	};
	const device = (id: number | null) => {
		const d = id === null ? undefined : names.devices.get(id);
		return d ? d.uid : null;
	};
	const groups: FlagGroupView[] = FLAG_KINDS.map((kind) => ({
		kind,
		flags: flags
			.filter((f) => f.kind === kind)
			.map((f) => {
				const id = flagId(f, label);
				const history = acks.get(flagSubjectKey(f)) ?? [];
				return {
					id,
					subjectType: f.subject.type,
					subject: f.subject.type === 'officer' ? (officer(f.subject.id)?.label ?? null) : f.subject.type === 'counter' ? counter(f.subject.id) : device(f.subject.id),
					officer: officer(f.officerId),
					counter: counter(f.counterId),
					device: device(f.deviceId),
					boundCounter: f.kind === 'foreign_device' ? counter(f.evidence.boundCounterId) : null,
					evidence: f.evidence,
					examples: f.examples,
					acknowledged: history.some((a) => a.flagId === id),
					acks: history.map((a) => ({ ...a, period: a.flagId.split(':')[2] ?? '', thisPeriod: a.flagId === id }))
				};
			})
	}));
	return {
		from,
		to,
		badPeriod: bad,
		impossibleDay: impossible,
		canAcknowledge: hasRole(user, ...ACK_ROLES),
		groups,
		rules: {
			no_service: { minPresses: NO_SERVICE_RULE.minPresses },
			burst: { minBursts: BURST_RULE.minBursts, minPresses: BURST_RULE.minPresses, seconds: BURST_RULE.windowMs / 1000 },
			out_of_hours: { minRatings: OUT_OF_HOURS_RULE.minRatings },
			perfect: { minRatings: PERFECT_RULE.minRatings, minTopShare: PERFECT_RULE.minTopShare, gap: PERFECT_RULE.minParticipationGap * 100 },
			device_vs_qr: { minPerSource: DEVICE_VS_QR_RULE.minPerSource, gap: DEVICE_VS_QR_RULE.minGap * 100, z: DEVICE_VS_QR_RULE.minZ },
			foreign_device: { minPresses: FOREIGN_DEVICE_RULE.minPresses },
			low_score: { minRatings: DEFAULT_LOW_SCORE_RULE.minRatings, margin: DEFAULT_LOW_SCORE_RULE.margin * 100, confidence: DEFAULT_LOW_SCORE_RULE.confidence }
		} satisfies FlagRules
	};
}
