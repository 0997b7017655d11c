/**
 * The SQLite append worker: commits the appends the main thread hands it on a connection of
 * its own, so the fsync of a commit never blocks the main thread's event loop. The rules of
 * an append live in `SqliteBoardStore.commitAppends`; this only carries batches across.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { codeOf, SqliteBoardStore, type AppendRequest } from './sqlite.ts';

const { file, busyTimeoutMs, maxPageCount, synchronous } = workerData as {
  file: string;
  busyTimeoutMs?: number;
  maxPageCount?: number;
  synchronous?: 'FULL' | 'NORMAL';
};
const store = new SqliteBoardStore({
  file,
  busyTimeoutMs,
  maxPageCount,
  synchronous,
  worker: true,
});
const port = parentPort!;

port.on('message', (message: readonly AppendRequest[] | 'close') => {
  if (message === 'close') {
    void store.close().then(() => port.close());
    return;
  }
  try {
    port.postMessage(store.commitAppends(message));
  } catch (error) {
    port.postMessage({ error: (error as Error).message, code: codeOf(error) });
  }
});
