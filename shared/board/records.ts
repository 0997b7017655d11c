/**
 * Lookups shared by the record modules: finding a live record or failing loudly, and listing
 * records of a map in display order. Both see only what has a record's shape (`recordAt`).
 */
import type * as Y from 'yjs';
import { eachRecord, readString, recordAt, type RecordMap } from './layout.ts';
import { sortByOrder } from './order.ts';

export function requireRecord(map: Y.Map<unknown>, id: string, kind: string): RecordMap {
  const record = recordAt(map, id);
  if (!record) throw new Error(`unknown ${kind} "${id}"`);
  return record;
}

export interface OrderedRecord {
  id: string;
  order: string;
  map: RecordMap;
}

/** Records of `map` sorted by their `order` key (then id), optionally filtered. */
export function orderedRecords(
  map: Y.Map<unknown>,
  keep: (record: RecordMap, id: string) => boolean = () => true,
): OrderedRecord[] {
  const out: OrderedRecord[] = [];
  eachRecord(map, (record, id) => {
    if (keep(record, id)) out.push({ id, order: readString(record, 'order'), map: record });
  });
  return sortByOrder(out);
}
