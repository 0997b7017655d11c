/**
 * BoardJSON v1 ⇄ Y.Doc. Seeds, imports, exports and the REST API all pass through here, so
 * the screen, the brief and the JSON can never disagree. `fromYDoc` reads what concurrent
 * edits may leave behind (a card moved into a row someone deleted, a link to a deleted card)
 * the same way on every replica, so replicas with the same state give the same BoardJSON.
 */
import * as Y from 'yjs';
import { boardTypes, eachRecord, recordAt } from './layout.ts';
import { EDITED_BY, editedBy } from './editors.ts';
import { orderKeys } from './order.ts';
import { wellFormed } from './text.ts';
import { listColumns, type ColumnView } from './column.ts';
import { listRows } from './row.ts';
import { readCard, type CardView } from './card.ts';
import { listFrictions } from './friction.ts';
import { listSources } from './source.ts';
import { listAllComments } from './comment.ts';
import { addRow } from './row.ts';
import { addCard } from './card.ts';
import { addColumn } from './column.ts';
import { addFriction } from './friction.ts';
import { addSource } from './source.ts';
import { addComment } from './comment.ts';
import { AGENDA_LIMITS, listAgenda, writeAgenda } from './agenda.ts';
import { listRatings, writeRatings } from './alignment.ts';
import { BOARD_FORMAT, BOARD_VERSION, clip, LIMITS } from './format.ts';
import { readMeta, setKeyJudgements, writeProvenance } from './meta.ts';

/** Text longer than BoardJSON allows (typed or pasted without limit) is cut at the limit. */
const short = (text: string) => clip(text, LIMITS.shortText);
const long = (text: string) => clip(text, LIMITS.longText);
const TAG_LENGTH = 100;

/** `{ editedBy }` when the record carries a name. */
function stamp(map: Y.Map<unknown>, id: string): { editedBy?: string } {
  const record = recordAt(map, id);
  const who = record && editedBy(record);
  return who ? { editedBy: short(who) } : {};
}
import { parseBoardJson, type BoardJSON, type CardJSON } from './schema.ts';

/**
 * Builds a board document from BoardJSON (validated first; throws `BoardValidationError`).
 * Writes into `doc` when given — it must be empty — in one transaction.
 */
export function toYDoc(input: unknown, doc: Y.Doc = new Y.Doc()): Y.Doc {
  const board = parseBoardJson(input);
  const types = boardTypes(doc);
  if (types.columns.length || types.rows.size || types.cards.size) {
    throw new Error('toYDoc needs an empty document');
  }
  doc.transact(() => {
    types.meta.set('title', wellFormed(board.title));
    types.meta.set('subtitle', wellFormed(board.subtitle));
    types.meta.set('createdAt', board.createdAt ?? new Date().toISOString());
    if (board.template) types.meta.set('template', board.template);
    for (const c of board.columns) addColumn(doc, c);
    const rowKeys = orderKeys(board.rows.length);
    board.rows.forEach((r, i) => addRow(doc, { ...r, order: rowKeys[i] }));
    const sourceKeys = orderKeys(board.sources.length);
    board.sources.forEach((s, i) => addSource(doc, { ...s, order: sourceKeys[i] }));
    const byCell = new Map<string, CardJSON[]>();
    for (const card of board.cards) {
      const cell = `${card.rowId}\u0000${card.columnId}`;
      const list = byCell.get(cell);
      if (list) list.push(card);
      else byCell.set(cell, [card]);
    }
    for (const cards of byCell.values()) {
      const keys = orderKeys(cards.length);
      cards.forEach((card, i) => addCard(doc, { ...card, order: keys[i] }));
    }
    const frictionKeys = orderKeys(board.frictions.length);
    board.frictions.forEach((f, i) => addFriction(doc, { ...f, order: frictionKeys[i] }));
    for (const comment of board.comments) addComment(doc, comment);
    for (const [map, records] of [
      [types.rows, board.rows],
      [types.cards, board.cards],
      [types.frictions, board.frictions],
    ] as const) {
      for (const { id, editedBy: who } of records)
        if (who) recordAt(map, id)?.set(EDITED_BY, wellFormed(who));
    }
    if (board.agenda?.length) writeAgenda(doc, board.agenda);
    if (board.alignment?.length) writeRatings(doc, board.alignment);
    if (board.keyJudgements) setKeyJudgements(doc, board.keyJudgements);
    writeProvenance(doc, board.provenance, board.language);
  });
  return doc;
}

/** Cards whose row and column exist, in display order: row, then column, then place in cell. */
function visibleCards(
  doc: Y.Doc,
  rowOrder: Map<string, number>,
  columns: ColumnView[],
): CardView[] {
  const columnIndex = new Map(columns.map((c, i) => [c.id, i]));
  const cards: CardView[] = [];
  eachRecord(boardTypes(doc).cards, (map, id) => {
    const card = readCard(id, map);
    if (rowOrder.has(card.rowId) && columnIndex.has(card.columnId)) cards.push(card);
  });
  const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
  return cards.sort(
    (a, b) =>
      cmp(rowOrder.get(a.rowId)!, rowOrder.get(b.rowId)!) ||
      cmp(columnIndex.get(a.columnId)!, columnIndex.get(b.columnId)!) ||
      cmp(a.order, b.order) ||
      cmp(a.id, b.id),
  );
}

/** Reads a board document as BoardJSON v1, arrays in display order. */
export function fromYDoc(doc: Y.Doc, id: string): BoardJSON {
  const types = boardTypes(doc);
  const meta = types.meta;
  const str = (key: string) => {
    const v = meta.get(key);
    return typeof v === 'string' ? v : '';
  };
  const columns = listColumns(doc);
  const rows = listRows(doc);
  const rowOrder = new Map(rows.map((r, i) => [r.id, i]));
  const sources = listSources(doc);
  const sourceIds = new Set(sources.map((s) => s.id));
  const cards = visibleCards(doc, rowOrder, columns);
  const cardIds = new Set(cards.map((c) => c.id));
  const frictions = listFrictions(doc);
  const targets = new Set([...cardIds, ...frictions.map((f) => f.id)]);
  const createdAt = str('createdAt');
  const template = str('template');
  const { keyJudgements, provenance, language } = readMeta(doc);
  return {
    format: BOARD_FORMAT,
    version: BOARD_VERSION,
    id,
    title: short(str('title')),
    subtitle: short(str('subtitle')),
    ...(createdAt ? { createdAt } : {}),
    ...(template ? { template } : {}),
    columns: columns.map(({ id, label, country }) => ({ id, label: short(label), country })),
    rows: rows.map(({ id, title, summary }) => ({
      id,
      title: short(title),
      summary: long(summary),
      ...stamp(types.rows, id),
    })),
    cards: cards.map((c) => ({
      id: c.id,
      rowId: c.rowId,
      columnId: c.columnId,
      title: short(c.title),
      body: long(c.body),
      kind: c.kind,
      year: c.year,
      amount: c.amount === null ? null : short(c.amount),
      tags: c.tags.map((t) => clip(t, TAG_LENGTH)).slice(0, LIMITS.listItems),
      sourceIds: c.sourceIds.filter((s) => sourceIds.has(s)).slice(0, LIMITS.listItems),
      ...stamp(types.cards, c.id),
    })),
    frictions: frictions.map((f) => ({
      id: f.id,
      title: short(f.title),
      body: long(f.body),
      severity: f.severity,
      status: f.status,
      cardIds: f.cardIds.filter((c) => cardIds.has(c)).slice(0, LIMITS.listItems),
      ...stamp(types.frictions, f.id),
    })),
    sources: sources.map(({ id, label, citation, url }) => ({
      id,
      label: short(label),
      citation: long(citation),
      url,
    })),
    comments: listAllComments(doc)
      .filter((c) => targets.has(c.targetId))
      .map((c) => ({ ...c, author: short(c.author), text: long(c.text) })),
    ...agendaJson(doc, new Set(rows.map((r) => r.id)), cardIds),
    ...alignmentJson(doc, rowOrder),
    ...(keyJudgements ? { keyJudgements: long(keyJudgements) } : {}),
    ...(provenance ? { provenance } : {}),
    ...(language ? { language } : {}),
  };
}

/**
 * Alignment ratings of live rows (a rating made while someone deleted its row is left out), in
 * row order, then by rater; present only when someone rated.
 */
function alignmentJson(doc: Y.Doc, rowOrder: Map<string, number>): Pick<BoardJSON, 'alignment'> {
  const ratings = listRatings(doc)
    .filter((r) => rowOrder.has(r.rowId))
    .sort((a, b) => rowOrder.get(a.rowId)! - rowOrder.get(b.rowId)!)
    .map(({ rowId, raterId, name, aligned, importance, at }) => ({
      rowId,
      raterId,
      name,
      aligned,
      importance,
      ...(at ? { at } : {}),
    }));
  return ratings.length ? { alignment: ratings } : {};
}

/** The agenda, present only when there are steps (boards without one export as before). */
function agendaJson(
  doc: Y.Doc,
  rowIds: Set<string>,
  cardIds: Set<string>,
): Pick<BoardJSON, 'agenda'> {
  const steps = listAgenda(doc).map(({ id, title, focus, minutes, vote, lock }) => ({
    id,
    title: clip(title, AGENDA_LIMITS.title),
    // A card hidden from the export (its column was deleted) is not a focus it can name.
    focus:
      focus &&
      (focus.type === 'card' ? cardIds.has(focus.id) : focus.type !== 'row' || rowIds.has(focus.id))
        ? focus
        : null,
    minutes,
    vote,
    lock,
  }));
  return steps.length ? { agenda: steps } : {};
}
