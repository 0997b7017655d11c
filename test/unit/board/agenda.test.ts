/**
 * The agenda in the board document: adding, editing, reordering and deleting steps (one
 * transaction each), refusing bad settings, dropping references to deleted records, and the
 * BoardJSON round trip with its path errors.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as board from '../../../shared/board/index.ts';
import { smallBoard, smallBoardJson } from '../../helpers/boards.ts';

function countTransactions(doc: Y.Doc, work: () => void): number {
  let n = 0;
  const on = () => n++;
  doc.on('afterTransaction', on);
  work();
  doc.off('afterTransaction', on);
  return n;
}

describe('agenda operations', () => {
  it('adds, edits, reorders and deletes steps, one transaction each', () => {
    const doc = smallBoard();
    let a = '';
    expect(
      countTransactions(doc, () => {
        a = board.addStep(doc, {
          title: 'Promotion',
          focus: { type: 'row', id: 'r1' },
          minutes: 10,
        });
      }),
    ).toBe(1);
    const b = board.addStep(doc, {
      title: 'Vote on frictions',
      vote: { targetIds: ['f1', 'f2'], perPerson: 2 },
      lock: true,
    });
    const c = board.addStep(doc, { title: 'Unlock', lock: false, index: 0 });
    expect(board.listAgenda(doc).map((s) => s.id)).toEqual([c, a, b]);
    expect(board.listAgenda(doc)[1]).toMatchObject({
      title: 'Promotion',
      focus: { type: 'row', id: 'r1' },
      minutes: 10,
      vote: null,
      lock: null,
    });

    expect(
      countTransactions(doc, () => board.editStep(doc, a, { minutes: null, title: 'Subsidies' })),
    ).toBe(1);
    expect(board.listAgenda(doc)[1]).toMatchObject({
      title: 'Subsidies',
      focus: { type: 'row', id: 'r1' },
      minutes: null,
    });

    board.moveStep(doc, c, 3);
    expect(board.listAgenda(doc).map((s) => s.id)).toEqual([a, b, c]);
    board.deleteStep(doc, b);
    expect(board.listAgenda(doc).map((s) => s.id)).toEqual([a, c]);
  });

  it('refuses settings that could not be performed, naming the problem', () => {
    const doc = smallBoard();
    expect(() => board.addStep(doc, { focus: { type: 'row', id: 'nope' } })).toThrow(
      'unknown row "nope"',
    );
    expect(() => board.addStep(doc, { minutes: 0 })).toThrow(/1 to 240 whole minutes/);
    expect(() => board.addStep(doc, { vote: { targetIds: ['c1'], perPerson: 1 } })).toThrow(
      'unknown friction "c1"',
    );
    expect(() => board.addStep(doc, { vote: { targetIds: [], perPerson: 1 } })).toThrow(
      /1 to 100 friction points/,
    );
    expect(() => board.addStep(doc, { vote: { targetIds: ['f1'], perPerson: 99 } })).toThrow(
      /votes per person/,
    );
    expect(() => board.editStep(doc, 'missing', { title: 'x' })).toThrow('unknown step "missing"');
    expect(board.listAgenda(doc)).toEqual([]);
  });

  it('drops references to deleted rows, cards and frictions (also deleted concurrently)', () => {
    const doc = smallBoard();
    const focusCard = board.addStep(doc, { focus: { type: 'card', id: 'c4' } });
    const focusRow = board.addStep(doc, { focus: { type: 'row', id: 'r2' }, minutes: 5 });
    const vote = board.addStep(doc, { vote: { targetIds: ['f1', 'f2'], perPerson: 1 } });
    // A replica that has not seen the steps deletes the friction at the same time.
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    board.deleteFriction(other, 'f1');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));

    expect(board.listAgenda(doc).find((s) => s.id === vote)?.vote).toEqual({
      targetIds: ['f2'],
      perPerson: 1,
    });
    board.deleteRow(doc, 'r2'); // takes its cards (c4) with it
    board.deleteFriction(doc, 'f2');
    const steps = new Map(board.listAgenda(doc).map((s) => [s.id, s]));
    expect(steps.get(focusCard)?.focus).toBeNull();
    expect(steps.get(focusRow)).toMatchObject({ focus: null, minutes: 5 });
    expect(steps.get(vote)?.vote).toBeNull();
    // What is exported is importable again.
    const json = board.fromYDoc(doc, 'x');
    expect(json.agenda?.map((s) => s.focus)).toEqual([null, null, null]);
    expect(() => board.toYDoc(json)).not.toThrow();
  });
});

describe('agenda in BoardJSON', () => {
  const withAgenda = () => ({
    ...smallBoardJson(),
    agenda: [
      { id: 's1', title: 'Promotion', focus: { type: 'row', id: 'r1' }, minutes: 10 },
      {
        id: 's2',
        title: 'Which friction first?',
        focus: { type: 'friction', id: 'f1' },
        vote: { targetIds: ['f1', 'f2'], perPerson: 2 },
        lock: true,
      },
      { id: 's3', title: 'Back to work', lock: false },
    ],
  });

  it('round-trips through a document, defaults filled', () => {
    const doc = board.toYDoc(withAgenda());
    const json = board.fromYDoc(doc, 'small');
    expect(json.agenda).toEqual([
      {
        id: 's1',
        title: 'Promotion',
        focus: { type: 'row', id: 'r1' },
        minutes: 10,
        vote: null,
        lock: null,
      },
      {
        id: 's2',
        title: 'Which friction first?',
        focus: { type: 'friction', id: 'f1' },
        minutes: null,
        vote: { targetIds: ['f1', 'f2'], perPerson: 2 },
        lock: true,
      },
      { id: 's3', title: 'Back to work', focus: null, minutes: null, vote: null, lock: false },
    ]);
    expect(board.fromYDoc(board.toYDoc(json), 'small')).toEqual(json);
  });

  it('is optional: boards without one import and export without the field', () => {
    const json = board.fromYDoc(board.toYDoc(smallBoardJson()), 'small');
    expect(json).not.toHaveProperty('agenda');
  });

  it('refuses unknown references and bad steps with the path of the field', () => {
    const bad = (edit: (b: ReturnType<typeof withAgenda>) => void) => {
      const b = withAgenda();
      edit(b);
      try {
        board.parseBoardJson(b);
      } catch (error) {
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(bad((b) => (b.agenda[0].focus = { type: 'row', id: 'r9' }))).toBe(
      'agenda[0].focus.id: unknown row "r9"',
    );
    expect(bad((b) => (b.agenda[1].vote = { targetIds: ['f1', 'c1'], perPerson: 1 }))).toBe(
      'agenda[1].vote.targetIds[1]: unknown friction "c1"',
    );
    expect(bad((b) => (b.agenda[2].id = 's1'))).toBe('agenda[2].id: duplicate id "s1"');
    expect(bad((b) => (b.agenda[0].minutes = 1000))).toMatch(/^agenda\[0\]\.minutes: /);
    expect(bad((b) => (b.agenda[0].focus = { type: 'column', id: 'us' }))).toMatch(
      /^agenda\[0\]\.focus\.type: /,
    );
  });

  it('is restored with a snapshot (replaceBoard) and cleared by one without an agenda', () => {
    const doc = board.toYDoc(withAgenda());
    board.addStep(doc, { id: 's9', title: 'Added later' });
    board.editStep(doc, 's1', { minutes: 3 });
    board.replaceBoard(doc, withAgenda());
    expect(board.listAgenda(doc).map((s) => [s.id, s.minutes])).toEqual([
      ['s1', 10],
      ['s2', null],
      ['s3', null],
    ]);
    board.replaceBoard(doc, smallBoardJson());
    expect(board.listAgenda(doc)).toEqual([]);
  });
});
