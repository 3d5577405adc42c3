/**
 * Raw query rows as the two drivers return them, and the small decoders that own the
 * differences, so a query module declares its row type once and converts each column one way.
 * PGlite returns int8 and count(*) as numbers, booleans as booleans and timestamps as Dates;
 * postgres.js (raw SQL through drizzle) returns int8 / numeric / count(*) as strings, booleans
 * sometimes as 't' / 'f', and timestamps as strings.
 */

/** An integer or numeric column: bigint, count(*), sum(…), numeric. */
export type DbNumber = number | string | bigint;
export type DbBool = boolean | 't' | 'f';
/** A timestamptz or date column. */
export type DbTime = Date | string;

/** A number; SQL NULL (an empty sum, a missing left join) as 0. */
export const num = (v: DbNumber | null | undefined): number => (v === null || v === undefined ? 0 : Number(v));

export const numOrNull = (v: DbNumber | null | undefined): number | null => (v === null || v === undefined ? null : Number(v));

export const bool = (v: DbBool | null | undefined): boolean => v === true || v === 't';

export const instant = (v: DbTime): Date => (v instanceof Date ? v : new Date(v));

export const instantOrNull = (v: DbTime | null | undefined): Date | null => (v === null || v === undefined ? null : instant(v));

export const iso = (v: DbTime): string => instant(v).toISOString();

export const isoOrNull = (v: DbTime | null | undefined): string | null => (v === null || v === undefined ? null : iso(v));

/** A nullable text column (undefined from a missing key counts as NULL). */
export const textOrNull = (v: string | null | undefined): string | null => v ?? null;
