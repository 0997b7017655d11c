/**
 * Who last edited each theme, measure and friction point, where the board knows it: a client
 * that calls `trackEditors` stamps the records its person changes with their display name
 * (`editedBy`), in a follow-up transaction with the edit's own origin, so one undo takes back
 * the edit and the stamp together. Records changed by programs that do not track (imports,
 * restores, stock Yjs clients) keep the stamp they had: "where known" — a name, not a proof.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- Yjs types its events per shared type */
import * as Y from 'yjs';
import { boardTypes, recordAt, type RecordMap } from './layout.ts';
import { wellFormed } from './text.ts';

export const EDITED_BY = 'editedBy';

/** The record (row, card or friction) a changed shared type belongs to, if any. */
function owningRecord(
  type: Y.AbstractType<any>,
  parents: ReadonlySet<Y.AbstractType<any>>,
): RecordMap | undefined {
  let current: Y.AbstractType<any> | null = type;
  while (current?._item) {
    const parent = current._item.parent as Y.AbstractType<any>;
    if (parents.has(parent) && current instanceof Y.Map) {
      return recordAt(parent as Y.Map<unknown>, current._item.parentSub!) === current
        ? (current as RecordMap)
        : undefined;
    }
    current = parent;
  }
  return undefined;
}

/**
 * Stamps the records changed by this client's own transactions (`isOwn(origin)`) with `name()`.
 * Returns the function that stops tracking.
 */
export function trackEditors(
  doc: Y.Doc,
  name: () => string,
  isOwn: (origin: unknown) => boolean = (origin) => origin === null,
): () => void {
  const types = boardTypes(doc);
  const parents = new Set<Y.AbstractType<any>>([types.rows, types.cards, types.frictions]);
  const onTransaction = (tr: Y.Transaction) => {
    if (!tr.local || !isOwn(tr.origin)) return;
    const touched = new Set<RecordMap>();
    for (const [type, keys] of tr.changed) {
      if (parents.has(type)) {
        // Records added (or replaced) under these keys.
        for (const key of keys) {
          if (key === null) continue;
          const record = recordAt(type as unknown as Y.Map<unknown>, key);
          if (record) touched.add(record);
        }
        continue;
      }
      if (keys.size === 1 && keys.has(EDITED_BY)) continue; // our own stamp
      const record = owningRecord(type, parents);
      if (record) touched.add(record);
    }
    const who = wellFormed(name());
    const stale = [...touched].filter((r) => r.get(EDITED_BY) !== who);
    if (!who || stale.length === 0) return;
    queueMicrotask(() =>
      doc.transact(() => {
        for (const record of stale) if (!record._item?.deleted) record.set(EDITED_BY, who);
      }, tr.origin),
    );
  };
  doc.on('afterTransaction', onTransaction);
  return () => doc.off('afterTransaction', onTransaction);
}

/** The name stamped on a record, if it carries one. */
export function editedBy(record: RecordMap): string | undefined {
  const value = record.get(EDITED_BY);
  return typeof value === 'string' && value ? value : undefined;
}
