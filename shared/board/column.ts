/**
 * Country columns (`columns`, a `Y.Array` in display order). A move re-inserts the column's
 * map; readers drop a duplicate id (two people moving one column at once) keeping the first.
 */
import * as Y from 'yjs';
import { boardTypes, columnRecords, eachRecord, readString, type RecordMap } from './layout.ts';
import { newId } from './ids.ts';
import { wellFormed } from './text.ts';
import { removeCard } from './card.ts';

export interface ColumnInit {
  id?: string;
  label: string;
  country: string;
  index?: number;
}

export interface ColumnView {
  id: string;
  label: string;
  country: string;
}

function newColumnMap(id: string, label: string, country: string): RecordMap {
  const map = new Y.Map<unknown>();
  map.set('id', id);
  map.set('label', wellFormed(label));
  map.set('country', country);
  return map;
}

/** Columns in display order, each id once. */
export function listColumns(doc: Y.Doc): ColumnView[] {
  const seen = new Set<string>();
  const out: ColumnView[] = [];
  for (const map of columnRecords(boardTypes(doc).columns)) {
    const id = readString(map, 'id');
    if (!id || seen.has(id)) continue;
    seen.add(id);
    out.push({ id, label: readString(map, 'label'), country: readString(map, 'country') });
  }
  return out;
}

/** Where the column is in the array (positions count odd entries too, as the array does). */
function indexOfColumn(columns: Y.Array<unknown>, id: string): number {
  return columns
    .toArray()
    .findIndex((value) => value instanceof Y.Map && readString(value as RecordMap, 'id') === id);
}

export function addColumn(doc: Y.Doc, init: ColumnInit): string {
  const id = init.id ?? newId('col');
  doc.transact(() => {
    const { columns } = boardTypes(doc);
    if (indexOfColumn(columns, id) >= 0) throw new Error(`column "${id}" exists`);
    const index = Math.min(init.index ?? columns.length, columns.length);
    columns.insert(index, [newColumnMap(id, init.label, init.country)]);
  });
  return id;
}

export function renameColumn(doc: Y.Doc, id: string, label: string): void {
  doc.transact(() => {
    const { columns } = boardTypes(doc);
    const i = indexOfColumn(columns, id);
    if (i < 0) throw new Error(`unknown column "${id}"`);
    (columns.get(i) as RecordMap).set('label', wellFormed(label));
  });
}

export function moveColumn(doc: Y.Doc, id: string, index: number): void {
  doc.transact(() => {
    const { columns } = boardTypes(doc);
    const from = indexOfColumn(columns, id);
    if (from < 0) throw new Error(`unknown column "${id}"`);
    const old = columns.get(from) as RecordMap;
    const copy = newColumnMap(id, readString(old, 'label'), readString(old, 'country'));
    columns.delete(from, 1);
    columns.insert(Math.max(0, Math.min(index, columns.length)), [copy]);
  });
}

/** Deletes a column and every card in it (with their friction links and comments). */
export function deleteColumn(doc: Y.Doc, id: string): void {
  doc.transact(() => {
    const types = boardTypes(doc);
    const i = indexOfColumn(types.columns, id);
    if (i < 0) throw new Error(`unknown column "${id}"`);
    types.columns.delete(i, 1);
    const doomed: string[] = [];
    eachRecord(types.cards, (card, cardId) => {
      if (readString(card, 'columnId') === id) doomed.push(cardId);
    });
    for (const cardId of doomed) removeCard(types, cardId);
  });
}
