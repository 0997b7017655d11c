/**
 * Two annexes of the brief, kept beside `brief.ts` so their rules live in one place: the
 * evidence check (measures that cite no source, found by the gap finder) and "Changes since
 * <snapshot>" (from `boardChanges`). Their words come from `wording.ts`, in the brief's
 * language. Pure: the same boards always give the same annexes.
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
import { WORDING, type Wording } from './wording.ts';

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

/** English names of the kinds of change. */
export const CHANGE_LABELS: Record<ChangeKind, string> = WORDING.en.changeKinds;

type Clean = (text: string) => string;

function where(place: CardPlace, clean: Clean, words: Wording): string {
  return `${clean(place.rowTitle) || words.untitledTheme} · ${clean(place.columnLabel)}`;
}

function detailOf(change: BoardChange, clean: Clean, words: Wording): string {
  const parts: string[] = [];
  if (change.kind === 'moved' && change.from && change.to) {
    parts.push(`${where(change.from, clean, words)} → ${where(change.to, clean, words)}`);
  } else if (change.kind === 'removed' && change.from) {
    parts.push(words.wasIn(where(change.from, clean, words)));
  } else if (change.to) {
    parts.push(where(change.to, clean, words));
  }
  if (change.fields.length) {
    parts.push(words.fieldsEdited(change.fields.map((f) => words.changeFields[f] ?? f)));
  }
  if (change.by) parts.push(words.changedBy(clean(change.by)));
  return parts.join(words.detailSeparator);
}

function untitled(type: BoardChange['target']['type'], words: Wording): string {
  if (type === 'row') return words.untitledTheme;
  return type === 'card' ? words.untitledMeasure : words.untitledFriction;
}

/** English: what the annex says about its names. */
export const CHANGES_WHO = WORDING.en.changesWho;

/** The sentence opening the annex: when the snapshot was taken, the counts, who a name is. */
export function changesSummary(changes: BriefChanges, words: Wording): string {
  const taken = changes.date ? words.snapshotTaken(changes.date) : '';
  const counts = words.changeCounts(changes.counts);
  return `${taken}${words.changeCountLead}${counts}${words.stop}${words.changesWho}`;
}

/** The "Changes since" annex of `board` against the snapshot `since`. */
export function changesAnnex(
  since: BriefSince,
  board: BoardJSON,
  clean: Clean,
  dateLabel: (iso: string) => string,
  words: Wording,
): BriefChanges {
  const changes = boardChanges(since.board, board);
  return {
    label: clean(since.label) || words.unnamedSnapshot,
    date: dateLabel(since.createdAt),
    counts: countChanges(changes),
    entries: changes.map((change) => ({
      kind: change.kind,
      kindLabel: words.changeKinds[change.kind],
      targetType: change.target.type,
      what: words.changeTargets[change.target.type],
      id: change.target.id,
      title: clean(change.title) || untitled(change.target.type, words),
      detail: detailOf(change, clean, words),
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
export function evidenceCheck(board: BoardJSON, clean: Clean, words: Wording): BriefEvidence {
  const rowTitle = new Map(board.rows.map((r) => [r.id, clean(r.title) || words.untitledTheme]));
  const columnLabel = new Map(board.columns.map((c) => [c.id, clean(c.label) || c.id]));
  const byId = new Map(board.cards.map((c) => [c.id, c]));
  return {
    measures: board.cards.length,
    unsourced: unsourcedCards(board).map(({ id, title }) => {
      const card = byId.get(id)!;
      return {
        id,
        title: clean(title) || words.untitledMeasure,
        context: `${rowTitle.get(card.rowId) ?? ''} · ${columnLabel.get(card.columnId) ?? ''}`,
      };
    }),
  };
}
