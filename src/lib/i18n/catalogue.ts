import { en as coreEn } from './en';
import { vi as coreVi } from './vi';
import * as boxes from './parts/boxes';
import * as complaints from './parts/complaints';
import * as counter from './parts/counter';
import * as errors from './parts/errors';
import * as kiosk from './parts/kiosk';
import * as qr from './parts/qr';
import * as dossiers from './parts/dossiers';
import * as flags from './parts/flags';
import * as dashboards from './parts/dashboards';
import * as indices from './parts/indices';
import * as indices766 from './parts/indices-766';
import * as exportsPart from './parts/exports';
import * as exportsMore from './parts/exports-more';
import * as imports from './parts/imports';
import * as input from './parts/input';
import * as setup from './parts/setup';
import * as unitsPart from './parts/units';
import * as centres from './parts/centres';
import * as procedures from './parts/procedures';
import * as officersPart from './parts/officers';
import * as complaintRegimes from './parts/complaint-regimes';
import * as calendarPart from './parts/calendar';
import * as national from './parts/national';
import * as webhooksPart from './parts/webhooks';
import * as lateNotices from './parts/late-notices';
import * as legalPart from './parts/legal';
import * as glance from './parts/glance';
import * as complaintQueue from './parts/complaint-queue';
import * as vietnamese from './parts/vietnamese';
import * as auditLog from './parts/audit-log';

/**
 * The one message catalogue: the core messages plus one part per capability (./parts/*.ts).
 * Vietnamese is the source; English must have exactly the same keys (enforced by the types
 * and by i18n.test.ts).
 */
export const vi = { ...coreVi, ...boxes.vi, ...complaints.vi, ...counter.vi, ...errors.vi, ...kiosk.vi, ...qr.vi, ...dossiers.vi, ...flags.vi, ...dashboards.vi, ...indices.vi, ...indices766.vi, ...exportsPart.vi, ...exportsMore.vi, ...imports.vi, ...input.vi, ...setup.vi, ...unitsPart.vi, ...centres.vi, ...procedures.vi, ...officersPart.vi, ...complaintRegimes.vi, ...calendarPart.vi, ...national.vi, ...webhooksPart.vi, ...lateNotices.vi, ...legalPart.vi, ...glance.vi, ...complaintQueue.vi, ...vietnamese.vi, ...auditLog.vi } as const;

export type MessageKey = keyof typeof vi;

export const en: Record<MessageKey, string> = { ...coreEn, ...boxes.en, ...complaints.en, ...counter.en, ...errors.en, ...kiosk.en, ...qr.en, ...dossiers.en, ...flags.en, ...dashboards.en, ...indices.en, ...indices766.en, ...exportsPart.en, ...exportsMore.en, ...imports.en, ...input.en, ...setup.en, ...unitsPart.en, ...centres.en, ...procedures.en, ...officersPart.en, ...complaintRegimes.en, ...calendarPart.en, ...national.en, ...webhooksPart.en, ...lateNotices.en, ...legalPart.en, ...glance.en, ...complaintQueue.en, ...vietnamese.en, ...auditLog.en };
