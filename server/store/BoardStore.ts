/**
 * The one storage interface the server talks to. A board is stored as a merged state plus an
 * append-only log of Yjs updates; appending is what makes an edit durable, and it happens
 * before the edit is relayed to anyone. SQLite, Postgres and the in-memory store all pass
 * the same contract suite (test/unit/store/contract.ts). Implementations never interpret
 * the Yjs bytes except to merge them on compaction.
 */

export interface BoardInfo {
  id: string;
  title: string;
  createdAt: string;
  updatedAt: string;
}

export interface SnapshotInfo {
  id: string;
  boardId: string;
  label: string;
  createdAt: string;
}

/** A snapshot's id and date as a backup recorded them. */
export interface RestoredSnapshot {
  id: string;
  createdAt: string;
}

export interface BoardStore {
  /** Creates a board with its first state; throws `BoardExistsError` if the id is taken. */
  createBoard(id: string, title: string, state: Uint8Array): Promise<BoardInfo>;
  /** Everything stored for a board (merged state first, then the log in order), or null. */
  loadBoard(id: string): Promise<Uint8Array[] | null>;
  /**
   * Appends updates to the board's log in one transaction and returns the log's length
   * afterwards. Resolves only once the updates are durable. Throws `BoardNotFoundError`.
   */
  appendUpdates(id: string, updates: readonly Uint8Array[]): Promise<number>;
  /**
   * Merges the state and the whole log into one state, atomically: safe when two processes
   * compact the same board, and an update appended meanwhile is neither lost nor applied twice.
   */
  compact(id: string): Promise<void>;
  getBoard(id: string): Promise<BoardInfo | null>;
  /** Records the board's title (for listings) and touches `updatedAt`. */
  setBoardTitle(id: string, title: string): Promise<void>;
  listBoards(): Promise<BoardInfo[]>;
  /** Deletes the board with its log, snapshots and facilitation state; false if absent. */
  deleteBoard(id: string): Promise<boolean>;

  /**
   * Stores a snapshot under a new id, or under the id and date it had when `restored` from a
   * backup (so `?since=<id>` links keep working after a restore).
   */
  createSnapshot(
    boardId: string,
    label: string,
    state: Uint8Array,
    restored?: RestoredSnapshot,
  ): Promise<SnapshotInfo>;
  /** Newest first. */
  listSnapshots(boardId: string): Promise<SnapshotInfo[]>;
  loadSnapshot(boardId: string, snapshotId: string): Promise<Uint8Array | null>;

  /** Small per-board JSON documents the server keeps beside the board (facilitation state, participants). */
  getBoardData(boardId: string, key: string): Promise<string | null>;
  setBoardData(boardId: string, key: string, value: string): Promise<void>;

  /** Answers when the store is reachable (for /healthz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export class BoardExistsError extends Error {
  constructor(id: string) {
    super(`board "${id}" exists`);
    this.name = 'BoardExistsError';
  }
}

export class BoardNotFoundError extends Error {
  constructor(id: string) {
    super(`board "${id}" not found`);
    this.name = 'BoardNotFoundError';
  }
}
