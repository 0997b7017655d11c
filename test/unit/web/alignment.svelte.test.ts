/**
 * Alignment ratings in the browser: the view wakes when anyone rates (and not for card edits),
 * each browser rates under its own public id, Ctrl+Z never takes back a rating, and undoing a
 * row's deletion brings the row's ratings back. Runs Svelte's client runtime.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import * as Y from 'yjs';
import { deleteRow, editCardText, toYDoc } from '../../../shared/board/index.ts';
import { AlignmentState } from '../../../web/src/lib/alignment/Alignment.svelte.ts';
import { History } from '../../../web/src/lib/sync/History.svelte.ts';
import { smallBoardJson } from '../../helpers/boards.ts';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

describe('AlignmentState', () => {
  it('re-reads when someone rates, not when a card changes', () => {
    const doc = toYDoc(smallBoardJson());
    const mine = new AlignmentState(doc, 'me-1');
    const theirs = new AlignmentState(doc, 'them-1');
    let runs = 0;
    let count = 0;
    cleanups.push(
      $effect.root(() => {
        $effect(() => {
          count = mine.summary.get('r1')?.count ?? 0;
          runs++;
        });
      }),
    );
    flushSync();
    expect([runs, count]).toEqual([1, 0]);
    mine.rate('r1', 'Me', { aligned: 2 });
    theirs.rate('r1', 'Them', { aligned: 4, importance: 5 });
    flushSync();
    expect(count).toBe(2);
    const afterRatings = runs;
    editCardText(doc, 'c1', 'title', 'Renamed');
    flushSync();
    expect(runs).toBe(afterRatings);
    expect(mine.mine('r1')).toMatchObject({ raterId: 'me-1', aligned: 2, importance: null });
    expect(mine.summary.get('r1')?.aligned?.mean).toBe(3);
  });

  it('undo leaves ratings alone but brings them back with an undone row deletion', () => {
    const doc = new Y.Doc();
    toYDoc(smallBoardJson(), doc);
    const history = new History(doc);
    cleanups.push(() => history.destroy());
    const alignment = new AlignmentState(doc, 'me-1');
    alignment.rate('r1', 'Me', { aligned: 5 });
    history.stopCapturing();
    expect(history.manager.canUndo()).toBe(false);

    deleteRow(doc, 'r1');
    expect(alignment.ratings).toEqual([]);
    history.undo();
    expect(alignment.mine('r1')).toMatchObject({ aligned: 5 });
  });
});
