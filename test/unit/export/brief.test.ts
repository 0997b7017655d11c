import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  fromYDoc,
  parseBoardJson,
  replaceBoard,
  setKeyJudgements,
  toYDoc,
} from '../../../shared/board/index.ts';
import { buildBrief, BriefOptionsError } from '../../../server/export/index.ts';
import { OPTIONS, seedBoard } from './fixtures.ts';

describe('buildBrief', () => {
  const board = seedBoard();

  it('has one theme per row with every column, empty ones kept, in board order', () => {
    const brief = buildBrief(board, OPTIONS);
    expect(brief.themes.map((t) => t.title)).toEqual(board.rows.map((r) => r.title));
    for (const theme of brief.themes) {
      const cards = board.cards.filter((c) => c.rowId === theme.id);
      const columnIds = board.columns.map((c) => c.id);
      expect(theme.cells.map((c) => c.side.columnId)).toEqual(columnIds);
      for (const cell of theme.cells) {
        expect(cell.measures.map((m) => m.id)).toEqual(
          cards.filter((c) => c.columnId === cell.side.columnId).map((c) => c.id),
        );
      }
    }
    expect(brief.stats.measures).toBe(board.cards.length);
  });

  it('groups a friction point’s linked measures by the country of their column', () => {
    const brief = buildBrief(board, OPTIONS);
    const column = new Map(board.columns.map((c) => [c.id, c.country]));
    const card = new Map(board.cards.map((c) => [c.id, c]));
    for (const friction of brief.frictions) {
      const source = board.frictions.find((f) => f.id === friction.id)!;
      for (const side of friction.sides) {
        for (const m of side.measures)
          expect(column.get(card.get(m.id)!.columnId)).toBe(side.country);
      }
      expect(friction.sides.flatMap((s) => s.measures).length).toBe(new Set(source.cardIds).size);
    }
  });

  it('turns endnote labels quoted in text into references, and keeps the endnotes in board order', () => {
    const brief = buildBrief(board, OPTIONS);
    const first = brief.frictions[0];
    expect(first.body.some((part) => typeof part !== 'string')).toBe(true);
    expect(brief.endnotes.map((e) => e.id)).toEqual(board.sources.map((s) => s.id));
    expect(brief.endnotes.map((e) => e.footnote)).toEqual(
      board.sources.map((s) => s.label.slice(1, -1)),
    );
    const withUrl = board.sources.filter((s) => s.url !== '').map((s) => s.url);
    expect(brief.endnotes.flatMap((e) => (e.url ? [e.url] : []))).toEqual(withUrl);
  });

  it('dates the brief from the board unless told otherwise, and refuses a malformed date', () => {
    expect(buildBrief(board, OPTIONS).date?.label).toBe('15 January 2025');
    expect(buildBrief(board, { ...OPTIONS, date: '2025-03-02' }).date).toMatchObject({
      iso: '2025-03-02',
      label: '2 March 2025',
    });
    expect(() => buildBrief(board, { ...OPTIONS, date: 'next Tuesday' })).toThrow(
      BriefOptionsError,
    );
    expect(() => buildBrief(board, { ...OPTIONS, date: '2025-02-30' })).toThrow(BriefOptionsError);
  });

  it('leaves votes out unless a vote was revealed, and ranks ties together', () => {
    expect(buildBrief(board, OPTIONS).votes).toBeNull();
    const brief = buildBrief(board, {
      ...OPTIONS,
      votes: [
        { targetId: board.cards[3].id, votes: 2 },
        { targetId: board.frictions[1].id, votes: 5 },
        { targetId: board.frictions[0].id, votes: 2 },
        { targetId: 'no-such-item', votes: 9 },
      ],
    });
    expect(brief.votes?.map((v) => [v.rank, v.targetId, v.votes])).toEqual([
      [1, board.frictions[1].id, 5],
      [2, board.cards[3].id, 2],
      [2, board.frictions[0].id, 2],
    ]);
    expect(brief.frictions[1].votes).toBe(5);
    expect(brief.frictions[2].votes).toBeNull();
  });

  it('includes only unresolved comments, and only when asked', () => {
    const withComments = {
      ...board,
      comments: [
        {
          id: 'm1',
          targetId: board.cards[0].id,
          author: 'Aiko',
          text: 'Check the figure',
          createdAt: '2025-01-16T09:00:00Z',
          resolved: false,
        },
        {
          id: 'm2',
          targetId: board.cards[0].id,
          author: 'Ben',
          text: 'Done',
          createdAt: '2025-01-16T10:00:00Z',
          resolved: true,
        },
        {
          id: 'm3',
          targetId: board.frictions[0].id,
          author: 'Ben',
          text: 'Agreed',
          createdAt: '2025-01-17T10:00:00Z',
          resolved: false,
        },
      ],
    };
    expect(buildBrief(withComments, OPTIONS).comments).toBeNull();
    const brief = buildBrief(withComments, { ...OPTIONS, includeComments: true });
    expect(brief.comments?.map((t) => [t.targetId, t.comments.map((c) => c.id)])).toEqual([
      [board.cards[0].id, ['m1']],
      [board.frictions[0].id, ['m3']],
    ]);
    expect(brief.comments?.[0].comments[0].date).toBe('16 January 2025');
  });

  it('is a pure function of its input', () => {
    expect(JSON.stringify(buildBrief(board, OPTIONS))).toBe(
      JSON.stringify(buildBrief(seedBoard(), OPTIONS)),
    );
  });
});

describe('the board-level fields of the brief', () => {
  it('carry key judgements, provenance and language through the document, and old boards without them', () => {
    const seed = seedBoard();
    const provenance = { source: 'Essay', author: 'A. Author', date: '2025-01', asOf: '2025-01' };
    const doc = toYDoc({ ...seed, keyJudgements: 'First.', provenance, language: 'ja' });
    expect(doc.getMap('meta').get('keyJudgements')).toBeInstanceOf(Y.Text);
    setKeyJudgements(doc, 'First, and second.');
    const json = fromYDoc(doc, seed.id);
    expect(json).toMatchObject({ keyJudgements: 'First, and second.', provenance, language: 'ja' });
    expect(parseBoardJson(json)).toEqual(json);

    const old = fromYDoc(toYDoc(seed), seed.id);
    expect(old).not.toHaveProperty('keyJudgements');
    expect(old).not.toHaveProperty('provenance');
    expect(old).not.toHaveProperty('language');
    // Malformed values left in meta by some other client read as absent.
    const odd = toYDoc(seed);
    odd.getMap('meta').set('provenance', 'not an object');
    odd.getMap('meta').set('language', 'fr');
    odd.getMap('meta').set('keyJudgements', 42);
    expect(fromYDoc(odd, seed.id)).not.toHaveProperty('provenance');
    expect(buildBrief(fromYDoc(odd, seed.id), OPTIONS).language).toBe('en');
    expect(() => parseBoardJson({ ...seed, language: 'fr' })).toThrow(/language/);
  });

  it('are restored with a snapshot: written when it has them, removed when it has not', () => {
    const seed = seedBoard();
    const doc = toYDoc(seed);
    const provenance = { source: 'Essay', asOf: '2025-01' };
    replaceBoard(doc, { ...seed, keyJudgements: 'Restored.', provenance, language: 'ja' });
    expect(fromYDoc(doc, seed.id)).toMatchObject({
      keyJudgements: 'Restored.',
      provenance,
      language: 'ja',
    });
    replaceBoard(doc, seed);
    const back = fromYDoc(doc, seed.id);
    expect(back).not.toHaveProperty('keyJudgements');
    expect(back).not.toHaveProperty('provenance');
    expect(back).not.toHaveProperty('language');
  });

  it('follows the board’s language unless told otherwise', () => {
    const seed = { ...seedBoard(), language: 'ja' as const };
    const brief = buildBrief(seed, { ...OPTIONS, date: '2025-03-02' });
    expect(brief.language).toBe('ja');
    expect(brief.date?.label).toBe('2025年3月2日');
    expect(brief.themes[0].cells.length).toBe(seed.columns.length);
    expect(buildBrief(seed, { ...OPTIONS, language: 'en' }).language).toBe('en');
  });
});
