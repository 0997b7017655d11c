/**
 * Rune-based views of one board's Y.Doc. Each view subscribes (through `createSubscriber`)
 * only to the Yjs changes it depends on, and only while something reads it: the grid's layout
 * wakes up when a card is added, deleted or moved, a card's view when that card's map changes,
 * a comment thread when that thread changes. A remote keystroke therefore re-renders one card.
 *
 * Reads only: every write goes through the `shared/board` operations.
 */
/* eslint-disable svelte/prefer-svelte-reactivity -- Maps and Sets here are caches and per-call
   scratch values, never state: reactivity comes from Yjs through createSubscriber. */
import { createSubscriber } from 'svelte/reactivity';
import * as Y from 'yjs';
import {
  boardTypes,
  compareOrder,
  listColumns,
  listComments,
  listSources,
  readCard,
  readMeta,
  eachRecord,
  recordAt,
  type BoardMeta,
  type BoardTypes,
  type CardView,
  type ColumnView,
  type CommentView,
  type FrictionView,
  type SourceView,
} from '$shared/board/index.ts';
import { readFriction } from '$shared/board/friction.ts';
import { touchesRecordFields, touchesThread } from './yjsEvents.ts';

type AnyType = Y.AbstractType<unknown>;
type Batch = Array<Y.YEvent<AnyType>>;

/** A subscriber that wakes when `relevant` says a deep change of `type` matters. */
export function deepSubscriber(type: AnyType, relevant: (events: Batch) => boolean = () => true) {
  return createSubscriber((update) => {
    const handler = (events: Batch) => {
      if (relevant(events)) update();
    };
    type.observeDeep(handler);
    return () => type.unobserveDeep(handler);
  });
}

/** Key of a cell of the grid. */
export function cellKey(rowId: string, columnId: string): string {
  return `${rowId}\u0000${columnId}`;
}

export interface BoardLayout {
  rowIds: string[];
  columns: ColumnView[];
  /** Card ids per cell (`cellKey`), in display order; cells without cards are absent. */
  cells: Map<string, string[]>;
  cardCount: number;
}

const LAYOUT_FIELDS = ['rowId', 'columnId', 'order'] as const;

/** One card, re-read when (and only when) its own map changes. */
export class CardState {
  readonly id: string;
  readonly #map: Y.Map<unknown>;
  readonly #subscribe: () => void;

  constructor(id: string, map: Y.Map<unknown>) {
    this.id = id;
    this.#map = map;
    this.#subscribe = deepSubscriber(map as AnyType);
  }

  get view(): CardView {
    this.#subscribe();
    return readCard(this.id, this.#map);
  }
}

/** One theme row's title and summary. */
export class RowState {
  readonly id: string;
  readonly #map: Y.Map<unknown>;
  readonly #subscribe: () => void;

  constructor(id: string, map: Y.Map<unknown>) {
    this.id = id;
    this.#map = map;
    this.#subscribe = deepSubscriber(map as AnyType);
  }

  get view(): { id: string; title: string; summary: string } {
    this.#subscribe();
    const str = (key: string) => {
      const v = this.#map.get(key);
      return v instanceof Y.Text ? v.toString() : typeof v === 'string' ? v : '';
    };
    return { id: this.id, title: str('title'), summary: str('summary') };
  }
}

/** One friction point. */
export class FrictionState {
  readonly id: string;
  readonly #types: BoardTypes;
  readonly #map: Y.Map<unknown>;
  readonly #subscribe: () => void;

  constructor(types: BoardTypes, id: string, map: Y.Map<unknown>) {
    this.id = id;
    this.#types = types;
    this.#map = map;
    this.#subscribe = deepSubscriber(map as AnyType);
  }

  get view(): FrictionView {
    this.#subscribe();
    return readFriction(this.#types, this.id, this.#map);
  }
}

/** The comments on one card or friction. */
export class ThreadState {
  readonly targetId: string;
  readonly #doc: Y.Doc;
  readonly #subscribe: () => void;

  constructor(doc: Y.Doc, targetId: string) {
    this.targetId = targetId;
    this.#doc = doc;
    this.#subscribe = deepSubscriber(boardTypes(doc).comments as AnyType, (events) =>
      touchesThread(events, targetId),
    );
  }

  get comments(): CommentView[] {
    this.#subscribe();
    return listComments(this.#doc, this.targetId);
  }

  get openCount(): number {
    return this.comments.filter((c) => !c.resolved).length;
  }
}

/** The whole board, as views that each wake only for their own part of the document. */
export class BoardState {
  readonly doc: Y.Doc;
  readonly types: BoardTypes;
  readonly #cards = new Map<string, CardState>();
  readonly #rows = new Map<string, RowState>();
  readonly #frictions = new Map<string, FrictionState>();
  readonly #threads = new Map<string, ThreadState>();
  readonly #subscribeMeta: () => void;
  readonly #subscribeCardLayout: () => void;
  readonly #subscribeRowLayout: () => void;
  readonly #subscribeColumns: () => void;
  readonly #subscribeFrictionList: () => void;
  readonly #subscribeLinks: () => void;
  readonly #subscribeSources: () => void;
  readonly #subscribeTags: () => void;

  constructor(doc: Y.Doc) {
    this.doc = doc;
    this.types = boardTypes(doc);
    const t = this.types;
    this.#subscribeMeta = deepSubscriber(t.meta as AnyType);
    this.#subscribeCardLayout = deepSubscriber(t.cards as AnyType, (e) =>
      touchesRecordFields(e, LAYOUT_FIELDS),
    );
    this.#subscribeRowLayout = deepSubscriber(t.rows as AnyType, (e) =>
      touchesRecordFields(e, ['order']),
    );
    this.#subscribeColumns = deepSubscriber(t.columns as AnyType);
    this.#subscribeFrictionList = deepSubscriber(t.frictions as AnyType, (e) =>
      touchesRecordFields(e, ['order']),
    );
    this.#subscribeLinks = deepSubscriber(t.frictions as AnyType, (e) =>
      touchesRecordFields(e, ['cardIds']),
    );
    this.#subscribeSources = deepSubscriber(t.sources as AnyType);
    this.#subscribeTags = deepSubscriber(t.cards as AnyType, (e) =>
      touchesRecordFields(e, ['tags']),
    );
  }

  get meta(): BoardMeta {
    this.#subscribeMeta();
    return readMeta(this.doc);
  }

  get columns(): ColumnView[] {
    this.#subscribeColumns();
    return listColumns(this.doc);
  }

  /** Row ids in display order. */
  get rowIds(): string[] {
    this.#subscribeRowLayout();
    const rows: Array<{ id: string; order: string }> = [];
    eachRecord(this.types.rows, (map, id) => {
      const order = map.get('order');
      rows.push({ id, order: typeof order === 'string' ? order : '' });
    });
    return rows.sort(compareOrder).map((r) => r.id);
  }

  /** Which card sits in which cell, in display order. Cards of deleted rows/columns are left out. */
  get layout(): BoardLayout {
    this.#subscribeCardLayout();
    const rowIds = this.rowIds;
    const columns = this.columns;
    const rowSet = new Set(rowIds);
    const columnSet = new Set(columns.map((c) => c.id));
    const placed = new Map<string, Array<{ id: string; order: string }>>();
    let cardCount = 0;
    eachRecord(this.types.cards, (map, id) => {
      const rowId = map.get('rowId');
      const columnId = map.get('columnId');
      if (typeof rowId !== 'string' || typeof columnId !== 'string') return;
      if (!rowSet.has(rowId) || !columnSet.has(columnId)) return;
      const order = map.get('order');
      const key = cellKey(rowId, columnId);
      const list = placed.get(key) ?? [];
      list.push({ id, order: typeof order === 'string' ? order : '' });
      placed.set(key, list);
      cardCount++;
    });
    const cells = new Map<string, string[]>();
    for (const [key, list] of placed)
      cells.set(
        key,
        list.sort(compareOrder).map((c) => c.id),
      );
    return { rowIds, columns, cells, cardCount };
  }

  /** Friction ids in display order. */
  get frictionIds(): string[] {
    this.#subscribeFrictionList();
    const list: Array<{ id: string; order: string }> = [];
    eachRecord(this.types.frictions, (map, id) => {
      const order = map.get('order');
      list.push({ id, order: typeof order === 'string' ? order : '' });
    });
    return list.sort(compareOrder).map((f) => f.id);
  }

  /** Ids of the frictions that link `cardId`, in friction display order. */
  frictionIdsOf(cardId: string): string[] {
    this.#subscribeLinks();
    const out: string[] = [];
    for (const id of this.frictionIds) {
      const list = recordAt(this.types.frictions, id)?.get('cardIds');
      if (list instanceof Y.Array && list.toArray().includes(cardId)) out.push(id);
    }
    return out;
  }

  get sources(): SourceView[] {
    this.#subscribeSources();
    return listSources(this.doc);
  }

  get sourceMap(): Map<string, SourceView> {
    return new Map(this.sources.map((s) => [s.id, s]));
  }

  /** Every tag used on a card, sorted, with how many cards carry it. */
  get tags(): Array<{ tag: string; count: number }> {
    this.#subscribeTags();
    const counts = new Map<string, number>();
    eachRecord(this.types.cards, (map) => {
      for (const tag of readCard('', map).tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
    });
    return [...counts]
      .map(([tag, count]) => ({ tag, count }))
      .sort((a, b) => a.tag.localeCompare(b.tag));
  }

  hasCard(id: string): boolean {
    return recordAt(this.types.cards, id) !== undefined;
  }

  hasFriction(id: string): boolean {
    return recordAt(this.types.frictions, id) !== undefined;
  }

  /** The reactive view of a card; null once it is gone. */
  card(id: string): CardState | null {
    const map = recordAt(this.types.cards, id);
    if (!map) return null;
    const cached = this.#cards.get(id);
    if (cached && cachedMapIs(cached, map)) return cached;
    const state = new CardState(id, map);
    this.#cards.set(id, state);
    mapOf.set(state, map);
    return state;
  }

  row(id: string): RowState | null {
    const map = recordAt(this.types.rows, id);
    if (!map) return null;
    const cached = this.#rows.get(id);
    if (cached && cachedMapIs(cached, map)) return cached;
    const state = new RowState(id, map);
    this.#rows.set(id, state);
    mapOf.set(state, map);
    return state;
  }

  friction(id: string): FrictionState | null {
    const map = recordAt(this.types.frictions, id);
    if (!map) return null;
    const cached = this.#frictions.get(id);
    if (cached && cachedMapIs(cached, map)) return cached;
    const state = new FrictionState(this.types, id, map);
    this.#frictions.set(id, state);
    mapOf.set(state, map);
    return state;
  }

  thread(targetId: string): ThreadState {
    let thread = this.#threads.get(targetId);
    if (!thread) {
      thread = new ThreadState(this.doc, targetId);
      this.#threads.set(targetId, thread);
    }
    return thread;
  }
}

/** The Y.Map each cached state was made for: a record re-created under the same id (undo of a delete) gets a new state. */
const mapOf = new WeakMap<object, Y.Map<unknown>>();
function cachedMapIs(state: object, map: Y.Map<unknown>): boolean {
  return mapOf.get(state) === map;
}
