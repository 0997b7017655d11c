/**
 * The board's string lists — a card's tags and sources, a friction's cards — used as sets:
 * an edit deletes and appends only the items that change.
 */
import type * as Y from 'yjs';

/** Makes a string list hold exactly `values`, once each, touching only what changed. */
export function syncList(list: Y.Array<string>, values: readonly string[]): void {
  const want = new Set(values);
  for (let i = list.length - 1; i >= 0; i--) {
    const v = list.get(i);
    if (!want.has(v) || list.toArray().indexOf(v) !== i) list.delete(i, 1);
  }
  const have = new Set(list.toArray());
  const add = [...want].filter((v) => !have.has(v));
  if (add.length) list.push(add);
}

/** Removes every occurrence of `value`. */
export function removeFromList(list: Y.Array<string>, value: string): void {
  for (let i = list.length - 1; i >= 0; i--) if (list.get(i) === value) list.delete(i, 1);
}
