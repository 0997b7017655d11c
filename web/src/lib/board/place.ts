/**
 * "Open that place in the full view": from the overview (or anywhere) switch this person to the
 * full grid, unfold the theme, wait until the card or cell is drawn, then scroll to it and
 * pulse a ring around it. Only this person's view moves; nothing is written to the board.
 */
import { tick } from 'svelte';
import type { BoardUi } from './BoardUi.svelte.ts';
import { flashElement } from './flash.ts';

export interface Place {
  rowId: string;
  columnId?: string;
  cardId?: string;
}

export function placeSelector(place: Place): string {
  if (place.cardId) return `[data-card-id="${CSS.escape(place.cardId)}"]`;
  if (place.columnId) {
    return `[data-cell-row="${CSS.escape(place.rowId)}"][data-cell-column="${CSS.escape(place.columnId)}"]`;
  }
  return `[data-row-id="${CSS.escape(place.rowId)}"]`;
}

/** Resolves with the element once it is in the page (or null after about two seconds). */
export async function whenDrawn(selector: string): Promise<HTMLElement | null> {
  await tick();
  for (let i = 0; i < 120; i++) {
    const el = document.querySelector<HTMLElement>(selector);
    if (el) return el;
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
  return null;
}

export async function openInFull(ui: BoardUi, place: Place): Promise<HTMLElement | null> {
  if (ui.isCollapsed(place.rowId)) ui.toggleCollapsed(place.rowId, false);
  if (ui.view !== 'full') ui.setView('full');
  const el = await whenDrawn(`[data-view="full"] ${placeSelector(place)}`);
  if (!el) return null;
  el.dataset.placeTarget = 'true';
  flashElement(el);
  setTimeout(() => delete el.dataset.placeTarget, 4000);
  return el;
}
