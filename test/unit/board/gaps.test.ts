import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import * as board from '../../../shared/board/index.ts';
import { smallBoard } from '../../helpers/boards.ts';

const kinds = (gaps: board.Gap[]) => gaps.map((g) => `${g.kind}:${g.target.id}`);

describe('findGaps', () => {
  it('flags one-sided themes, one-sided and unlinked frictions, unsourced cards and uncited sources', () => {
    const doc = smallBoard();
    // r2 has US and JP measures; make r3 with U.S. measures only.
    const r3 = board.addRow(doc, { id: 'r3', title: 'Screening' });
    board.addCard(doc, { id: 'c6', rowId: r3, columnId: 'us', title: 'CFIUS', sourceIds: ['s1'] });
    board.addFriction(doc, { id: 'f3', title: 'Only U.S.', cardIds: ['c1', 'c6'] });
    board.addFriction(doc, { id: 'f4', title: 'Floating' });
    board.addSource(doc, { id: 's3', label: '[3]' });
    const gaps = board.findGaps(board.fromYDoc(doc, 'x'));
    expect(kinds(gaps)).toEqual([
      'one-sided-theme:r3',
      'one-sided-friction:f3',
      'unlinked-friction:f4',
      'unsourced-card:c2',
      'unsourced-card:c5',
      'uncited-source:s3',
    ]);
    expect(gaps[0].message).toBe(
      '“Screening” has measures for the United States but none for Japan.',
    );
    expect(gaps[0]).toMatchObject({ name: 'Screening', side: 'US' });
    expect(gaps[1]).toMatchObject({ name: 'Only U.S.', side: 'US' });
    expect(gaps[5]).toMatchObject({ name: '[3]' });
    expect(gaps[5]).not.toHaveProperty('side');
  });

  it('counts a joint measure for both sides and follows edits live', () => {
    const doc = smallBoard();
    const r3 = board.addRow(doc, { id: 'r3', title: 'Cooperation' });
    board.addCard(doc, { id: 'c6', rowId: r3, columnId: 'us', title: 'A', sourceIds: ['s1'] });
    expect(kinds(board.findGaps(board.fromYDoc(doc, 'x')))).toContain('one-sided-theme:r3');
    board.addCard(doc, { id: 'c7', rowId: r3, columnId: 'joint', title: 'B', sourceIds: ['s1'] });
    expect(kinds(board.findGaps(board.fromYDoc(doc, 'x')))).not.toContain('one-sided-theme:r3');
    board.attachSource(doc, 'c2', 's2');
    expect(kinds(board.findGaps(board.fromYDoc(doc, 'x')))).not.toContain('unsourced-card:c2');
  });

  it('finds no unsourced card or one-sided friction on the seed board', () => {
    const seed = board.parseBoardJson(
      JSON.parse(fs.readFileSync('seeds/us-japan-economic-security.json', 'utf8')),
    );
    const gaps = board.findGaps(seed);
    expect(
      gaps.filter(
        (g) =>
          g.kind === 'unsourced-card' ||
          g.kind === 'one-sided-friction' ||
          g.kind === 'uncited-source',
      ),
    ).toEqual([]);
  });
});
