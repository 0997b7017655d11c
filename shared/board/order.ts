/**
 * Display order by fractional index strings (the `fractional-indexing` library): moving a
 * record writes one short string, so concurrent moves never duplicate or lose anything.
 * Equal keys (two people inserting at the same spot) are ordered by id.
 */
import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';

export interface Ordered {
  id: string;
  order: string;
}

export function compareOrder(a: Ordered, b: Ordered): number {
  if (a.order !== b.order) return a.order < b.order ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function sortByOrder<T extends Ordered>(items: T[]): T[] {
  return items.sort(compareOrder);
}

/** `n` ascending keys, for laying out a list from scratch. */
export function orderKeys(n: number): string[] {
  return generateNKeysBetween(null, null, n);
}

/**
 * The key that places an item at `index` in `siblings` (already sorted, the moving item
 * excluded); `index` past the end appends.
 */
export function orderAt(siblings: readonly Ordered[], index: number): string {
  const i = Math.max(0, Math.min(index, siblings.length));
  const before = i > 0 ? siblings[i - 1].order : null;
  const after = i < siblings.length ? siblings[i].order : null;
  if (before !== null && after !== null && before >= after) {
    // Two siblings share a key (concurrent inserts): place after the earlier one.
    return generateKeyBetween(before, null);
  }
  return generateKeyBetween(before, after);
}
