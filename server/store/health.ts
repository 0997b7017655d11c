/**
 * Whether the store is failing, as the server's users should hear it. Every call to the store
 * goes through `WatchedStore`: an error that is not about a board (not "no such board", not
 * "exists") is a storage failure — the disk is full, the file cannot be written, the database
 * does not answer. It is remembered, and the caller gets a `StorageUnavailableError`, which the
 * HTTP edge answers as "storage full or failing" (507 when full, else 503), `/healthz` reports
 * with its reason, and the sync endpoint answers by refusing new connections (close 4507) so
 * clients back off instead of syncing and failing in a loop.
 *
 * The store counts as failing until `FAILURE_HOLD_MS` after its last failure, or until an
 * append succeeds (the writes that carry edits: proof that it writes again).
 */
import {
  BoardExistsError,
  BoardNotFoundError,
  type BoardInfo,
  type BoardStore,
  type RestoredSnapshot,
  type SnapshotInfo,
} from './BoardStore.ts';
import { storeCommitSeconds, timed } from '../metrics.ts';

/** How long a storage failure is reported (health, refused connections) unless an append succeeds. */
export const FAILURE_HOLD_MS = 30_000;

export interface StoreFailure {
  /** The disk (or the database's space) is full. */
  full: boolean;
  /** The engine's error code (SQLITE_FULL, SQLITE_IOERR, 53100, ECONNREFUSED…), when known. */
  code: string | undefined;
  /** When it last happened (ms since the epoch). */
  at: number;
}

export class StorageUnavailableError extends Error {
  constructor(
    readonly failure: StoreFailure,
    options?: ErrorOptions,
  ) {
    super('storage full or failing', options);
    this.name = 'StorageUnavailableError';
  }
}

/** SQLite's and Postgres's "no space left", and the OS's. */
const FULL_CODES = new Set(['SQLITE_FULL', '53100', 'ENOSPC']);

export function describeFailure(error: unknown, at = Date.now()): StoreFailure {
  const raw = (error as { code?: unknown } | null)?.code;
  const code = typeof raw === 'string' ? raw : undefined;
  return { full: code !== undefined && FULL_CODES.has(code), code, at };
}

/** A short reason fit for a public health answer: no paths, no connection strings. */
export function failureReason(failure: StoreFailure, now = Date.now()): string {
  const what = failure.full ? 'the disk is full' : 'a store operation failed';
  const code = failure.code ? ` (${failure.code.replace(/[^\w.-]/g, '').slice(0, 40)})` : '';
  return `${what}${code} ${Math.max(0, Math.round((now - failure.at) / 1000))} s ago`;
}

const isAboutTheBoard = (error: unknown): boolean =>
  error instanceof BoardNotFoundError || error instanceof BoardExistsError;

export class WatchedStore implements BoardStore {
  #failure: StoreFailure | null = null;

  constructor(
    readonly inner: BoardStore,
    readonly holdMs = FAILURE_HOLD_MS,
  ) {}

  /** The storage failure being reported now, or null. */
  failure(now = Date.now()): StoreFailure | null {
    if (this.#failure && now - this.#failure.at >= this.holdMs) this.#failure = null;
    return this.#failure;
  }

  async #watch<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isAboutTheBoard(error)) throw error;
      const failure = describeFailure(error);
      this.#failure = failure;
      throw new StorageUnavailableError(failure, { cause: error });
    }
  }

  createBoard(id: string, title: string, state: Uint8Array): Promise<BoardInfo> {
    return this.#watch(() => this.inner.createBoard(id, title, state));
  }
  loadBoard(id: string): Promise<Uint8Array[] | null> {
    return this.#watch(() => this.inner.loadBoard(id));
  }
  async appendUpdates(id: string, updates: readonly Uint8Array[]): Promise<number> {
    const length = await this.#watch(() =>
      timed(storeCommitSeconds, () => this.inner.appendUpdates(id, updates)),
    );
    this.#failure = null;
    return length;
  }
  /**
   * Not watched: a compaction is upkeep, not a user's write, and one that fails (another process
   * holding the file) must not refuse everyone; its failure is logged by the room.
   */
  compact(id: string): Promise<void> {
    return this.inner.compact(id);
  }
  getBoard(id: string): Promise<BoardInfo | null> {
    return this.#watch(() => this.inner.getBoard(id));
  }
  setBoardTitle(id: string, title: string): Promise<void> {
    return this.#watch(() => this.inner.setBoardTitle(id, title));
  }
  listBoards(): Promise<BoardInfo[]> {
    return this.#watch(() => this.inner.listBoards());
  }
  deleteBoard(id: string): Promise<boolean> {
    return this.#watch(() => this.inner.deleteBoard(id));
  }
  createSnapshot(
    boardId: string,
    label: string,
    state: Uint8Array,
    restored?: RestoredSnapshot,
  ): Promise<SnapshotInfo> {
    return this.#watch(() => this.inner.createSnapshot(boardId, label, state, restored));
  }
  listSnapshots(boardId: string): Promise<SnapshotInfo[]> {
    return this.#watch(() => this.inner.listSnapshots(boardId));
  }
  loadSnapshot(boardId: string, snapshotId: string): Promise<Uint8Array | null> {
    return this.#watch(() => this.inner.loadSnapshot(boardId, snapshotId));
  }
  getBoardData(boardId: string, key: string): Promise<string | null> {
    return this.#watch(() => this.inner.getBoardData(boardId, key));
  }
  setBoardData(boardId: string, key: string, value: string): Promise<void> {
    return this.#watch(() => this.inner.setBoardData(boardId, key, value));
  }

  /** Fails while a storage failure is reported, else asks the store itself. */
  async ping(): Promise<void> {
    const failure = this.failure();
    if (failure) throw new StorageUnavailableError(failure);
    await this.#watch(() => this.inner.ping());
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
