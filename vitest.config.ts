import { defineConfig } from 'vitest/config';
import { runesProject, sharedAlias } from './test/unit/web/vitest.runes.config.ts';

export default defineConfig({
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
          exclude: ['test/bench/**', 'node_modules/**'],
        },
      },
      // The web client's rune classes, compiled by Svelte for the browser runtime.
      runesProject,
    ],
  },
});
