/**
 * The phone numbers the complaint tests (and tests/complaints.spec.ts) give as citizens'
 * contacts; the scans look for exactly these in logs, the audit log and exports.
 */
export const PHONES_USED = ['0912000001', '0912000002', '0912000003', '0912000004', '0912000005', '0912000006', '0912000007', '0912000008'] as const;
