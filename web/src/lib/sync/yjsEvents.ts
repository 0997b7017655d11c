/**
 * Small predicates over `observeDeep` event batches, so each reactive view can tell whether a
 * Yjs change concerns it (a card moved, a friction's links changed, …) and stay quiet about
 * the rest — a keystroke in one card must not wake up the whole grid. Pure: no DOM.
 */
import type * as Y from 'yjs';

type AnyEvent = Y.YEvent<Y.AbstractType<unknown>>;

/** Keys changed by a map event (empty for other kinds of event). */
function keysChanged(event: AnyEvent): Set<string> {
  return (event as unknown as { keysChanged?: Set<string> }).keysChanged ?? new Set();
}

/**
 * True when a batch observed on a by-id map of records (`cards`, `rows`, `frictions`) adds or
 * deletes a record, or sets one of `fields` on a record, or changes the nested list or text
 * stored under one of `fields`.
 */
export function touchesRecordFields(
  events: readonly AnyEvent[],
  fields: readonly string[],
): boolean {
  for (const event of events) {
    const path = event.path;
    if (path.length === 0) return true;
    if (path.length === 1) {
      for (const key of keysChanged(event)) if (fields.includes(key)) return true;
    } else if (typeof path[1] === 'string' && fields.includes(path[1])) {
      return true;
    }
  }
  return false;
}

/** True when a batch observed on the `comments` map touches the thread of `targetId`. */
export function touchesThread(events: readonly AnyEvent[], targetId: string): boolean {
  for (const event of events) {
    const path = event.path;
    if (path.length === 0) {
      if (keysChanged(event).has(targetId)) return true;
    } else if (path[0] === targetId) {
      return true;
    }
  }
  return false;
}
