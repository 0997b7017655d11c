/**
 * The token a board sub-page (present, brief) opens with: the link's `?token=` (kept for the
 * session), else the one kept for this board, else the lobby's. Same rule as the board page.
 */
import { recentBoard, saveSessionToken, sessionToken } from '$lib/lobby/storage.ts';

export function pageToken(boardId: string, fromUrl: string | null): string | null {
  if (fromUrl) {
    saveSessionToken(boardId, fromUrl);
    return fromUrl;
  }
  return sessionToken(boardId) || recentBoard(boardId)?.token || null;
}
