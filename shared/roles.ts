/**
 * What each role may do — the one place that says it. The server enforces these rules;
 * the web client asks the same functions only to decide what to show.
 */

export const ROLES = ['facilitator', 'editor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** May this role change the board's content right now? A locked board is read-only for all but facilitators. */
export function canEditBoard(role: Role, locked: boolean): boolean {
  if (role === 'facilitator') return true;
  if (role === 'editor') return !locked;
  return false;
}

/** Present, timer, lock, votes, snapshots and restore, delete. */
export function canFacilitate(role: Role): boolean {
  return role === 'facilitator';
}

export function canVote(role: Role): boolean {
  return role === 'facilitator' || role === 'editor';
}

/** Every role may read and export. */
export function canExport(_role: Role): boolean {
  return true;
}

/** Plain explanations shown next to share links. */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  facilitator:
    'Runs the session: edits, presents, times, locks the board, runs votes, takes snapshots. Keep this link to yourself.',
  editor: 'For participants: edit cards, frictions and comments, and vote.',
  viewer: 'Read-only: follows the board and the presentation live, and can export the brief.',
};

/**
 * Share-link tokens look like `<role>.<boardId>.<signature>`. The client may read the role
 * from a token to shape its UI; only the server's signature check makes it true.
 */
export function peekTokenRole(token: string): Role | null {
  const role = token.split('.')[0];
  return isRole(role) ? role : null;
}
