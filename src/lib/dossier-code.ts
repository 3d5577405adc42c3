/**
 * A dossier's code as the one-stop software prints it on the receipt slip (000.00.22.H56-260302-0017):
 * letters, digits, dots and dashes, at most 64. The one definition: the API parsers, the forms,
 * the OpenAPI document and the database's check constraint all read it. Client-safe.
 */
export const DOSSIER_CODE = /^[A-Za-z0-9.-]{1,64}$/;

/** The same, as a JSON Schema / PostgreSQL pattern string. */
export const DOSSIER_CODE_PATTERN = DOSSIER_CODE.source;
