/** Small boards built through the real operations, for tests. */
import * as Y from 'yjs';
import { boardTypes, toYDoc, type BoardJSONInput } from '../../shared/board/index.ts';

export function smallBoardJson(): BoardJSONInput {
  return {
    format: 'briefing-board',
    version: 1,
    id: 'small',
    title: 'Small board',
    subtitle: 'for tests',
    createdAt: '2024-05-01T00:00:00.000Z',
    columns: [
      { id: 'us', label: 'United States', country: 'US' },
      { id: 'jp', label: 'Japan', country: 'JP' },
      { id: 'joint', label: 'Joint', country: 'US-JP' },
    ],
    rows: [
      { id: 'r1', title: 'Promotion', summary: 'Subsidies and funds.' },
      { id: 'r2', title: 'Protection', summary: 'Controls and screening.' },
    ],
    cards: [
      {
        id: 'c1',
        rowId: 'r1',
        columnId: 'us',
        title: 'CHIPS Act',
        body: 'Chip subsidies.',
        kind: 'promotion',
        year: 2022,
        amount: '$52.7 billion',
        tags: ['semiconductors'],
        sourceIds: ['s1'],
      },
      {
        id: 'c2',
        rowId: 'r1',
        columnId: 'us',
        title: 'IRA',
        body: '',
        kind: 'promotion',
        year: null,
        amount: null,
        tags: [],
        sourceIds: [],
      },
      {
        id: 'c3',
        rowId: 'r1',
        columnId: 'jp',
        title: '経済安全保障推進法',
        body: 'Japan’s ESPA.',
        kind: 'promotion',
        year: 2022,
        amount: null,
        tags: ['legislation'],
        sourceIds: ['s2'],
      },
      {
        id: 'c4',
        rowId: 'r2',
        columnId: 'us',
        title: 'Export controls',
        body: 'Oct 2022 rules.',
        kind: 'protection',
        year: 2022,
        amount: null,
        tags: ['export-controls', 'china'],
        sourceIds: ['s1', 's2'],
      },
      {
        id: 'c5',
        rowId: 'r2',
        columnId: 'jp',
        title: 'FEFTA screening',
        body: '',
        kind: 'protection',
        year: 2019,
        amount: null,
        tags: [],
        sourceIds: [],
      },
    ],
    frictions: [
      {
        id: 'f1',
        title: 'Control alignment',
        body: 'Scope differs.',
        severity: 'high',
        status: 'open',
        cardIds: ['c4', 'c5'],
      },
      {
        id: 'f2',
        title: 'Subsidy race',
        body: '',
        severity: 'medium',
        status: 'managed',
        cardIds: ['c1', 'c3'],
      },
    ],
    sources: [
      { id: 's1', label: '[1]', citation: 'White House fact sheet', url: 'https://example.org/1' },
      { id: 's2', label: '[2]', citation: 'Cabinet Office', url: '' },
    ],
    comments: [
      {
        id: 'm1',
        targetId: 'c1',
        author: 'Aiko',
        text: 'Check the figure',
        createdAt: '2024-05-02T10:00:00.000Z',
        resolved: false,
      },
      {
        id: 'm2',
        targetId: 'f1',
        author: 'Ben',
        text: 'Agreed',
        createdAt: '2024-05-02T11:00:00.000Z',
        resolved: true,
      },
    ],
  };
}

export function smallBoard(): Y.Doc {
  return toYDoc(smallBoardJson());
}

/** Applies every update of `from` to `to` (one direction). */
export function syncInto(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}

/**
 * A replica's document as a fresh client would rebuild it from `encodeStateAsUpdate`: its
 * state vector, its delete set and the raw content of every shared map — including what
 * BoardJSON hides (cards of deleted themes, records of the wrong shape, over-long texts).
 * Two replicas hold the same document exactly when these are equal.
 */
export function documentState(doc: Y.Doc): {
  pending: boolean;
  stateVector: [number, number][];
  deleted: [number, [number, number][]][];
  content: Record<string, unknown>;
} {
  const fresh = new Y.Doc();
  Y.applyUpdate(fresh, Y.encodeStateAsUpdate(doc));
  const stateVector = [...Y.decodeStateVector(Y.encodeStateVector(fresh))].sort(
    (a, b) => a[0] - b[0],
  );
  const ds = Y.createDeleteSetFromStructStore(fresh.store);
  const deleted = [...ds.clients]
    .map(([client, items]): [number, [number, number][]] => [
      client,
      items.map((d): [number, number] => [d.clock, d.len]).sort((a, b) => a[0] - b[0]),
    ])
    .sort((a, b) => a[0] - b[0]);
  const content: Record<string, unknown> = {};
  boardTypes(fresh);
  // Any other top-level type the document has (none today), read with the same constructor.
  for (const [name, type] of doc.share) {
    if (!fresh.share.has(name)) fresh.get(name, type.constructor as typeof Y.AbstractType<unknown>);
  }
  for (const [name, type] of fresh.share) content[name] = type.toJSON();
  const pending =
    doc.store.pendingStructs !== null ||
    doc.store.pendingDs !== null ||
    fresh.store.pendingStructs !== null;
  fresh.destroy();
  return { pending, stateVector, deleted, content };
}
