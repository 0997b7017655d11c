/**
 * Making a live board match a BoardJSON document (restoring a snapshot) as one ordinary edit:
 * records keep their ids, texts change by minimal splices, and only what differs is written,
 * so every connected client sees the restore live and can undo it like any change.
 */
import * as Y from 'yjs';
import {
  boardTypes,
  readString,
  recordAt,
  stringListOf,
  threadAt,
  textOf,
  type BoardTypes,
  type RecordMap,
} from './layout.ts';
import { orderKeys } from './order.ts';
import { replaceText, wellFormed } from './text.ts';
import { addCard, removeCard } from './card.ts';
import { syncList } from './lists.ts';
import { addRow } from './row.ts';
import { addColumn, listColumns } from './column.ts';
import { addFriction } from './friction.ts';
import { addSource } from './source.ts';
import { threadOf } from './comment.ts';
import { writeAgenda } from './agenda.ts';
import { writeRatings } from './alignment.ts';
import { restoreBriefMeta } from './meta.ts';
import { parseBoardJson, type BoardJSON, type CommentJSON } from './schema.ts';

function setIfChanged(map: RecordMap, key: string, given: unknown): void {
  const value = typeof given === 'string' ? wellFormed(given) : given;
  if (value === null || value === undefined) {
    if (map.has(key)) map.delete(key);
  } else if (map.get(key) !== value) {
    map.set(key, value);
  }
}

/** Deletes the records of `map` whose id is not in `keep`. */
function dropMissing(map: Y.Map<unknown>, keep: Set<string>, remove: (id: string) => void): void {
  for (const id of [...map.keys()]) if (!keep.has(id)) remove(id);
}

/** The record to update in place, or undefined after clearing whatever odd value held its id. */
function updatable(map: Y.Map<unknown>, id: string): RecordMap | undefined {
  const record = recordAt(map, id);
  if (!record && map.has(id)) map.delete(id);
  return record;
}

function replaceColumns(doc: Y.Doc, types: BoardTypes, board: BoardJSON): void {
  const current = listColumns(doc);
  const same =
    current.length === board.columns.length &&
    current.every((c, i) => {
      const want = board.columns[i];
      return c.id === want.id && c.label === want.label && c.country === want.country;
    });
  if (same) return;
  types.columns.delete(0, types.columns.length);
  for (const column of board.columns) addColumn(doc, column);
}

function replaceComments(types: BoardTypes, comments: CommentJSON[]): void {
  const byTarget = new Map<string, CommentJSON[]>();
  for (const c of comments) byTarget.set(c.targetId, [...(byTarget.get(c.targetId) ?? []), c]);
  for (const targetId of [...types.comments.keys()]) {
    if (byTarget.has(targetId)) continue;
    const thread = threadAt(types.comments, targetId);
    if (!thread) types.comments.delete(targetId);
    else if (thread.length) thread.delete(0, thread.length);
  }
  for (const [targetId, wanted] of byTarget) {
    const thread = threadOf(types, targetId);
    const wantedIds = new Set(wanted.map((c) => c.id));
    for (let i = thread.length - 1; i >= 0; i--) {
      const entry = thread.get(i);
      if (!(entry instanceof Y.Map) || !wantedIds.has(readString(entry as RecordMap, 'id')))
        thread.delete(i, 1);
    }
    const existing = new Map(
      (thread.toArray() as RecordMap[]).map((m) => [readString(m, 'id'), m]),
    );
    for (const c of wanted) {
      const map = existing.get(c.id);
      if (map) {
        setIfChanged(map, 'text', c.text);
        setIfChanged(map, 'resolved', c.resolved);
        continue;
      }
      const fresh = new Y.Map<unknown>();
      for (const [k, v] of Object.entries({
        id: c.id,
        author: c.author,
        text: c.text,
        createdAt: c.createdAt,
        resolved: c.resolved,
      })) {
        fresh.set(k, v);
      }
      thread.push([fresh]);
    }
  }
}

/** Makes `doc` hold exactly `input` (validated first), in one transaction. */
export function replaceBoard(doc: Y.Doc, input: unknown): void {
  const board = parseBoardJson(input);
  const types = boardTypes(doc);
  doc.transact(() => {
    setIfChanged(types.meta, 'title', board.title);
    setIfChanged(types.meta, 'subtitle', board.subtitle);
    restoreBriefMeta(doc, board);
    replaceColumns(doc, types, board);

    const rowKeys = orderKeys(board.rows.length);
    dropMissing(types.rows, new Set(board.rows.map((r) => r.id)), (id) => types.rows.delete(id));
    board.rows.forEach((row, i) => {
      const map = updatable(types.rows, row.id);
      if (!map) return void addRow(doc, { ...row, order: rowKeys[i] });
      replaceText(textOf(map, 'title'), row.title);
      replaceText(textOf(map, 'summary'), row.summary);
      setIfChanged(map, 'order', rowKeys[i]);
    });

    const sourceKeys = orderKeys(board.sources.length);
    dropMissing(types.sources, new Set(board.sources.map((s) => s.id)), (id) =>
      types.sources.delete(id),
    );
    board.sources.forEach((source, i) => {
      const map = updatable(types.sources, source.id);
      if (!map) return void addSource(doc, { ...source, order: sourceKeys[i] });
      for (const key of ['label', 'citation', 'url'] as const) setIfChanged(map, key, source[key]);
      setIfChanged(map, 'order', sourceKeys[i]);
    });

    dropMissing(types.cards, new Set(board.cards.map((c) => c.id)), (id) => removeCard(types, id));
    const cells = new Map<string, number>();
    const cellSizes = new Map<string, number>();
    for (const card of board.cards) {
      const cell = `${card.rowId}\u0000${card.columnId}`;
      cellSizes.set(cell, (cellSizes.get(cell) ?? 0) + 1);
    }
    const cellKeys = new Map([...cellSizes].map(([cell, n]) => [cell, orderKeys(n)]));
    for (const card of board.cards) {
      const cell = `${card.rowId}\u0000${card.columnId}`;
      const index = cells.get(cell) ?? 0;
      cells.set(cell, index + 1);
      const order = cellKeys.get(cell)![index];
      const map = updatable(types.cards, card.id);
      if (!map) {
        addCard(doc, { ...card, order });
        continue;
      }
      setIfChanged(map, 'rowId', card.rowId);
      setIfChanged(map, 'columnId', card.columnId);
      setIfChanged(map, 'order', order);
      replaceText(textOf(map, 'title'), card.title);
      replaceText(textOf(map, 'body'), card.body);
      setIfChanged(map, 'kind', card.kind);
      setIfChanged(map, 'year', card.year);
      setIfChanged(map, 'amount', card.amount);
      syncList(stringListOf(map, 'tags'), card.tags);
      syncList(stringListOf(map, 'sourceIds'), card.sourceIds);
    }

    const frictionKeys = orderKeys(board.frictions.length);
    dropMissing(types.frictions, new Set(board.frictions.map((f) => f.id)), (id) => {
      types.frictions.delete(id);
    });
    board.frictions.forEach((friction, i) => {
      const map = updatable(types.frictions, friction.id);
      if (!map) return void addFriction(doc, { ...friction, order: frictionKeys[i] });
      replaceText(textOf(map, 'title'), friction.title);
      replaceText(textOf(map, 'body'), friction.body);
      setIfChanged(map, 'severity', friction.severity);
      setIfChanged(map, 'status', friction.status);
      syncList(stringListOf(map, 'cardIds'), friction.cardIds);
      setIfChanged(map, 'order', frictionKeys[i]);
    });

    replaceComments(types, board.comments);
    writeAgenda(doc, board.agenda ?? []);
    writeRatings(doc, board.alignment ?? []);
  });
}
