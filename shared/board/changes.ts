/**
 * What changed on a board between two states (a snapshot and now), computed from BoardJSON
 * alone so the board's highlights, the REST answer and the brief's annex all agree. Themes,
 * measures and friction points are compared by id: a record is added, removed, edited (these
 * fields differ) or moved (a measure now sits in another theme or column — it may be edited
 * too). Order within a cell is not a change. Who made a change is the record's last editor where
 * the board knows one (`editors.ts`); removed records name no one.
 */
import type { BoardJSON, CardJSON, FrictionJSON, RowJSON } from './schema.ts';

export type ChangeKind = 'added' | 'edited' | 'moved' | 'removed';
export type ChangeTargetType = 'row' | 'card' | 'friction';

export type RowField = 'title' | 'summary';
export type CardField = 'title' | 'body' | 'kind' | 'year' | 'amount' | 'tags' | 'sources';
export type FrictionField = 'title' | 'body' | 'severity' | 'status' | 'links';
export type ChangeField = RowField | CardField | FrictionField;

/** Where a measure sits: its theme (row) and column, with their titles for people. */
export interface CardPlace {
  rowId: string;
  rowTitle: string;
  columnId: string;
  columnLabel: string;
}

export interface BoardChange {
  kind: ChangeKind;
  /** The record, so a click can jump there (removed ones have no place on the board). */
  target: { type: ChangeTargetType; id: string };
  /** Its title now, or its last title when removed. */
  title: string;
  /** The fields whose value differs, in a fixed order; empty for added and removed. */
  fields: ChangeField[];
  /** For measures: where it was (before) and is (after); the one that exists for added/removed. */
  from?: CardPlace;
  to?: CardPlace;
  /** Who last edited it, where known (not for removed records). */
  by?: string;
}

const ROW_FIELDS: readonly [RowField, (r: RowJSON) => unknown][] = [
  ['title', (r) => r.title],
  ['summary', (r) => r.summary],
];
const CARD_FIELDS: readonly [CardField, (c: CardJSON) => unknown][] = [
  ['title', (c) => c.title],
  ['body', (c) => c.body],
  ['kind', (c) => c.kind],
  ['year', (c) => c.year],
  ['amount', (c) => c.amount],
  ['tags', (c) => c.tags],
  ['sources', (c) => c.sourceIds],
];
const FRICTION_FIELDS: readonly [FrictionField, (f: FrictionJSON) => unknown][] = [
  ['title', (f) => f.title],
  ['body', (f) => f.body],
  ['severity', (f) => f.severity],
  ['status', (f) => f.status],
  // Which measures a friction links is a set: re-linking in another order is no edit.
  ['links', (f) => [...f.cardIds].sort()],
];

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => same(v, b[i]));
  }
  return a === b;
}

function differing<T, F extends ChangeField>(
  fields: readonly [F, (record: T) => unknown][],
  before: T,
  after: T,
): F[] {
  return fields.filter(([, read]) => !same(read(before), read(after))).map(([name]) => name);
}

/** Measures in the order people read the board: theme by theme, column by column. */
function cardsInBoardOrder(board: BoardJSON): CardJSON[] {
  const rowIndex = new Map(board.rows.map((r, i) => [r.id, i]));
  const columnIndex = new Map(board.columns.map((c, i) => [c.id, i]));
  return board.cards
    .map((card, i) => ({ card, i }))
    .sort(
      (a, b) =>
        (rowIndex.get(a.card.rowId) ?? Infinity) - (rowIndex.get(b.card.rowId) ?? Infinity) ||
        (columnIndex.get(a.card.columnId) ?? Infinity) -
          (columnIndex.get(b.card.columnId) ?? Infinity) ||
        a.i - b.i,
    )
    .map(({ card }) => card);
}

function placer(board: BoardJSON): (card: CardJSON) => CardPlace {
  const rowTitle = new Map(board.rows.map((r) => [r.id, r.title]));
  const columnLabel = new Map(board.columns.map((c) => [c.id, c.label]));
  return (card) => ({
    rowId: card.rowId,
    rowTitle: rowTitle.get(card.rowId) ?? card.rowId,
    columnId: card.columnId,
    columnLabel: columnLabel.get(card.columnId) ?? card.columnId,
  });
}

/**
 * Every change from `before` to `after`, in board order: themes, then measures, then friction
 * points; within each, the records of `after` in their order, then removed ones in the order
 * they had in `before`.
 */
export function boardChanges(before: BoardJSON, after: BoardJSON): BoardChange[] {
  const changes: BoardChange[] = [];

  const beforeRows = new Map(before.rows.map((r) => [r.id, r]));
  const afterRowIds = new Set(after.rows.map((r) => r.id));
  for (const row of after.rows) {
    const old = beforeRows.get(row.id);
    const target = { type: 'row' as const, id: row.id };
    if (!old) changes.push({ kind: 'added', target, title: row.title, fields: [] });
    else {
      const fields = differing(ROW_FIELDS, old, row);
      if (fields.length) changes.push({ kind: 'edited', target, title: row.title, fields });
    }
  }
  for (const row of before.rows) {
    if (!afterRowIds.has(row.id)) {
      changes.push({
        kind: 'removed',
        target: { type: 'row', id: row.id },
        title: row.title,
        fields: [],
      });
    }
  }

  const placeBefore = placer(before);
  const placeAfter = placer(after);
  const beforeCards = new Map(before.cards.map((c) => [c.id, c]));
  const afterCardIds = new Set(after.cards.map((c) => c.id));
  for (const card of cardsInBoardOrder(after)) {
    const old = beforeCards.get(card.id);
    const target = { type: 'card' as const, id: card.id };
    if (!old) {
      changes.push({ kind: 'added', target, title: card.title, fields: [], to: placeAfter(card) });
      continue;
    }
    const fields = differing(CARD_FIELDS, old, card);
    const moved = old.rowId !== card.rowId || old.columnId !== card.columnId;
    if (moved) {
      changes.push({
        kind: 'moved',
        target,
        title: card.title,
        fields,
        from: placeBefore(old),
        to: placeAfter(card),
      });
    } else if (fields.length) {
      changes.push({ kind: 'edited', target, title: card.title, fields, to: placeAfter(card) });
    }
  }
  for (const card of cardsInBoardOrder(before)) {
    if (!afterCardIds.has(card.id)) {
      changes.push({
        kind: 'removed',
        target: { type: 'card', id: card.id },
        title: card.title,
        fields: [],
        from: placeBefore(card),
      });
    }
  }

  const beforeFrictions = new Map(before.frictions.map((f) => [f.id, f]));
  const afterFrictionIds = new Set(after.frictions.map((f) => f.id));
  for (const friction of after.frictions) {
    const old = beforeFrictions.get(friction.id);
    const target = { type: 'friction' as const, id: friction.id };
    if (!old) changes.push({ kind: 'added', target, title: friction.title, fields: [] });
    else {
      const fields = differing(FRICTION_FIELDS, old, friction);
      if (fields.length) changes.push({ kind: 'edited', target, title: friction.title, fields });
    }
  }
  for (const friction of before.frictions) {
    if (!afterFrictionIds.has(friction.id)) {
      changes.push({
        kind: 'removed',
        target: { type: 'friction', id: friction.id },
        title: friction.title,
        fields: [],
      });
    }
  }
  const stamps = new Map<string, string>();
  for (const [type, records] of [
    ['row', after.rows],
    ['card', after.cards],
    ['friction', after.frictions],
  ] as const) {
    for (const r of records) if (r.editedBy) stamps.set(`${type}:${r.id}`, r.editedBy);
  }
  return changes.map((change) => {
    const by =
      change.kind === 'removed'
        ? undefined
        : stamps.get(`${change.target.type}:${change.target.id}`);
    return by ? { ...change, by } : change;
  });
}

/** How many changes of each kind, for a summary line. */
export function countChanges(changes: readonly BoardChange[]): Record<ChangeKind, number> {
  const counts: Record<ChangeKind, number> = { added: 0, edited: 0, moved: 0, removed: 0 };
  for (const change of changes) counts[change.kind]++;
  return counts;
}
