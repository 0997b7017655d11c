import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/bench/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration and browser tests start real servers on free ports; run files in parallel
    // across the two cores but keep each file's tests in order.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
