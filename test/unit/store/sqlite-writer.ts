/**
 * A separate process that writes to a SQLite board store, for the multi-process tests in
 * sqlite.test.ts: it adds cards named `<writer>-<n>` one append at a time, compacting every few
 * appends, and prints each n once its append has resolved (that is, once it is durable).
 *
 * Usage: node --import tsx sqlite-writer.ts <file> <boardId> <writer> <count, 0 = until killed> <compactEvery, 0 = never>
 */
import * as Y from 'yjs';
import { SqliteBoardStore } from '../../../server/store/sqlite.ts';

const [file, boardId, writer, count, compactEvery] = process.argv.slice(2);
const store = new SqliteBoardStore({ file });
const doc = new Y.Doc();
for (const update of (await store.loadBoard(boardId)) ?? []) Y.applyUpdate(doc, update);
let pending: Uint8Array[] = [];
doc.on('update', (update: Uint8Array) => pending.push(update));

for (let n = 0; Number(count) === 0 || n < Number(count); n++) {
  const card = new Y.Map<unknown>();
  doc.getMap('cards').set(`${writer}-${n}`, card);
  card.set('title', new Y.Text(`card ${n} of ${writer}`));
  await store.appendUpdates(boardId, pending);
  pending = [];
  process.stdout.write(`${n}\n`);
  if (Number(compactEvery) > 0 && n % Number(compactEvery) === 0) await store.compact(boardId);
}
await store.close();
