/**
 * Theme rows (`rows`, by id, ordered by fractional index). Deleting a row deletes its cards
 * with their friction links, comments and alignment ratings, in the same transaction.
 */
import * as Y from 'yjs';
import {
  boardTypes,
  eachRecord,
  newText,
  readString,
  textOf,
  type RowTextField,
} from './layout.ts';
import { newId } from './ids.ts';
import { orderAt } from './order.ts';
import { orderedRecords, requireRecord } from './records.ts';
import { replaceText } from './text.ts';
import { removeCard } from './card.ts';
import { removeRowRatings } from './alignment.ts';

export interface RowInit {
  id?: string;
  title?: string;
  summary?: string;
  index?: number;
  order?: string;
}

export interface RowView {
  id: string;
  order: string;
  title: string;
  summary: string;
}

/** Rows in display order. */
export function listRows(doc: Y.Doc): RowView[] {
  return orderedRecords(boardTypes(doc).rows).map(({ id, order, map }) => ({
    id,
    order,
    title: readString(map, 'title'),
    summary: readString(map, 'summary'),
  }));
}

export function addRow(doc: Y.Doc, init: RowInit = {}): string {
  const id = init.id ?? newId('r');
  doc.transact(() => {
    const { rows } = boardTypes(doc);
    if (rows.has(id)) throw new Error(`row "${id}" exists`);
    const map = new Y.Map<unknown>();
    map.set('title', newText(init.title ?? ''));
    map.set('summary', newText(init.summary ?? ''));
    map.set(
      'order',
      init.order ?? orderAt(orderedRecords(rows), init.index ?? Number.MAX_SAFE_INTEGER),
    );
    rows.set(id, map);
  });
  return id;
}

export function rowText(doc: Y.Doc, id: string, field: RowTextField): Y.Text {
  return textOf(requireRecord(boardTypes(doc).rows, id, 'row'), field);
}

export function editRowText(doc: Y.Doc, id: string, field: RowTextField, value: string): void {
  doc.transact(() =>
    replaceText(textOf(requireRecord(boardTypes(doc).rows, id, 'row'), field), value),
  );
}

export function renameRow(doc: Y.Doc, id: string, title: string): void {
  editRowText(doc, id, 'title', title);
}

export function moveRow(doc: Y.Doc, id: string, index: number): void {
  doc.transact(() => {
    const { rows } = boardTypes(doc);
    const row = requireRecord(rows, id, 'row');
    row.set(
      'order',
      orderAt(
        orderedRecords(rows, (_r, rid) => rid !== id),
        index,
      ),
    );
  });
}

export function deleteRow(doc: Y.Doc, id: string): void {
  doc.transact(() => {
    const types = boardTypes(doc);
    requireRecord(types.rows, id, 'row');
    types.rows.delete(id);
    const doomed: string[] = [];
    eachRecord(types.cards, (card, cardId) => {
      if (readString(card, 'rowId') === id) doomed.push(cardId);
    });
    for (const cardId of doomed) removeCard(types, cardId);
    removeRowRatings(types, id);
  });
}
