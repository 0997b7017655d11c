/**
 * Share-link tokens: `<role>.<boardId>.<signature>`, the signature an HMAC-SHA256 of role and
 * board id under BOARD_SECRET. A token opens exactly one board with one role and has exactly one
 * spelling: the signature is unpadded base64url of the 32-byte MAC, 43 characters whose last
 * one carries no stray bits (so no `=`, no spaces, no `+/`, no skipped junk, no sibling last
 * character). Checking is in constant time. The secret is generated once and kept in DATA_DIR
 * when not configured.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { isRole, type Role } from '../../shared/roles.ts';
import { isValidId } from '../../shared/board/index.ts';

/** The one spelling of a signature: 43 base64url characters (32 bytes, no padding). */
const SIGNATURE = /^[A-Za-z0-9_-]{43}$/;

export type TokenCheck =
  { ok: true; role: Role } | { ok: false; reason: 'missing' | 'invalid' | 'other-board' };

export class BoardTokens {
  readonly #secret: Buffer;

  constructor(secret: string | Buffer) {
    this.#secret = Buffer.isBuffer(secret) ? secret : Buffer.from(secret, 'utf8');
    if (this.#secret.length < 16) throw new Error('BOARD_SECRET must be at least 16 bytes');
  }

  #sign(role: Role, boardId: string): Buffer {
    return createHmac('sha256', this.#secret).update(`${role}.${boardId}`).digest();
  }

  issue(boardId: string, role: Role): string {
    return `${role}.${boardId}.${this.#sign(role, boardId).toString('base64url')}`;
  }

  issueAll(boardId: string): Record<Role, string> {
    return {
      facilitator: this.issue(boardId, 'facilitator'),
      editor: this.issue(boardId, 'editor'),
      viewer: this.issue(boardId, 'viewer'),
    };
  }

  /** Checks `token` for `boardId`: a well-signed token of another board is `other-board`. */
  check(token: string | null | undefined, boardId: string): TokenCheck {
    if (!token) return { ok: false, reason: 'missing' };
    if (token.length > 300) return { ok: false, reason: 'invalid' };
    const parts = token.split('.');
    if (parts.length !== 3) return { ok: false, reason: 'invalid' };
    const [role, tokenBoard, signature] = parts;
    if (!isRole(role) || !isValidId(tokenBoard)) return { ok: false, reason: 'invalid' };
    if (!SIGNATURE.test(signature)) return { ok: false, reason: 'invalid' };
    // Node's decoder skips what it does not know and ignores the last character's spare bits;
    // comparing the text itself leaves one spelling.
    const given = Buffer.from(signature, 'ascii');
    const expected = Buffer.from(this.#sign(role, tokenBoard).toString('base64url'), 'ascii');
    if (!timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
    if (tokenBoard !== boardId) return { ok: false, reason: 'other-board' };
    return { ok: true, role };
  }
}

/** The configured secret, or the one kept in `dataDir` (created on first start). */
export function loadBoardSecret(configured: string | undefined, dataDir: string): string {
  if (configured) return configured;
  const file = path.join(dataDir, 'board-secret');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  try {
    fs.writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    // Another process sharing DATA_DIR wrote it first: use theirs.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return fs.readFileSync(file, 'utf8').trim();
  }
}
