/**
 * A name is what a person typed: cleaned once, here, before anyone stores or shows it (the
 * participant list, the brief's cover, the facilitator's chosen list).
 */
import { wellFormed } from '../board/text.ts';
import { LIMITS } from './commands.ts';

/** Control, format (bidi overrides, zero-width) and line-separator characters; the emoji joiner stays. */
const INVISIBLE = /(?!\u200d)[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/** What someone calls themselves, made safe to show: no control characters, one line, bounded. */
export function cleanName(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const name = wellFormed(value).replace(INVISIBLE, ' ').replace(/\s+/g, ' ').trim();
  if (!name) return null;
  return [...name].slice(0, LIMITS.nameLength).join('');
}

/** Cleaned, without empties and repeats, in the order given. */
export function cleanNames(values: readonly unknown[]): string[] {
  const names = new Set<string>();
  for (const value of values) {
    const name = cleanName(value);
    if (name) names.add(name);
  }
  return [...names];
}
