/**
 * The name, version and limits of BoardJSON, and the rule for source addresses. Apart from the
 * schema (zod), so that code reading boards — the web client's `fromYDoc` — does not pull the
 * validator in with it.
 */
export const BOARD_FORMAT = 'briefing-board';
export const BOARD_VERSION = 1;

/** The languages a board (and so its brief) may be written in; "en" when a board says none. */
export const BOARD_LANGUAGES = ['en', 'ja'] as const;
export type BoardLanguage = (typeof BOARD_LANGUAGES)[number];

export function isBoardLanguage(value: unknown): value is BoardLanguage {
  return value === 'en' || value === 'ja';
}

/** Upper bounds that keep one import from exhausting a server, and that exports respect. */
export const LIMITS = {
  shortText: 1_000,
  longText: 50_000,
  records: 20_000,
  listItems: 500,
  url: 2_000,
} as const;

/**
 * Whether a source's address may be shown as a link: http(s) only, so a `javascript:` or
 * `data:` address written into the board can never run in someone's page.
 */
export function isWebUrl(url: string): boolean {
  return url.length <= LIMITS.url && /^https?:\/\/[^\s]+$/i.test(url);
}

/** `text` cut to at most `max` characters (exports stay within the import limits). */
export function clip(text: string, max: number): string {
  return text.length > max ? text.slice(0, max) : text;
}
