import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client';
import { useDatabase } from '../db';
import * as s from '../db/schema';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { seedDossierFixture, type DossierFixture } from '../dossiers/test-fixture';
import { pushServiceEvent } from '../dossiers/service-events';
import { upsertDossiers } from '../dossiers/upsert';
import { kioskState, servingAtCounter } from '../kiosk/prompt';
import { MAX_PHOTO_BYTES, photoFromUpload, photoResponse, removePhoto, requestedEtags, resizePhoto, savePhoto, sniffImageType } from './photos';

/** A real picture: a colour gradient drawn by sharp, in the format asked for. */
async function picture(format: 'jpeg' | 'png' | 'webp', width: number, height: number, orientation?: number) {
	const pixels = Buffer.alloc(width * height * 3);
	for (let i = 0; i < width * height; i++) pixels.set([(i % width) % 256, Math.floor(i / width) % 256, 128], i * 3);
	let image = sharp(pixels, { raw: { width, height, channels: 3 } }).toFormat(format);
	if (orientation) image = image.withMetadata({ orientation });
	return new Uint8Array(await image.toBuffer());
}

const file = (bytes: Uint8Array | string, name: string, type: string) => new File([typeof bytes === 'string' ? bytes : Buffer.from(bytes)], name, { type });

describe('officer photos: checking and resizing', () => {
	it('knows JPEG, PNG and WebP by their bytes, and nothing else', async () => {
		expect(sniffImageType(await picture('jpeg', 8, 8))).toBe('image/jpeg');
		expect(sniffImageType(await picture('png', 8, 8))).toBe('image/png');
		expect(sniffImageType(await picture('webp', 8, 8))).toBe('image/webp');
		expect(sniffImageType(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
		expect(sniffImageType(new TextEncoder().encode('GIF89a'))).toBeNull();
		expect(sniffImageType(new Uint8Array([0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x41, 0x56, 0x49, 0x20]))).toBeNull(); // RIFF AVI
	});

	it('fits JPEG, PNG and WebP inside 480×600 as JPEG, never enlarging', async () => {
		for (const format of ['jpeg', 'png', 'webp'] as const) {
			const wide = await resizePhoto(await picture(format, 1200, 800));
			expect(wide, format).toMatchObject({ ok: true, photo: { mime: 'image/jpeg', width: 480, height: 320 } });
			if (!wide.ok) throw new Error('unreachable');
			expect(sniffImageType(wide.photo.bytes)).toBe('image/jpeg');
			expect(await sharp(wide.photo.bytes).metadata()).toMatchObject({ format: 'jpeg', width: 480, height: 320 });
		}
		expect(await resizePhoto(await picture('png', 900, 1800))).toMatchObject({ ok: true, photo: { width: 300, height: 600 } });
		expect(await resizePhoto(await picture('jpeg', 120, 160))).toMatchObject({ ok: true, photo: { width: 120, height: 160 } });
	});

	it('turns a photo upright by its EXIF orientation and keeps no metadata', async () => {
		// a phone held upright stores 400×200 pixels and "rotate 90°" (orientation 6)
		const phone = await picture('jpeg', 400, 200, 6);
		expect(await sharp(phone).metadata()).toMatchObject({ width: 400, height: 200, orientation: 6 });
		const upright = await resizePhoto(phone);
		if (!upright.ok) throw new Error(upright.problem);
		const meta = await sharp(upright.photo.bytes).metadata();
		expect([meta.width, meta.height]).toEqual([200, 400]);
		expect(meta.orientation).toBeUndefined();
		expect(meta.exif).toBeUndefined();
		expect(meta.icc).toBeUndefined();
	});

	it('takes the upload by its bytes: a PNG named .jpg is fine, a text file named .jpg is refused; too large and empty too', async () => {
		const png = await picture('png', 300, 300);
		expect(await photoFromUpload(file(png, 'anh-the.jpg', 'image/jpeg'))).toMatchObject({ ok: true, photo: { width: 300, height: 300 } });
		expect(await photoFromUpload(file('Xin chào, đây không phải là ảnh.', 'anh-the.jpg', 'image/jpeg'))).toEqual({ ok: false, problem: 'officers.photo.wrongType' });
		expect(await photoFromUpload(file('<svg/>', 'anh.svg', 'image/svg+xml'))).toEqual({ ok: false, problem: 'officers.photo.wrongType' });
		const big = new Uint8Array(MAX_PHOTO_BYTES + 1);
		big.set(await picture('jpeg', 64, 64));
		expect(await photoFromUpload(file(big, 'lon.jpg', 'image/jpeg'))).toEqual({ ok: false, problem: 'officers.photo.tooLarge' });
		expect(await photoFromUpload(file(new Uint8Array(0), 'rong.jpg', 'image/jpeg'))).toEqual({ ok: false, problem: 'officers.photo.missing' });
		expect(await photoFromUpload(null)).toEqual({ ok: false, problem: 'officers.photo.missing' });
		// the right first bytes, then nothing an image decoder can read
		const broken = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...new TextEncoder().encode('không phải ảnh')]);
		expect(await photoFromUpload(file(broken, 'hong.jpg', 'image/jpeg'))).toEqual({ ok: false, problem: 'officers.photo.unreadable' });
	});

	it('reads If-None-Match lists, weak tags and quotes', () => {
		expect(requestedEtags('"abc", W/"def" ,ghi')).toEqual(['abc', 'def', 'ghi']);
		expect(requestedEtags(null)).toEqual([]);
	});
});

describe.each(testDatabaseKinds)('officer photos stored and served on %s', (kind) => {
	let h: DatabaseHandle;
	let f: DossierFixture;
	const get = (officerId: number, ifNoneMatch?: string) =>
		photoResponse(new Request('http://localhost/app/officers/x/photo', { headers: ifNoneMatch ? { 'if-none-match': ifNoneMatch } : {} }), officerId);

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
		f = await seedDossierFixture(h);
	});
	afterAll(async () => h?.close());

	it('serves the photo with an ETag, answers 304 to a current copy, and 404 once removed', async () => {
		const made = await resizePhoto(await picture('webp', 640, 800));
		if (!made.ok) throw new Error(made.problem);
		await savePhoto(f.officerNT, made.photo);
		const res = await get(f.officerNT);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('image/jpeg');
		expect(res.headers.get('cache-control')).toBe('private, no-cache');
		const etag = res.headers.get('etag')!;
		expect(etag).toBe(`"${made.photo.etag}"`);
		expect(Buffer.from(await res.arrayBuffer()).equals(made.photo.bytes)).toBe(true);

		const again = await get(f.officerNT, etag);
		expect(again.status).toBe(304);
		expect(again.headers.get('etag')).toBe(etag);
		expect(await again.text()).toBe('');
		expect((await get(f.officerNT, `"old", W/${etag}`)).status).toBe(304);
		expect((await get(f.officerNT, '"old"')).status).toBe(200);

		// a new photo is a new tag: the old copy is not current any more
		const other = await resizePhoto(await picture('png', 300, 400));
		if (!other.ok) throw new Error(other.problem);
		await savePhoto(f.officerNT, other.photo);
		const replaced = await get(f.officerNT, etag);
		expect(replaced.status).toBe(200);
		expect(replaced.headers.get('etag')).toBe(`"${other.photo.etag}"`);
		const [{ n }] = await h.rows<{ n: number }>(sql`select count(*)::int as n from officer_photos`);
		expect(n).toBe(1);

		// removing the photo one saw: a stale page does not remove the newer photo
		expect(await removePhoto(f.officerNT, made.photo.etag)).toBe(false);
		expect((await get(f.officerNT)).status).toBe(200);
		expect(await removePhoto(f.officerNT, other.photo.etag)).toBe(true);
		expect((await get(f.officerNT)).status).toBe(404);
		expect((await get(f.officerNT, `"${other.photo.etag}"`)).status).toBe(404);
		expect(await removePhoto(f.officerNT)).toBe(false);
	});

	it('the kiosk prompt points at the serving officer’s photo, which only that counter’s tablet may load', async () => {
		const made = await resizePhoto(await picture('jpeg', 480, 600));
		if (!made.ok) throw new Error(made.problem);
		await savePhoto(f.officerNT, made.photo);
		const province = [`/${f.provinceId}/`];
		await upsertDossiers([{ code: 'PH-1', unitCode: 'KH-PNT', procedureCode: '1.001193', channel: 'counter', receivedAt: '2026-03-02T08:00:00+07:00' }], province);
		expect(await servingAtCounter(f.counterNT, f.officerNT)).toBe(false);
		const opened = await pushServiceEvent(
			{ dossierCode: 'PH-1', centreCode: 'KH-PNT-MC', counterCode: 'Q01', officer: 'KH-000101', stage: 'receiving', openedAt: new Date('2026-03-02T01:15:00Z') },
			province
		);
		expect(opened.ok).toBe(true);
		const state = await kioskState(f.counterNT);
		expect(state.prompt?.officer.photoUrl).toBe(`/api/v1/device/photos/${f.officerNT}?v=${made.photo.etag}`);
		expect(await servingAtCounter(f.counterNT, f.officerNT)).toBe(true);
		// another officer's photo, or this officer at another counter: no
		expect(await servingAtCounter(f.counterNT, f.officerCR)).toBe(false);
		const [{ id: counterCR }] = await h.rows<{ id: number }>(sql`select k.id from counters k join service_centres c on c.id = k.centre_id where c.code = 'KH-PCR-MC'`);
		expect(await servingAtCounter(counterCR, f.officerNT)).toBe(false);
		await pushServiceEvent(
			{ dossierCode: 'PH-1', centreCode: 'KH-PNT-MC', counterCode: 'Q01', officer: 'KH-000101', stage: 'receiving', openedAt: new Date('2026-03-02T01:15:00Z'), closedAt: new Date('2026-03-02T01:20:00Z') },
			province
		);
		expect(await servingAtCounter(f.counterNT, f.officerNT)).toBe(false);
		// the officer holding the counter's shift
		await h.db.insert(s.counterShifts).values({ counterId: f.counterNT, officerId: f.officerNT, startedAt: new Date('2026-03-02T01:00:00Z') });
		expect(await servingAtCounter(f.counterNT, f.officerNT)).toBe(true);
	});
});
