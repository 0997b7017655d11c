/**
 * From a friction point to its cards and back. The cards a friction links are taken in board
 * order (theme, then side, then position); stepping to one unfolds its theme if needed and
 * scrolls the page just enough that it — and, when they fit, all of them — sit below the
 * sticky top. A card's frictions are brought into view inside the friction lane only when the
 * lane is its own scrolling column (wide screens); below the grid it never moves the page.
 */
import type { BoardState } from '$lib/sync/BoardState.svelte.ts';
import { cellKey } from '$lib/sync/BoardState.svelte.ts';
import type { BoardUi } from './BoardUi.svelte.ts';
import { whenDrawn } from './place.ts';

/** The friction's linked cards that are on the board, in board order. */
export function linkedCardIds(board: BoardState, frictionId: string): string[] {
  const wanted = new Set(board.friction(frictionId)?.view.cardIds ?? []);
  if (!wanted.size) return [];
  const { rowIds, columns, cells } = board.layout;
  const out: string[] = [];
  for (const rowId of rowIds) {
    for (const column of columns) {
      for (const id of cells.get(cellKey(rowId, column.id)) ?? []) if (wanted.has(id)) out.push(id);
    }
  }
  return out;
}

function cardSelector(ui: BoardUi, id: string): string {
  return ui.view === 'overview'
    ? `[data-chip-card="${CSS.escape(id)}"]`
    : `[data-view] [data-card-id="${CSS.escape(id)}"]`;
}

/** The top of the free area below the sticky page top and the grid's sticky column heads. */
function stickyBottom(): number {
  const top = document.querySelector<HTMLElement>('[data-board-root] > .top');
  const head = document.querySelector<HTMLElement>('[data-view] > [role="row"]:first-child');
  return (top?.getBoundingClientRect().bottom ?? 0) + (head?.offsetHeight ?? 0);
}

const smooth = (): ScrollBehavior =>
  matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth';

/**
 * Scrolls the page so the `index`-th linked card is in view; on the first step, so that as
 * many of the linked cards as fit are in view together. Returns the card's element.
 */
export async function showLinkedCard(
  board: BoardState,
  ui: BoardUi,
  frictionId: string,
  index: number,
): Promise<HTMLElement | null> {
  const ids = linkedCardIds(board, frictionId);
  if (!ids.length) return null;
  const at = ((index % ids.length) + ids.length) % ids.length;
  const target = ids[at];
  const rowId = board.card(target)?.view.rowId;
  if (rowId && ui.isCollapsed(rowId)) ui.toggleCollapsed(rowId, false);
  const el = await whenDrawn(cardSelector(ui, target));
  if (!el) return null;
  const free = stickyBottom() + 8;
  const room = window.innerHeight - free - 8;
  const box = el.getBoundingClientRect();
  let top = box.top;
  if (at === 0) {
    // The whole group, when it fits; otherwise start with the first card.
    const boxes = ids
      .map((id) => document.querySelector<HTMLElement>(cardSelector(ui, id)))
      .filter((e): e is HTMLElement => e !== null)
      .map((e) => e.getBoundingClientRect());
    const groupTop = Math.min(...boxes.map((b) => b.top));
    const groupBottom = Math.max(...boxes.map((b) => b.bottom));
    if (groupBottom - groupTop <= room) top = groupTop;
    if (groupTop >= free && groupBottom <= window.innerHeight) return el;
  } else if (box.top >= free && box.bottom <= window.innerHeight) {
    return el;
  }
  window.scrollBy({ top: top - free, behavior: smooth() });
  return el;
}

/** Brings the frictions linked to a card into view inside the lane column (wide screens). */
export function showFrictionsOf(board: BoardState, cardId: string): void {
  const lane = document.querySelector<HTMLElement>('.lane-area');
  if (!lane || getComputedStyle(lane).position !== 'sticky') return;
  const first = board.frictionIdsOf(cardId)[0];
  if (!first) return;
  const el = lane.querySelector<HTMLElement>(`[data-friction-id="${CSS.escape(first)}"]`);
  if (!el) return;
  const laneBox = lane.getBoundingClientRect();
  const box = el.getBoundingClientRect();
  if (box.top >= laneBox.top && box.bottom <= laneBox.bottom) return;
  lane.scrollBy({ top: box.top - laneBox.top - 8, behavior: smooth() });
}
