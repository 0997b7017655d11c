/**
 * Loaded into a test server (`node --expose-gc --import test/helpers/gc-hook.mjs`): on SIGUSR2
 * it collects garbage fully and prints the heap in use, so a test can compare what stays
 * allocated — not what the collector has not got round to freeing yet.
 */
process.on('SIGUSR2', () => {
  globalThis.gc?.();
  globalThis.gc?.();
  process.stderr.write(`gc-hook heap ${process.memoryUsage().heapUsed}\n`);
});
