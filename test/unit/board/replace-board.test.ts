import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as board from '../../../shared/board/index.ts';
import { smallBoard, smallBoardJson, syncInto } from '../../helpers/boards.ts';

describe('replaceBoard (restore as an ordinary edit)', () => {
  it('brings an edited board back to an earlier BoardJSON exactly', () => {
    const doc = smallBoard();
    const before = board.fromYDoc(doc, 'small');
    board.editCardText(doc, 'c1', 'title', 'Changed');
    board.moveCard(doc, 'c2', { rowId: 'r2', columnId: 'jp', index: 0 });
    board.deleteCard(doc, 'c4');
    board.addCard(doc, { rowId: 'r1', columnId: 'joint', title: 'New' });
    board.deleteRow(doc, 'r2');
    board.addFriction(doc, { title: 'Extra' });
    board.resolveComment(doc, 'm1');
    board.addColumn(doc, { id: 'eu', label: 'EU', country: 'EU' });
    board.setTitle(doc, 'Renamed');
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    board.replaceBoard(doc, before);
    expect(transactions).toBe(1);
    expect(board.fromYDoc(doc, 'small')).toEqual(before);
  });

  it('touches nothing when the board already matches', () => {
    const doc = smallBoard();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    board.replaceBoard(doc, smallBoardJson());
    expect(updates).toEqual([]);
  });

  it('merges with a concurrent edit on another replica and can be undone', () => {
    const a = smallBoard();
    const b = new Y.Doc();
    syncInto(a, b);
    const snapshot = board.fromYDoc(a, 'small');
    board.editCardText(a, 'c1', 'title', 'Edited before restore');
    const undo = new Y.UndoManager(
      [board.boardTypes(a).cards, board.boardTypes(a).rows, board.boardTypes(a).frictions],
      { trackedOrigins: new Set(['restore']) },
    );
    a.transact(() => board.replaceBoard(a, snapshot), 'restore');
    expect(board.fromYDoc(a, 'small').cards[0].title).toBe('CHIPS Act');
    board.editCardText(b, 'c3', 'body', 'Typed meanwhile');
    syncInto(a, b);
    syncInto(b, a);
    expect(board.fromYDoc(a, 'x')).toEqual(board.fromYDoc(b, 'x'));
    expect(board.fromYDoc(a, 'x').cards.find((c) => c.id === 'c3')!.body).toBe('Typed meanwhile');
    undo.undo();
    expect(board.fromYDoc(a, 'small').cards[0].title).toBe('Edited before restore');
  });
});
