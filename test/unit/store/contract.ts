/**
 * The one contract every BoardStore passes (memory, SQLite, Postgres), with real Yjs updates:
 * what is stored must replay to the same document, in every engine, including when two
 * instances compact the same board while both append.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  BoardExistsError,
  BoardNotFoundError,
  type BoardStore,
} from '../../../server/store/BoardStore.ts';

export interface StoreFixture {
  store: BoardStore;
  /** Another instance on the same data: a second connection or pool (the memory store: itself). */
  openAnother(): Promise<BoardStore>;
  /** Closes every instance opened and removes the data. */
  cleanup(): Promise<void>;
}

/** A Y.Doc that records each update it makes, as a client's edits would reach the server. */
class Editor {
  readonly doc = new Y.Doc();
  #pending: Uint8Array[] = [];

  constructor(stored: readonly Uint8Array[] = []) {
    for (const update of stored) Y.applyUpdate(this.doc, update);
    this.doc.on('update', (update: Uint8Array) => this.#pending.push(update));
  }

  /** The updates made since the last call. */
  take(): Uint8Array[] {
    return this.#pending.splice(0);
  }

  retitle(title: string): this {
    this.doc.getMap('meta').set('title', title);
    return this;
  }

  addCard(id: string, title: string): this {
    this.doc.transact(() => {
      const card = new Y.Map<unknown>();
      card.set('title', new Y.Text(title));
      card.set('tags', Y.Array.from(['export-control']));
      this.doc.getMap('cards').set(id, card);
    });
    return this;
  }

  typeInto(id: string, text: string): this {
    const card = this.doc.getMap<Y.Map<unknown>>('cards').get(id);
    (card?.get('title') as Y.Text).insert(0, text);
    return this;
  }

  removeCard(id: string): this {
    this.doc.getMap('cards').delete(id);
    return this;
  }
}

/** A board's first state, as the server would create it. */
function firstState(title = 'U.S.–Japan economic security'): Uint8Array {
  const editor = new Editor().retitle(title).addCard('chips', 'CHIPS Act');
  return Y.encodeStateAsUpdate(editor.doc);
}

function replay(updates: readonly Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc;
}

const content = (doc: Y.Doc): unknown => ({
  meta: doc.getMap('meta').toJSON(),
  cards: doc.getMap('cards').toJSON(),
});

/**
 * No Yjs item is stored twice: the clock ranges of the state and of each logged update never
 * overlap, so an update merged by a compaction is not also kept in the log.
 */
function expectNothingStoredTwice(stored: readonly Uint8Array[]): void {
  const ranges = new Map<number, [number, number][]>();
  const add = (client: number, from: number, to: number): void => {
    if (to > from) ranges.set(client, [...(ranges.get(client) ?? []), [from, to]]);
  };
  for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVectorFromUpdate(stored[0]))) {
    add(client, 0, clock);
  }
  for (const update of stored.slice(1)) {
    const { from, to } = Y.parseUpdateMeta(update);
    for (const [client, start] of from) add(client, start, to.get(client) ?? start);
  }
  for (const [client, list] of ranges) {
    list.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < list.length; i++) {
      expect(list[i][0], `client ${client} stored twice`).toBeGreaterThanOrEqual(list[i - 1][1]);
    }
  }
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function boardStoreContract(name: string, makeStore: () => Promise<StoreFixture>): void {
  describe(`BoardStore contract: ${name}`, () => {
    let fixture: StoreFixture;
    let store: BoardStore;

    beforeEach(async () => {
      fixture = await makeStore();
      store = fixture.store;
    });

    afterEach(async () => {
      await fixture.cleanup();
    });

    describe('boards', () => {
      it('creates a board whose stored state replays to the same document', async () => {
        const state = firstState();
        const info = await store.createBoard('b1', 'Briefing', state);
        expect(info).toMatchObject({ id: 'b1', title: 'Briefing' });
        expect(new Date(info.createdAt).toISOString()).toBe(info.createdAt);
        expect(info.updatedAt).toBe(info.createdAt);

        const stored = await store.loadBoard('b1');
        expect(stored).toHaveLength(1);
        expect(stored![0]).toBeInstanceOf(Uint8Array);
        expect(content(replay(stored!))).toEqual(content(replay([state])));
        expect(await store.getBoard('b1')).toEqual(info);
      });

      it('refuses a second board with the same id and keeps the first', async () => {
        await store.createBoard('b1', 'First', firstState('First'));
        await expect(
          store.createBoard('b1', 'Second', firstState('Second')),
        ).rejects.toBeInstanceOf(BoardExistsError);
        expect((await store.getBoard('b1'))?.title).toBe('First');
        expect(content(replay((await store.loadBoard('b1'))!))).toMatchObject({
          meta: { title: 'First' },
        });
      });

      it('answers null for a board that does not exist', async () => {
        expect(await store.loadBoard('nope')).toBeNull();
        expect(await store.getBoard('nope')).toBeNull();
      });

      it('lists boards oldest first, with their titles', async () => {
        expect(await store.listBoards()).toEqual([]);
        const a = await store.createBoard('a', 'Alpha', firstState());
        await pause(3);
        const b = await store.createBoard('b', 'Beta', firstState());
        expect(await store.listBoards()).toEqual([a, b]);
      });

      it('sets a title, touching updatedAt but not createdAt', async () => {
        const created = await store.createBoard('b1', 'Draft', firstState());
        await pause(5);
        await store.setBoardTitle('b1', 'Final');
        const board = await store.getBoard('b1');
        expect(board).toMatchObject({ title: 'Final', createdAt: created.createdAt });
        expect(board!.updatedAt > created.updatedAt).toBe(true);
        await expect(store.setBoardTitle('nope', 'x')).rejects.toBeInstanceOf(BoardNotFoundError);
      });

      it('deletes a board with its log, snapshots and data, and answers false the second time', async () => {
        const editor = new Editor([firstState()]);
        await store.createBoard('b1', 'Doomed', firstState());
        await store.appendUpdates('b1', editor.addCard('ira', 'IRA').take());
        const snapshot = await store.createSnapshot('b1', 'before', firstState());
        await store.setBoardData('b1', 'facilitation', '{"locked":true}');
        await store.createBoard('b2', 'Survivor', firstState());

        expect(await store.deleteBoard('b1')).toBe(true);
        expect(await store.loadBoard('b1')).toBeNull();
        expect(await store.getBoard('b1')).toBeNull();
        expect(await store.listSnapshots('b1')).toEqual([]);
        expect(await store.loadSnapshot('b1', snapshot.id)).toBeNull();
        expect(await store.getBoardData('b1', 'facilitation')).toBeNull();
        expect((await store.listBoards()).map((board) => board.id)).toEqual(['b2']);
        expect(await store.deleteBoard('b1')).toBe(false);

        // The id can be used again, and nothing of the old board comes back with it.
        await store.createBoard('b1', 'Reborn', firstState());
        expect(await store.loadBoard('b1')).toHaveLength(1);
        expect(await store.listSnapshots('b1')).toEqual([]);
        expect(await store.getBoardData('b1', 'facilitation')).toBeNull();
      });
    });

    describe('the update log', () => {
      it('returns appended updates after the state, in order, and reports the log length', async () => {
        const state = firstState();
        await store.createBoard('b1', 'Log', state);
        const editor = new Editor([state]);

        const first = editor.addCard('ira', 'Inflation Reduction Act').take();
        expect(await store.appendUpdates('b1', first)).toBe(1);
        const next = editor.typeInto('chips', 'U.S. ').retitle('Renamed').removeCard('ira').take();
        expect(next).toHaveLength(3);
        expect(await store.appendUpdates('b1', next)).toBe(4);
        expect(await store.appendUpdates('b1', [])).toBe(4);

        // Byte for byte, in the order appended.
        const stored = (await store.loadBoard('b1'))!;
        expect(stored.map((update) => [...update])).toEqual(
          [state, ...first, ...next].map((u) => [...u]),
        );
        expect(content(replay(stored))).toEqual(content(editor.doc));
        expect(content(editor.doc)).toEqual({
          meta: { title: 'Renamed' },
          cards: { chips: { title: 'U.S. CHIPS Act', tags: ['export-control'] } },
        });
      });

      it('is not changed when the caller reuses its buffers', async () => {
        const state = firstState();
        await store.createBoard('b1', 'Buffers', state);
        const update = new Editor([state]).addCard('a', 'A').take()[0];
        await store.appendUpdates('b1', [update]);
        const original = [...update];
        update.fill(0);
        state.fill(0);
        const stored = (await store.loadBoard('b1'))!;
        expect([...stored[1]]).toEqual(original);
        stored[1].fill(0);
        expect([...(await store.loadBoard('b1'))![1]]).toEqual(original);
      });

      it('refuses appends to a board that does not exist', async () => {
        const update = new Editor().addCard('a', 'A').take();
        await expect(store.appendUpdates('nope', update)).rejects.toBeInstanceOf(
          BoardNotFoundError,
        );
        await expect(store.appendUpdates('nope', [])).rejects.toBeInstanceOf(BoardNotFoundError);
        expect(await store.loadBoard('nope')).toBeNull();
      });

      it('touches updatedAt on append', async () => {
        const created = await store.createBoard('b1', 'Touch', firstState());
        await pause(5);
        await store.appendUpdates('b1', new Editor().retitle('x').take());
        expect((await store.getBoard('b1'))!.updatedAt > created.updatedAt).toBe(true);
      });
    });

    describe('compaction', () => {
      it('merges the state and the log into one update with the same document', async () => {
        const state = firstState();
        await store.createBoard('b1', 'Compact', state);
        const editor = new Editor([state]);
        for (let i = 0; i < 20; i++) {
          await store.appendUpdates(
            'b1',
            editor.addCard(`c${i}`, `Card ${i}`).typeInto('chips', `${i} `).take(),
          );
        }
        editor.removeCard('c3');
        await store.appendUpdates('b1', editor.take());

        await store.compact('b1');
        const compacted = (await store.loadBoard('b1'))!;
        expect(compacted).toHaveLength(1);
        expect(content(replay(compacted))).toEqual(content(editor.doc));
        expectNothingStoredTwice(compacted);

        // Appends after a compaction start a new log and still load.
        expect(await store.appendUpdates('b1', editor.retitle('After').take())).toBe(1);
        const after = (await store.loadBoard('b1'))!;
        expect(after).toHaveLength(2);
        expect(content(replay(after))).toEqual(content(editor.doc));

        await store.compact('b1');
        expect(content(replay((await store.loadBoard('b1'))!))).toEqual(content(editor.doc));
      });

      it('keeps nothing deleted: 1 MB typed and deleted 40 times stores about what the board holds', async () => {
        const state = firstState();
        await store.createBoard('b1', 'Churn', state);
        const editor = new Editor([state]);
        const megabyte = 'economic security '.repeat(58_255); // ≈ 1 MB
        let snapshotId = '';
        for (let round = 0; round < 40; round++) {
          await store.appendUpdates('b1', editor.typeInto('chips', megabyte).take());
          if (round === 20) {
            const captured = Y.encodeStateAsUpdate(editor.doc);
            snapshotId = (await store.createSnapshot('b1', 'mid-churn', captured)).id;
          }
          const title = editor.doc.getMap<Y.Map<unknown>>('cards').get('chips')!.get('title');
          (title as Y.Text).delete(0, megabyte.length);
          await store.appendUpdates('b1', editor.take());
          // As a room does: compact when the log grows, and once more when it unloads.
          if (round % 8 === 7) await store.compact('b1');
        }
        await store.compact('b1');

        const stored = (await store.loadBoard('b1'))!;
        const storedBytes = stored.reduce((sum, update) => sum + update.byteLength, 0);
        const live = Y.encodeStateAsUpdate(editor.doc).byteLength;
        expect(storedBytes).toBeLessThanOrEqual(2 * live + 64 * 1024);
        expect(content(replay(stored))).toEqual(content(editor.doc));
        expect(Y.encodeStateVector(replay(stored))).toEqual(Y.encodeStateVector(editor.doc));

        // A snapshot keeps what it captured.
        const snapshot = replay([(await store.loadSnapshot('b1', snapshotId))!]);
        const captured = (
          snapshot.getMap<Y.Map<unknown>>('cards').get('chips')!.get('title') as Y.Text
        ).toString();
        expect(captured).toBe(megabyte + 'CHIPS Act');
      });

      it('leaves a board with an empty log as it was', async () => {
        const state = firstState();
        await store.createBoard('b1', 'Empty log', state);
        await store.compact('b1');
        const stored = (await store.loadBoard('b1'))!;
        expect(stored).toHaveLength(1);
        expect(content(replay(stored))).toEqual(content(replay([state])));
      });

      it('refuses to compact a board that does not exist', async () => {
        await expect(store.compact('nope')).rejects.toBeInstanceOf(BoardNotFoundError);
      });

      it('loses and doubles nothing when two instances compact while both append', async () => {
        const state = firstState();
        await store.createBoard('b1', 'Race', state);
        const other = await fixture.openAnother();
        const writers = [
          { store, editor: new Editor([state]) },
          { store: other, editor: new Editor([state]) },
        ];
        const expected = new Editor([state]);

        for (let round = 0; round < 12; round++) {
          await Promise.all([
            ...writers.map(async ({ store: s, editor }, w) => {
              // Each writer appends in order, as one server process does for its clients.
              await s.appendUpdates('b1', editor.addCard(`w${w}r${round}`, `Writer ${w}`).take());
              await s.appendUpdates(
                'b1',
                editor.typeInto(`w${w}r${round}`, `round ${round}: `).take(),
              );
              if (round % 3 === 2)
                await s.appendUpdates('b1', editor.removeCard(`w${w}r${round - 1}`).take());
            }),
            store.compact('b1'),
            other.compact('b1'),
            other.compact('b1'),
          ]);
        }
        for (const { editor } of writers)
          Y.applyUpdate(expected.doc, Y.encodeStateAsUpdate(editor.doc));

        for (const instance of [store, other]) {
          const stored = (await instance.loadBoard('b1'))!;
          expectNothingStoredTwice(stored);
          const doc = replay(stored);
          expect(content(doc)).toEqual(content(expected.doc));
          expect(Y.encodeStateVector(doc)).toEqual(Y.encodeStateVector(expected.doc));
          // Re-applying everything that is stored changes nothing.
          const twice = replay([...stored, ...stored]);
          expect(content(twice)).toEqual(content(doc));
          expect(Y.equalSnapshots(Y.snapshot(twice), Y.snapshot(doc))).toBe(true);
        }

        await Promise.all([store.compact('b1'), other.compact('b1')]);
        const compacted = (await other.loadBoard('b1'))!;
        expect(compacted).toHaveLength(1);
        expect(content(replay(compacted))).toEqual(content(expected.doc));
        expect(Y.equalSnapshots(Y.snapshot(replay(compacted)), Y.snapshot(expected.doc))).toBe(
          true,
        );
      });
    });

    describe('snapshots', () => {
      it('creates, lists newest first and loads snapshots', async () => {
        const state = firstState();
        await store.createBoard('b1', 'Versions', state);
        const editor = new Editor([state]);
        const labels = ['Before the workshop', 'After round one', 'Final'];
        const made = [];
        for (const [i, label] of labels.entries()) {
          editor.addCard(`v${i}`, label);
          made.push({
            info: await store.createSnapshot('b1', label, Y.encodeStateAsUpdate(editor.doc)),
            content: content(editor.doc),
          });
        }
        expect(made[0].info).toMatchObject({ boardId: 'b1', label: 'Before the workshop' });
        expect(new Date(made[0].info.createdAt).toISOString()).toBe(made[0].info.createdAt);
        expect(new Set(made.map((m) => m.info.id)).size).toBe(3);

        expect(await store.listSnapshots('b1')).toEqual(made.map((m) => m.info).reverse());
        for (const m of made) {
          const snapshot = await store.loadSnapshot('b1', m.info.id);
          expect(snapshot).toBeInstanceOf(Uint8Array);
          expect(content(replay([snapshot!]))).toEqual(m.content);
        }
      });

      it('answers null or nothing for unknown snapshots and boards', async () => {
        await store.createBoard('b1', 'One', firstState());
        await store.createBoard('b2', 'Two', firstState());
        const snapshot = await store.createSnapshot('b1', 'mine', firstState());
        expect(await store.loadSnapshot('b1', 'nope')).toBeNull();
        expect(await store.loadSnapshot('b2', snapshot.id)).toBeNull();
        expect(await store.listSnapshots('b2')).toEqual([]);
        expect(await store.listSnapshots('nope')).toEqual([]);
        await expect(store.createSnapshot('nope', 'x', firstState())).rejects.toBeInstanceOf(
          BoardNotFoundError,
        );
      });

      it("keeps a restored snapshot's id and date (a backup brought back)", async () => {
        await store.createBoard('b1', 'One', firstState());
        const restored = { id: 'snap-from-backup', createdAt: '2024-05-01T10:00:00.000Z' };
        const state = firstState();
        const info = await store.createSnapshot('b1', 'pre-read', state, restored);
        expect(info).toEqual({ boardId: 'b1', label: 'pre-read', ...restored });
        expect(await store.listSnapshots('b1')).toEqual([info]);
        expect(await store.loadSnapshot('b1', restored.id)).toEqual(state);
      });
    });

    describe('board data', () => {
      it('gets, sets and overwrites values per board and key', async () => {
        await store.createBoard('b1', 'One', firstState());
        await store.createBoard('b2', 'Two', firstState());
        expect(await store.getBoardData('b1', 'facilitation')).toBeNull();

        await store.setBoardData('b1', 'facilitation', '{"locked":false}');
        await store.setBoardData('b1', 'participants', '[]');
        await store.setBoardData('b2', 'facilitation', '{"locked":true}');
        expect(await store.getBoardData('b1', 'facilitation')).toBe('{"locked":false}');

        await store.setBoardData('b1', 'facilitation', '{"locked":true,"timer":null}');
        expect(await store.getBoardData('b1', 'facilitation')).toBe('{"locked":true,"timer":null}');
        expect(await store.getBoardData('b1', 'participants')).toBe('[]');
        expect(await store.getBoardData('b2', 'facilitation')).toBe('{"locked":true}');
        expect(await store.getBoardData('nope', 'facilitation')).toBeNull();
      });

      it('refuses data for a board that does not exist', async () => {
        await expect(store.setBoardData('nope', 'facilitation', '{}')).rejects.toBeInstanceOf(
          BoardNotFoundError,
        );
      });
    });

    it('answers ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
