/**
 * Lookups shared by the record modules: finding a live record or failing loudly, and listing
 * records of a map in display order.
 */
import type * as Y from 'yjs';
import { readString, type RecordMap } from './layout.ts';
import { sortByOrder } from './order.ts';

export function requireRecord(map: Y.Map<RecordMap>, id: string, kind: string): RecordMap {
  const record = map.get(id);
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
  map: Y.Map<RecordMap>,
  keep: (record: RecordMap, id: string) => boolean = () => true,
): OrderedRecord[] {
  const out: OrderedRecord[] = [];
  map.forEach((record, id) => {
    if (keep(record, id)) out.push({ id, order: readString(record, 'order'), map: record });
  });
  return sortByOrder(out);
}
