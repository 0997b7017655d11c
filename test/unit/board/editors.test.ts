/**
 * Who last edited a record: a tracking client stamps the records its person changes (and only
 * its own changes), one undo takes the edit and the stamp back, the stamp travels in BoardJSON,
 * and "what changed" names the editor.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as board from '../../../shared/board/index.ts';
import { smallBoard } from '../../helpers/boards.ts';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const stampOf = (doc: Y.Doc, id: string) =>
  board.fromYDoc(doc, 'x').cards.find((c) => c.id === id)?.editedBy;

describe('editors', () => {
  it('stamps what this person changes, never what arrives from others', async () => {
    const ann = smallBoard();
    const ben = new Y.Doc();
    Y.applyUpdate(ben, Y.encodeStateAsUpdate(ann));
    const stop = board.trackEditors(ann, () => 'Ann');
    board.editCardText(ann, 'c1', 'title', 'Edited by Ann');
    board.moveCard(ann, 'c2', { rowId: 'r2', columnId: 'jp', index: 0 });
    const added = board.addCard(ann, { rowId: 'r1', columnId: 'us', title: 'New' });
    await settle();
    expect(stampOf(ann, 'c1')).toBe('Ann');
    expect(stampOf(ann, 'c2')).toBe('Ann');
    expect(stampOf(ann, added)).toBe('Ann');
    expect(stampOf(ann, 'c3')).toBeUndefined();

    // Ben's edit, applied on Ann's replica, is not stamped with Ann's name.
    board.editCardText(ben, 'c3', 'title', 'Edited by Ben');
    Y.applyUpdate(ann, Y.encodeStateAsUpdate(ben, Y.encodeStateVector(ann)), 'remote');
    await settle();
    expect(stampOf(ann, 'c3')).toBeUndefined();
    stop();
    board.editCardText(ann, 'c4', 'title', 'Not tracked any more');
    await settle();
    expect(stampOf(ann, 'c4')).toBeUndefined();
  });

  it('is undone with the edit, and travels in BoardJSON', async () => {
    const doc = smallBoard();
    const undo = new Y.UndoManager(
      [doc.getMap('cards'), doc.getMap('rows'), doc.getMap('frictions')],
      { trackedOrigins: new Set([null]) },
    );
    board.trackEditors(doc, () => 'Ann');
    board.editCardText(doc, 'c1', 'title', 'Changed');
    await settle();
    expect(stampOf(doc, 'c1')).toBe('Ann');
    undo.undo();
    expect(stampOf(doc, 'c1')).toBeUndefined();
    expect(board.fromYDoc(doc, 'x').cards.find((c) => c.id === 'c1')!.title).not.toBe('Changed');

    board.editCardText(doc, 'c1', 'title', 'Changed again');
    await settle();
    const json = board.fromYDoc(doc, 'x');
    const copy = board.fromYDoc(board.toYDoc(json), 'x');
    expect(copy.cards.find((c) => c.id === 'c1')!.editedBy).toBe('Ann');
  });

  it('names the last editor in what changed', async () => {
    const doc = smallBoard();
    const before = board.fromYDoc(doc, 'x');
    board.trackEditors(doc, () => 'Ann');
    board.editCardText(doc, 'c1', 'body', 'New body');
    board.deleteCard(doc, 'c2');
    await settle();
    const changes = board.boardChanges(before, board.fromYDoc(doc, 'x'));
    expect(changes.find((c) => c.target.id === 'c1')).toMatchObject({ kind: 'edited', by: 'Ann' });
    expect(changes.find((c) => c.target.id === 'c2')).toMatchObject({ kind: 'removed' });
    expect(changes.find((c) => c.target.id === 'c2')).not.toHaveProperty('by');
  });
});
