/**
 * The UI's messages are compiled at build time (`web/src/lib/i18n/compile.ts`, served as
 * `virtual:messages/*`) and formatted in the browser by intl-messageformat without its parser.
 * Every message of both languages compiles and formats; the runtime falls back to English, then
 * to the caller's default, then to the key; and a slow Japanese load never overrides a later
 * choice of English.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { get } from 'svelte/store';
import { compileMessages } from '../../../web/src/lib/i18n/compile.ts';
import { en } from '../../../web/src/lib/i18n/en.ts';
import { ja } from '../../../web/src/lib/i18n/ja.ts';
import compiledJa from 'virtual:messages/ja';
import {
  _,
  currentLocale,
  i18nReady,
  setLocale,
  translate,
} from '../../../web/src/lib/i18n/index.ts';

/** A value for every argument an ICU tree names (numbers for plurals, text otherwise). */
function sampleValues(message: unknown, values: Record<string, string | number> = {}) {
  if (Array.isArray(message)) for (const element of message) sampleValues(element, values);
  else if (message && typeof message === 'object') {
    const element = message as { type?: number; value?: unknown; options?: object };
    // formatjs TYPE: 1 argument, 5 select, 6 plural.
    if (element.type === 1 && typeof element.value === 'string') values[element.value] ??= 'x';
    if (element.type === 6 && typeof element.value === 'string') values[element.value] = 2;
    if (element.type === 5 && typeof element.value === 'string') values[element.value] ??= 'other';
    for (const option of Object.values(element.options ?? {})) sampleValues(option, values);
  }
  return values;
}

describe('compiled messages', () => {
  it('leave plain text as text and parse every message with an argument', () => {
    const compiled = compileMessages(en);
    expect(compiled['kind.protection']).toBe('Protection');
    const withArgs = Object.entries(compiled).filter(([, m]) => typeof m !== 'string');
    expect(withArgs.length).toBeGreaterThan(50);
    expect(JSON.stringify(compiled)).not.toMatch(/"\{\w+[,}]/);
  });

  it('refuse a message that is not valid ICU, naming it', () => {
    expect(() => compileMessages({ vote: { left: '{count, plural, one {# left}' } })).toThrow(
      /vote\.left/,
    );
  });

  it('the Japanese module is the compiled Japanese dictionary', () => {
    expect(compiledJa).toEqual(compileMessages(ja));
  });
});

describe('the runtime', () => {
  afterEach(async () => {
    await setLocale('en');
  });

  it('formats every message of both languages', async () => {
    await i18nReady();
    for (const language of ['en', 'ja'] as const) {
      await setLocale(language);
      for (const [key, message] of Object.entries(compileMessages(language === 'en' ? en : ja))) {
        const text = translate(key, sampleValues(message));
        expect({ key, text }).not.toEqual({ key, text: key });
        expect(text, key).not.toMatch(/\{\w+\}/);
      }
    }
  });

  it('uses plurals and the chosen language', async () => {
    const plural = Object.entries(compileMessages(en)).find(([, m]) =>
      JSON.stringify(m).includes('"type":6'),
    )!;
    const [key] = plural;
    const values = sampleValues(plural[1]);
    await setLocale('en');
    const english = translate(key, values);
    await setLocale('ja');
    expect(currentLocale()).toBe('ja');
    expect(get(_)(key, { values })).not.toBe(english);
    expect(translate('kind.protection')).toBe('保護');
  });

  it('falls back to English, then the default, then the key', async () => {
    await setLocale('ja');
    expect(translate('no.such.key')).toBe('no.such.key');
    expect(get(_)('no.such.key', { default: 'Fallback' })).toBe('Fallback');
  });

  it('keeps the later choice when an earlier one loads slower', async () => {
    // A fresh copy of the module, whose Japanese dictionary is not loaded yet.
    vi.resetModules();
    const fresh = await import('../../../web/src/lib/i18n/index.ts');
    const slow = fresh.setLocale('ja');
    const fast = fresh.setLocale('en');
    await Promise.all([slow, fast]);
    expect(fresh.currentLocale()).toBe('en');
    await fresh.setLocale('ja');
    expect(fresh.currentLocale()).toBe('ja');
  });
});
