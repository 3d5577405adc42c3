import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	build: {
		rolldownOptions: {
			// Rolldown's PLUGIN_TIMINGS notice is printed in warning colours on every build, though
			// nothing is wrong: the Svelte compiler is simply most of the work. Not a warning here.
			checks: { bundlerTimings: false }
		}
	},
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
