/**
 * Alignment per theme in the browser: the live ratings of the board (woken only by changes to
 * the `alignment` map), this person's public rater id, and their writes. A rating is written
 * with its own transaction origin, so Ctrl+Z never takes back a rating (it is a judgement, not
 * an edit), while undoing a row's deletion brings the row's ratings back with it.
 */
import type * as Y from 'yjs';
import {
  boardTypes,
  clearRating,
  listRatings,
  rateTheme,
  summarizeAlignment,
  type AlignmentRating,
  type RatingChange,
  type ThemeAlignment,
} from '$shared/board/index.ts';
import { isValidId } from '$shared/board/ids.ts';
import { deepSubscriber } from '../sync/BoardState.svelte.ts';

const RATER_ID_KEY = 'bb.raterId';
/** Transaction origin of ratings: not `null`, so the undo history leaves them alone. */
export const RATING_ORIGIN = Symbol('alignment-rating');

/**
 * The id this browser rates under. It is public (everyone's ratings are keyed by it in the
 * board), so it is its own random value, never the private facilitation client id.
 */
export function browserRaterId(): string {
  const fresh = () =>
    `p-${Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(36).padStart(2, '0')).join('')}`;
  try {
    const saved = localStorage.getItem(RATER_ID_KEY);
    if (saved && isValidId(saved)) return saved;
    const id = fresh();
    localStorage.setItem(RATER_ID_KEY, id);
    return id;
  } catch {
    return fresh();
  }
}

export class AlignmentState {
  readonly doc: Y.Doc;
  readonly raterId: string;
  readonly #subscribe: () => void;

  constructor(doc: Y.Doc, raterId: string = browserRaterId()) {
    this.doc = doc;
    this.raterId = raterId;
    this.#subscribe = deepSubscriber(boardTypes(doc).alignment as Y.AbstractType<unknown>);
  }

  /** Every rating in the document. */
  get ratings(): AlignmentRating[] {
    this.#subscribe();
    return listRatings(this.doc);
  }

  /** Count, mean and spread per rated row. */
  get summary(): Map<string, ThemeAlignment> {
    return summarizeAlignment(this.ratings);
  }

  /** This person's rating of a row, or null. */
  mine(rowId: string): AlignmentRating | null {
    return this.ratings.find((r) => r.rowId === rowId && r.raterId === this.raterId) ?? null;
  }

  rate(rowId: string, name: string, change: RatingChange): void {
    this.doc.transact(
      () => rateTheme(this.doc, rowId, { id: this.raterId, name }, change),
      RATING_ORIGIN,
    );
  }

  clear(rowId: string): void {
    this.doc.transact(() => clearRating(this.doc, rowId, this.raterId), RATING_ORIGIN);
  }
}

const states = new WeakMap<Y.Doc, AlignmentState>();

/** The one alignment view of a board document (shared by every row header of the page). */
export function alignmentOf(doc: Y.Doc): AlignmentState {
  let state = states.get(doc);
  if (!state) {
    state = new AlignmentState(doc);
    states.set(doc, state);
  }
  return state;
}
