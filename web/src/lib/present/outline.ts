/**
 * Present mode's running order: each theme row, then its measures column by column, then the
 * friction points. Pure: takes the board's layout and title lookups.
 */
import type { Focus } from '$shared/facilitation/index.ts';
import { COUNTRY_JOINT, COUNTRY_JP, COUNTRY_US } from '$shared/board/index.ts';
import { cellKey, type BoardLayout } from '$lib/sync/BoardState.svelte.ts';

export interface OutlineItem extends Focus {
  depth: 0 | 1;
}

export function buildOutline(layout: BoardLayout, frictionIds: string[]): OutlineItem[] {
  const items: OutlineItem[] = [];
  for (const rowId of layout.rowIds) {
    items.push({ type: 'row', id: rowId, depth: 0 });
    for (const column of layout.columns) {
      for (const cardId of layout.cells.get(cellKey(rowId, column.id)) ?? []) {
        items.push({ type: 'card', id: cardId, depth: 1 });
      }
    }
  }
  for (const id of frictionIds) items.push({ type: 'friction', id, depth: 0 });
  return items;
}

export function sameFocus(a: Focus | null | undefined, b: Focus | null | undefined): boolean {
  return !!a && !!b && a.type === b.type && a.id === b.id;
}

export type Side = 'us' | 'jp' | 'joint' | 'other';

export function sideOf(country: string): Side {
  if (country === COUNTRY_US) return 'us';
  if (country === COUNTRY_JP) return 'jp';
  if (country === COUNTRY_JOINT) return 'joint';
  return 'other';
}

export const SIDES: Side[] = ['us', 'jp', 'joint', 'other'];
