/**
 * The grid's arrow-key model (which item an arrow, Home or End goes to) and what a new
 * facilitation view tells the room (vote opened or closed, board locked or unlocked).
 */
import { describe, expect, it } from 'vitest';
import { gridKeyOf, gridStep, type GridSpot } from '../../../web/src/lib/board/gridKeys.ts';
import { sessionNews } from '../../../web/src/lib/facilitation/sessionNews.ts';
import type { SessionView } from '../../../shared/facilitation/index.ts';

/**
 * Two columns of country heads (row 0); theme 1 with a head, two cards in column 1 and "Add
 * card" in column 1 and 2; theme 2 folded (its head, one button spanning the columns).
 */
const SPOTS: GridSpot[] = [
  { row: 0, col: 1 }, // 0 column head 1
  { row: 0, col: 2 }, // 1 column head 2
  { row: 1, col: 0 }, // 2 theme 1 head
  { row: 1, col: 1 }, // 3 card A
  { row: 1, col: 1 }, // 4 card B
  { row: 1, col: 1 }, // 5 add card
  { row: 1, col: 2 }, // 6 add card
  { row: 2, col: 0 }, // 7 theme 2 head (folded)
  { row: 2, col: 1 }, // 8 folded counts
];

describe('the grid keyboard model', () => {
  it('walks a cell, then the next row, with up and down', () => {
    expect(gridStep(SPOTS, 3, 'down')).toBe(4);
    expect(gridStep(SPOTS, 5, 'down')).toBe(8);
    expect(gridStep(SPOTS, 6, 'down')).toBe(8); // the folded row's nearest column to the left
    expect(gridStep(SPOTS, 3, 'up')).toBe(0);
    expect(gridStep(SPOTS, 8, 'up')).toBe(5);
    expect(gridStep(SPOTS, 0, 'up')).toBeNull();
    expect(gridStep(SPOTS, 8, 'down')).toBeNull();
  });

  it('keeps the place in the cell going left and right, and stops at the edges', () => {
    expect(gridStep(SPOTS, 4, 'right')).toBe(6);
    expect(gridStep(SPOTS, 6, 'left')).toBe(3);
    expect(gridStep(SPOTS, 3, 'left')).toBe(2);
    expect(gridStep(SPOTS, 2, 'left')).toBeNull();
    expect(gridStep(SPOTS, 6, 'right')).toBeNull();
    expect(gridStep(SPOTS, 4, 'home')).toBe(2);
    expect(gridStep(SPOTS, 2, 'end')).toBe(6);
    expect(gridStep(SPOTS, 5, 'first')).toBe(0);
    expect(gridStep(SPOTS, 0, 'last')).toBe(8);
  });

  it('reads arrows, Home and End, and leaves Alt and Shift alone', () => {
    const key = (
      k: string,
      mods: Partial<Record<'altKey' | 'ctrlKey' | 'shiftKey', boolean>> = {},
    ) =>
      gridKeyOf({
        key: k,
        altKey: false,
        ctrlKey: false,
        metaKey: false,
        shiftKey: false,
        ...mods,
      });
    expect(key('ArrowDown')).toBe('down');
    expect(key('End', { ctrlKey: true })).toBe('last');
    expect(key('ArrowRight', { altKey: true })).toBeNull();
    expect(key('ArrowUp', { shiftKey: true })).toBeNull();
    expect(key('ArrowUp', { ctrlKey: true })).toBeNull();
    expect(key('a')).toBeNull();
  });
});

describe('facilitation news', () => {
  const view = (patch: Partial<SessionView>): SessionView =>
    ({ locked: false, vote: null, ...patch }) as SessionView;
  const vote = (id: string, open: boolean) => ({ id, open }) as SessionView['vote'];

  it('says nothing on arrival, then votes and the lock as they change', () => {
    expect(sessionNews(null, view({ locked: true, vote: vote('v1', true) }))).toEqual([]);
    const quiet = view({});
    expect(sessionNews(quiet, view({ vote: vote('v1', true) }))).toEqual([
      'facilitation.voteOpenedNews',
    ]);
    expect(
      sessionNews(view({ vote: vote('v1', true) }), view({ vote: vote('v1', false) })),
    ).toEqual(['facilitation.voteClosedNews']);
    expect(sessionNews(view({ vote: vote('v1', true) }), view({ vote: vote('v1', true) }))).toEqual(
      [],
    );
    expect(sessionNews(quiet, view({ locked: true }))).toEqual(['facilitation.lockedNews']);
    expect(sessionNews(view({ locked: true }), quiet)).toEqual(['facilitation.unlockedNews']);
  });
});
