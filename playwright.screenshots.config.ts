import { defineConfig } from '@playwright/test';
import base from './playwright.config';

/**
 * `npm run screenshots`: the README's pictures (docs/screenshots/*.png), taken from the built app
 * on the demo province the way the end-to-end tests run it. Kept out of the test suite: it writes
 * files, and its checks only make sure each picture shows what its caption says.
 */
export default defineConfig({ ...base, testDir: 'scripts/screenshots', testMatch: '*.shots.ts', reporter: [['list']] });
