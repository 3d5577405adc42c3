import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { db } from '../db';
import { complaintEvents, complaints, settings } from '../db/schema';
import { publish } from '../events/bus';

/**
 * The re-survey link: "/phan-anh/c<id36>.<mac>" asks the citizen whether the matter was
 * resolved. The MAC (HMAC-SHA256 with a secret kept in settings) makes links unguessable; the
 * answer becomes a 'note' event with data.resurvey on the case.
 */
const SECRET_KEY = 'complaints.secret';
export const RESURVEY_ANSWERS = ['resolved', 'not_resolved'] as const;
export type ResurveyAnswer = (typeof RESURVEY_ANSWERS)[number];

async function secret(): Promise<Buffer> {
	await db.insert(settings).values({ key: SECRET_KEY, value: randomBytes(32).toString('base64') }).onConflictDoNothing();
	const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, SECRET_KEY));
	return Buffer.from(String(row.value), 'base64');
}

async function mac(id: number): Promise<string> {
	return createHmac('sha256', await secret()).update(`complaint:${id}`).digest('base64url').slice(0, 16);
}

export async function resurveyToken(complaintId: number): Promise<string> {
	return `c${complaintId.toString(36)}.${await mac(complaintId)}`;
}

export async function verifyResurveyToken(token: string): Promise<number | null> {
	const m = /^c([0-9a-z]{1,12})\.([A-Za-z0-9_-]{16})$/.exec(token);
	if (!m) return null;
	const id = parseInt(m[1], 36);
	if (!Number.isSafeInteger(id) || id <= 0) return null;
	const expected = Buffer.from(await mac(id));
	const given = Buffer.from(m[2]);
	return expected.length === given.length && timingSafeEqual(expected, given) ? id : null;
}

/** The text an inspector copies into an SMS or prints as a QR code. */
export function resurveyText(code: string, url: string): string {
	return `Phản ánh ${code} của Ông/Bà đã được xử lý. Xin cho biết vấn đề đã được giải quyết chưa: ${url}`;
}

export async function resurveyCase(complaintId: number) {
	const [c] = await db.select({ code: complaints.code, status: complaints.status }).from(complaints).where(eq(complaints.id, complaintId));
	return c ?? null;
}

export async function recordResurveyAnswer(complaintId: number, answer: ResurveyAnswer, comment: string, now = new Date()): Promise<boolean> {
	const [c] = await db.select({ unitId: complaints.unitId }).from(complaints).where(eq(complaints.id, complaintId));
	if (!c) return false;
	await db.insert(complaintEvents).values({
		complaintId,
		at: now,
		actorId: null,
		kind: 'note',
		note: comment.trim().slice(0, 2000) || null,
		data: { resurvey: answer }
	});
	publish('complaint.changed', { complaintId, unitId: c.unitId });
	return true;
}
