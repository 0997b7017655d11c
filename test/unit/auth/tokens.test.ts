/**
 * A token has exactly one valid spelling (issue 13, defect 8): Node's base64 decoder accepts
 * padding, whitespace, junk characters, the `+/` alphabet and a last character whose spare bits
 * differ, so each of these used to open the board.
 */
import { describe, expect, it } from 'vitest';
import { BoardTokens } from '../../../server/auth/tokens.ts';

const tokens = new BoardTokens('a-secret-of-at-least-sixteen-bytes');
const BOARD = 'board-one';

/** The signature in the standard `+/` alphabet. */
function plusSlash(token: string): string {
  const [role, board, signature] = token.split('.');
  return `${role}.${board}.${signature.replace(/-/g, '+').replace(/_/g, '/')}`;
}

/** The same signature with its last character's two spare bits changed (same decoded bytes). */
function siblingLast(token: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const last = alphabet.indexOf(token.at(-1)!);
  return token.slice(0, -1) + alphabet[last ^ 1];
}

describe('token spelling', () => {
  const token = tokens.issue(BOARD, 'editor');
  const [role, board, signature] = token.split('.');

  it('accepts the issued spelling', () => {
    expect(tokens.check(token, BOARD)).toEqual({ ok: true, role: 'editor' });
  });

  it.each([
    ['padding', `${token}==`],
    ['a trailing space', `${token} `],
    [
      'junk inside the signature',
      `${role}.${board}.${signature.slice(0, 10)}***${signature.slice(10)}`,
    ],
    ['a changed last character', siblingLast(token)],
    ['a leading space in the signature', `${role}.${board}. ${signature}`],
    ['a shortened signature', token.slice(0, -1)],
  ])('refuses %s', (_what, spelling) => {
    expect(spelling).not.toBe(token);
    expect(tokens.check(spelling, BOARD)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses the +/ alphabet', () => {
    // A signature with a - or _ in it, so the other alphabet spells it differently.
    let found = false;
    for (let i = 0; i < 50 && !found; i++) {
      const t = tokens.issue(`board-${i}`, 'viewer');
      const sig = t.split('.')[2];
      if (!/[-_]/.test(sig)) continue;
      found = true;
      expect(tokens.check(t, `board-${i}`).ok).toBe(true);
      expect(tokens.check(plusSlash(t), `board-${i}`)).toEqual({
        ok: false,
        reason: 'invalid',
      });
    }
    expect(found).toBe(true);
  });
});

describe('the secret', () => {
  it('revokes every link when it changes', () => {
    const issued = (['facilitator', 'editor', 'viewer'] as const).map((r) =>
      tokens.issue(BOARD, r),
    );
    const rotated = new BoardTokens('another-secret-of-sixteen-bytes');
    for (const t of issued) {
      expect(tokens.check(t, BOARD).ok).toBe(true);
      expect(rotated.check(t, BOARD)).toEqual({ ok: false, reason: 'invalid' });
    }
  });
});
