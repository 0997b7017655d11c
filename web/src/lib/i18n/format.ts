/**
 * Dates in the interface's language (not the browser's): `Intl` with the chosen locale, so a
 * Japanese interface on an English browser shows 2025年1月31日 10:05. Numbers inside messages
 * are formatted by intl-messageformat with the same locale.
 */
export function formatDateTime(iso: string, locale: string | null | undefined): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(locale ?? 'en', {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(date);
}
