/**
 * Cards: one measure, institution, figure or event, in a cell (row × column). A move writes
 * only `rowId`, `columnId` and `order`; deleting a card removes its friction links and its
 * comments in the same transaction.
 */
import * as Y from 'yjs';
import {
  columnRecords,
  eachRecord,
  boardTypes,
  CARD_KINDS,
  newStringList,
  newText,
  readString,
  readStringList,
  stringListOf,
  textOf,
  type BoardTypes,
  type CardKind,
  type CardTextField,
  type RecordMap,
} from './layout.ts';
import { newId } from './ids.ts';
import { orderAt } from './order.ts';
import { orderedRecords, requireRecord, type OrderedRecord } from './records.ts';
import { replaceText } from './text.ts';
import { removeThread, threadOf } from './comment.ts';
import { removeFromList, syncList } from './lists.ts';

export interface CardInit {
  id?: string;
  rowId: string;
  columnId: string;
  title?: string;
  body?: string;
  kind?: CardKind;
  year?: number | null;
  amount?: string | null;
  tags?: readonly string[];
  sourceIds?: readonly string[];
  /** Position in its cell; appended when absent. */
  index?: number;
  /** Order key to use as is (imports); wins over `index`. */
  order?: string;
}

export interface CardView {
  id: string;
  rowId: string;
  columnId: string;
  order: string;
  title: string;
  body: string;
  kind: CardKind;
  year: number | null;
  amount: string | null;
  tags: string[];
  sourceIds: string[];
}

export function isCardKind(value: unknown): value is CardKind {
  return typeof value === 'string' && (CARD_KINDS as readonly string[]).includes(value);
}

export function readCard(id: string, map: RecordMap): CardView {
  const kind = map.get('kind');
  const year = map.get('year');
  const amount = map.get('amount');
  return {
    id,
    rowId: readString(map, 'rowId'),
    columnId: readString(map, 'columnId'),
    order: readString(map, 'order'),
    title: readString(map, 'title'),
    body: readString(map, 'body'),
    kind: isCardKind(kind) ? kind : 'context',
    year: typeof year === 'number' ? year : null,
    amount: typeof amount === 'string' ? amount : null,
    tags: readStringList(map, 'tags'),
    sourceIds: readStringList(map, 'sourceIds'),
  };
}

/** The cards of one cell in display order, `exceptId` left out. */
export function cellCards(
  types: BoardTypes,
  rowId: string,
  columnId: string,
  exceptId?: string,
): OrderedRecord[] {
  return orderedRecords(
    types.cards,
    (card, id) =>
      id !== exceptId &&
      readString(card, 'rowId') === rowId &&
      readString(card, 'columnId') === columnId,
  );
}

function requireCard(types: BoardTypes, id: string): RecordMap {
  return requireRecord(types.cards, id, 'card');
}

function checkCell(types: BoardTypes, rowId: string, columnId: string): void {
  requireRecord(types.rows, rowId, 'row');
  if (!columnRecords(types.columns).some((c) => readString(c, 'id') === columnId)) {
    throw new Error(`unknown column "${columnId}"`);
  }
}

export function addCard(doc: Y.Doc, init: CardInit): string {
  const id = init.id ?? newId('c');
  doc.transact(() => {
    const types = boardTypes(doc);
    if (types.cards.has(id)) throw new Error(`card "${id}" exists`);
    checkCell(types, init.rowId, init.columnId);
    const kind = init.kind ?? 'promotion';
    if (!isCardKind(kind)) throw new Error(`unknown kind "${String(kind)}"`);
    const map = new Y.Map<unknown>();
    map.set('rowId', init.rowId);
    map.set('columnId', init.columnId);
    map.set(
      'order',
      init.order ??
        orderAt(cellCards(types, init.rowId, init.columnId), init.index ?? Number.MAX_SAFE_INTEGER),
    );
    map.set('title', newText(init.title ?? ''));
    map.set('body', newText(init.body ?? ''));
    map.set('kind', kind);
    if (init.year != null) map.set('year', init.year);
    if (init.amount != null) map.set('amount', init.amount);
    map.set('tags', newStringList([...new Set(init.tags ?? [])]));
    map.set('sourceIds', newStringList([...new Set(init.sourceIds ?? [])]));
    types.cards.set(id, map);
    threadOf(types, id);
  });
  return id;
}

/** The `Y.Text` of a card's title or body, for binding an editor to it. */
export function cardText(doc: Y.Doc, id: string, field: CardTextField): Y.Text {
  return textOf(requireCard(boardTypes(doc), id), field);
}

/** Sets a card's title or body by the smallest splice, so concurrent typing merges. */
export function editCardText(doc: Y.Doc, id: string, field: CardTextField, value: string): void {
  doc.transact(() => replaceText(textOf(requireCard(boardTypes(doc), id), field), value));
}

/** Moves a card to `index` in the cell (`rowId`, `columnId`); only rowId/columnId/order change. */
export function moveCard(
  doc: Y.Doc,
  id: string,
  to: { rowId: string; columnId: string; index?: number },
): void {
  doc.transact(() => {
    const types = boardTypes(doc);
    const card = requireCard(types, id);
    checkCell(types, to.rowId, to.columnId);
    const siblings = cellCards(types, to.rowId, to.columnId, id);
    const order = orderAt(siblings, to.index ?? siblings.length);
    if (readString(card, 'rowId') !== to.rowId) card.set('rowId', to.rowId);
    if (readString(card, 'columnId') !== to.columnId) card.set('columnId', to.columnId);
    card.set('order', order);
  });
}

export function setCardKind(doc: Y.Doc, id: string, kind: CardKind): void {
  if (!isCardKind(kind)) throw new Error(`unknown kind "${String(kind)}"`);
  doc.transact(() => requireCard(boardTypes(doc), id).set('kind', kind));
}

export function setCardYear(doc: Y.Doc, id: string, year: number | null): void {
  if (year !== null && !Number.isInteger(year)) throw new Error(`year must be a whole number`);
  doc.transact(() => {
    const card = requireCard(boardTypes(doc), id);
    if (year === null) card.delete('year');
    else card.set('year', year);
  });
}

export function setCardAmount(doc: Y.Doc, id: string, amount: string | null): void {
  doc.transact(() => {
    const card = requireCard(boardTypes(doc), id);
    if (amount === null || amount === '') card.delete('amount');
    else card.set('amount', amount);
  });
}

export function setCardTags(doc: Y.Doc, id: string, tags: readonly string[]): void {
  const clean = tags.map((t) => t.trim()).filter(Boolean);
  doc.transact(() => syncList(stringListOf(requireCard(boardTypes(doc), id), 'tags'), clean));
}

export function attachSource(doc: Y.Doc, cardId: string, sourceId: string): void {
  doc.transact(() => {
    const types = boardTypes(doc);
    requireRecord(types.sources, sourceId, 'source');
    const list = stringListOf(requireCard(types, cardId), 'sourceIds');
    if (!list.toArray().includes(sourceId)) list.push([sourceId]);
  });
}

export function detachSource(doc: Y.Doc, cardId: string, sourceId: string): void {
  doc.transact(() =>
    removeFromList(stringListOf(requireCard(boardTypes(doc), cardId), 'sourceIds'), sourceId),
  );
}

/** Removes every occurrence of `value` from a string list; call inside a transaction. */
/** Removes a card, its friction links and its comments; call inside a transaction. */
export function removeCard(types: BoardTypes, id: string): void {
  if (!types.cards.has(id)) return;
  types.cards.delete(id);
  eachRecord(types.frictions, (friction) => removeFromList(stringListOf(friction, 'cardIds'), id));
  removeThread(types, id);
}

export function deleteCard(doc: Y.Doc, id: string): void {
  doc.transact(() => {
    const types = boardTypes(doc);
    requireCard(types, id);
    removeCard(types, id);
  });
}
