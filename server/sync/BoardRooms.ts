/**
 * The loaded boards of this process. A board is loaded once (a map of loading promises), no
 * client is served before its load finished, a failed load is reported and never written
 * over good data, and a board nobody holds is compacted and unloaded after `idleUnloadMs`.
 * With several processes another one may have deleted a loaded board (and its message been
 * lost): then every new hold asks the store whether the board still exists.
 */
import * as Y from 'yjs';
import type { Logger } from 'pino';
import { BoardNotFoundError, type BoardStore } from '../store/BoardStore.ts';
import { StorageUnavailableError } from '../store/health.ts';
import { CLOSE } from '../../shared/protocol.ts';
import { BoardRoom, STORE_ORIGIN, type RelayedKind, type RoomCounters } from './BoardRoom.ts';
import { UNLOCKED, type WritePolicy } from './writePolicy.ts';
import { throttledLog, type ThrottledLog } from '../log/throttle.ts';

export interface BoardRoomsOptions {
  store: BoardStore;
  log: Logger;
  idleUnloadMs: number;
  compactAfterUpdates: number;
  /** An update that would take a board past this many bytes of encoded state is refused (none if unset). */
  maxBoardBytes?: number;
  onRelayed?(room: BoardRoom, kind: RelayedKind, payload: Uint8Array): void;
  /** Who may change a board now (the board lock); no board is ever locked if unset. */
  writes?: WritePolicy;
  /** Called once a room is loaded (the lock is read here). */
  onLoaded?(room: BoardRoom): void | Promise<void>;
  /** Called before a board is read from the store (the cluster relay subscribes here). */
  beforeLoad?(id: string): Promise<void>;
  /** Called when a room is gone (unloaded, evicted or failed), or its load failed. */
  onUnloaded?(id: string): void;
  /** Several processes: each `acquire` of a loaded room checks that the board still exists. */
  verifyExists?: boolean;
}

export class BoardRooms {
  readonly counters: RoomCounters = {
    updatesRelayed: 0,
    updatesDropped: 0,
    framesSent: 0,
    updatesRefused: 0,
    presenceDropped: 0,
    stateEncodes: 0,
  };
  readonly #opts: BoardRoomsOptions;
  readonly #rooms = new Map<string, Promise<BoardRoom>>();
  readonly #idleTimers = new Map<string, NodeJS.Timeout>();
  /** A failing store fails every board's writes: one line per burst, with a count. */
  readonly #throttled: ThrottledLog;

  constructor(opts: BoardRoomsOptions) {
    this.#opts = opts;
    this.#throttled = throttledLog(opts.log);
  }

  /** Rooms loaded right now (for metrics and tests). */
  get loadedCount(): number {
    return this.#rooms.size;
  }

  /** The room if it is loaded (or loading), without loading it. */
  peek(id: string): Promise<BoardRoom> | undefined {
    return this.#rooms.get(id);
  }

  async #load(id: string): Promise<BoardRoom> {
    await this.#opts.beforeLoad?.(id);
    let updates: Uint8Array[] | null;
    try {
      updates = await this.#opts.store.loadBoard(id);
      if (!updates) throw new BoardNotFoundError(id);
    } catch (error) {
      this.#opts.onUnloaded?.(id);
      throw error;
    }
    const doc = new Y.Doc({ gc: true });
    if (updates.length)
      Y.applyUpdate(doc, updates.length === 1 ? updates[0] : Y.mergeUpdates(updates), STORE_ORIGIN);
    const room = new BoardRoom({
      id,
      doc,
      store: this.#opts.store,
      log: this.#opts.log,
      counters: this.counters,
      logLength: Math.max(0, updates.length - 1),
      compactAfterUpdates: this.#opts.compactAfterUpdates,
      maxBoardBytes: this.#opts.maxBoardBytes ?? Number.POSITIVE_INFINITY,
      onFailure: (failed, error) => this.#fail(failed, error),
      onRelayed: this.#opts.onRelayed,
      writes: this.#opts.writes ?? UNLOCKED,
    });
    await this.#opts.onLoaded?.(room);
    // What we just read may hold updates other processes never received (their publisher
    // died after storing them): tell them what we have.
    room.askProcesses(true);
    this.#opts.log.debug({ board: id, updates: updates.length }, 'board loaded');
    return room;
  }

  /**
   * The room of a board, loaded if needed, held until `release`. Throws `BoardNotFoundError`
   * for an unknown board, or the store's error when loading fails.
   */
  async acquire(id: string): Promise<BoardRoom> {
    let loading = this.#rooms.get(id);
    const loadedBefore = loading !== undefined;
    if (!loading) {
      loading = this.#load(id);
      this.#rooms.set(id, loading);
      loading.catch((error: unknown) => {
        if (this.#rooms.get(id) === loading) this.#rooms.delete(id);
        if (!(error instanceof BoardNotFoundError))
          this.#throttled('error', { err: error, board: id }, 'board failed to load');
      });
    }
    const room = await loading;
    room.hold();
    this.#cancelIdle(id);
    // A loaded board another process deleted (its message lost): the store is the truth.
    if (this.#opts.verifyExists && loadedBefore) {
      const exists = await this.#exists(id).catch((error: unknown) => {
        this.release(room);
        throw error;
      });
      if (!exists) {
        this.release(room);
        await this.evict(id, CLOSE.NOT_FOUND, 'board deleted');
        throw new BoardNotFoundError(id);
      }
    }
    return room;
  }

  /** Drops a hold taken by `acquire`; an idle room is unloaded later. */
  release(room: BoardRoom): void {
    room.release();
    this.scheduleIdleCheck(room);
  }

  /** Runs `work` with the room held. */
  async withRoom<T>(id: string, work: (room: BoardRoom) => T | Promise<T>): Promise<T> {
    const room = await this.acquire(id);
    try {
      return await work(room);
    } finally {
      this.release(room);
    }
  }

  async #exists(id: string): Promise<boolean> {
    return (await this.#opts.store.getBoard(id)) !== null;
  }

  #cancelIdle(id: string): void {
    const timer = this.#idleTimers.get(id);
    if (timer) {
      clearTimeout(timer);
      this.#idleTimers.delete(id);
    }
  }

  scheduleIdleCheck(room: BoardRoom): void {
    if (!room.idle || room.closing || this.#idleTimers.has(room.id)) return;
    const timer = setTimeout(() => {
      this.#idleTimers.delete(room.id);
      void this.#unloadIfIdle(room);
    }, this.#opts.idleUnloadMs);
    timer.unref();
    this.#idleTimers.set(room.id, timer);
  }

  async #unloadIfIdle(room: BoardRoom): Promise<void> {
    await room.durable();
    if (!room.idle || room.closing || this.#rooms.get(room.id) === undefined) return;
    // From here on no one can acquire this room: a newcomer loads the board afresh from the
    // store, which already holds every update (the writes above are done).
    this.#rooms.delete(room.id);
    await room.dispose(true);
    this.#opts.onUnloaded?.(room.id);
    this.#opts.log.debug({ board: room.id }, 'board unloaded');
  }

  #fail(room: BoardRoom, error: unknown): void {
    this.#throttled(
      'error',
      { err: error, board: room.id },
      'store write failed; dropping the board from memory',
    );
    this.#forget(room);
    // Clients keep their edits and resend them once they can connect again (after a backoff).
    if (error instanceof BoardNotFoundError) room.closeAll(CLOSE.NOT_FOUND, 'board deleted');
    else if (error instanceof StorageUnavailableError)
      room.closeAll(CLOSE.STORAGE_FAILING, 'storage full or failing');
    else room.closeAll(CLOSE.UNAVAILABLE, 'storage failure');
    void room.dispose(false).then(() => this.#opts.onUnloaded?.(room.id));
  }

  #forget(room: BoardRoom): void {
    this.#cancelIdle(room.id);
    void this.#rooms.get(room.id)?.then((current) => {
      if (current === room) this.#rooms.delete(room.id);
    });
  }

  /** Closes a board's connections and forgets it (the board was deleted). */
  async evict(id: string, code: number, reason: string): Promise<void> {
    const loading = this.#rooms.get(id);
    if (!loading) return;
    const room = await loading.catch(() => null);
    this.#rooms.delete(id);
    this.#cancelIdle(id);
    if (!room) return;
    room.closeAll(code, reason);
    await room.dispose(false);
    this.#opts.onUnloaded?.(id);
  }

  /** Every loaded room: flush, compact, close connections (graceful shutdown). */
  async closeAll(code: number, reason: string): Promise<void> {
    const rooms = await Promise.all([...this.#rooms.values()].map((p) => p.catch(() => null)));
    this.#rooms.clear();
    for (const id of this.#idleTimers.keys()) this.#cancelIdle(id);
    await Promise.all(
      rooms.map(async (room) => {
        if (!room) return;
        room.closeAll(code, reason);
        await room.dispose(true);
      }),
    );
  }

  /** Loaded rooms, resolved (metrics, facilitation). */
  async loadedRooms(): Promise<BoardRoom[]> {
    const rooms = await Promise.all([...this.#rooms.values()].map((p) => p.catch(() => null)));
    return rooms.filter((r): r is BoardRoom => r !== null);
  }
}
