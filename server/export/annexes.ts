/**
 * Two annexes of the brief, kept beside `brief.ts` so their rules live in one place: the
 * evidence check (measures that cite no source, found by the gap finder) and "Changes since
 * <snapshot>" (from `boardChanges`). Pure: the same boards always give the same annexes.
 */
import {
  boardChanges,
  countChanges,
  findGaps,
  type BoardJSON,
  type BoardChange,
  type CardPlace,
  type ChangeKind,
} from '../../shared/board/index.ts';

/** A measure that cites no source, with where it sits. */
export interface BriefUnsourced {
  id: string;
  title: string;
  /** `Theme · Side`. */
  context: string;
}

export interface BriefEvidence {
  /** How many measures the board has. */
  measures: number;
  /** The measures citing no source, in board order. */
  unsourced: BriefUnsourced[];
}

export interface BriefChange {
  kind: ChangeKind;
  /** `Added`, `Edited`, `Moved`, `Removed`. */
  kindLabel: string;
  targetType: BoardChange['target']['type'];
  /** `Theme`, `Measure`, `Friction point`. */
  what: string;
  id: string;
  title: string;
  /** Where and what: `Promotion · United States → Protection · Japan; title edited`. */
  detail: string;
}

export interface BriefChanges {
  /** The snapshot's name, as the facilitator wrote it. */
  label: string;
  /** When it was taken, `15 January 2025` (or empty when unknown). */
  date: string;
  counts: Record<ChangeKind, number>;
  entries: BriefChange[];
}

/** The snapshot a "Changes since" annex compares against. */
export interface BriefSince {
  label: string;
  /** ISO date-time the snapshot was taken. */
  createdAt: string;
  board: BoardJSON;
}

export const CHANGE_LABELS: Record<ChangeKind, string> = {
  added: 'Added',
  edited: 'Edited',
  moved: 'Moved',
  removed: 'Removed',
};

const WHAT: Record<BoardChange['target']['type'], string> = {
  row: 'Theme',
  card: 'Measure',
  friction: 'Friction point',
};

const FIELD_NAMES: Record<string, string> = {
  title: 'title',
  summary: 'summary',
  body: 'text',
  kind: 'kind',
  year: 'year',
  amount: 'amount',
  tags: 'tags',
  sources: 'sources',
  severity: 'severity',
  status: 'status',
  links: 'linked measures',
};

type Clean = (text: string) => string;

function where(place: CardPlace, clean: Clean): string {
  return `${clean(place.rowTitle) || 'Untitled theme'} · ${clean(place.columnLabel)}`;
}

function detailOf(change: BoardChange, clean: Clean): string {
  const parts: string[] = [];
  if (change.kind === 'moved' && change.from && change.to) {
    parts.push(`${where(change.from, clean)} → ${where(change.to, clean)}`);
  } else if (change.kind === 'removed' && change.from) {
    parts.push(`was in ${where(change.from, clean)}`);
  } else if (change.to) {
    parts.push(where(change.to, clean));
  }
  if (change.fields.length) {
    parts.push(`${change.fields.map((f) => FIELD_NAMES[f] ?? f).join(', ')} edited`);
  }
  if (change.by) parts.push(`by ${clean(change.by)}`);
  return parts.join('; ');
}

const UNTITLED: Record<BoardChange['target']['type'], string> = {
  row: 'Untitled theme',
  card: 'Untitled measure',
  friction: 'Untitled friction point',
};

/** What the annex says about its names, once for every renderer. */
export const CHANGES_WHO =
  'A name is who last edited the item in the web client, where the board knows it.';

/** The "Changes since" annex of `board` against the snapshot `since`. */
export function changesAnnex(
  since: BriefSince,
  board: BoardJSON,
  clean: Clean,
  dateLabel: (iso: string) => string,
): BriefChanges {
  const changes = boardChanges(since.board, board);
  return {
    label: clean(since.label) || 'snapshot',
    date: dateLabel(since.createdAt),
    counts: countChanges(changes),
    entries: changes.map((change) => ({
      kind: change.kind,
      kindLabel: CHANGE_LABELS[change.kind],
      targetType: change.target.type,
      what: WHAT[change.target.type],
      id: change.target.id,
      title: clean(change.title) || UNTITLED[change.target.type],
      detail: detailOf(change, clean),
    })),
  };
}

/** Measures of `board` that cite no source: the gap finder's `unsourced-card` flags. */
export function unsourcedCards(board: BoardJSON): { id: string; title: string }[] {
  const byId = new Map(board.cards.map((c) => [c.id, c]));
  return findGaps(board)
    .filter((gap) => gap.kind === 'unsourced-card')
    .map((gap) => ({ id: gap.target.id, title: byId.get(gap.target.id)?.title ?? '' }));
}

/** The evidence check of `board`. */
export function evidenceCheck(board: BoardJSON, clean: Clean): BriefEvidence {
  const rowTitle = new Map(board.rows.map((r) => [r.id, clean(r.title) || 'Untitled theme']));
  const columnLabel = new Map(board.columns.map((c) => [c.id, clean(c.label) || c.id]));
  const byId = new Map(board.cards.map((c) => [c.id, c]));
  return {
    measures: board.cards.length,
    unsourced: unsourcedCards(board).map(({ id, title }) => {
      const card = byId.get(id)!;
      return {
        id,
        title: clean(title) || 'Untitled measure',
        context: `${rowTitle.get(card.rowId) ?? ''} · ${columnLabel.get(card.columnId) ?? ''}`,
      };
    }),
  };
}

/** One sentence counting the changes: `3 added, 1 edited, 0 moved, 2 removed`. */
export function changeCounts(changes: BriefChanges): string {
  return (['added', 'edited', 'moved', 'removed'] as const)
    .map((kind) => `${changes.counts[kind]} ${kind}`)
    .join(', ');
}
