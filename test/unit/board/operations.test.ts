import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as board from '../../../shared/board/index.ts';
import { smallBoard, syncInto } from '../../helpers/boards.ts';

const json = (doc: Y.Doc) => board.fromYDoc(doc, 'small');
const card = (doc: Y.Doc, id: string) => json(doc).cards.find((c) => c.id === id);

describe('row operations', () => {
  it('adds, renames, edits the summary, reorders and deletes rows', () => {
    const doc = smallBoard();
    const id = board.addRow(doc, { title: 'Screening', summary: 'FDI', index: 1 });
    expect(json(doc).rows.map((r) => r.id)).toEqual(['r1', id, 'r2']);
    board.renameRow(doc, id, 'Investment screening');
    board.editRowText(doc, id, 'summary', 'Inbound and outbound');
    expect(json(doc).rows[1]).toEqual({
      id,
      title: 'Investment screening',
      summary: 'Inbound and outbound',
    });
    board.moveRow(doc, id, 0);
    expect(json(doc).rows.map((r) => r.id)).toEqual([id, 'r1', 'r2']);
    board.moveRow(doc, 'r1', 99);
    expect(json(doc).rows.map((r) => r.id)).toEqual([id, 'r2', 'r1']);
  });

  it('deleting a row deletes its cards, their friction links and comments in one transaction', () => {
    const doc = smallBoard();
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    board.deleteRow(doc, 'r1');
    expect(transactions).toBe(1);
    const after = json(doc);
    expect(after.rows.map((r) => r.id)).toEqual(['r2']);
    expect(after.cards.map((c) => c.id)).toEqual(['c4', 'c5']);
    expect(after.frictions.find((f) => f.id === 'f2')!.cardIds).toEqual([]);
    expect(board.boardTypes(doc).cards.has('c1')).toBe(false);
    expect(board.boardTypes(doc).comments.has('c1')).toBe(false);
    expect(after.comments.map((c) => c.id)).toEqual(['m2']);
  });

  it('refuses unknown rows loudly', () => {
    const doc = smallBoard();
    expect(() => board.deleteRow(doc, 'nope')).toThrow(/unknown row "nope"/);
    expect(() => board.renameRow(doc, 'nope', 'x')).toThrow(/unknown row/);
  });
});

describe('column operations', () => {
  it('adds, renames, moves and deletes columns (deleting its cards)', () => {
    const doc = smallBoard();
    const eu = board.addColumn(doc, { id: 'eu', label: 'EU', country: 'EU', index: 2 });
    expect(json(doc).columns.map((c) => c.id)).toEqual(['us', 'jp', eu, 'joint']);
    board.renameColumn(doc, 'eu', 'European Union');
    board.moveColumn(doc, 'eu', 0);
    expect(json(doc).columns[0]).toEqual({ id: 'eu', label: 'European Union', country: 'EU' });
    board.deleteColumn(doc, 'jp');
    const after = json(doc);
    expect(after.columns.map((c) => c.id)).toEqual(['eu', 'us', 'joint']);
    expect(after.cards.some((c) => c.columnId === 'jp')).toBe(false);
    expect(after.frictions.find((f) => f.id === 'f1')!.cardIds).toEqual(['c4']);
  });
});

describe('card operations', () => {
  it('adds a card at the end of its cell or at an index', () => {
    const doc = smallBoard();
    const a = board.addCard(doc, { rowId: 'r1', columnId: 'us', title: 'A' });
    const b = board.addCard(doc, { rowId: 'r1', columnId: 'us', title: 'B', index: 0 });
    const cell = json(doc)
      .cards.filter((c) => c.rowId === 'r1' && c.columnId === 'us')
      .map((c) => c.id);
    expect(cell).toEqual([b, 'c1', 'c2', a]);
    expect(board.boardTypes(doc).comments.get(a)).toBeInstanceOf(Y.Array);
    expect(() => board.addCard(doc, { rowId: 'r9', columnId: 'us' })).toThrow(/unknown row "r9"/);
    expect(() => board.addCard(doc, { rowId: 'r1', columnId: 'xx' })).toThrow(
      /unknown column "xx"/,
    );
  });

  it('edits title and body by minimal splices', () => {
    const doc = smallBoard();
    const text = board.cardText(doc, 'c1', 'title');
    const deltas: unknown[] = [];
    text.observe((e) => deltas.push(e.delta));
    board.editCardText(doc, 'c1', 'title', 'CHIPS and Science Act');
    expect(deltas).toEqual([[{ retain: 6 }, { insert: 'and Science ' }]]);
    board.editCardText(doc, 'c1', 'body', 'Subsidies for fabs.');
    expect(card(doc, 'c1')).toMatchObject({
      title: 'CHIPS and Science Act',
      body: 'Subsidies for fabs.',
    });
  });

  it('moves a card by changing only rowId, columnId and order', () => {
    const doc = smallBoard();
    const map = board.recordAt(board.boardTypes(doc).cards, 'c1')!;
    const titleBefore = map.get('title');
    const changed = new Set<string>();
    map.observe((e) => e.keysChanged.forEach((k) => changed.add(k)));
    board.moveCard(doc, 'c1', { rowId: 'r2', columnId: 'jp', index: 0 });
    expect([...changed].sort()).toEqual(['columnId', 'order', 'rowId']);
    expect(map.get('title')).toBe(titleBefore);
    const cell = json(doc)
      .cards.filter((c) => c.rowId === 'r2' && c.columnId === 'jp')
      .map((c) => c.id);
    expect(cell).toEqual(['c1', 'c5']);
    board.moveCard(doc, 'c1', { rowId: 'r2', columnId: 'jp', index: 5 });
    expect(
      json(doc)
        .cards.filter((c) => c.rowId === 'r2' && c.columnId === 'jp')
        .map((c) => c.id),
    ).toEqual(['c5', 'c1']);
  });

  it('sets kind, year, amount and tags, and attaches and detaches sources', () => {
    const doc = smallBoard();
    board.setCardKind(doc, 'c2', 'institution');
    board.setCardYear(doc, 'c2', 2022);
    board.setCardAmount(doc, 'c2', '$369 billion');
    board.setCardTags(doc, 'c2', ['energy', ' climate ', 'energy', '']);
    board.attachSource(doc, 'c2', 's2');
    board.attachSource(doc, 'c2', 's2');
    expect(card(doc, 'c2')).toMatchObject({
      kind: 'institution',
      year: 2022,
      amount: '$369 billion',
      tags: ['energy', 'climate'],
      sourceIds: ['s2'],
    });
    board.setCardYear(doc, 'c2', null);
    board.setCardAmount(doc, 'c2', null);
    board.setCardTags(doc, 'c2', ['climate']);
    board.detachSource(doc, 'c2', 's2');
    expect(card(doc, 'c2')).toMatchObject({
      year: null,
      amount: null,
      tags: ['climate'],
      sourceIds: [],
    });
    expect(() => board.setCardKind(doc, 'c2', 'bogus' as board.CardKind)).toThrow(/unknown kind/);
    expect(() => board.attachSource(doc, 'c2', 'nope')).toThrow(/unknown source/);
  });

  it('deleting a card removes its friction links and comments', () => {
    const doc = smallBoard();
    board.deleteCard(doc, 'c4');
    const after = json(doc);
    expect(after.cards.find((c) => c.id === 'c4')).toBeUndefined();
    expect(after.frictions[0].cardIds).toEqual(['c5']);
    const raw = board
      .recordAt(board.boardTypes(doc).frictions, 'f1')!
      .get('cardIds') as Y.Array<string>;
    expect(raw.toArray()).toEqual(['c5']);
  });
});

describe('friction operations', () => {
  it('adds, edits, links, unlinks, sets severity and status, reorders and deletes', () => {
    const doc = smallBoard();
    const f = board.addFriction(doc, { title: 'Outbound investment', cardIds: ['c1'] });
    board.editFrictionText(doc, f, 'body', 'Different scope.');
    board.linkCard(doc, f, 'c3');
    board.linkCard(doc, f, 'c3');
    board.setSeverity(doc, f, 'high');
    board.setStatus(doc, f, 'managed');
    let view = json(doc).frictions.find((x) => x.id === f)!;
    expect(view).toEqual({
      id: f,
      title: 'Outbound investment',
      body: 'Different scope.',
      severity: 'high',
      status: 'managed',
      cardIds: ['c1', 'c3'],
    });
    board.unlinkCard(doc, f, 'c1');
    board.moveFriction(doc, f, 0);
    view = json(doc).frictions[0];
    expect(view.id).toBe(f);
    expect(view.cardIds).toEqual(['c3']);
    expect(() => board.linkCard(doc, f, 'nope')).toThrow(/unknown card/);
    expect(() => board.setSeverity(doc, f, 'extreme' as board.Severity)).toThrow(
      /unknown severity/,
    );
    board.deleteFriction(doc, 'f1');
    expect(json(doc).frictions.map((x) => x.id)).toEqual([f, 'f2']);
    expect(json(doc).comments.map((c) => c.id)).toEqual(['m1']);
  });
});

describe('source operations', () => {
  it('adds, edits and deletes sources, detaching them from cards', () => {
    const doc = smallBoard();
    const s = board.addSource(doc, {
      label: '[3]',
      citation: 'METI',
      url: 'https://example.org/3',
    });
    board.editSource(doc, s, { citation: 'METI white paper' });
    expect(json(doc).sources.at(-1)).toEqual({
      id: s,
      label: '[3]',
      citation: 'METI white paper',
      url: 'https://example.org/3',
    });
    board.deleteSource(doc, 's1');
    const after = json(doc);
    expect(after.sources.map((x) => x.id)).toEqual(['s2', s]);
    expect(after.cards.find((c) => c.id === 'c4')!.sourceIds).toEqual(['s2']);
  });

  it('refuses a source address that is not a web address, and never reads one out', () => {
    const doc = smallBoard();
    for (const url of [
      'javascript:alert(1)',
      'data:text/html,<script>',
      'ftp://x',
      'https://a b',
    ]) {
      expect(() => board.addSource(doc, { label: '[9]', url })).toThrow(/web address/);
      expect(() => board.editSource(doc, 's1', { url })).toThrow(/web address/);
    }
    // Written past the operations, it reads as no address at all.
    board.recordAt(board.boardTypes(doc).sources, 's1')!.set('url', 'javascript:alert(1)');
    expect(board.listSources(doc).find((s) => s.id === 's1')!.url).toBe('');
  });
});

describe('comment operations', () => {
  it('adds, edits, resolves and deletes comments on cards and frictions', () => {
    const doc = smallBoard();
    const id = board.addComment(doc, {
      targetId: 'c2',
      author: 'Chie',
      text: 'Source?',
      createdAt: '2024-05-03T00:00:00.000Z',
    });
    board.editComment(doc, id, 'Which source?');
    board.resolveComment(doc, id);
    expect(board.listComments(doc, 'c2')).toEqual([
      {
        id,
        targetId: 'c2',
        author: 'Chie',
        text: 'Which source?',
        createdAt: '2024-05-03T00:00:00.000Z',
        resolved: true,
      },
    ]);
    board.resolveComment(doc, id, false);
    expect(board.listComments(doc, 'c2')[0].resolved).toBe(false);
    board.deleteComment(doc, id);
    expect(board.listComments(doc, 'c2')).toEqual([]);
    expect(() => board.addComment(doc, { targetId: 'zz', author: 'a', text: 'b' })).toThrow(
      /unknown card or friction/,
    );
  });

  it('two people commenting on the same card at once keep both comments', () => {
    const a = smallBoard();
    const b = new Y.Doc();
    syncInto(a, b);
    board.addComment(a, { targetId: 'c2', author: 'A', text: 'one' });
    board.addComment(b, { targetId: 'c2', author: 'B', text: 'two' });
    syncInto(a, b);
    syncInto(b, a);
    expect(
      board
        .listComments(a, 'c2')
        .map((c) => c.text)
        .sort(),
    ).toEqual(['one', 'two']);
    expect(board.fromYDoc(a, 'x')).toEqual(board.fromYDoc(b, 'x'));
  });
});

describe('meta', () => {
  it('sets title and subtitle', () => {
    const doc = smallBoard();
    board.setTitle(doc, 'New');
    board.setSubtitle(doc, 'Sub');
    expect(board.readMeta(doc)).toMatchObject({
      title: 'New',
      subtitle: 'Sub',
      createdAt: '2024-05-01T00:00:00.000Z',
    });
  });
});
