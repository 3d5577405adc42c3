import type { AuditAction } from '../audit-actions';
import type { Role } from '../db/schema';
import type { Importer } from './session';
import { agenciesImporter, officialUnitsImporter, unitSuccessorsImporter } from '../units/importers';
import { procedureImporter } from '../procedures/import';
import { officerImporter } from '../officers/importer';

/**
 * Every table import, by kind (the `{kind}` of `/api/v1/imports/{kind}` and of the audit action
 * `import.{kind}`), with the roles that may run it. A user's scope under those roles is the
 * importer's `ctx.scope`. Add an importer here and nowhere else.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- importers of different item types side by side
export const IMPORTERS: Record<string, { importer: Importer<any>; roles: Role[]; action: AuditAction }> = {
	// Administrative units: administrators only (no role listed).
	units: { importer: officialUnitsImporter, roles: [], action: 'import.units' },
	agencies: { importer: agenciesImporter, roles: [], action: 'import.agencies' },
	'unit-successors': { importer: unitSuccessorsImporter, roles: [], action: 'import.unit-successors' },
	// the province's catalogue: administrators only
	procedures: { importer: procedureImporter, roles: [], action: 'import.procedures' },
	// Officers' HR list: administrators everywhere, unit heads within their subtree (issue 13 item 10).
	officers: { importer: officerImporter, roles: ['unit_head'], action: 'import.officers' }
};
