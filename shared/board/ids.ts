/**
 * Identifiers of boards and of records inside a board. Board ids travel in URLs and file
 * names, so they are checked here once for the server, the client and imports alike.
 */
import * as random from 'lib0/random';

/** What a board id or record id may look like: URL-safe, short, no path characters. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export function isValidId(id: unknown): id is string {
  return typeof id === 'string' && ID_PATTERN.test(id);
}

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** A random id with a readable prefix (`c-` card, `r-` row, …): 12 base-36 characters. */
export function newId(prefix: string): string {
  let out = '';
  for (let i = 0; i < 12; i++) out += ALPHABET[random.uint32() % ALPHABET.length];
  return prefix ? `${prefix}-${out}` : out;
}
