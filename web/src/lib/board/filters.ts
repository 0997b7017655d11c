/**
 * Filters and search over cards: which cards match the kinds, tag, side and text a person
 * chose. Pure, so the grid and the tests agree on what "matches" means.
 */
import type { CardKind, CardView, ColumnView, SourceView } from '$shared/board/index.ts';

export interface CardFilter {
  kinds: readonly CardKind[];
  tag: string;
  /** A column's country code (`US`, `JP`, `US-JP`, `EU`…), or '' for every side. */
  side: string;
  query: string;
}

export const NO_FILTER: CardFilter = { kinds: [], tag: '', side: '', query: '' };

export function isFiltering(filter: CardFilter): boolean {
  return (
    filter.kinds.length > 0 ||
    filter.tag !== '' ||
    filter.side !== '' ||
    normalize(filter.query) !== ''
  );
}

/** Case- and width-insensitive form for search (full-width ＡＢＣ matches ABC; カナ stays kana). */
export function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase().trim();
}

export function textMatches(haystack: readonly string[], query: string): boolean {
  const q = normalize(query);
  if (!q) return true;
  const terms = q.split(/\s+/).filter(Boolean);
  const text = normalize(haystack.join('\n'));
  return terms.every((term) => text.includes(term));
}

export function cardMatches(
  card: CardView,
  filter: CardFilter,
  column: ColumnView | undefined,
  sources: ReadonlyMap<string, SourceView> = new Map(),
): boolean {
  if (filter.kinds.length && !filter.kinds.includes(card.kind)) return false;
  if (filter.tag && !card.tags.includes(filter.tag)) return false;
  if (filter.side && column?.country !== filter.side) return false;
  if (!filter.query) return true;
  const labels = card.sourceIds.map((id) => sources.get(id)?.label ?? '');
  return textMatches(
    [
      card.title,
      card.body,
      card.amount ?? '',
      card.year === null ? '' : String(card.year),
      ...card.tags,
      ...labels,
    ],
    filter.query,
  );
}
