/**
 * What a compaction stores in place of a board's state and log. `Y.mergeUpdates` only joins
 * the structs, so every character ever typed and deleted would stay stored for good (1 MB typed
 * and deleted 40 times: 42 MB for a board that reads as 500 bytes). Replayed into a document with
 * garbage collection on, deleted content shrinks to its length, and a deleted record's contents
 * to nothing — exactly what a loaded room (also `gc: true`) holds and sends to a newcomer.
 *
 * Updates the document holds back (they build on something that was never stored) are kept, as
 * `Y.encodeStateAsUpdate` includes them: a compaction drops nothing the log had. Newcomers never
 * see them either way, since a room answers with `encodeIntegratedState`.
 */
import * as Y from 'yjs';

export function compactUpdates(updates: readonly Uint8Array[]): Uint8Array {
  const doc = new Y.Doc({ gc: true });
  try {
    // One transaction: an insertion and its deletion in different updates are collected too.
    doc.transact(() => {
      for (const update of updates) Y.applyUpdate(doc, update);
    });
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}
