/**
 * The Japanese dictionary says everything the English one says: the same keys, and the same
 * placeholders in each message (a missing `{count}` would show a raw brace on screen).
 */
import { describe, expect, it } from 'vitest';
import { en } from '../../../web/src/lib/i18n/en.ts';
import { ja } from '../../../web/src/lib/i18n/ja.ts';

function flatten(tree: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value as object, path)) out.set(k, v);
  }
  return out;
}

/** Argument names of an ICU message (`{name}`, `{count, plural, …}`), not plural branches. */
function argumentsOf(message: string): string[] {
  return [
    ...new Set([...message.matchAll(/\{\s*([A-Za-z_]\w*)\s*(?:[,}])/g)].map((m) => m[1])),
  ].sort();
}

describe('UI dictionaries', () => {
  const english = flatten(en);
  const japanese = flatten(ja);

  it('have the same keys', () => {
    expect([...japanese.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('use the same placeholders in every message', () => {
    for (const [key, message] of english) {
      expect({ key, args: argumentsOf(japanese.get(key) ?? '') }).toEqual({
        key,
        args: argumentsOf(message),
      });
    }
  });

  it('actually translate the interface', () => {
    let same = 0;
    for (const [key, message] of english) if (japanese.get(key) === message) same++;
    expect(same / english.size).toBeLessThan(0.1);
    expect(japanese.get('kind.protection')).toBe('保護');
  });
});
