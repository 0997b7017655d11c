/**
 * The UI's languages (English, Japanese) through svelte-i18n: English is registered
 * synchronously, Japanese loads when someone chooses it (the root layout waits for the chosen
 * language before the first render). The choice is remembered in localStorage and mirrored on
 * `<html lang>` so the Japanese font stack and line breaking apply. Card text is never translated.
 */
import { addMessages, init, locale, register, waitLocale, _ } from 'svelte-i18n';
import { get } from 'svelte/store';
import { en } from './en.ts';

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

let started = false;

/** Registers the dictionaries and picks the remembered (or the browser's) language. */
export function setupI18n(): void {
  if (started) return;
  started = true;
  addMessages('en', en);
  register('ja', () => import('./ja.ts').then((m) => m.ja));
  const initial = typeof window === 'undefined' ? 'en' : (storedLocale() ?? browserLocale());
  init({ fallbackLocale: 'en', initialLocale: initial });
  // `<html lang>` follows every change of language (app.html's `lang="en"` is the default).
  if (typeof document !== 'undefined') {
    locale.subscribe((value) => {
      if (isLocale(value)) document.documentElement.lang = value;
    });
  }
}

/** Sets the dictionaries up and resolves once the chosen language is loaded. */
export async function i18nReady(): Promise<void> {
  setupI18n();
  await waitLocale();
}

export function setLocale(next: Locale): void {
  locale.set(next);
  try {
    localStorage.setItem(LOCALE_KEY, next);
  } catch {
    // Not remembered; still switched for this page.
  }
}

export function currentLocale(): Locale {
  const value = get(locale);
  return isLocale(value) ? value : 'en';
}

/** Translates outside components (announcements, confirms). */
export function translate(key: string, values?: Record<string, string | number>): string {
  return get(_)(key, values ? { values } : undefined);
}

export { _, locale };
