/**
 * The board page's shared objects, handed to its components through Svelte context: the live
 * views of the document, presence, undo history, this person's UI state and what they may do.
 */
import { getContext, setContext } from 'svelte';
import type { Role } from '$shared/roles.ts';
import type { BoardState } from '$lib/sync/BoardState.svelte.ts';
import type { BoardConnection } from '$lib/sync/BoardConnection.svelte.ts';
import type { Presence } from '$lib/sync/Presence.svelte.ts';
import type { History } from '$lib/sync/History.svelte.ts';
import type { Facilitation } from '$lib/sync/Facilitation.svelte.ts';
import type { BoardUi } from './BoardUi.svelte.ts';

export interface BoardContext {
  boardId: string;
  token: string;
  role: Role;
  board: BoardState;
  connection: BoardConnection;
  presence: Presence;
  history: History;
  ui: BoardUi;
  facilitation: Facilitation;
  /** The facilitator has locked the board (read-only for everyone else). */
  readonly locked: boolean;
  /** Whether this person may edit right now (their role and the facilitator's lock). */
  readonly canEdit: boolean;
  /** This person's display name (comment author). */
  readonly userName: string;
  /** Runs a write, reporting a refused one (a record deleted meanwhile) instead of throwing. */
  write(action: () => void): boolean;
  /** Moves focus to a card's move handle once it is rendered in its new place. */
  focusCard(id: string): void;
}

const KEY = Symbol('board');

export function setBoardContext(context: BoardContext): void {
  setContext(KEY, context);
}

export function boardContext(): BoardContext {
  const context = getContext<BoardContext | undefined>(KEY);
  if (!context) throw new Error('boardContext() used outside a board page');
  return context;
}
