/**
 * The rune-based views wake only for their own part of the document: a remote keystroke in one
 * card re-runs that card's view and nothing else; a move re-runs the grid layout; presence and
 * undo history are reactive too. Runs Svelte's client runtime (see the vitest `web` project).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import {
  editCardText,
  moveCard,
  addComment,
  toYDoc,
  linkCard,
} from '../../../shared/board/index.ts';
import { BoardState } from '../../../web/src/lib/sync/BoardState.svelte.ts';
import { Presence } from '../../../web/src/lib/sync/Presence.svelte.ts';
import { History } from '../../../web/src/lib/sync/History.svelte.ts';
import { smallBoardJson } from '../../helpers/boards.ts';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/** Counts how often each tracked read re-runs. */
function track(reads: Record<string, () => unknown>) {
  const runs: Record<string, number> = Object.fromEntries(Object.keys(reads).map((k) => [k, 0]));
  const values: Record<string, unknown> = {};
  cleanups.push(
    $effect.root(() => {
      for (const [name, read] of Object.entries(reads)) {
        $effect(() => {
          values[name] = read();
          runs[name]++;
        });
      }
    }),
  );
  flushSync();
  return { runs, values };
}

/** A second replica whose updates reach `doc` as remote ones (origin: a provider). */
function remoteOf(doc: Y.Doc): Y.Doc {
  const remote = new Y.Doc();
  Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc));
  remote.on('update', (u: Uint8Array) => Y.applyUpdate(doc, u, 'provider'));
  doc.on('update', (u: Uint8Array, origin: unknown) => {
    if (origin !== 'provider') Y.applyUpdate(remote, u, 'local-echo');
  });
  return remote;
}

describe('BoardState', () => {
  it('re-renders only the card a remote edit touches', () => {
    const doc = toYDoc(smallBoardJson());
    const board = new BoardState(doc);
    const { runs, values } = track({
      c1: () => board.card('c1')!.view.title,
      c2: () => board.card('c2')!.view.title,
      layout: () => board.layout.cells.size,
      links: () => board.frictionIdsOf('c1').length,
    });
    expect(runs).toEqual({ c1: 1, c2: 1, layout: 1, links: 1 });

    const remote = remoteOf(doc);
    editCardText(remote, 'c1', 'title', 'CHIPS and Science Act');
    flushSync();
    expect(values.c1).toBe('CHIPS and Science Act');
    expect(runs).toEqual({ c1: 2, c2: 1, layout: 1, links: 1 });

    moveCard(remote, 'c2', { rowId: 'r2', columnId: 'joint', index: 0 });
    flushSync();
    expect(runs.layout).toBe(2);
    expect(board.layout.cells.get('r2\u0000joint')).toEqual(['c2']);
    expect(runs.c1).toBe(2);

    linkCard(remote, 'f2', 'c4');
    flushSync();
    expect(runs.links).toBe(2);
    expect(runs.c1).toBe(2);
  });

  it('wakes a comment thread only for its own comments', () => {
    const doc = toYDoc(smallBoardJson());
    const board = new BoardState(doc);
    const { runs, values } = track({
      c1: () => board.thread('c1').openCount,
      c2: () => board.thread('c2').openCount,
    });
    addComment(doc, { targetId: 'c2', author: 'Ben', text: 'Source?' });
    flushSync();
    expect(runs).toEqual({ c1: 1, c2: 2 });
    expect(values).toEqual({ c1: 1, c2: 1 });
  });
});

describe('Presence', () => {
  it('lists everyone with their name and what they edit', () => {
    const doc = new Y.Doc();
    const awareness = new Awareness(doc);
    cleanups.push(() => awareness.destroy());
    const presence = new Presence(awareness, { name: 'Aiko', color: '#123456' });
    const { values } = track({
      people: () => presence.people.map((p) => `${p.name}:${p.editing}`),
    });
    expect(values.people).toEqual(['Aiko:null']);

    const other = new Awareness(new Y.Doc());
    other.setLocalState({ user: { name: 'Ben', color: '#654321' }, editing: 'c1' });
    applyAwarenessUpdate(awareness, encodeAwarenessUpdate(other, [other.clientID]), 'remote');
    flushSync();
    expect(values.people).toEqual(['Aiko:null', 'Ben:c1']);
    expect(presence.editorsOf('c1').map((p) => p.name)).toEqual(['Ben']);
    expect(presence.editorsOf('c2')).toBe(presence.editorsOf('c3'));
    other.destroy();
  });
});

describe('History', () => {
  it('undoes only local edits and reports whether it can', () => {
    const doc = toYDoc(smallBoardJson());
    const history = new History(doc);
    cleanups.push(() => history.destroy());
    const board = new BoardState(doc);
    const { values } = track({
      canUndo: () => history.canUndo,
      title: () => board.card('c1')!.view.title,
    });
    expect(values.canUndo).toBe(false);

    const remote = remoteOf(doc);
    editCardText(remote, 'c1', 'title', 'Remote: CHIPS Act');
    flushSync();
    expect(values.canUndo).toBe(false);

    editCardText(doc, 'c1', 'title', 'Remote: CHIPS Act (local)');
    flushSync();
    expect(values.canUndo).toBe(true);
    history.undo();
    flushSync();
    expect(values.title).toBe('Remote: CHIPS Act');
    expect(values.canUndo).toBe(false);
  });
});
