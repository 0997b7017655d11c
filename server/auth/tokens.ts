/**
 * Share-link tokens: `<role>.<boardId>.<signature>`, the signature an HMAC-SHA256 of role and
 * board id under BOARD_SECRET. A token opens exactly one board with one role and has exactly one
 * spelling: the signature is unpadded base64url of the 32-byte MAC, 43 characters whose last
 * one carries no stray bits (so no `=`, no spaces, no `+/`, no skipped junk, no sibling last
 * character). Checking is in constant time. The secret is generated once and kept in DATA_DIR
 * when not configured. To rotate it, the old one moves to BOARD_SECRET_PREVIOUS: links it signed
 * keep working until that is unset, and every link handed out from then on uses the new one.
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

function secretBytes(secret: string | Buffer, name: string): Buffer {
  const bytes = Buffer.isBuffer(secret) ? secret : Buffer.from(secret, 'utf8');
  if (bytes.length < 16) throw new Error(`${name} must be at least 16 bytes`);
  return bytes;
}

export class BoardTokens {
  readonly #secret: Buffer;
  /** Secrets that still verify (the one before a rotation) but never sign. */
  readonly #previous: Buffer[];

  constructor(secret: string | Buffer, previous?: string | Buffer) {
    this.#secret = secretBytes(secret, 'BOARD_SECRET');
    this.#previous = previous ? [secretBytes(previous, 'BOARD_SECRET_PREVIOUS')] : [];
  }

  #sign(role: Role, boardId: string, secret = this.#secret): Buffer {
    return createHmac('sha256', secret).update(`${role}.${boardId}`).digest();
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
    // Every secret is tried, so the time taken does not tell which one signed.
    let signed = false;
    for (const secret of [this.#secret, ...this.#previous]) {
      const expected = this.#sign(role, tokenBoard, secret).toString('base64url');
      if (timingSafeEqual(given, Buffer.from(expected, 'ascii'))) signed = true;
    }
    if (!signed) return { ok: false, reason: 'invalid' };
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
