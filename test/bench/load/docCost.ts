/**
 * Prints what the seed board costs as a bare Y.Doc (heap + external per copy, after a full
 * GC) and its encoded size, as JSON. Run with `--expose-gc` in its own process, so nothing
 * else lives in the heap it measures.
 */
import * as Y from 'yjs';
import { toYDoc } from '../../../shared/board/index.ts';
import { loadTemplate } from '../../../server/boards/templates.ts';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const COPIES = 200;
const state = Y.encodeStateAsUpdate(toYDoc(loadTemplate('us-japan-economic-security')));
const used = () => {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
};
const before = used();
const docs: Y.Doc[] = [];
for (let i = 0; i < COPIES; i++) {
  const doc = new Y.Doc({ gc: true });
  Y.applyUpdate(doc, state);
  docs.push(doc);
}
const after = used();
process.stdout.write(
  JSON.stringify({
    heapKB: (after - before) / COPIES / 1024,
    encodedKB: state.length / 1024,
    copies: docs.length,
  }),
);
