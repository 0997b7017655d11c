/**
 * The share-link token a board page (board, present, brief) opens with, one rule for all three:
 * the link's `?token=` (kept in sessionStorage for this board, so a reload without it works),
 * else the one kept for this board, else the lobby's. The token is then taken out of the address
 * bar, so it never shows on a projector and is never kept in history or a cached URL. The answer
 * changes only with another board or another link, not when the token leaves the address.
 * Call it while a route component initialises.
 */
import { page } from '$app/state';
import { afterNavigate, replaceState } from '$app/navigation';
import { isValidId } from '$shared/board/index.ts';
import { recentBoard, saveSessionToken, sessionToken } from '$lib/lobby/storage.ts';

export interface OpenedBoard {
  boardId: string;
  /** Null for an invalid board id, or when no token is known for this board. */
  token: string | null;
}

export function shareToken(): { readonly current: OpenedBoard } {
  let kept: OpenedBoard | null = null;
  const opened = $derived.by((): OpenedBoard => {
    const boardId = page.params.id ?? '';
    const fromUrl = page.url.searchParams.get('token');
    if (kept && kept.boardId === boardId && (!fromUrl || fromUrl === kept.token)) return kept;
    if (!isValidId(boardId)) return (kept = { boardId, token: null });
    if (fromUrl) saveSessionToken(boardId, fromUrl);
    const token = fromUrl || sessionToken(boardId) || recentBoard(boardId)?.token || null;
    return (kept = { boardId, token });
  });

  afterNavigate(({ to }) => {
    if (!to || !to.url.searchParams.has('token')) return;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- scratch value, not state
    const clean = new URL(to.url);
    clean.searchParams.delete('token');
    // eslint-disable-next-line svelte/no-navigation-without-resolve -- the same page's own URL, minus the token
    replaceState(clean, page.state);
  });

  return {
    get current() {
      return opened;
    },
  };
}
