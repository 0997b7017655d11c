/**
 * Fan-out between server processes through Redis pub/sub: each process publishes the updates
 * (after storing them) and the awareness changes its own clients send, on one channel per
 * board, tagged with the process's id so nothing echoes back. A process subscribes to a
 * board's channel before it reads the board from the store, so nothing appended by another
 * process in between is missed (applying an update twice is harmless in Yjs). Pub/sub is
 * at-most-once and a process can die between storing an update and publishing it, so rooms
 * also exchange state summaries and catch each other up (`state`). The same holds for what is
 * not a document: a lost `session` or `deleted` message is made good by reading the store
 * again (see `BoardServer`), at once when the subscriber connection comes back and every
 * `CLUSTER_SYNC_MS`; while the subscriber is down (`listening` false) or was down since a
 * room last confirmed its lock (`lostAt`), nothing heard on pub/sub can be trusted as current.
 * Presence is made good the same way: a process whose subscriber comes back tells the others
 * who is on its boards and asks them the same.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { throttledLog, type ThrottledLog } from '../log/throttle.ts';

/**
 * Document updates, presence, "this board's facilitation state changed", a room's state
 * summary (what it holds, so peers send what it lacks — see `BoardRoom.receiveRemote`), "this
 * board was deleted", and "who is here?" (a process that just loaded a board asks the others
 * for the presence of their clients; each answers with an `awareness` message).
 */
export type RelayKind =
  'update' | 'awareness' | 'session' | 'state' | 'deleted' | 'awareness-query';
const KINDS: RelayKind[] = [
  'update',
  'awareness',
  'session',
  'state',
  'deleted',
  'awareness-query',
];
const KIND_BYTE = Object.fromEntries(KINDS.map((kind, i) => [kind, i])) as Record<
  RelayKind,
  number
>;
const LOCK_PREFIX = 'bb:lock:';
/** Deletes a lock only if it is still ours. */
const RELEASE_LOCK = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const ORIGIN_BYTES = 12;
const CHANNEL_PREFIX = 'bb:board:';

export interface RelayMessage {
  boardId: string;
  kind: RelayKind;
  payload: Uint8Array;
}

export class RedisRelay {
  readonly processId = randomBytes(ORIGIN_BYTES);
  readonly #pub: Redis;
  readonly #sub: Redis;
  readonly #subscriptions = new Map<string, number>();
  readonly #log: Logger;
  readonly #name: string;
  /** An outage fails every publish: one line per burst, with a count. */
  readonly #throttled: ThrottledLog;
  #onMessage: (message: RelayMessage) => void = () => {};
  #onResubscribed: () => void = () => {};
  #connected = false;
  /** When the subscriber connection was last seen going down (0: never). */
  #lostAt = 0;

  /** `name` tells this process's connections apart in Redis's `CLIENT LIST` (`<name>:pub`, `<name>:sub`). */
  constructor(url: string, log: Logger, name = 'briefing-board') {
    this.#log = log;
    this.#name = name;
    this.#throttled = throttledLog(log);
    const options = { lazyConnect: true, maxRetriesPerRequest: 3, enableAutoPipelining: true };
    this.#pub = new Redis(url, { ...options, connectionName: `${name}:pub` });
    this.#sub = new Redis(url, {
      ...options,
      connectionName: `${name}:sub`,
      enableAutoPipelining: false,
    });
    for (const client of [this.#pub, this.#sub]) {
      client.on('error', (error: Error) => this.#throttled('warn', { err: error }, 'redis error'));
    }
    // Whatever was published while the subscriber was away is lost to us.
    for (const event of ['close', 'reconnecting', 'end'])
      this.#sub.on(event, () => {
        if (this.#connected) this.#lostAt = Date.now();
      });
    this.#sub.on('ready', () => {
      if (!this.#connected) return;
      this.#lostAt = Date.now();
      this.#onResubscribed();
    });
    this.#sub.on('messageBuffer', (channel: Buffer, message: Buffer) =>
      this.#receive(channel, message),
    );
  }

  async connect(): Promise<void> {
    await Promise.all([this.#pub.connect(), this.#sub.connect()]);
    this.#connected = true;
  }

  /** Whether the subscriber connection is up: if not, messages from other processes are being lost. */
  get listening(): boolean {
    return this.#sub.status === 'ready';
  }

  /** When the subscriber connection last went down or came back (ms epoch; 0: never). */
  get lostAt(): number {
    return this.#lostAt;
  }

  /** Called when the subscriber is back after a drop (its subscriptions renewed): time to reconcile. */
  onResubscribed(handler: () => void): void {
    this.#onResubscribed = handler;
  }

  /** Where messages from other processes go. */
  onMessage(handler: (message: RelayMessage) => void): void {
    this.#onMessage = handler;
  }

  #receive(channel: Buffer, message: Buffer): void {
    if (message.length < ORIGIN_BYTES + 1) return;
    if (message.subarray(1, 1 + ORIGIN_BYTES).equals(this.processId)) return;
    const kind: RelayKind | undefined = KINDS[message[0]];
    if (!kind) return;
    this.#onMessage({
      boardId: channel.toString('utf8').slice(CHANNEL_PREFIX.length),
      kind,
      payload: new Uint8Array(
        message.buffer,
        message.byteOffset + 1 + ORIGIN_BYTES,
        message.length - 1 - ORIGIN_BYTES,
      ),
    });
  }

  /** Starts listening to a board (counted: one subscription per loaded room). */
  async subscribe(boardId: string): Promise<void> {
    const count = this.#subscriptions.get(boardId) ?? 0;
    this.#subscriptions.set(boardId, count + 1);
    if (count === 0) await this.#sub.subscribe(CHANNEL_PREFIX + boardId);
  }

  async unsubscribe(boardId: string): Promise<void> {
    const count = (this.#subscriptions.get(boardId) ?? 0) - 1;
    if (count > 0) {
      this.#subscriptions.set(boardId, count);
      return;
    }
    this.#subscriptions.delete(boardId);
    await this.#sub.unsubscribe(CHANNEL_PREFIX + boardId);
  }

  publish(boardId: string, kind: RelayKind, payload: Uint8Array): void {
    const message = Buffer.allocUnsafe(1 + ORIGIN_BYTES + payload.length);
    message[0] = KIND_BYTE[kind];
    this.processId.copy(message, 1);
    message.set(payload, 1 + ORIGIN_BYTES);
    this.#pub.publish(CHANNEL_PREFIX + boardId, message).catch((error: unknown) => {
      this.#throttled('error', { err: error, board: boardId }, 'redis publish failed');
    });
  }

  /**
   * Runs `work` holding a lock shared by every process (Redis `SET NX PX`, released only by
   * its holder). The lock expires after `ttlMs` should a process die holding it.
   */
  async withLock<T>(name: string, work: () => Promise<T>, ttlMs = 10_000): Promise<T> {
    const key = LOCK_PREFIX + name;
    const token = randomBytes(12).toString('base64url');
    const deadline = Date.now() + ttlMs;
    while ((await this.#pub.set(key, token, 'PX', ttlMs, 'NX')) !== 'OK') {
      if (Date.now() > deadline) throw new Error(`timed out waiting for the lock on ${name}`);
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 10));
    }
    try {
      return await work();
    } finally {
      await this.#pub.eval(RELEASE_LOCK, 1, key, token).catch((error: unknown) => {
        this.#log.warn(
          { err: error, lock: name },
          'could not release a lock; it expires by itself',
        );
      });
    }
  }

  /** Two fresh connections for socket.io's Redis adapter (one publishes, one subscribes). */
  adapterClients(): [Redis, Redis] {
    return [
      this.#pub.duplicate({ connectionName: `${this.#name}:io-pub` }),
      this.#sub.duplicate({ connectionName: `${this.#name}:io-sub` }),
    ];
  }

  async ping(): Promise<void> {
    await this.#pub.ping();
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.#pub.quit(), this.#sub.quit()]);
  }
}
