import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	test: {
		include: ['src/**/*.test.ts', 'tests/**/*.test.ts', 'scripts/**/*.test.ts', 'firmware-protocol/**/*.test.ts'],
		environment: 'node',
		// Integration tests each open their own database (PGlite clone or PostgreSQL schema).
		testTimeout: 60_000,
		hookTimeout: 120_000,
		pool: 'forks',
		globalSetup: ['src/lib/server/db/test-global-setup.ts']
	}
});
