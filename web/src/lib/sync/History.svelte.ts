/**
 * Undo and redo for one person. A `Y.UndoManager` over the board's shared types tracks only
 * transactions with this client's local origin (`null`, what the `shared/board` operations
 * use); changes that arrive from the server or from IndexedDB carry their provider as origin
 * and are never tracked, so undo never takes back someone else's edit.
 */
/* eslint-disable svelte/prefer-svelte-reactivity -- Maps and Sets here are caches and per-call
   scratch values, never state: reactivity comes from Yjs through createSubscriber. */
import { createSubscriber } from 'svelte/reactivity';
import * as Y from 'yjs';
import { boardTypes } from '$shared/board/index.ts';

/** Origin of this person's own edits: the `shared/board` operations transact with `null`. */
export const LOCAL_ORIGIN = null;

export class History {
  readonly manager: Y.UndoManager;
  readonly #subscribe: () => void;

  constructor(doc: Y.Doc) {
    const t = boardTypes(doc);
    this.manager = new Y.UndoManager(
      // `alignment` is in scope so undoing a row's deletion brings its ratings back; ratings
      // themselves are written with their own origin (not tracked), so undo never takes one back.
      [
        t.meta,
        t.columns,
        t.rows,
        t.cards,
        t.frictions,
        t.sources,
        t.comments,
        t.alignment,
      ] as Array<Y.AbstractType<unknown>>,
      { trackedOrigins: new Set([LOCAL_ORIGIN]), captureTimeout: 600 },
    );
    const manager = this.manager;
    this.#subscribe = createSubscriber((update) => {
      manager.on('stack-item-added', update);
      manager.on('stack-item-popped', update);
      manager.on('stack-cleared', update);
      return () => {
        manager.off('stack-item-added', update);
        manager.off('stack-item-popped', update);
        manager.off('stack-cleared', update);
      };
    });
  }

  get canUndo(): boolean {
    this.#subscribe();
    return this.manager.canUndo();
  }

  get canRedo(): boolean {
    this.#subscribe();
    return this.manager.canRedo();
  }

  undo(): void {
    this.manager.undo();
  }

  redo(): void {
    this.manager.redo();
  }

  /** Ends the current capture group, so the next edit is undone on its own. */
  stopCapturing(): void {
    this.manager.stopCapturing();
  }

  destroy(): void {
    this.manager.destroy();
  }
}
