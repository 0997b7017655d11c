/**
 * The board page's pure rules: what a filter matches, where a keyboard move or a drop sends a
 * card, and which Yjs changes wake which view (a keystroke must not re-lay out the grid).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  recordAt,
  addCard,
  addComment,
  addFriction,
  boardTypes,
  editCardText,
  linkCard,
  moveCard,
  readCard,
  setCardTags,
  toYDoc,
  type ColumnView,
} from '../../../shared/board/index.ts';
import {
  cardMatches,
  isFiltering,
  NO_FILTER,
  normalize,
} from '../../../web/src/lib/board/filters.ts';
import { dropIndex, keyboardMoveTarget, type GridShape } from '../../../web/src/lib/board/moves.ts';
import { touchesRecordFields, touchesThread } from '../../../web/src/lib/sync/yjsEvents.ts';
import { smallBoardJson } from '../../helpers/boards.ts';

const US: ColumnView = { id: 'us', label: 'United States', country: 'US' };
const JP: ColumnView = { id: 'jp', label: 'Japan', country: 'JP' };

describe('card filters', () => {
  const doc = toYDoc(smallBoardJson());
  const card = (id: string) => readCard(id, recordAt(boardTypes(doc).cards, id)!);
  const sources = new Map([['s1', { id: 's1', order: 'a', label: '[1]', citation: '', url: '' }]]);

  it('matches everything without a filter', () => {
    expect(isFiltering(NO_FILTER)).toBe(false);
    expect(cardMatches(card('c1'), NO_FILTER, US)).toBe(true);
  });

  it('combines kind, tag, side and text', () => {
    const c1 = card('c1'); // CHIPS Act: promotion, US, #semiconductors, [1]
    expect(cardMatches(c1, { ...NO_FILTER, kinds: ['protection'] }, US)).toBe(false);
    expect(cardMatches(c1, { ...NO_FILTER, kinds: ['promotion', 'protection'] }, US)).toBe(true);
    expect(cardMatches(c1, { ...NO_FILTER, tag: 'semiconductors' }, US)).toBe(true);
    expect(cardMatches(c1, { ...NO_FILTER, tag: 'china' }, US)).toBe(false);
    expect(cardMatches(c1, { ...NO_FILTER, side: 'JP' }, US)).toBe(false);
    expect(cardMatches(c1, { ...NO_FILTER, query: 'chips 2022' }, US)).toBe(true);
    expect(cardMatches(c1, { ...NO_FILTER, query: '$52.7' }, US)).toBe(true);
    expect(cardMatches(c1, { ...NO_FILTER, query: '[1]' }, US, sources)).toBe(true);
    expect(cardMatches(c1, { ...NO_FILTER, query: 'chips tokyo' }, US)).toBe(false);
  });

  it('finds Japanese text, and full-width Latin as half-width', () => {
    const c3 = card('c3'); // 経済安全保障推進法
    expect(cardMatches(c3, { ...NO_FILTER, query: '安全保障' }, JP)).toBe(true);
    expect(cardMatches(c3, { ...NO_FILTER, query: 'ＥＳＰＡ' }, JP)).toBe(true);
    expect(normalize(' ＣＨＩＰＳ ')).toBe('chips');
  });
});

describe('keyboard moves', () => {
  const cells: Record<string, string[]> = {
    'r1/us': ['a', 'b'],
    'r1/jp': ['c'],
    'r2/us': ['d'],
  };
  const grid: GridShape = {
    rowIds: ['r1', 'r2'],
    columnIds: ['us', 'jp'],
    cellOf: (row, column) => cells[`${row}/${column}`] ?? [],
  };

  it('goes to the neighbouring column, keeping the position when it can', () => {
    expect(keyboardMoveTarget(grid, 'b', 'right')).toEqual({
      rowId: 'r1',
      columnId: 'jp',
      index: 1,
    });
    expect(keyboardMoveTarget(grid, 'c', 'left')).toEqual({
      rowId: 'r1',
      columnId: 'us',
      index: 0,
    });
    expect(keyboardMoveTarget(grid, 'a', 'left')).toBeNull();
    expect(keyboardMoveTarget(grid, 'c', 'right')).toBeNull();
  });

  it('reorders within the cell and continues into the next row at its edges', () => {
    expect(keyboardMoveTarget(grid, 'a', 'down')).toEqual({
      rowId: 'r1',
      columnId: 'us',
      index: 1,
    });
    expect(keyboardMoveTarget(grid, 'b', 'up')).toEqual({ rowId: 'r1', columnId: 'us', index: 0 });
    expect(keyboardMoveTarget(grid, 'b', 'down')).toEqual({
      rowId: 'r2',
      columnId: 'us',
      index: 0,
    });
    expect(keyboardMoveTarget(grid, 'd', 'up')).toEqual({ rowId: 'r1', columnId: 'us', index: 2 });
    expect(keyboardMoveTarget(grid, 'a', 'up')).toBeNull();
    expect(keyboardMoveTarget(grid, 'zzz', 'up')).toBeNull();
  });

  it('applies through moveCard to the expected order', () => {
    const doc = toYDoc(smallBoardJson());
    const order = (row: string, col: string) =>
      [...boardTypes(doc).cards.keys()]
        .map((id) => readCard(id, recordAt(boardTypes(doc).cards, id)!))
        .filter((c) => c.rowId === row && c.columnId === col)
        .sort((x, y) => (x.order < y.order ? -1 : x.order > y.order ? 1 : 0))
        .map((c) => c.id);
    const shape: GridShape = {
      rowIds: ['r1', 'r2'],
      columnIds: ['us', 'jp', 'joint'],
      cellOf: order,
    };
    moveCard(doc, 'c1', keyboardMoveTarget(shape, 'c1', 'down')!);
    expect(order('r1', 'us')).toEqual(['c2', 'c1']);
    moveCard(doc, 'c1', keyboardMoveTarget(shape, 'c1', 'right')!);
    expect(order('r1', 'jp')).toEqual(['c3', 'c1']);
  });

  it('drops before the first card whose middle is below the pointer', () => {
    expect(dropIndex(10, [50, 150, 250])).toBe(0);
    expect(dropIndex(100, [50, 150, 250])).toBe(1);
    expect(dropIndex(300, [50, 150, 250])).toBe(3);
    expect(dropIndex(0, [])).toBe(0);
  });
});

describe('which changes wake which view', () => {
  function record(
    observe: Y.AbstractType<unknown>,
    test: (events: Y.YEvent<Y.AbstractType<unknown>>[]) => boolean,
  ) {
    const hits: boolean[] = [];
    observe.observeDeep((events) => hits.push(test(events)));
    return hits;
  }

  it('wakes the grid layout for adds, moves and deletes, not for typing or tags', () => {
    const doc = toYDoc(smallBoardJson());
    const hits = record(boardTypes(doc).cards as Y.AbstractType<unknown>, (e) =>
      touchesRecordFields(e, ['rowId', 'columnId', 'order']),
    );
    editCardText(doc, 'c1', 'title', 'CHIPS and Science Act');
    setCardTags(doc, 'c1', ['chips']);
    expect(hits).toEqual([false, false]);
    moveCard(doc, 'c1', { rowId: 'r2', columnId: 'jp', index: 0 });
    addCard(doc, { rowId: 'r1', columnId: 'us', title: 'New' });
    expect(hits).toEqual([false, false, true, true]);
  });

  it('wakes the tag list only for tag changes', () => {
    const doc = toYDoc(smallBoardJson());
    const hits = record(boardTypes(doc).cards as Y.AbstractType<unknown>, (e) =>
      touchesRecordFields(e, ['tags']),
    );
    editCardText(doc, 'c2', 'body', 'text');
    setCardTags(doc, 'c2', ['ev']);
    expect(hits).toEqual([false, true]);
  });

  it('wakes friction links for linking, and a thread only for its own comments', () => {
    const doc = toYDoc(smallBoardJson());
    const links = record(boardTypes(doc).frictions as Y.AbstractType<unknown>, (e) =>
      touchesRecordFields(e, ['cardIds']),
    );
    linkCard(doc, 'f2', 'c5');
    addFriction(doc, { title: 'New' });
    expect(links).toEqual([true, true]);

    const c1 = record(boardTypes(doc).comments as Y.AbstractType<unknown>, (e) =>
      touchesThread(e, 'c1'),
    );
    addComment(doc, { targetId: 'c2', author: 'A', text: 'x' });
    addComment(doc, { targetId: 'c1', author: 'A', text: 'y' });
    expect(c1).toEqual([false, true]);
  });
});
