import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import * as board from '../../../shared/board/index.ts';
import { smallBoard } from '../../helpers/boards.ts';

const summary = (changes: board.BoardChange[]) =>
  changes.map((c) => `${c.kind}:${c.target.type}:${c.target.id}`);
const json = (doc: ReturnType<typeof smallBoard>) => board.fromYDoc(doc, 'x');

describe('boardChanges', () => {
  it('finds nothing between a board and itself, or an unchanged copy', () => {
    const doc = smallBoard();
    expect(board.boardChanges(json(doc), json(doc))).toEqual([]);
    const seed = board.parseBoardJson(
      JSON.parse(fs.readFileSync('seeds/us-japan-economic-security.json', 'utf8')),
    );
    expect(board.boardChanges(seed, structuredClone(seed))).toEqual([]);
  });

  it('reports added, edited, moved and removed records in board order', () => {
    const doc = smallBoard();
    const before = json(doc);
    board.addRow(doc, { id: 'r3', title: 'Screening' });
    board.renameRow(doc, 'r1', 'Industrial promotion');
    board.addCard(doc, { id: 'c9', rowId: 'r3', columnId: 'us', title: 'CFIUS' });
    board.editCardText(doc, 'c3', 'title', 'ESPA');
    board.setCardYear(doc, 'c3', 2023);
    board.moveCard(doc, 'c2', { rowId: 'r2', columnId: 'jp' });
    board.deleteCard(doc, 'c4');
    board.addFriction(doc, { id: 'f9', title: 'New friction' });
    board.setSeverity(doc, 'f1', 'low');
    const after = json(doc);
    const changes = board.boardChanges(before, after);
    expect(summary(changes)).toEqual([
      'edited:row:r1',
      'added:row:r3',
      'edited:card:c3',
      'moved:card:c2',
      'added:card:c9',
      'removed:card:c4',
      'edited:friction:f1',
      'added:friction:f9',
    ]);
    const byId = new Map(changes.map((c) => [c.target.id, c]));
    expect(byId.get('r1')!.fields).toEqual(['title']);
    expect(byId.get('c3')!.fields).toEqual(['title', 'year']);
    expect(byId.get('c3')!.title).toBe('ESPA');
    expect(byId.get('c2')!.from).toEqual({
      rowId: 'r1',
      rowTitle: 'Promotion',
      columnId: 'us',
      columnLabel: 'United States',
    });
    expect(byId.get('c2')!.to).toMatchObject({ rowId: 'r2', columnId: 'jp', columnLabel: 'Japan' });
    expect(byId.get('c2')!.fields).toEqual([]);
    expect(byId.get('c9')!.to).toMatchObject({ rowTitle: 'Screening', columnId: 'us' });
    expect(byId.get('c4')!.from).toBeDefined();
    expect(byId.get('c4')!.to).toBeUndefined();
    // Deleting c4 also unlinked it from f1.
    expect(byId.get('f1')!.fields).toEqual(['severity', 'links']);
  });

  it('says which fields of a measure and a friction changed, including sources and links', () => {
    const doc = smallBoard();
    const before = json(doc);
    board.attachSource(doc, 'c2', 's2');
    board.setCardTags(doc, 'c2', ['energy']);
    board.setCardKind(doc, 'c2', 'protection');
    board.setCardAmount(doc, 'c2', '$1');
    board.editCardText(doc, 'c2', 'body', 'Now with a body.');
    board.linkCard(doc, 'f1', 'c2');
    board.setStatus(doc, 'f1', 'resolved');
    board.editFrictionText(doc, 'f1', 'body', 'changed');
    const changes = board.boardChanges(before, json(doc));
    expect(changes.find((c) => c.target.id === 'c2')!.fields).toEqual([
      'body',
      'kind',
      'amount',
      'tags',
      'sources',
    ]);
    expect(changes.find((c) => c.target.id === 'f1')!.fields).toEqual(['body', 'status', 'links']);
  });

  it('counts a moved and edited measure once, as moved, with its edited fields', () => {
    const doc = smallBoard();
    const before = json(doc);
    board.moveCard(doc, 'c1', { rowId: 'r2', columnId: 'us' });
    board.editCardText(doc, 'c1', 'title', 'CHIPS and Science Act');
    const changes = board.boardChanges(before, json(doc));
    expect(summary(changes)).toEqual(['moved:card:c1']);
    expect(changes[0].fields).toEqual(['title']);
    expect(board.countChanges(changes)).toEqual({ added: 0, edited: 0, moved: 1, removed: 0 });
  });

  it('ignores reordering within a cell and re-linking in another order', () => {
    const doc = smallBoard();
    const before = json(doc);
    const after = structuredClone(before);
    after.cards.reverse();
    after.frictions = after.frictions.map((f) => ({ ...f, cardIds: [...f.cardIds].reverse() }));
    expect(board.boardChanges(before, after)).toEqual([]);
  });

  it('reports removed themes and frictions, and what a deleted row took with it', () => {
    const doc = smallBoard();
    const before = json(doc);
    const cardsOfR2 = before.cards.filter((c) => c.rowId === 'r2').map((c) => c.id);
    board.deleteRow(doc, 'r2');
    for (const f of before.frictions) board.deleteFriction(doc, f.id);
    const changes = board.boardChanges(before, json(doc));
    expect(summary(changes)).toEqual([
      'removed:row:r2',
      ...cardsOfR2.map((id) => `removed:card:${id}`),
      ...before.frictions.map((f) => `removed:friction:${f.id}`),
    ]);
    expect(changes.find((c) => c.target.type === 'row')!.title).toBe('Protection');
  });
});
