import { defineConfig } from 'drizzle-kit';

// `generate` needs no database; DATABASE_URL is only read by commands that connect.
export default defineConfig({
	schema: './src/lib/server/db/schema/index.ts',
	out: './drizzle',
	dialect: 'postgresql',
	dbCredentials: { url: process.env.DATABASE_URL ?? 'postgres://localhost/unused' },
	casing: 'snake_case',
	strict: true,
	verbose: true
});
