/**
 * One suffix for every test file: `.test.ts`. A middle part says what else applies:
 * `.svelte.test.ts` is compiled by Svelte (runes; project `web-runes`), `.e2e.test.ts` drives
 * Chromium against the built client (project `e2e`, `npm run test:e2e`, needs `npm run build`).
 * Everything else runs in Node (project `node`). `npm test` builds and runs all three.
 */
import { defineConfig } from 'vitest/config';
import { runesProject, sharedAlias } from './test/unit/web/vitest.runes.config.ts';
import { compiledMessages } from './web/vite/compiledMessages.ts';

export default defineConfig({
  // The web client's compiled dictionaries (`virtual:messages/*`), for tests of its i18n.
  plugins: [compiledMessages()],
  resolve: { alias: sharedAlias },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration and browser tests start real servers on free ports; run files in parallel
    // across the two cores but keep each file's tests in order.
    fileParallelism: true,
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/bench/**', 'test/e2e/**', '**/*.svelte.test.ts', 'node_modules/**'],
        },
      },
      {
        extends: true,
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'] },
      },
      // The web client's rune classes, compiled by Svelte for the browser runtime.
      runesProject,
    ],
  },
});
