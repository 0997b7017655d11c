/**
 * A real store whose load, append and compaction can be held at a gate, so tests can make a
 * lifecycle race happen at exactly the moment they mean to, or made to fail, as a full disk or
 * a lost database would. Everything else passes through.
 */
import type {
  BoardInfo,
  BoardStore,
  RestoredSnapshot,
  SnapshotInfo,
} from '../../server/store/BoardStore.ts';

type Gated = 'loadBoard' | 'appendUpdates' | 'compact';

export class GatedStore implements BoardStore {
  readonly calls: Record<Gated, number> = { loadBoard: 0, appendUpdates: 0, compact: 0 };
  readonly #gates = new Map<
    Gated,
    { promise: Promise<void>; open: () => void; reached: () => void; wasReached: Promise<void> }
  >();

  readonly #failures = new Map<Gated, { times: number; error: Error }>();

  constructor(private readonly inner: BoardStore) {}

  /** Holds the next calls of `op` until `open()`; `reached` resolves when one arrives. */
  hold(op: Gated): { open: () => void; reached: Promise<void> } {
    let open!: () => void;
    let reached!: () => void;
    const promise = new Promise<void>((r) => (open = r));
    const wasReached = new Promise<void>((r) => (reached = r));
    this.#gates.set(op, { promise, open, reached, wasReached });
    return {
      open: () => {
        this.#gates.delete(op);
        open();
      },
      reached: wasReached,
    };
  }

  /** Makes the next `times` calls of `op` fail with `error` (a disk or database fault). */
  failNext(op: Gated, times = 1, error = new Error(`injected ${op} failure`)): void {
    this.#failures.set(op, { times, error });
  }

  async #pass(op: Gated): Promise<void> {
    this.calls[op]++;
    const failure = this.#failures.get(op);
    if (failure && failure.times > 0) {
      if (--failure.times === 0) this.#failures.delete(op);
      throw failure.error;
    }
    const gate = this.#gates.get(op);
    if (gate) {
      gate.reached();
      await gate.promise;
    }
  }

  async loadBoard(id: string) {
    await this.#pass('loadBoard');
    return this.inner.loadBoard(id);
  }
  async appendUpdates(id: string, updates: readonly Uint8Array[]) {
    await this.#pass('appendUpdates');
    return this.inner.appendUpdates(id, updates);
  }
  async compact(id: string) {
    await this.#pass('compact');
    return this.inner.compact(id);
  }
  createBoard(id: string, title: string, state: Uint8Array): Promise<BoardInfo> {
    return this.inner.createBoard(id, title, state);
  }
  getBoard(id: string) {
    return this.inner.getBoard(id);
  }
  setBoardTitle(id: string, title: string) {
    return this.inner.setBoardTitle(id, title);
  }
  listBoards() {
    return this.inner.listBoards();
  }
  deleteBoard(id: string) {
    return this.inner.deleteBoard(id);
  }
  createSnapshot(
    boardId: string,
    label: string,
    state: Uint8Array,
    restored?: RestoredSnapshot,
  ): Promise<SnapshotInfo> {
    return this.inner.createSnapshot(boardId, label, state, restored);
  }
  listSnapshots(boardId: string) {
    return this.inner.listSnapshots(boardId);
  }
  loadSnapshot(boardId: string, snapshotId: string) {
    return this.inner.loadSnapshot(boardId, snapshotId);
  }
  getBoardData(boardId: string, key: string) {
    return this.inner.getBoardData(boardId, key);
  }
  setBoardData(boardId: string, key: string, value: string) {
    return this.inner.setBoardData(boardId, key, value);
  }
  ping() {
    return this.inner.ping();
  }
  close() {
    return this.inner.close();
  }
}
