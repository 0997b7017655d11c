/**
 * The board store in process memory: for tests, and the reference the other engines are held
 * to by the contract suite. Every method runs without awaiting anything, so each one is atomic
 * with respect to the others, and bytes are copied in and out so no caller shares our buffers.
 */
import { randomUUID } from 'node:crypto';
import {
  BoardExistsError,
  BoardNotFoundError,
  type BoardInfo,
  type BoardStore,
  type RestoredSnapshot,
  type SnapshotInfo,
} from './BoardStore.ts';
import { compactUpdates } from './compaction.ts';

interface StoredBoard {
  info: BoardInfo;
  state: Uint8Array;
  log: Uint8Array[];
  snapshots: { info: SnapshotInfo; state: Uint8Array }[];
  data: Map<string, string>;
}

export class MemoryBoardStore implements BoardStore {
  readonly #boards = new Map<string, StoredBoard>();

  #board(id: string): StoredBoard {
    const board = this.#boards.get(id);
    if (!board) throw new BoardNotFoundError(id);
    return board;
  }

  async createBoard(id: string, title: string, state: Uint8Array): Promise<BoardInfo> {
    if (this.#boards.has(id)) throw new BoardExistsError(id);
    const now = new Date().toISOString();
    const info = { id, title, createdAt: now, updatedAt: now };
    this.#boards.set(id, { info, state: state.slice(), log: [], snapshots: [], data: new Map() });
    return { ...info };
  }

  async loadBoard(id: string): Promise<Uint8Array[] | null> {
    const board = this.#boards.get(id);
    return board ? [board.state, ...board.log].map((update) => update.slice()) : null;
  }

  async appendUpdates(id: string, updates: readonly Uint8Array[]): Promise<number> {
    const board = this.#board(id);
    board.log.push(...updates.map((update) => update.slice()));
    board.info.updatedAt = new Date().toISOString();
    return board.log.length;
  }

  async compact(id: string): Promise<void> {
    const board = this.#board(id);
    if (board.log.length === 0) return;
    board.state = compactUpdates([board.state, ...board.log]);
    board.log = [];
  }

  async getBoard(id: string): Promise<BoardInfo | null> {
    const board = this.#boards.get(id);
    return board ? { ...board.info } : null;
  }

  async setBoardTitle(id: string, title: string): Promise<void> {
    const board = this.#board(id);
    board.info.title = title;
    board.info.updatedAt = new Date().toISOString();
  }

  async listBoards(): Promise<BoardInfo[]> {
    return [...this.#boards.values()]
      .map((board) => ({ ...board.info }))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  async deleteBoard(id: string): Promise<boolean> {
    return this.#boards.delete(id);
  }

  async createSnapshot(
    boardId: string,
    label: string,
    state: Uint8Array,
    restored?: RestoredSnapshot,
  ): Promise<SnapshotInfo> {
    const board = this.#board(boardId);
    const info = {
      id: restored?.id ?? randomUUID(),
      boardId,
      label,
      createdAt: restored?.createdAt ?? new Date().toISOString(),
    };
    board.snapshots.push({ info, state: state.slice() });
    return { ...info };
  }

  async listSnapshots(boardId: string): Promise<SnapshotInfo[]> {
    const snapshots = this.#boards.get(boardId)?.snapshots ?? [];
    return snapshots.map((snapshot) => ({ ...snapshot.info })).reverse();
  }

  async loadSnapshot(boardId: string, snapshotId: string): Promise<Uint8Array | null> {
    const snapshots = this.#boards.get(boardId)?.snapshots ?? [];
    return snapshots.find((snapshot) => snapshot.info.id === snapshotId)?.state.slice() ?? null;
  }

  async getBoardData(boardId: string, key: string): Promise<string | null> {
    return this.#boards.get(boardId)?.data.get(key) ?? null;
  }

  async setBoardData(boardId: string, key: string, value: string): Promise<void> {
    this.#board(boardId).data.set(key, value);
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}
}
