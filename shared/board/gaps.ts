/**
 * Gap detection: what a comparison board is missing, computed from BoardJSON alone so the
 * board's panel, the brief and the server all flag the same things. A joint (U.S.–Japan)
 * measure counts for both sides; context columns (such as the EU) count for neither.
 */
import { COUNTRY_JOINT, COUNTRY_JP, COUNTRY_US } from './layout.ts';
import type { BoardJSON } from './schema.ts';

export type GapKind =
  | 'one-sided-theme'
  | 'one-sided-friction'
  | 'unlinked-friction'
  | 'unsourced-card'
  | 'uncited-source';

export interface Gap {
  kind: GapKind;
  /** Where the gap is, so a click can jump there. */
  target: { type: 'row' | 'friction' | 'card' | 'source'; id: string };
  /** The flagged theme's, friction's or measure's title, or the source's label. */
  name: string;
  /** The side a one-sided theme or friction covers (the other side is the gap). */
  side?: Side;
  /** A sentence for people, in English (the web panel words it per language from the rest). */
  message: string;
}

export type Side = 'US' | 'JP';

function sidesOf(country: string): Side[] {
  if (country === COUNTRY_US) return ['US'];
  if (country === COUNTRY_JP) return ['JP'];
  if (country === COUNTRY_JOINT) return ['US', 'JP'];
  return [];
}

const SIDE_NAME: Record<Side, string> = { US: 'the United States', JP: 'Japan' };

/** Every gap of the board, in board order: themes, frictions, cards, sources. */
export function findGaps(board: BoardJSON): Gap[] {
  const gaps: Gap[] = [];
  const countryOf = new Map(board.columns.map((c) => [c.id, c.country]));
  const sidesOfCard = new Map(
    board.cards.map((card) => [card.id, sidesOf(countryOf.get(card.columnId) ?? '')]),
  );

  for (const row of board.rows) {
    const sides = new Set(
      board.cards.filter((c) => c.rowId === row.id).flatMap((c) => sidesOfCard.get(c.id)!),
    );
    if (sides.size !== 1) continue;
    const [has] = [...sides];
    const missing: Side = has === 'US' ? 'JP' : 'US';
    gaps.push({
      kind: 'one-sided-theme',
      target: { type: 'row', id: row.id },
      name: row.title,
      side: has,
      message: `“${row.title}” has measures for ${SIDE_NAME[has]} but none for ${SIDE_NAME[missing]}.`,
    });
  }

  for (const friction of board.frictions) {
    if (friction.cardIds.length === 0) {
      gaps.push({
        kind: 'unlinked-friction',
        target: { type: 'friction', id: friction.id },
        name: friction.title,
        message: `The friction “${friction.title}” is not linked to any measure.`,
      });
      continue;
    }
    const sides = new Set(friction.cardIds.flatMap((id) => sidesOfCard.get(id) ?? []));
    if (sides.size === 1) {
      const [has] = [...sides];
      gaps.push({
        kind: 'one-sided-friction',
        target: { type: 'friction', id: friction.id },
        name: friction.title,
        side: has,
        message: `The friction “${friction.title}” links measures of ${SIDE_NAME[has]} only.`,
      });
    }
  }

  for (const card of board.cards) {
    if (card.sourceIds.length === 0) {
      gaps.push({
        kind: 'unsourced-card',
        target: { type: 'card', id: card.id },
        name: card.title,
        message: `“${card.title || 'Untitled measure'}” cites no source.`,
      });
    }
  }

  const cited = new Set(board.cards.flatMap((c) => c.sourceIds));
  for (const source of board.sources) {
    if (!cited.has(source.id)) {
      gaps.push({
        kind: 'uncited-source',
        target: { type: 'source', id: source.id },
        name: source.label,
        message: `Source ${source.label} is never cited by a measure.`,
      });
    }
  }
  return gaps;
}
