/**
 * How one person likes to look at boards, kept in this browser only (never in the document):
 * the view (full, compact, overview) and, per board, which themes they folded. Never throws
 * when storage is unavailable (private windows): it just forgets.
 */
export const VIEWS = ['full', 'compact', 'overview'] as const;
export type BoardViewMode = (typeof VIEWS)[number];

const VIEW_KEY = 'bb.view';
const COLLAPSED_PREFIX = 'bb.collapsed.';

export function isView(value: unknown): value is BoardViewMode {
  return typeof value === 'string' && (VIEWS as readonly string[]).includes(value);
}

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Storage is full or disabled: nothing to remember then.
  }
}

export function savedView(): BoardViewMode | null {
  const value = read(VIEW_KEY);
  return isView(value) ? value : null;
}

export function saveView(view: BoardViewMode): void {
  write(VIEW_KEY, view);
}

export function savedCollapsed(boardId: string): string[] {
  try {
    const value: unknown = JSON.parse(read(COLLAPSED_PREFIX + boardId) ?? '[]');
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

export function saveCollapsed(boardId: string, rowIds: Iterable<string>): void {
  const list = [...rowIds];
  write(COLLAPSED_PREFIX + boardId, list.length ? JSON.stringify(list) : null);
}
