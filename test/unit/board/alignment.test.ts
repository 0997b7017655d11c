/**
 * Alignment per theme: people's ratings in the document, the merge of ratings made at once on
 * two replicas, the summary maths, and BoardJSON (schema, reference checks, round trip).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as board from '../../../shared/board/index.ts';
import { deleteRow, fromYDoc, replaceBoard, toYDoc } from '../../../shared/board/index.ts';
import { smallBoard, smallBoardJson, syncInto } from '../../helpers/boards.ts';

const AIKO = { id: 'rater-aiko', name: 'Aiko' };
const BEN = { id: 'rater-ben', name: 'Ben' };
const AT = new Date('2026-03-01T10:00:00.000Z');

describe('rating a theme', () => {
  it('keeps one rating per person and row, merging partial changes', () => {
    const doc = smallBoard();
    board.rateTheme(doc, 'r1', AIKO, { aligned: 4 }, AT);
    board.rateTheme(doc, 'r1', AIKO, { importance: 2 }, AT);
    board.rateTheme(doc, 'r2', AIKO, { aligned: 1, importance: 5 }, AT);
    expect(board.readRating(doc, 'r1', AIKO.id)).toEqual({
      rowId: 'r1',
      raterId: AIKO.id,
      name: 'Aiko',
      aligned: 4,
      importance: 2,
      at: AT.toISOString(),
    });
    expect(board.listRatings(doc).map((r) => `${r.rowId}:${r.aligned}/${r.importance}`)).toEqual([
      'r1:4/2',
      'r2:1/5',
    ]);
    // Taking back one score keeps the other; taking back both removes the rating.
    board.rateTheme(doc, 'r1', AIKO, { aligned: null });
    expect(board.readRating(doc, 'r1', AIKO.id)).toMatchObject({ aligned: null, importance: 2 });
    board.rateTheme(doc, 'r1', AIKO, { importance: null });
    expect(board.readRating(doc, 'r1', AIKO.id)).toBeNull();
    board.clearRating(doc, 'r2', AIKO.id);
    expect(board.listRatings(doc)).toEqual([]);
  });

  it('refuses scores outside 1–5, unknown rows and bad rater ids, changing nothing', () => {
    const doc = smallBoard();
    expect(() => board.rateTheme(doc, 'r1', AIKO, { aligned: 6 })).toThrow(
      /aligned must be a whole number from 1 to 5/,
    );
    expect(() => board.rateTheme(doc, 'r1', AIKO, { importance: 2.5 })).toThrow(/importance/);
    expect(() => board.rateTheme(doc, 'nope', AIKO, { aligned: 3 })).toThrow(/unknown row "nope"/);
    expect(() => board.rateTheme(doc, 'r1', { id: 'a/b', name: 'x' }, { aligned: 3 })).toThrow(
      /rater id/,
    );
    expect(board.listRatings(doc)).toEqual([]);
  });

  it('ignores malformed entries a buggy client may have written', () => {
    const doc = smallBoard();
    const { alignment } = board.boardTypes(doc);
    alignment.set('r1/ok', { name: 'Ok', aligned: 3, importance: null });
    alignment.set('r1/bad-score', { name: 'x', aligned: 9, importance: 0 });
    alignment.set('no-separator', { aligned: 3 });
    alignment.set('r1/text', 'five');
    expect(board.listRatings(doc).map((r) => r.raterId)).toEqual(['ok']);
  });

  it('deleting a row deletes its ratings in the same transaction', () => {
    const doc = smallBoard();
    board.rateTheme(doc, 'r1', AIKO, { aligned: 2 });
    board.rateTheme(doc, 'r1', BEN, { aligned: 5 });
    board.rateTheme(doc, 'r2', BEN, { aligned: 3 });
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    deleteRow(doc, 'r1');
    expect(transactions).toBe(1);
    expect(board.listRatings(doc).map((r) => `${r.rowId}/${r.raterId}`)).toEqual(['r2/rater-ben']);
  });
});

describe('concurrent ratings', () => {
  it('two people rating the same theme at once on two replicas are both kept', () => {
    const a = smallBoard();
    const b = new Y.Doc();
    syncInto(a, b);
    board.rateTheme(a, 'r1', AIKO, { aligned: 2, importance: 4 });
    board.rateTheme(b, 'r1', BEN, { aligned: 5, importance: 5 });
    syncInto(a, b);
    syncInto(b, a);
    for (const doc of [a, b]) {
      expect(board.listRatings(doc).map((r) => `${r.raterId}:${r.aligned}`)).toEqual([
        'rater-aiko:2',
        'rater-ben:5',
      ]);
    }
    expect(fromYDoc(a, 'x')).toEqual(fromYDoc(b, 'x'));
  });

  it('a rating made while someone else deletes the row does not reach BoardJSON', () => {
    const a = smallBoard();
    const b = new Y.Doc();
    syncInto(a, b);
    deleteRow(a, 'r1');
    board.rateTheme(b, 'r1', BEN, { aligned: 5 });
    syncInto(a, b);
    syncInto(b, a);
    expect(fromYDoc(a, 'x').alignment).toBeUndefined();
    expect(fromYDoc(b, 'x')).toEqual(fromYDoc(a, 'x'));
  });
});

describe('summarizeAlignment', () => {
  it('counts raters and gives mean, spread (population SD), min and max per scale', () => {
    const summary = board.summarizeAlignment([
      { rowId: 'r1', aligned: 1, importance: 5 },
      { rowId: 'r1', aligned: 5, importance: null },
      { rowId: 'r1', aligned: 3, importance: 4 },
      { rowId: 'r2', aligned: null, importance: 2 },
    ]);
    const r1 = summary.get('r1')!;
    expect(r1.count).toBe(3);
    expect(r1.aligned).toMatchObject({ count: 3, mean: 3, min: 1, max: 5 });
    // Deviations -2, 2, 0: variance 8/3.
    expect(r1.aligned!.spread).toBeCloseTo(Math.sqrt(8 / 3), 10);
    expect(r1.importance).toEqual({ count: 2, mean: 4.5, spread: 0.5, min: 4, max: 5 });
    const r2 = summary.get('r2')!;
    expect(r2).toEqual({
      rowId: 'r2',
      count: 1,
      aligned: null,
      importance: { count: 1, mean: 2, spread: 0, min: 2, max: 2 },
    });
    expect(summary.has('r3')).toBe(false);
  });

  it('agreement has no spread; skips ratings without a valid score', () => {
    const summary = board.summarizeAlignment([
      { rowId: 'r1', aligned: 4, importance: null },
      { rowId: 'r1', aligned: 4, importance: null },
      { rowId: 'r1', aligned: 7, importance: null },
      { rowId: 'r1', aligned: null, importance: null },
    ]);
    expect(summary.get('r1')).toMatchObject({ count: 2, aligned: { mean: 4, spread: 0 } });
  });
});

describe('BoardJSON', () => {
  const withRatings = () => ({
    ...smallBoardJson(),
    alignment: [
      { rowId: 'r1', raterId: 'rater-aiko', name: 'Aiko', aligned: 2, importance: 4 },
      {
        rowId: 'r2',
        raterId: 'rater-ben',
        name: 'Ben',
        aligned: 5,
        importance: null,
        at: '2026-03-01T10:00:00.000Z',
      },
      { rowId: 'r1', raterId: 'rater-ben', name: 'Ben', aligned: null, importance: 3 },
    ],
  });

  it('round-trips ratings through toYDoc/fromYDoc, in row order then by rater', () => {
    const json = fromYDoc(toYDoc(withRatings()), 'small');
    expect(json.alignment).toEqual([
      { rowId: 'r1', raterId: 'rater-aiko', name: 'Aiko', aligned: 2, importance: 4 },
      { rowId: 'r1', raterId: 'rater-ben', name: 'Ben', aligned: null, importance: 3 },
      {
        rowId: 'r2',
        raterId: 'rater-ben',
        name: 'Ben',
        aligned: 5,
        importance: null,
        at: '2026-03-01T10:00:00.000Z',
      },
    ]);
    expect(fromYDoc(toYDoc(json), 'small')).toEqual(json);
  });

  it('leaves `alignment` out when nobody rated, so older files and exports stay as they were', () => {
    expect(fromYDoc(toYDoc(smallBoardJson()), 'small')).not.toHaveProperty('alignment');
    expect(board.parseBoardJson(smallBoardJson()).alignment).toBeUndefined();
  });

  it('refuses ratings of unknown rows, twice-rated rows and bad scores with the path', () => {
    const unknownRow = withRatings();
    unknownRow.alignment[1].rowId = 'r9';
    expect(() => board.parseBoardJson(unknownRow)).toThrow('alignment[1].rowId: unknown row "r9"');

    const twice = withRatings();
    twice.alignment[2].rowId = 'r1';
    twice.alignment[2].raterId = 'rater-aiko';
    expect(() => board.parseBoardJson(twice)).toThrow(
      'alignment[2].raterId: "rater-aiko" already rated row "r1"',
    );

    const bad = withRatings();
    bad.alignment[0].aligned = 0;
    expect(() => board.parseBoardJson(bad)).toThrow(/^alignment\[0\]\.aligned: /);

    const empty = withRatings();
    empty.alignment[0].aligned = null;
    empty.alignment[0].importance = null;
    expect(() => board.parseBoardJson(empty)).toThrow(
      'alignment[0]: a rating needs "aligned" or "importance" (1–5)',
    );
  });

  it('restoring a snapshot makes the ratings match it', () => {
    const doc = toYDoc(withRatings());
    const snapshot = fromYDoc(doc, 'small');
    board.rateTheme(doc, 'r1', AIKO, { aligned: 5 });
    board.rateTheme(doc, 'r2', { id: 'rater-chie', name: 'Chie' }, { importance: 1 });
    replaceBoard(doc, snapshot);
    expect(fromYDoc(doc, 'small')).toEqual(snapshot);
    replaceBoard(doc, smallBoardJson());
    expect(board.listRatings(doc)).toEqual([]);
  });
});
