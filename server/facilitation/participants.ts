/**
 * The brief's participants: the people who took part, never everyone who connected (a viewer
 * link must not be able to write names on the cover). Who took part is read from the board
 * itself — the names the web client stamps on what its person edits (`editedBy`), comment
 * authors and raters — plus the names that cast a vote, recorded here beside the board. The
 * facilitator may instead choose the list (`participants:set`, kept in the session).
 */
import type { BoardJSON } from '../../shared/board/index.ts';
import { cleanName, cleanNames } from '../../shared/facilitation/index.ts';
import type { BoardStore } from '../store/BoardStore.ts';

export { cleanName };

/**
 * `BoardStore.getBoardData` key of the names that voted (a JSON array). Not the key used before
 * (`participants`, every name that ever joined), which is no longer read.
 */
export const PARTICIPANTS_KEY = 'voters';
/** More names than this are not recorded or listed (a board is a meeting, not a mailing list). */
export const MAX_RECORDED_PARTICIPANTS = 500;

/** The stored list, tolerant of a missing or damaged entry. */
export function parseParticipants(json: string | null): string[] {
  if (!json) return [];
  try {
    const raw: unknown = JSON.parse(json);
    return Array.isArray(raw) ? raw.filter((n): n is string => typeof n === 'string') : [];
  } catch {
    return [];
  }
}

/** The names that voted on `boardId`, in first-vote order. */
export async function readParticipants(store: BoardStore, boardId: string): Promise<string[]> {
  return parseParticipants(await store.getBoardData(boardId, PARTICIPANTS_KEY));
}

/** Names the board itself gives for who took part: editors of records, commenters, raters. */
export function namesOnBoard(board: BoardJSON): string[] {
  return cleanNames([
    ...[...board.rows, ...board.cards, ...board.frictions].map((r) => r.editedBy),
    ...board.comments.map((c) => c.author),
    ...(board.alignment ?? []).map((r) => r.name),
  ]);
}

/**
 * What the brief's cover lists: the facilitator's choice when there is one, else who edited,
 * commented or rated (in board order), then who voted — each name once, at most
 * `MAX_RECORDED_PARTICIPANTS`.
 */
export function briefParticipants(
  chosen: readonly string[] | null,
  voted: readonly string[],
  board: BoardJSON,
): string[] {
  if (chosen) return cleanNames(chosen);
  return cleanNames([...namesOnBoard(board), ...voted]).slice(0, MAX_RECORDED_PARTICIPANTS);
}
