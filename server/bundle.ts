/**
 * The server as `npm start` runs it: `server/main.ts` and its worker threads' entries bundled
 * by esbuild into `server/dist/` (packages stay in node_modules). Plain JavaScript needs no
 * TypeScript loader in the process or in any of its threads: each thread under tsx carried its
 * own copy (about 30 MB of resident memory apiece, issue 18). Bundling takes well under a
 * second, so `npm start` bundles at every start and never runs an old bundle.
 */
import path from 'node:path';
import { build } from 'esbuild';
import { ROOT } from './paths.ts';
import { THREAD_ENTRIES } from './threads.ts';

export const SERVER_BUNDLE = path.join(ROOT, 'server/dist');

export async function bundleServer(): Promise<void> {
  await build({
    absWorkingDir: ROOT,
    entryPoints: {
      main: 'server/main.ts',
      // Named as `threads.ts` starts them.
      ...Object.fromEntries(
        Object.entries(THREAD_ENTRIES).map(([name, entry]) => [name, `server/${entry}.ts`]),
      ),
    },
    outdir: SERVER_BUNDLE,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    // Beside the entries: `threads.ts` finds a thread's entry next to its own chunk.
    chunkNames: '[name]-[hash]',
    logLevel: 'warning',
  });
}
