/**
 * Everyone who ever joined a board's facilitation channel, by name, kept beside the board so
 * the brief's cover can list them. Names only, unique, in first-join order; a name is what a
 * person typed, so it is cleaned here before anyone stores or shows it.
 */
import { LIMITS } from '../../shared/facilitation/index.ts';
import type { BoardStore } from '../store/BoardStore.ts';

/** `BoardStore.getBoardData` key of the participant list (a JSON array of names). */
export const PARTICIPANTS_KEY = 'participants';
/** More names than this are not recorded (a board is a meeting, not a mailing list). */
export const MAX_RECORDED_PARTICIPANTS = 500;

/** Control, format (bidi overrides, zero-width) and line-separator characters; the emoji joiner stays. */
const INVISIBLE = /(?!\u200d)[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/** What someone calls themselves, made safe to show: no control characters, one line, bounded. */
export function cleanName(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const name = value.replace(INVISIBLE, ' ').replace(/\s+/g, ' ').trim();
  if (!name) return null;
  return [...name].slice(0, LIMITS.nameLength).join('');
}

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

/** Every name that ever joined `boardId`, in first-join order (for the brief's cover). */
export async function readParticipants(store: BoardStore, boardId: string): Promise<string[]> {
  return parseParticipants(await store.getBoardData(boardId, PARTICIPANTS_KEY));
}
