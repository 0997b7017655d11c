/**
 * What this browser remembers: the person's name and colour (localStorage), the boards opened
 * here with the link each was opened with (localStorage), and each board's token for the
 * session (sessionStorage), so a reload without `?token=` keeps working. Never throws when
 * storage is unavailable (private windows): it just forgets.
 */
import { isRole, type Role } from '$shared/roles.ts';

const NAME_KEY = 'bb.name';
/** Set when the person chose to join boards without a name ("Guest"). */
const NAMELESS_KEY = 'bb.nameless';
const COLOR_KEY = 'bb.color';
const RECENT_KEY = 'bb.recent';
const TOKEN_PREFIX = 'bb.token.';
const MAX_RECENT = 30;

export interface RecentBoard {
  id: string;
  title: string;
  role: Role;
  token: string;
  openedAt: string;
  /** Share links, when the board was created in this browser and the facilitator link is known. */
  links?: Partial<Record<Role, string>>;
}

function read(storage: () => Storage, key: string): string | null {
  try {
    return storage().getItem(key);
  } catch {
    return null;
  }
}

function write(storage: () => Storage, key: string, value: string | null): void {
  try {
    if (value === null) storage().removeItem(key);
    else storage().setItem(key, value);
  } catch {
    // Storage is full or disabled: nothing to remember then.
  }
}

const local = () => localStorage;
const session = () => sessionStorage;

export function savedName(): string | null {
  const name = read(local, NAME_KEY)?.trim();
  return name ? name : null;
}

export function saveName(name: string): void {
  write(local, NAME_KEY, name.trim());
  write(local, NAMELESS_KEY, null);
}

/** The person chose to join without a name; they are not asked again in this browser. */
export function choseNameless(): boolean {
  return read(local, NAMELESS_KEY) === '1';
}

export function saveNameless(): void {
  write(local, NAMELESS_KEY, '1');
}

export function savedColor(): string | null {
  return read(local, COLOR_KEY);
}

export function saveColor(color: string): void {
  write(local, COLOR_KEY, color);
}

export function sessionToken(boardId: string): string | null {
  return read(session, TOKEN_PREFIX + boardId);
}

export function saveSessionToken(boardId: string, token: string | null): void {
  write(session, TOKEN_PREFIX + boardId, token);
}

function isRecent(value: unknown): value is RecentBoard {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.id === 'string' &&
    typeof v.title === 'string' &&
    isRole(v.role) &&
    typeof v.token === 'string' &&
    typeof v.openedAt === 'string'
  );
}

export function recentBoards(): RecentBoard[] {
  try {
    const parsed: unknown = JSON.parse(read(local, RECENT_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter(isRecent) : [];
  } catch {
    return [];
  }
}

/** Records (or refreshes) a board opened here; a facilitator link is never replaced by a lesser one. */
export function rememberBoard(entry: Omit<RecentBoard, 'openedAt'> & { openedAt?: string }): void {
  const list = recentBoards();
  const old = list.find((b) => b.id === entry.id);
  const rank: Record<Role, number> = { facilitator: 3, editor: 2, viewer: 1 };
  const keepOld = old && rank[old.role] > rank[entry.role];
  const merged: RecentBoard = {
    id: entry.id,
    title: entry.title || old?.title || entry.id,
    role: keepOld ? old.role : entry.role,
    token: keepOld ? old.token : entry.token,
    openedAt: entry.openedAt ?? new Date().toISOString(),
    links: entry.links ?? old?.links,
  };
  const next = [merged, ...list.filter((b) => b.id !== entry.id)].slice(0, MAX_RECENT);
  write(local, RECENT_KEY, JSON.stringify(next));
}

export function forgetBoard(id: string): void {
  write(local, RECENT_KEY, JSON.stringify(recentBoards().filter((b) => b.id !== id)));
}

export function recentBoard(id: string): RecentBoard | null {
  return recentBoards().find((b) => b.id === id) ?? null;
}
