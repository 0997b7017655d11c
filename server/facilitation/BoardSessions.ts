/**
 * Where the facilitation state of each board lives: in memory while anyone is connected,
 * stored beside the board after every change, and read back on first use — so a restart
 * mid-vote loses nothing. Every read and change of one board runs in order, one at a time,
 * and a change is durable before anyone hears of it (the same rule as the sync path).
 * This is the one class that touches the state; moving it to Redis replaces this class and
 * nothing else. It knows nothing of sockets.
 */
import type { Logger } from 'pino';
import {
  initialSession,
  parseStoredSession,
  reduce,
  storedSession,
  type Actor,
  type Command,
  type ReduceContext,
  type ReduceResult,
  type SessionState,
} from '../../shared/facilitation/index.ts';
import type { BoardStore } from '../store/BoardStore.ts';
import {
  cleanName,
  MAX_RECORDED_PARTICIPANTS,
  parseParticipants,
  PARTICIPANTS_KEY,
} from './participants.ts';

/** `BoardStore.getBoardData` key of the stored session. */
export const FACILITATION_KEY = 'facilitation';

export type SessionListener = (boardId: string, state: SessionState) => void;

/**
 * When several processes serve boards (REDIS_URL), a change is made under a lock shared by
 * all of them, from the state as stored, and announced so the others reload it.
 */
export interface SessionCluster {
  exclusive<T>(boardId: string, work: () => Promise<T>): Promise<T>;
  announce(boardId: string): void;
}

export interface BoardSessionsOptions {
  store: BoardStore;
  log: Logger;
  cluster?: SessionCluster;
}

export class BoardSessions {
  readonly #store: BoardStore;
  readonly #log: Logger;
  readonly #states = new Map<string, SessionState>();
  readonly #names = new Map<string, string[]>();
  readonly #queues = new Map<string, Promise<unknown>>();
  readonly #listeners = new Set<SessionListener>();
  readonly #cluster: SessionCluster | undefined;

  constructor(opts: BoardSessionsOptions) {
    this.#store = opts.store;
    this.#log = opts.log;
    this.#cluster = opts.cluster;
  }

  /** In a cluster, changes are made from the stored state under the shared lock. */
  #changing<T>(boardId: string, work: () => Promise<T>): Promise<T> {
    return this.#serial(boardId, () =>
      this.#cluster ? this.#cluster.exclusive(boardId, work) : work(),
    );
  }

  /** Boards whose session is in memory now (for metrics). */
  get loadedCount(): number {
    return this.#states.size;
  }

  /** Hears every stored change, in order, before the command that caused it is answered. */
  subscribe(listener: SessionListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Runs `work` after everything already queued for `boardId`. */
  #serial<T>(boardId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#queues.get(boardId) ?? Promise.resolve();
    const run = previous.then(work);
    const tail = run.catch(() => undefined);
    this.#queues.set(boardId, tail);
    void tail.then(() => {
      if (this.#queues.get(boardId) === tail) this.#queues.delete(boardId);
    });
    return run;
  }

  async #load(boardId: string, fresh = false): Promise<SessionState> {
    const held = this.#states.get(boardId);
    if (held && !fresh) return held;
    const json = await this.#store.getBoardData(boardId, FACILITATION_KEY);
    let state = initialSession();
    if (json !== null) {
      try {
        state = parseStoredSession(json);
      } catch (error) {
        // A damaged entry must not keep people out of the board: start afresh, loudly.
        this.#log.error(
          { err: error, board: boardId },
          'stored facilitation state unreadable; starting a new session',
        );
      }
    }
    // Who is connected is not stored; keep what this process knows.
    this.#states.set(boardId, held ? { ...state, participants: held.participants } : state);
    return this.#states.get(boardId)!;
  }

  /** The board's session (loaded from the store on first use). */
  read(boardId: string): Promise<SessionState> {
    return this.#serial(boardId, () => this.#load(boardId));
  }

  /**
   * Applies a command through the reducer. A refusal changes nothing; an accepted change is
   * stored, then published, then returned. Throws the store's error when saving fails (the
   * state in memory is then unchanged).
   */
  apply(
    boardId: string,
    command: Command,
    actor: Actor,
    now: number,
    context?: ReduceContext,
  ): Promise<ReduceResult> {
    return this.#changing(boardId, async () => {
      const state = await this.#load(boardId, this.#cluster !== undefined);
      const result = reduce(state, command, actor, now, context);
      if (result.ok && result.state !== state) await this.#commit(boardId, result.state);
      return result;
    });
  }

  /** A change the server makes itself (a timer running out). */
  update(boardId: string, change: (state: SessionState) => SessionState): Promise<SessionState> {
    return this.#changing(boardId, async () => {
      const state = await this.#load(boardId, this.#cluster !== undefined);
      const next = change(state);
      if (next !== state) await this.#commit(boardId, next);
      return next;
    });
  }

  async #commit(boardId: string, state: SessionState): Promise<void> {
    await this.#store.setBoardData(boardId, FACILITATION_KEY, storedSession(state));
    this.#states.set(boardId, state);
    this.#cluster?.announce(boardId);
    for (const listener of this.#listeners) {
      try {
        listener(boardId, state);
      } catch (error) {
        this.#log.error({ err: error, board: boardId }, 'facilitation listener failed');
      }
    }
  }

  /**
   * Whether the board is locked, without waiting for queued commands: the sync path asks this
   * when it loads a board. The state in memory is set only after it is stored, so this never
   * reports a lock that a restart would forget.
   */
  async lockedOf(boardId: string): Promise<boolean> {
    // In a cluster what we hold may be stale (another process changed it): ask the store.
    const held = this.#cluster ? undefined : this.#states.get(boardId);
    if (held) return held.locked;
    const json = await this.#store.getBoardData(boardId, FACILITATION_KEY);
    if (json === null) return false;
    try {
      return parseStoredSession(json).locked;
    } catch {
      return false;
    }
  }

  /** Another process changed the board's session: read it again from the store. */
  refresh(boardId: string): Promise<SessionState> {
    return this.#serial(boardId, () => this.#load(boardId, true));
  }

  /**
   * Another process may have changed the board's session (a message may have been lost):
   * reads the stored session again if this process holds it, and says whether it differs
   * from what was held. Returns null when this process does not hold the session.
   */
  reconcile(boardId: string): Promise<{ state: SessionState; changed: boolean } | null> {
    return this.#serial(boardId, async () => {
      const held = this.#states.get(boardId);
      if (!held) return null;
      const state = await this.#load(boardId, true);
      return { state, changed: storedSession(held) !== storedSession(state) };
    });
  }

  /** Adds `name` to the names that voted on the board (for the brief) if it is not there yet. */
  recordParticipant(boardId: string, name: string): Promise<void> {
    const clean = cleanName(name);
    if (!clean) return Promise.resolve();
    return this.#changing(boardId, async () => {
      // In a cluster another process may have added a name: always read the stored list.
      let names = this.#cluster ? undefined : this.#names.get(boardId);
      if (!names) {
        names = parseParticipants(await this.#store.getBoardData(boardId, PARTICIPANTS_KEY));
        this.#names.set(boardId, names);
      }
      if (names.includes(clean) || names.length >= MAX_RECORDED_PARTICIPANTS) return;
      const next = [...names, clean];
      await this.#store.setBoardData(boardId, PARTICIPANTS_KEY, JSON.stringify(next));
      this.#names.set(boardId, next);
    });
  }

  /** Drops the board from memory once queued work is done (nobody is connected; or it was deleted). */
  forget(boardId: string): Promise<void> {
    return this.#serial(boardId, async () => {
      this.#states.delete(boardId);
      this.#names.delete(boardId);
    });
  }

  /** Resolves once every queued read and change has finished (before the store closes). */
  async close(): Promise<void> {
    while (this.#queues.size) await Promise.all([...this.#queues.values()]);
  }
}
