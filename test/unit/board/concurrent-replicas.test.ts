/**
 * Three replicas perform random board operations and exchange updates in random order; at
 * the end they must hold the same document (state vector, delete set, raw content) and agree
 * on one BoardJSON with no card lost or duplicated and no friction linking a missing card.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import * as board from '../../../shared/board/index.ts';
import { documentState, smallBoardJson, syncInto } from '../../helpers/boards.ts';

type Action =
  | { kind: 'op'; replica: number; op: number; a: number; b: number; c: number; text: string }
  | { kind: 'sync'; from: number; to: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('op' as const),
      replica: fc.nat(2),
      op: fc.nat(11),
      a: fc.nat(),
      b: fc.nat(),
      c: fc.nat(),
      text: fc.string({ maxLength: 6 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('sync' as const), from: fc.nat(2), to: fc.nat(2) }),
  },
);

const pick = <T>(list: T[], n: number): T | undefined =>
  list.length ? list[n % list.length] : undefined;

function perform(
  doc: Y.Doc,
  act: Extract<Action, { kind: 'op' }>,
  deleted: Set<string>,
  created: Set<string>,
): void {
  const types = board.boardTypes(doc);
  const cards = [...types.cards.keys()].sort();
  const rows = [...types.rows.keys()].sort();
  const frictions = [...types.frictions.keys()].sort();
  const columns = board.listColumns(doc).map((c) => c.id);
  const cardId = pick(cards, act.a);
  switch (act.op) {
    case 0:
    case 1: {
      if (!cardId) return;
      const text = board.cardText(doc, cardId, act.op === 0 ? 'title' : 'body');
      doc.transact(() => text.insert(act.b % (text.length + 1), act.text || 'x'));
      return;
    }
    case 2: {
      if (!cardId) return;
      const text = board.cardText(doc, cardId, 'title');
      if (text.length) doc.transact(() => text.delete(act.b % text.length, 1 + (act.c % 3)));
      return;
    }
    case 3:
    case 4: {
      const rowId = pick(rows, act.b);
      if (!cardId || !rowId) return;
      board.moveCard(doc, cardId, { rowId, columnId: pick(columns, act.c)!, index: act.c % 4 });
      return;
    }
    case 5: {
      const rowId = pick(rows, act.b);
      if (!rowId) return;
      created.add(
        board.addCard(doc, {
          rowId,
          columnId: pick(columns, act.c)!,
          title: act.text,
          index: act.a % 3,
        }),
      );
      return;
    }
    case 6:
      if (!cardId) return;
      deleted.add(cardId);
      board.deleteCard(doc, cardId);
      return;
    case 7: {
      const f = pick(frictions, act.b);
      if (cardId && f) board.linkCard(doc, f, cardId);
      return;
    }
    case 8: {
      const f = pick(frictions, act.b);
      if (cardId && f) board.unlinkCard(doc, f, cardId);
      return;
    }
    case 9: {
      if (act.a % 4 !== 0 || rows.length < 2) {
        board.addRow(doc, { title: act.text, index: act.b % 3 });
        return;
      }
      const rowId = pick(rows, act.b)!;
      board.eachRecord(types.cards, (card, id) => {
        if (card.get('rowId') === rowId) deleted.add(id);
      });
      board.deleteRow(doc, rowId);
      return;
    }
    case 10: {
      const target = pick([...cards, ...frictions], act.b);
      if (target)
        board.addComment(doc, {
          targetId: target,
          author: `r${act.replica}`,
          text: act.text,
          createdAt: new Date(act.c).toISOString(),
        });
      return;
    }
    default: {
      const f = pick(frictions, act.b);
      if (f) board.setSeverity(doc, f, board.SEVERITIES[act.c % 3]);
    }
  }
}

describe('three replicas with random operations', () => {
  it('converge on identical documents and BoardJSON with nothing lost, duplicated or dangling', () => {
    fc.assert(
      fc.property(fc.array(action, { minLength: 1, maxLength: 60 }), (actions) => {
        const origin = board.toYDoc(smallBoardJson());
        const replicas = [0, 1, 2].map(() => {
          const d = new Y.Doc();
          syncInto(origin, d);
          return d;
        });
        const deleted = new Set<string>();
        const created = new Set(smallBoardJson().cards.map((c) => c.id));
        for (const act of actions) {
          if (act.kind === 'sync') syncInto(replicas[act.from], replicas[act.to]);
          else perform(replicas[act.replica], act, deleted, created);
        }
        for (const from of replicas) for (const to of replicas) syncInto(from, to);

        // The documents themselves, not only what BoardJSON shows of them: state vectors,
        // delete sets and every raw record (cards of deleted themes included).
        const documents = replicas.map(documentState);
        expect(documents[0].pending).toBe(false);
        expect(documents[1]).toEqual(documents[0]);
        expect(documents[2]).toEqual(documents[0]);

        const results = replicas.map((d) => board.fromYDoc(d, 'small'));
        expect(results[1]).toEqual(results[0]);
        expect(results[2]).toEqual(results[0]);
        const out = results[0];
        const ids = out.cards.map((c) => c.id);
        expect(new Set(ids).size).toBe(ids.length);
        const cardSet = new Set(ids);
        for (const f of out.frictions) {
          for (const cid of f.cardIds) expect(cardSet.has(cid)).toBe(true);
        }
        const rowSet = new Set(out.rows.map((r) => r.id));
        const raw = board.boardTypes(replicas[0]).cards;
        for (const id of created) {
          if (deleted.has(id)) continue;
          expect(raw.has(id), `card ${id} lost`).toBe(true);
          if (rowSet.has(board.recordAt(raw, id)!.get('rowId') as string))
            expect(cardSet.has(id), `card ${id} hidden`).toBe(true);
        }
        // The export is itself valid BoardJSON that imports again unchanged.
        expect(board.fromYDoc(board.toYDoc(out), 'small')).toEqual(out);
      }),
      { numRuns: 150 },
    );
  });
});
