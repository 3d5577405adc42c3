/**
 * The kiosk's input rules as plain values, in a module without zod: the tablet's page imports
 * them (and only the types of contract.ts), so its JavaScript does not carry a schema library
 * (bench:kiosk); contract.ts builds the schemas the server parses with from these same values.
 */

/** A phone number as a citizen may type it (spaces, dots, dashes, a leading +); normalised on the server. */
export const PHONE_PATTERN = /^\+?[0-9 .-]{8,20}$/;

/** The consent text a citizen agrees to on the kiosk and the public forms; its version is stored with every contact. */
export const CONSENT_VERSION = 'v1-2026';

/** The longest comment a rating keeps. */
export const COMMENT_MAX = 2000;
