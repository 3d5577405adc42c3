import type { MessageKey } from '$lib/i18n';

/** The import preview's columns: the keys of the procedure importer's `show`, with their labels. */
export const PROCEDURE_PREVIEW_COLUMNS: { key: string; label: MessageKey }[] = [
	{ key: 'code', label: 'procedures.col.code' },
	{ key: 'name', label: 'procedures.col.name' },
	{ key: 'field', label: 'procedures.col.field' },
	{ key: 'level', label: 'procedures.col.level' },
	{ key: 'time', label: 'procedures.col.time' },
	{ key: 'online', label: 'procedures.col.online' }
];
