import { z } from 'zod';

/**
 * The body of an import commit (POST /api/v1/imports/dossiers and /api/v1/imports/{kind}): the
 * previewed import's id (newImportId, pending.ts), never its rows. The OpenAPI document is
 * generated from this schema (dossiers/openapi.ts); contract.test.ts sends both routes what it forbids.
 */
export const importCommitSchema = z
	.strictObject({
		id: z
			.string()
			.regex(/^[0-9a-f]{32}$/)
			.describe('The preview’s id, as the import page received it.'),
		validOnly: z.boolean().default(false).describe('true: write the valid rows and skip the others; false: a file with errors is refused (409).')
	})
	.meta({ examples: [{ id: '3f2a9c0d8e7b6a5f4e3d2c1b0a998877', validOnly: false }] });
