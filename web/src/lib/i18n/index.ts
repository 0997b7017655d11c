/**
 * The UI's languages (English, Japanese). The dictionaries are compiled at build time
 * (`virtual:messages/*`, see `compile.ts`): plain text, or ICU messages already parsed, which
 * `intl-messageformat` formats — so the browser carries no ICU parser. English is bundled;
 * Japanese loads when someone chooses it (the root layout waits for the chosen language before
 * the first render). The choice is remembered in localStorage and mirrored on `<html lang>` so
 * the Japanese font stack and line breaking apply. Card text is never translated.
 */
import { IntlMessageFormat } from 'intl-messageformat';
import { derived, get, writable, type Readable } from 'svelte/store';
import en from 'virtual:messages/en';
import type { CompiledMessage, CompiledMessages } from './compile.ts';

export const LOCALES = ['en', 'ja'] as const;
export type Locale = (typeof LOCALES)[number];
const LOCALE_KEY = 'bb.locale';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

function storedLocale(): Locale | null {
  try {
    const value = localStorage.getItem(LOCALE_KEY);
    return isLocale(value) ? value : null;
  } catch {
    return null;
  }
}

function browserLocale(): Locale {
  if (typeof navigator === 'undefined') return 'en';
  return navigator.language?.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

const dictionaries: Partial<Record<Locale, CompiledMessages>> = { en };
const loaders: Record<Locale, () => Promise<CompiledMessages>> = {
  en: async () => en,
  ja: () => import('virtual:messages/ja').then((m) => m.default),
};
const loading = new Map<Locale, Promise<void>>();

function load(next: Locale): Promise<void> {
  let pending = loading.get(next);
  if (!pending) {
    pending = loaders[next]().then((messages) => {
      dictionaries[next] = messages;
    });
    loading.set(next, pending);
  }
  return pending;
}

/** The language shown: it changes only once its dictionary is loaded. */
const current = writable<Locale>('en');
export const locale: Readable<Locale> = { subscribe: current.subscribe };

export interface FormatOptions {
  values?: Record<string, string | number | Date>;
  /** Shown when no language has the message. */
  default?: string;
}
export type Format = (id: string, options?: FormatOptions) => string;

const formatters = new Map<string, IntlMessageFormat>();

/** The message in `language`, else in English (the fallback), with the language it is in. */
function lookup(language: Locale, id: string): [Locale, CompiledMessage] | null {
  for (const from of language === 'en' ? (['en'] as const) : [language, 'en' as const]) {
    const message = dictionaries[from]?.[id];
    if (message !== undefined) return [from, message];
  }
  return null;
}

function format(language: Locale, id: string, options: FormatOptions = {}): string {
  const found = lookup(language, id);
  if (!found) return options.default ?? id;
  const [from, message] = found;
  if (typeof message === 'string') return message;
  const key = `${from}:${id}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new IntlMessageFormat(message, from);
    formatters.set(key, formatter);
  }
  try {
    return String(formatter.format(options.values ?? {}));
  } catch (error) {
    console.warn(`[i18n] message ${id} could not be formatted:`, (error as Error).message);
    return options.default ?? id;
  }
}

/** `$_('key', { values })` in components. */
export const _: Readable<Format> = derived(current, (language) => {
  return (id: string, options?: FormatOptions) => format(language, id, options);
});

let ready: Promise<void> | null = null;
/** The language asked for last: a slower load of an earlier choice does not win. */
let wanted: Locale = 'en';

/** Picks the remembered (or the browser's) language and starts loading it. */
export function setupI18n(): void {
  if (ready) return;
  const initial = typeof window === 'undefined' ? 'en' : (storedLocale() ?? browserLocale());
  ready = switchTo(initial);
  // `<html lang>` follows every change of language (app.html's `lang="en"` is the default).
  if (typeof document !== 'undefined') {
    current.subscribe((value) => {
      document.documentElement.lang = value;
    });
  }
}

async function switchTo(next: Locale): Promise<void> {
  wanted = next;
  await load(next);
  if (wanted === next) current.set(next);
}

/** Sets the dictionaries up and resolves once the chosen language is loaded. */
export async function i18nReady(): Promise<void> {
  setupI18n();
  await ready;
}

export function setLocale(next: Locale): Promise<void> {
  try {
    localStorage.setItem(LOCALE_KEY, next);
  } catch {
    // Not remembered; still switched for this page.
  }
  return switchTo(next);
}

export function currentLocale(): Locale {
  return get(current);
}

/** Translates outside components (announcements, confirms). */
export function translate(key: string, values?: Record<string, string | number>): string {
  return format(get(current), key, values ? { values } : undefined);
}
