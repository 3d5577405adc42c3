import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { db } from '../db';
import { officerPhotos } from '../db/schema';

/**
 * Officers' photos: checked by their bytes (never by the file name or the browser's type),
 * decoded and re-encoded on the server — turned upright by their EXIF orientation, fitted inside
 * 480×600, JPEG, no metadata (no camera, place or time leaves the server) — and kept in the
 * database. Served with an ETag of the stored bytes so a tablet or a browser revalidates cheaply.
 */

export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
const BOX = { width: 480, height: 600 };
const QUALITY = 82;
/** A 5 MB file can still claim a huge canvas (a decompression bomb): 40 megapixels is any camera's. */
const MAX_INPUT_PIXELS = 40_000_000;

export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp';
export type PhotoProblem = 'officers.photo.missing' | 'officers.photo.tooLarge' | 'officers.photo.wrongType' | 'officers.photo.unreadable';
export type ResizedPhoto = { bytes: Buffer; mime: 'image/jpeg'; width: number; height: number; etag: string };

const startsWith = (bytes: Uint8Array, at: number, signature: number[]) => signature.every((b, i) => bytes[at + i] === b);

/** The image type by its signature (magic bytes): JPEG FF D8 FF, PNG's 8-byte header, WebP RIFF….WEBP. */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
	if (startsWith(bytes, 0, [0xff, 0xd8, 0xff])) return 'image/jpeg';
	if (startsWith(bytes, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
	if (startsWith(bytes, 0, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, 8, [0x57, 0x45, 0x42, 0x50])) return 'image/webp';
	return null;
}

export async function resizePhoto(bytes: Uint8Array): Promise<{ ok: true; photo: ResizedPhoto } | { ok: false; problem: PhotoProblem }> {
	if (bytes.length === 0) return { ok: false, problem: 'officers.photo.missing' };
	if (bytes.length > MAX_PHOTO_BYTES) return { ok: false, problem: 'officers.photo.tooLarge' };
	if (!sniffImageType(bytes)) return { ok: false, problem: 'officers.photo.wrongType' };
	try {
		const { data, info } = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS })
			.rotate()
			.resize({ ...BOX, fit: 'inside', withoutEnlargement: true })
			// a transparent PNG or WebP on white, not on JPEG's black
			.flatten({ background: '#ffffff' })
			.jpeg({ quality: QUALITY, mozjpeg: true })
			.toBuffer({ resolveWithObject: true });
		return { ok: true, photo: { bytes: data, mime: 'image/jpeg', width: info.width, height: info.height, etag: createHash('sha256').update(data).digest('base64url') } };
	} catch {
		return { ok: false, problem: 'officers.photo.unreadable' };
	}
}

/**
 * The photo field of an upload form. The file's name and the browser's stated type are ignored:
 * a PNG named .jpg is a PNG, a text file named .jpg is refused.
 */
export async function photoFromUpload(file: FormDataEntryValue | null): Promise<{ ok: true; photo: ResizedPhoto } | { ok: false; problem: PhotoProblem }> {
	if (!(file instanceof File) || file.size === 0) return { ok: false, problem: 'officers.photo.missing' };
	// refused before reading it: the request body limit is larger than a photo's
	if (file.size > MAX_PHOTO_BYTES) return { ok: false, problem: 'officers.photo.tooLarge' };
	return resizePhoto(new Uint8Array(await file.arrayBuffer()));
}

export async function savePhoto(officerId: number, photo: ResizedPhoto, now = new Date()): Promise<void> {
	const values = { bytes: photo.bytes, mime: photo.mime, width: photo.width, height: photo.height, etag: photo.etag, updatedAt: now };
	await db
		.insert(officerPhotos)
		.values({ officerId, ...values })
		.onConflictDoUpdate({ target: officerPhotos.officerId, set: values });
}

/** Removes the photo, only if it is still the one with `etag` when given (the one the remover saw). */
export async function removePhoto(officerId: number, etag?: string): Promise<boolean> {
	const rows = await db
		.delete(officerPhotos)
		.where(etag === undefined ? eq(officerPhotos.officerId, officerId) : and(eq(officerPhotos.officerId, officerId), eq(officerPhotos.etag, etag)))
		.returning({ id: officerPhotos.officerId });
	return rows.length > 0;
}

/** The photo's version, for URLs (no bytes read). */
export async function photoEtag(officerId: number): Promise<string | null> {
	const [row] = await db.select({ etag: officerPhotos.etag }).from(officerPhotos).where(eq(officerPhotos.officerId, officerId));
	return row?.etag ?? null;
}

type StoredPhoto = { bytes: Buffer; mime: string; etag: string; updatedAt: Date };

/** Reads the bytes only when the client's copy is not current. */
async function loadPhoto(officerId: number, unlessEtag: readonly string[]): Promise<{ etag: string; current: true } | { etag: string; current: false; photo: StoredPhoto } | null> {
	const [meta] = await db.select({ etag: officerPhotos.etag }).from(officerPhotos).where(eq(officerPhotos.officerId, officerId));
	if (!meta) return null;
	if (unlessEtag.includes(meta.etag) || unlessEtag.includes('*')) return { etag: meta.etag, current: true };
	const [row] = await db
		.select({ bytes: officerPhotos.bytes, mime: officerPhotos.mime, etag: officerPhotos.etag, updatedAt: officerPhotos.updatedAt })
		.from(officerPhotos)
		.where(sql`${officerPhotos.officerId} = ${officerId}`);
	return row ? { etag: row.etag, current: false, photo: row } : null;
}

/** The entity tags of an If-None-Match header, without quotes or the weak prefix. */
export function requestedEtags(header: string | null): string[] {
	if (!header) return [];
	return header.split(',').map((t) => t.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1'));
}

/**
 * The photo as an HTTP answer, for a caller already allowed to see it. `private, no-cache`: a
 * browser or tablet keeps its copy but asks each time (a 304 costs no bytes), so a removed photo
 * or a revoked access takes effect at once and no shared cache ever holds a face.
 */
export async function photoResponse(request: Request, officerId: number): Promise<Response> {
	const headers = { 'cache-control': 'private, no-cache', vary: 'Cookie, Authorization' };
	const found = await loadPhoto(officerId, requestedEtags(request.headers.get('if-none-match')));
	if (!found) return new Response('Not found', { status: 404, headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' } });
	const etag = `"${found.etag}"`;
	if (found.current) return new Response(null, { status: 304, headers: { ...headers, etag } });
	return new Response(new Uint8Array(found.photo.bytes), {
		headers: {
			...headers,
			etag,
			'content-type': found.photo.mime,
			'content-length': String(found.photo.bytes.length),
			'last-modified': found.photo.updatedAt.toUTCString()
		}
	});
}
