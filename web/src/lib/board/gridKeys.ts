/**
 * The board grid's keyboard model, the ARIA grid pattern with a roving tabindex: the grid is
 * one Tab stop; arrow keys walk between its items (column heads, theme heads, cards and each
 * cell's "Add card", or the cell itself when it has neither); Enter goes into an item (a card's
 * title, a theme's title, a column's rename button), where Tab walks its controls; Escape comes
 * back to the item. Items are marked `data-grid-item` with `data-grid-row` and `data-grid-col`;
 * the controls inside an item leave the Tab order until someone goes into it. Arrow keys inside
 * an item's controls keep their own meaning (text editing, Alt+arrows moving a card).
 */

/** Where an item sits: its row (0 = the column heads) and column (0 = the theme heads). */
export interface GridSpot {
  row: number;
  col: number;
}

export type GridKey = 'up' | 'down' | 'left' | 'right' | 'home' | 'end' | 'first' | 'last';

const KEYS: Record<string, GridKey> = {
  ArrowUp: 'up',
  ArrowDown: 'down',
  ArrowLeft: 'left',
  ArrowRight: 'right',
  Home: 'home',
  End: 'end',
};

/** The grid move a key press asks for, or null. Ctrl+Home/End go to the grid's first/last item. */
export function gridKeyOf(event: {
  key: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
}): GridKey | null {
  if (event.altKey || event.shiftKey) return null;
  const key = KEYS[event.key];
  if (!key) return null;
  if (event.ctrlKey || event.metaKey) {
    if (key === 'home') return 'first';
    if (key === 'end') return 'last';
    return null;
  }
  return key;
}

/**
 * The item to go to from item `from` (indexes into `spots`, in document order; items of one
 * cell are stacked in that order), or null at the grid's edge. Up and down walk a cell's items,
 * then the next row's cell in the same column (the nearest column to the left where a row has
 * fewer, as a folded theme); left and right keep the position in the cell as far as it goes.
 */
export function gridStep(spots: readonly GridSpot[], from: number, key: GridKey): number | null {
  if (from < 0 || from >= spots.length) return spots.length ? 0 : null;
  if (key === 'first') return 0;
  if (key === 'last') return spots.length - 1;
  const { row, col } = spots[from];
  const slot = (r: number, c: number) =>
    spots.flatMap((s, i) => (s.row === r && s.col === c ? [i] : []));
  const colsOf = (r: number) => [...new Set(spots.filter((s) => s.row === r).map((s) => s.col))];
  const rows = [...new Set(spots.map((s) => s.row))].sort((a, b) => a - b);
  const here = slot(row, col);
  const pos = here.indexOf(from);
  /** The cell of row `r` nearest to column `col` from the left (or the row's first). */
  const cellIn = (r: number) => {
    const cols = colsOf(r).sort((a, b) => a - b);
    const left = cols.filter((c) => c <= col);
    return slot(r, left.length ? left[left.length - 1] : cols[0]);
  };
  switch (key) {
    case 'up': {
      if (pos > 0) return here[pos - 1];
      const above = rows.filter((r) => r < row);
      if (!above.length) return null;
      const cell = cellIn(above[above.length - 1]);
      return cell[cell.length - 1];
    }
    case 'down': {
      if (pos < here.length - 1) return here[pos + 1];
      const below = rows.find((r) => r > row);
      return below === undefined ? null : cellIn(below)[0];
    }
    case 'left':
    case 'right':
    case 'home':
    case 'end': {
      const cols = colsOf(row).sort((a, b) => a - b);
      const at = cols.indexOf(col);
      const to =
        key === 'left'
          ? cols[at - 1]
          : key === 'right'
            ? cols[at + 1]
            : key === 'home'
              ? cols[0]
              : cols[cols.length - 1];
      if (to === undefined || to === col) return null;
      const cell = slot(row, to);
      return cell[Math.min(pos, cell.length - 1)];
    }
  }
}

const FOCUSABLE =
  'a[href], button, input, select, textarea, summary, [tabindex], [contenteditable="true"]';
const ITEM = '[data-grid-item]';

/**
 * Svelte action on the grid's root: keeps one item in the Tab order (the last one focused),
 * takes the other items' and their controls out of it, and moves between items by key.
 * `enter(item)` goes into an item on Enter (return false to leave Enter alone).
 */
export function rovingGrid(node: HTMLElement, enter: (item: HTMLElement) => boolean) {
  let stop: HTMLElement | null = null;
  let entered: HTMLElement | null = null;
  let queued = false;

  const items = () => Array.from(node.querySelectorAll<HTMLElement>(ITEM));

  function sync() {
    queued = false;
    const all = items();
    if (!stop || !stop.isConnected || !node.contains(stop)) stop = all[0] ?? null;
    if (entered && !entered.isConnected) entered = null;
    for (const item of all) {
      const want = item === stop ? '0' : '-1';
      if (item.getAttribute('tabindex') !== want) item.setAttribute('tabindex', want);
    }
    for (const el of Array.from(node.querySelectorAll<HTMLElement>(FOCUSABLE))) {
      if (el.matches(ITEM)) continue;
      const inside = entered !== null && entered.contains(el);
      if (inside) {
        if (el.dataset.gridTabindex !== undefined) {
          const before = el.dataset.gridTabindex;
          if (before) el.setAttribute('tabindex', before);
          else el.removeAttribute('tabindex');
          delete el.dataset.gridTabindex;
        }
      } else if (el.dataset.gridTabindex === undefined) {
        el.dataset.gridTabindex = el.getAttribute('tabindex') ?? '';
        el.setAttribute('tabindex', '-1');
      }
    }
  }

  const queue = () => {
    if (queued) return;
    queued = true;
    queueMicrotask(sync);
  };

  function onfocusin(event: FocusEvent) {
    const target = event.target as HTMLElement;
    const item = target.closest<HTMLElement>(ITEM);
    if (!item || !node.contains(item)) return;
    stop = item;
    entered = item === target ? null : item;
    sync();
  }

  function onfocusout(event: FocusEvent) {
    const next = event.relatedTarget as Node | null;
    if (entered && (!next || !entered.contains(next))) {
      entered = null;
      queue();
    }
  }

  function onkeydown(event: KeyboardEvent) {
    if (event.defaultPrevented) return;
    const target = event.target as HTMLElement;
    const item = target.closest<HTMLElement>(ITEM);
    if (!item || !node.contains(item)) return;
    if (target !== item) {
      // Inside an item: Escape comes back to it (never to the page's body), once the control's
      // own Escape (a field cancelling its edit) has run.
      if (event.key === 'Escape' && !event.isComposing) {
        setTimeout(() => {
          const active = document.activeElement;
          const lost = !active || active === document.body || !active.isConnected;
          if (item.isConnected && (lost || active === target)) item.focus();
        });
      }
      return;
    }
    if (event.key === 'Enter' && !event.isComposing && !(item instanceof HTMLButtonElement)) {
      if (enter(item)) event.preventDefault();
      return;
    }
    const key = gridKeyOf(event);
    if (!key) return;
    const all = items();
    const spots = all.map((el) => ({
      row: Number(el.dataset.gridRow),
      col: Number(el.dataset.gridCol),
    }));
    const to = gridStep(spots, all.indexOf(item), key);
    event.preventDefault();
    if (to !== null) all[to].focus();
  }

  const observer = new MutationObserver(queue);
  observer.observe(node, { childList: true, subtree: true });
  node.addEventListener('focusin', onfocusin);
  node.addEventListener('focusout', onfocusout);
  node.addEventListener('keydown', onkeydown);
  sync();
  return {
    destroy() {
      observer.disconnect();
      node.removeEventListener('focusin', onfocusin);
      node.removeEventListener('focusout', onfocusout);
      node.removeEventListener('keydown', onkeydown);
    },
  };
}
