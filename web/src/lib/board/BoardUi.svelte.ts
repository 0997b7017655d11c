/* eslint-disable svelte/prefer-svelte-reactivity -- the folded themes are replaced whole (raw state), never mutated */
/**
 * What one person is doing on the board that nobody else sees: the friction they highlight,
 * the card or friction open in the side panel, their filters, their view (full, compact,
 * overview) and the themes they folded (both remembered in this browser, see prefs.ts).
 * Plain runes; never in the doc.
 */
import type { CardKind, ChangeKind } from '$shared/board/index.ts';
import { isFiltering, type CardFilter } from './filters.ts';
import { announce } from '$lib/ui/liveRegion.svelte.ts';
import { saveCollapsed, saveView, savedCollapsed, savedView, type BoardViewMode } from './prefs.ts';

export type InspectorTarget = { type: 'card'; id: string } | { type: 'friction'; id: string };

export class BoardUi {
  readonly #boardId: string;
  /** The friction whose linked cards are highlighted. */
  selectedFriction = $state<string | null>(null);
  /** The card last clicked or focused: the friction lane shows the frictions it is linked to. */
  selectedCard = $state<string | null>(null);
  /** How the grid is drawn for this person. */
  view = $state<BoardViewMode>('full');
  /** The themes this person folded on this board. */
  collapsed = $state.raw<ReadonlySet<string>>(new Set());
  inspector = $state<InspectorTarget | null>(null);
  /** The part of the side panel to focus once it opens (C on a card: its comments). */
  inspectorFocus = $state<'comments' | null>(null);
  kinds = $state<CardKind[]>([]);
  tag = $state('');
  side = $state('');
  query = $state('');
  /** "Changes since…": how each card, friction or theme changed since the chosen snapshot. */
  // Replaced whole on each recompute (never mutated), so a plain Map in raw state is enough.

  changes = $state.raw<ReadonlyMap<string, ChangeKind>>(new Map());
  /** Show every card's whole text instead of the first lines (reading the board aloud). */
  fullText = $state(false);
  /** Height (px) of the open vote drawer, 0 when closed: from 1280 px the lane starts below it. */
  voteDrawer = $state(0);
  /** Id of the card being dragged. */
  dragging = $state<string | null>(null);
  /** The keyboard shortcuts dialog (`?`) is open. */
  shortcutsOpen = $state(false);
  /** A short message with an optional Undo button (after a delete). */
  toast = $state<{ message: string; undo: boolean; key: number } | null>(null);
  #toastTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(boardId = '', initialView: BoardViewMode | null = null) {
    this.#boardId = boardId;
    this.view = initialView ?? savedView() ?? 'full';
    if (boardId) this.collapsed = new Set(savedCollapsed(boardId));
  }

  setView(view: BoardViewMode): void {
    this.view = view;
    saveView(view);
  }

  isCollapsed(rowId: string): boolean {
    return this.collapsed.has(rowId);
  }

  setCollapsed(rowIds: Iterable<string>): void {
    this.collapsed = new Set(rowIds);
    if (this.#boardId) saveCollapsed(this.#boardId, this.collapsed);
  }

  toggleCollapsed(rowId: string, collapse = !this.collapsed.has(rowId)): void {
    const next = new Set(this.collapsed);
    if (collapse) next.add(rowId);
    else next.delete(rowId);
    this.setCollapsed(next);
  }

  get filter(): CardFilter {
    return { kinds: this.kinds, tag: this.tag, side: this.side, query: this.query };
  }

  get filtering(): boolean {
    return isFiltering(this.filter);
  }

  toggleKind(kind: CardKind): void {
    this.kinds = this.kinds.includes(kind)
      ? this.kinds.filter((k) => k !== kind)
      : [...this.kinds, kind];
  }

  clearFilters(): void {
    this.kinds = [];
    this.tag = '';
    this.side = '';
    this.query = '';
  }

  toggleFriction(id: string): void {
    this.selectedFriction = this.selectedFriction === id ? null : id;
  }

  openCard(id: string, focus: 'comments' | null = null): void {
    this.inspector = { type: 'card', id };
    this.inspectorFocus = focus;
  }

  openFriction(id: string): void {
    this.inspector = { type: 'friction', id };
  }

  showToast(message: string, undo = false): void {
    clearTimeout(this.#toastTimer);
    this.toast = { message, undo, key: Date.now() };
    this.#toastTimer = setTimeout(() => (this.toast = null), 8000);
  }

  dismissToast(): void {
    clearTimeout(this.#toastTimer);
    this.toast = null;
  }

  /** Says `message` to screen readers (the page's live region). */
  announce(message: string): void {
    announce(message);
  }
}
