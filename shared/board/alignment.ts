/**
 * Alignment per theme: each person rates, per row, how aligned the U.S. and Japan are on it
 * (1–5) and how much the theme matters (1–5). Ratings sit in one top-level `Y.Map` keyed
 * `<rowId>/<raterId>`, one plain value per person and row. A person writes only their own key,
 * so two people rating at once never overwrite each other — a nested map per row would not do:
 * two people creating a row's map at the same moment would keep only one of the two maps.
 * The summary (count, mean, spread) is pure maths over BoardJSON's `alignment`, so the board's
 * heat strip and the brief agree.
 */
import type * as Y from 'yjs';
import { boardTypes, type BoardTypes } from './layout.ts';
import { isValidId } from './ids.ts';
import { wellFormed } from './text.ts';
import { requireRecord } from './records.ts';

/** Both scales run from 1 (not aligned / matters little) to 5 (fully aligned / matters most). */
export const RATING_SCALE = { min: 1, max: 5 } as const;
/** Longest rater name kept with a rating. */
export const RATER_NAME_LENGTH = 100;

/** Who rates: a stable public id per person (never the private facilitation client id) and a name. */
export interface Rater {
  id: string;
  name: string;
}

/** One person's rating of one theme; a field is `null` until they rate it. */
export interface AlignmentRating {
  rowId: string;
  raterId: string;
  name: string;
  aligned: number | null;
  importance: number | null;
  /** When the rating last changed (ISO date-time, the rater's clock). */
  at?: string;
}

/** What a person changes: a score, or `null` to take that score back; absent leaves it. */
export interface RatingChange {
  aligned?: number | null;
  importance?: number | null;
}

/** Statistics of one scale over the people who used it. */
export interface ScaleSummary {
  count: number;
  mean: number;
  /** Population standard deviation: 0 when everyone agrees, up to 2 on a 1–5 scale. */
  spread: number;
  min: number;
  max: number;
}

/** A theme's ratings, summed up. */
export interface ThemeAlignment {
  rowId: string;
  /** People who rated the theme at all. */
  count: number;
  aligned: ScaleSummary | null;
  importance: ScaleSummary | null;
}

const SEPARATOR = '/';

/** The key of a person's rating of a row in the `alignment` map. */
export function ratingKey(rowId: string, raterId: string): string {
  return `${rowId}${SEPARATOR}${raterId}`;
}

export function isScore(value: unknown): value is number {
  return (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= RATING_SCALE.min &&
    value <= RATING_SCALE.max
  );
}

function checkScore(field: string, value: unknown): number | null | undefined {
  if (value === undefined || value === null || isScore(value)) return value;
  throw new Error(
    `${field} must be a whole number from ${RATING_SCALE.min} to ${RATING_SCALE.max}, or null`,
  );
}

const asScore = (value: unknown): number | null => (isScore(value) ? value : null);

/** One stored entry as a rating, or null for anything malformed (a buggy or hostile client). */
function readEntry(key: string, value: unknown): AlignmentRating | null {
  const cut = key.indexOf(SEPARATOR);
  if (cut < 0) return null;
  const rowId = key.slice(0, cut);
  const raterId = key.slice(cut + 1);
  if (!isValidId(rowId) || !isValidId(raterId)) return null;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const entry = value as Record<string, unknown>;
  const aligned = asScore(entry.aligned);
  const importance = asScore(entry.importance);
  if (aligned === null && importance === null) return null;
  const name = typeof entry.name === 'string' ? entry.name.slice(0, RATER_NAME_LENGTH) : '';
  const at = typeof entry.at === 'string' && !Number.isNaN(Date.parse(entry.at)) ? entry.at : '';
  return { rowId, raterId, name, aligned, importance, ...(at ? { at } : {}) };
}

/** Every well-formed rating in the document (rows not checked), sorted by row id, then rater. */
export function listRatings(doc: Y.Doc): AlignmentRating[] {
  const out: AlignmentRating[] = [];
  boardTypes(doc).alignment.forEach((value, key) => {
    const rating = readEntry(key, value);
    if (rating) out.push(rating);
  });
  return out.sort((a, b) =>
    a.rowId === b.rowId ? cmp(a.raterId, b.raterId) : cmp(a.rowId, b.rowId),
  );
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A person's own rating of a row, or null. */
export function readRating(doc: Y.Doc, rowId: string, raterId: string): AlignmentRating | null {
  const key = ratingKey(rowId, raterId);
  return readEntry(key, boardTypes(doc).alignment.get(key));
}

/**
 * Sets (part of) `rater`'s rating of a theme. A score of `null` takes it back; when neither
 * score is left the rating is removed. Throws for an unknown row or a score outside 1–5.
 */
export function rateTheme(
  doc: Y.Doc,
  rowId: string,
  rater: Rater,
  change: RatingChange,
  now: Date = new Date(),
): void {
  if (!isValidId(rater.id)) throw new Error(`rater id "${rater.id}" is not a valid id`);
  const aligned = checkScore('aligned', change.aligned);
  const importance = checkScore('importance', change.importance);
  doc.transact(() => {
    const types = boardTypes(doc);
    requireRecord(types.rows, rowId, 'row');
    const key = ratingKey(rowId, rater.id);
    const before = readEntry(key, types.alignment.get(key));
    const next = {
      name: wellFormed(rater.name.trim().slice(0, RATER_NAME_LENGTH)),
      aligned: aligned === undefined ? (before?.aligned ?? null) : aligned,
      importance: importance === undefined ? (before?.importance ?? null) : importance,
      at: now.toISOString(),
    };
    if (next.aligned === null && next.importance === null) {
      if (types.alignment.has(key)) types.alignment.delete(key);
      return;
    }
    types.alignment.set(key, next);
  });
}

/** Removes a person's rating of a theme (nothing happens when there is none). */
export function clearRating(doc: Y.Doc, rowId: string, raterId: string): void {
  doc.transact(() => {
    const { alignment } = boardTypes(doc);
    const key = ratingKey(rowId, raterId);
    if (alignment.has(key)) alignment.delete(key);
  });
}

/** Deletes every rating of a row; the row's own delete calls it inside its transaction. */
export function removeRowRatings(types: BoardTypes, rowId: string): void {
  const prefix = rowId + SEPARATOR;
  for (const key of [...types.alignment.keys()]) {
    if (key.startsWith(prefix)) types.alignment.delete(key);
  }
}

/**
 * Makes the document hold exactly `ratings` (import and snapshot restore), writing only what
 * differs. Callers validate first (`parseBoardJson`): rows exist, one rating per person and row.
 */
export function writeRatings(doc: Y.Doc, ratings: readonly AlignmentRating[]): void {
  doc.transact(() => {
    const { alignment } = boardTypes(doc);
    const wanted = new Map(
      ratings.map((r) => [
        ratingKey(r.rowId, r.raterId),
        {
          name: wellFormed(r.name),
          aligned: r.aligned,
          importance: r.importance,
          ...(r.at ? { at: r.at } : {}),
        } as { name: string; aligned: number | null; importance: number | null; at?: string },
      ]),
    );
    for (const key of [...alignment.keys()]) if (!wanted.has(key)) alignment.delete(key);
    for (const [key, value] of wanted) {
      const current = readEntry(key, alignment.get(key));
      const same =
        current !== null &&
        current.name === value.name &&
        current.aligned === value.aligned &&
        current.importance === value.importance &&
        (current.at ?? '') === (value.at ?? '');
      if (!same) alignment.set(key, value);
    }
  });
}

function summarizeScale(values: readonly number[]): ScaleSummary | null {
  if (!values.length) return null;
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length;
  return {
    count: values.length,
    mean,
    spread: Math.sqrt(variance),
    min: Math.min(...values),
    max: Math.max(...values),
  };
}

/**
 * Per theme: how many people rated it, and the mean and spread of each scale. Themes nobody
 * rated are absent. Ratings of unknown rows are summed up too; callers pass the rows they show.
 */
export function summarizeAlignment(
  ratings: readonly Pick<AlignmentRating, 'rowId' | 'aligned' | 'importance'>[],
): Map<string, ThemeAlignment> {
  const byRow = new Map<string, { count: number; aligned: number[]; importance: number[] }>();
  for (const r of ratings) {
    const aligned = asScore(r.aligned);
    const importance = asScore(r.importance);
    if (aligned === null && importance === null) continue;
    const acc = byRow.get(r.rowId) ?? { count: 0, aligned: [], importance: [] };
    acc.count++;
    if (aligned !== null) acc.aligned.push(aligned);
    if (importance !== null) acc.importance.push(importance);
    byRow.set(r.rowId, acc);
  }
  const out = new Map<string, ThemeAlignment>();
  for (const [rowId, acc] of byRow) {
    out.set(rowId, {
      rowId,
      count: acc.count,
      aligned: summarizeScale(acc.aligned),
      importance: summarizeScale(acc.importance),
    });
  }
  return out;
}
