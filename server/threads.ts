/**
 * The server's worker threads (the PDF renderer), started the same way
 * whether the server runs from its TypeScript sources (tsx: the thread first registers tsx
 * through `tsWorker.mjs`, since the main thread's loader does not carry over) or from the bundle
 * `npm start` runs (`server/dist/`, where each thread is a bundled entry of its own, and no
 * thread pays for a TypeScript loader).
 */
import { Worker } from 'node:worker_threads';

/** Each thread's entry module, relative to `server/`; the bundle names its entries the same. */
export const THREAD_ENTRIES = {
  pdfWorker: 'export/pdfWorker',
} as const;
export type ThreadName = keyof typeof THREAD_ENTRIES;

const fromSources = import.meta.url.endsWith('.ts');

export function startThread(name: ThreadName, workerData: Record<string, unknown> = {}): Worker {
  if (!fromSources) return new Worker(new URL(`./${name}.js`, import.meta.url), { workerData });
  return new Worker(new URL('./tsWorker.mjs', import.meta.url), {
    workerData: {
      ...workerData,
      entry: new URL(`./${THREAD_ENTRIES[name]}.ts`, import.meta.url).href,
    },
  });
}
